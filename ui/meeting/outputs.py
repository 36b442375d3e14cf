"""The open meeting out of the window: the agenda as a PDF, and the presentation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from isconf.services import ExportError
from ui.meeting.controller import MeetingController

if TYPE_CHECKING:
    from ui.meeting.meeting_window import MeetingWindow


class MeetingOutputs:
    """Agenda PDF and Present for one meetings window."""

    def __init__(self, window: MeetingWindow, controller: MeetingController) -> None:
        self.window, self.controller = window, controller
        self.presentation: QWidget | None = None

    def export_pdf(self) -> None:
        meeting = self.controller.meeting
        if meeting is None:
            return
        suffix = "-deidentified" if self.window.agenda.deidentify_pdf.isChecked() else ""
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Agenda PDF", f"agenda-{meeting.date.isoformat()}{suffix}.pdf", "PDF (*.pdf)"
        )
        if name:
            self.write_pdf(Path(name))

    def write_pdf(self, path: Path) -> bool:
        meeting = self.controller.meeting
        assert meeting is not None
        deidentify = self.window.agenda.deidentify_pdf.isChecked()
        try:
            self.controller.services.write_agenda_pdf(meeting, path, deidentify=deidentify)
        except ExportError as exc:
            self.window.say(str(exc))
            return False
        self.window.statusBar().showMessage(f"Wrote the agenda to {path}", 5000)
        return True

    def check_texts(self) -> None:
        """Mark typed texts checked for identifiers; the open meeting is read again after."""
        meeting = self.controller.meeting
        if meeting is None:
            return
        from ui.meeting.text_checks_dialog import TextChecksDialog

        TextChecksDialog(self.controller.services, meeting.id, self.window).exec()
        self.window.open_meeting(meeting.id)

    def present(self) -> None:
        meeting, window = self.controller.meeting, self.window
        if meeting is None or not meeting.agenda:
            window.say("Put cases on the agenda first")
            return
        from ui.meeting.presentation import PresentationView

        self.presentation = PresentationView(
            self.controller.services, meeting.id, window.agenda.selected_row()
        )
        self.presentation.finished.connect(self._presentation_left)
        # Full screen is a request to the window manager; without one (a kiosk, a bare X
        # session on the room's PC) the window stayed at its default 1280×720 otherwise.
        self.presentation.setGeometry(window.screen().geometry())
        self.presentation.showFullScreen()

    def _presentation_left(self, mrn: str) -> None:
        self.presentation = None
        self.window.select_case(mrn)
        self.window.activateWindow()

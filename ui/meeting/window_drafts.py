"""The meetings window's unsaved work mirrored to the signed-in member's drafts: its details and
the decisions typed and not recorded (``ui.meeting.kept_details`` says what is kept and how).

A moment after each edit, at the idle lock, and whenever the window leaves a meeting for
another, what it holds is written; when it opens a meeting, the member's drafts of it come back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from ui import dialogs
from ui.meeting import kept_details

if TYPE_CHECKING:
    from ui.meeting.meeting_window import MeetingWindow

KEEP_AFTER_MS = 800  # unsaved details and decisions reach their draft this long after the last edit


class MeetingDrafts(QObject):
    def __init__(self, window: MeetingWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self, singleShot=True, interval=KEEP_AFTER_MS)
        self.timer.timeout.connect(self.keep)
        window.details.edited.connect(self.timer.start)
        window.decision.edited.connect(self.timer.start)

    def keep(self) -> None:
        """Write what the window holds unsaved for the shown meeting, now."""
        self.timer.stop()
        w = self.window
        kept_details.keep(w.controller, w.details.values(), w.decision.all_unrecorded())

    def leave(self) -> None:
        """The shown meeting gives way to another: its typing waits in its drafts, not in the form."""
        self.keep()
        self.window.decision.let_go()

    def set_apart(self) -> None:
        """Another member signed in at the lock: the first one's work waits in their drafts; this
        member sees the saved meeting (with their own drafts of it)."""
        self.window.decision.let_go()
        if self.window.meeting is not None:
            self.window.open_meeting(self.window.meeting.id)

    def put_back(self) -> None:
        """The signed-in member's drafts of the shown meeting in the window again."""
        w = self.window
        kept, words = kept_details.take_back(w.controller)
        if kept is not None:
            w.details.put_back(kept)
        if words:
            w.details.show_problem(words)
        if w.meeting is None:
            return
        on_agenda = {item.mrn for item in w.meeting.agenda}
        w.decision.unrecorded.adopt(*kept_details.kept_decisions(w.controller), on_agenda)
        typed = sorted(w.decision.unrecorded.by_mrn)
        if not typed:
            return
        shown = w.selected_mrn()
        if shown in typed:
            w.decision.show_again(w.meeting.item(shown), editable=w.controller.editable)
        else:
            w.select_case(typed[0])
        state = "not recorded yet" if w.controller.editable else "not recorded before the meeting closed"
        w.statusBar().showMessage(f"Decisions typed and {state}: " + ", ".join(typed), 15000)

    def may_close(self) -> bool:
        """Closing the meeting with decisions typed and not recorded is asked first (they stay
        kept as the member's drafts, for a Reopen)."""
        typed = sorted(self.window.decision.all_unrecorded().by_mrn)
        if not typed:
            return True
        cases = ", ".join(typed)
        return dialogs.confirm(
            self.window,
            "Close the meeting",
            f"A decision was typed and not recorded for {cases}.\n\nClose the meeting anyway? What was "
            "typed stays kept for you, and comes back when the meeting is reopened.",
        )

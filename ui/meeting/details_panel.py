"""The open meeting's details: title, date, time, place, video link, chair and status."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from isconf import clock
from isconf.meetings.model import Meeting
from ui.meeting.controller import Details


class IsoDateEdit(QDateEdit):
    """A date typed the way it is shown, 2026-11-30. Qt moves on to the month by itself once
    the year's four digits are in, and the "-" typed next then moved on again, past the month:
    2026-11-30 became 2026-11-11. A separator right after such a move is taken as said."""

    _moved_on = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text in ("-", "/", ".") and self._moved_on:
            self._moved_on = False
            event.accept()
            return
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._moved_on = text.isdigit() and self.currentSectionIndex() != before

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the date for the next field, as everywhere else: Qt's own Tab stepped
        through year, month and day first, so a time typed after one Tab landed in the month
        and the chair's name two fields too early. Typing and the arrow keys reach the parts."""
        return QWidget.focusNextPrevChild(self, next)


class DetailsPanel(QGroupBox):
    """The details form; read-only (still legible) when the meeting cannot be changed."""

    edited = Signal()  # a field changed (typed, or loaded): kept_details mirrors it

    def __init__(self) -> None:
        super().__init__("Meeting")
        self.title_edit = QLineEdit()
        self.date_edit = IsoDateEdit(QDate(clock.today()), calendarPopup=True, displayFormat="yyyy-MM-dd")
        # Room for the whole date at any font (Qt's own minimum cut its last digit).
        self.date_edit.setMinimumWidth(self.date_edit.fontMetrics().horizontalAdvance("2026-12-31") + 48)
        self.time_edit = QLineEdit(placeholderText="HH:MM (slot times follow from it)")
        self.place_edit = QLineEdit(placeholderText="Room")
        self.video_edit = QLineEdit(placeholderText="Video link")
        self.chair_edit = QLineEdit(placeholderText="Chair")
        # Wrapped: on one line, "Closed · revision 2 — read-only; Reopen (Ctrl+Shift+O) to change
        # it" widened the details and pushed the attendance aside each time a meeting closed.
        self.status_label = QLabel(objectName="panelHeading", wordWrap=True)
        self.details_problems = QLabel(objectName="warningBox", wordWrap=True)
        self.details_problems.hide()
        form = QFormLayout(self)
        form.addRow("&Title", self.title_edit)
        row = QHBoxLayout()
        row.addWidget(self.date_edit)
        row.addWidget(QLabel("Time"))
        row.addWidget(self.time_edit)
        form.addRow("Date", row)
        form.addRow("&Place", self.place_edit)
        form.addRow("&Video", self.video_edit)
        form.addRow("C&hair", self.chair_edit)
        form.addRow("Status", self.status_label)
        form.addRow(self.details_problems)
        for edit in (self.title_edit, self.time_edit, self.place_edit, self.video_edit, self.chair_edit):
            edit.textChanged.connect(self.edited)
        self.date_edit.dateChanged.connect(self.edited)

    def fields(self) -> tuple[QWidget, ...]:
        return (
            self.title_edit,
            self.date_edit,
            self.time_edit,
            self.place_edit,
            self.video_edit,
            self.chair_edit,
        )

    def values(self) -> Details:
        return Details(
            self.title_edit.text(),
            self.date_edit.date().toPython(),
            self.time_edit.text(),
            self.place_edit.text(),
            self.video_edit.text(),
            self.chair_edit.text(),
        )

    def show_meeting(self, meeting: Meeting | None, status_line: str, *, editable: bool) -> None:
        self.setEnabled(meeting is not None)
        if meeting is not None:
            self.title_edit.setText(meeting.title)
            self.date_edit.setDate(QDate(meeting.date.year, meeting.date.month, meeting.date.day))
            self.time_edit.setText(meeting.start_time.strftime("%H:%M") if meeting.start_time else "")
            self.place_edit.setText(meeting.place or "")
            self.video_edit.setText(meeting.video_link or "")
            self.chair_edit.setText(meeting.chair or "")
            self.status_label.setText(status_line)
        # Read-only rather than disabled: a closed meeting's details stay legible.
        for edit in (self.title_edit, self.time_edit, self.place_edit, self.video_edit, self.chair_edit):
            edit.setReadOnly(not editable)
        self.date_edit.setReadOnly(not editable)
        # A read-only date shows no calendar arrow: an arrow that opens nothing looked live.
        self.date_edit.setCalendarPopup(editable)
        self.date_edit.setButtonSymbols(
            QAbstractSpinBox.ButtonSymbols.UpDownArrows
            if editable
            else QAbstractSpinBox.ButtonSymbols.NoButtons
        )
        self.details_problems.hide()

    def put_back(self, details: Details) -> None:
        """Unsaved details kept for this member (``ui.meeting.kept_details``), in the fields again."""
        self.title_edit.setText(details.title)
        self.date_edit.setDate(QDate(details.day.year, details.day.month, details.day.day))
        self.time_edit.setText(details.time_text)
        self.place_edit.setText(details.place)
        self.video_edit.setText(details.video_link)
        self.chair_edit.setText(details.chair)

    def show_problem(self, text: str) -> None:
        self.details_problems.setText(text)
        self.details_problems.setVisible(bool(text))

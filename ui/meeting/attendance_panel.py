"""Who attends the open meeting, and the core disciplines nobody covers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isconf.meetings import vocab
from isconf.meetings.model import Attendee, Meeting
from ui.meeting.actions import MeetingAction, action_button
from ui.meeting.models import AttendanceModel
from ui.tables import read_only_table

WARNING_LINES = 4  # "No neuroradiologist, neuropsychologist present..." wraps to 3 or 4 lines
WARNING_PADDING = 14  # the warningBox style: 6 px padding and a 1 px border, above and below
ATTENDANCE_ROWS = 6  # a conference of the core disciplines and a few more, without scrolling


class RoleDelegate(QStyledItemDelegate):
    """Roles from the NAEC list to pick, or any role typed."""

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems([*vocab.disciplines().core, *vocab.disciplines().others])
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class AttendancePanel(QGroupBox):
    """The attendance table (its edits come out as the model's ``changed``), its buttons and
    the warning naming each core discipline nobody present covers."""

    def __init__(self, actions: Mapping[MeetingAction, QAction]) -> None:
        super().__init__("Attendance")
        self.attendance_model = AttendanceModel(self)
        self.attendance_view = read_only_table(self.attendance_model, "Attendance")
        self.attendance_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.attendance_view.setItemDelegateForColumn(1, RoleDelegate(self.attendance_view))
        self.attendance_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        _show_rows(self.attendance_view, ATTENDANCE_ROWS)
        self.add_person = action_button(actions[MeetingAction.ADD_PERSON])
        self.remove_person = action_button(actions[MeetingAction.REMOVE_PERSON])
        self.discipline_warning = QLabel(objectName="warningBox", wordWrap=True)
        # Its room is kept, shown or not, and tall enough for its lines: the window's panes do not
        # ask a wrapped label its height, and the table and buttons above were squeezed over it.
        policy = self.discipline_warning.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.discipline_warning.setSizePolicy(policy)
        lines = self.discipline_warning.fontMetrics().lineSpacing() * WARNING_LINES
        self.discipline_warning.setMinimumHeight(lines + WARNING_PADDING)
        layout = QVBoxLayout(self)
        layout.addWidget(self.attendance_view)
        row = QHBoxLayout()
        row.addWidget(self.add_person)
        row.addWidget(self.remove_person)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.discipline_warning)
        layout.addStretch(1)  # spare height under the warning: the buttons stay put

    def show_meeting(self, meeting: Meeting | None, *, editable: bool) -> None:
        self.attendance_model.set_people(meeting.attendance if meeting else (), editable)
        absent = meeting.absent_core_disciplines if meeting else ()
        self.discipline_warning.setVisible(bool(absent))
        if absent:
            core = vocab.disciplines()
            self.discipline_warning.setText(
                f"⚠ No {', '.join(absent)} present. Core disciplines of the conference: "
                f"{', '.join(core.core)} ({core.core_source.split(':')[0]})."
            )

    def people(self) -> list[Attendee]:
        return self.attendance_model.people()

    def without_current(self) -> list[Attendee] | None:
        """The people without the selected one; None when nobody is selected."""
        index = self.attendance_view.currentIndex()
        if not index.isValid():
            return None
        people = self.attendance_model.people()
        del people[index.row()]
        return people

    def edit_row(self, row: int) -> None:
        """Select the row's name and start typing it (a person just added)."""
        index = self.attendance_model.index(row, 0)
        self.attendance_view.setCurrentIndex(index)
        self.attendance_view.edit(index)


def _show_rows(view: QTableView, rows: int) -> None:
    """Exactly ``rows`` rows high, whatever the rows and the warning under it: a table that grew
    and shrank with them moved the buttons below it as people were added."""
    height = view.horizontalHeader().sizeHint().height() + rows * view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height + 2 * view.frameWidth())

"""The list of meetings, newest first, with a search and the New meeting button."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QVBoxLayout, QWidget

from isconf.meetings.model import Meeting, MeetingSummary
from ui.meeting.actions import action_button
from ui.meeting.models import ID_ROLE, MeetingFilterProxy, MeetingListModel
from ui.tables import read_only_table


class MeetingListPanel(QWidget):
    """Emits ``chosen(meeting id)`` when the user picks a meeting; showing one selects it
    without that signal."""

    chosen = Signal(int)

    def __init__(self, new_meeting: QAction) -> None:
        super().__init__(objectName="listPanel")
        # A QWidget subclass paints the style sheet's background (#listPanel) only when asked.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(300)
        self.list_model = MeetingListModel(self)
        self.list_proxy = MeetingFilterProxy(self)
        self.list_proxy.setSourceModel(self.list_model)
        self.list_search = QLineEdit(placeholderText="Search meetings")
        self.list_search.setAccessibleName("Search meetings")
        self.list_search.setClearButtonEnabled(True)
        self.list_search.textChanged.connect(self.list_proxy.setFilterFixedString)
        self.list_view = read_only_table(self.list_proxy, "Meetings")
        self.list_view.setSortingEnabled(True)
        self.list_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        header = self.list_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.list_view.selectionModel().currentRowChanged.connect(self._chosen)
        self.list_empty = QLabel(
            "No meetings yet: New meeting (Ctrl+Shift+N) plans one for today at 08:00; "
            "then set its title, date and time.",
            objectName="hint",
            wordWrap=True,
        )
        column = QVBoxLayout(self)
        column.addWidget(self.list_search)
        column.addWidget(self.list_view, 1)
        column.addWidget(self.list_empty)
        column.addWidget(action_button(new_meeting))

    def set_meetings(self, meetings: list[MeetingSummary], select: int | None) -> None:
        selection = self.list_view.selectionModel()
        selection.blockSignals(True)
        self.list_model.set_meetings(meetings)
        self.list_empty.setVisible(self.list_model.rowCount() == 0)
        selection.blockSignals(False)
        if select is not None:
            self.select(select)

    def put(self, meeting: Meeting) -> None:
        """``meeting``'s row as just written, selected; the rest of the list is not read again."""
        self.list_model.put(meeting)
        self.list_empty.setVisible(self.list_model.rowCount() == 0)
        self.select(meeting.id)

    def put_quietly(self, meeting: Meeting) -> None:
        """``meeting``'s row as another window wrote it; the selection stays where it is."""
        self.list_model.put(meeting)
        self.list_empty.setVisible(self.list_model.rowCount() == 0)

    def select(self, meeting_id: int) -> None:
        row = self.list_model.row_of(meeting_id)
        index = self.list_proxy.mapFromSource(self.list_model.index(row, 0)) if row >= 0 else QModelIndex()
        if index.isValid():
            selection = self.list_view.selectionModel()
            selection.blockSignals(True)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            selection.setCurrentIndex(index, flags)
            selection.blockSignals(False)

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.chosen.emit(int(current.data(ID_ROLE)))

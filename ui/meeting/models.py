"""Table models of the meeting window: meetings, the agenda, attendance, action items.

Each model shows what the services returned; an edit is handed to the window
through a signal, the window writes it through the services and reloads.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from isconf.meetings import vocab
from isconf.meetings.model import AgendaEntry, Attendee, Meeting, MeetingSummary
from isconf.meetings.order import reorder
from isconf.services import status_words
from isconf.status import ALARM_COLOUR, alarm_words, operated_tip, operated_words
from ui.case_list import status_short
from ui.tables import ColumnsModel
from ui.theme import themed

ModelIndex = QModelIndex | QPersistentModelIndex
MRN_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11
SORT_ROLE = Qt.ItemDataRole.UserRole + 12
AGENDA_MIME = "application/x-isconf-agenda-rows"
_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
_BOLD = QFont()
_BOLD.setBold(True)


class MeetingListModel(ColumnsModel):
    """The meetings, one ``MeetingSummary`` a row; a write puts its meeting's row back alone."""

    COLUMNS = ("Date", "Title", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MeetingSummary] = []

    def set_meetings(self, rows: list[MeetingSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def put(self, meeting: Meeting) -> None:
        """``meeting``'s row as written now (added if it is new): the list is not read again."""
        summary = MeetingSummary(
            meeting.id,
            meeting.title,
            meeting.date,
            meeting.start_time,
            meeting.chair,
            meeting.status,
            len(meeting.agenda),
        )
        row = self.row_of(meeting.id)
        if row < 0:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(summary)
            self.endInsertRows()
            return
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def row_of(self, meeting_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == meeting_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        clock = f" {row.start_time:%H:%M}" if row.start_time else ""
        values = (f"{row.date.isoformat()}{clock}", row.title, vocab.label(vocab.STATUS, row.status))
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}: {row.cases} case{'s' if row.cases != 1 else ''}" + (
                f", chair {row.chair}" if row.chair else ""
            )
        return None


class MeetingFilterProxy(QSortFilterProxyModel):
    """Meetings by any word of their title or date."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)


class AgendaModel(ColumnsModel):
    """The agenda in its order. Minutes and the question are edited in place; rows are
    dragged to a new place. Both are requests (signals) the window writes through the services."""

    COLUMNS = (
        "#",
        "Slot",
        "MRN",
        "Name",
        "Status",
        "Urgent",
        "Resist. wk",
        "Spasm wk",
        "Min",
        "Readiness",
        "Decision",
        "Question",
    )
    # What the coordinator needs most comes before the free-text question, which takes what is left.
    (NUMBER, SLOT, MRN, NAME, STATUS, URGENT, RESISTANT, SPASMS, MINUTES, READINESS, DECISION, QUESTION) = (
        range(12)
    )
    itemEdited = Signal(str, object, object)  # mrn, minutes or None, question or None
    orderRequested = Signal(list)  # MRNs in the wanted order

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._meeting: Meeting | None = None
        self._items: tuple[AgendaEntry, ...] = ()

    def set_meeting(self, meeting: Meeting | None) -> None:
        self.beginResetModel()
        self._meeting = meeting
        self._items = meeting.agenda if meeting else ()
        self.endResetModel()

    def mrns(self) -> list[str]:
        return [item.mrn for item in self._items]

    def item(self, row: int) -> AgendaEntry:
        return self._items[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return {
                self.SLOT: "Clock time of the case's slot, from the meeting's start time and the minutes before it",
                self.MINUTES: "Minutes for this case (double-click or F2 to change)",
                self.QUESTION: "The question the team is asked to answer (double-click or F2 to change)",
                self.READINESS: "What the evaluation still misses before the meeting",
            }.get(section)
        return super().headerData(section, orientation, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self._editable() else Qt.ItemFlag.NoItemFlags
        if not self._editable():
            return base
        flags = base | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in (self.MINUTES, self.QUESTION):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _editable(self) -> bool:
        return self._meeting is not None and self._meeting.editable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._meeting is None:
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == MRN_ROLE:
            return item.mrn
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(item, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return item.display_name  # the whole of a name the column cuts
        if role == Qt.ItemDataRole.ToolTipRole and column == self.READINESS:
            return "\n".join(item.missing) or "Nothing missing"
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.STATUS, self.URGENT) and item.operated_on:
            return operated_tip(item.operated_on, item.outcome, item.status)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS and item.status:
            return status_words(item.status)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.QUESTION:
            return item.question or None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DECISION and item.decision:
            return self._display(item, column, False)
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.STATUS, self.URGENT) and item.alarms:
            return themed(ALARM_COLOUR)
        if role == Qt.ItemDataRole.FontRole and column in (self.STATUS, self.URGENT) and item.alarms:
            return _BOLD
        if role == Qt.ItemDataRole.ForegroundRole and column == self.URGENT and item.urgent:
            return themed("#b3261e")
        if role == Qt.ItemDataRole.ForegroundRole and column == self.READINESS and item.missing:
            return themed("#8a5300")
        if role == Qt.ItemDataRole.FontRole and column == self.URGENT and item.urgent:
            return _BOLD
        return None

    def _display(self, item: AgendaEntry, column: int, editing: bool) -> Any:
        assert self._meeting is not None
        if column == self.NUMBER:
            return str(item.position + 1)
        if column == self.SLOT:
            return self._meeting.slot_words(item)
        if column == self.MRN:
            return item.mrn
        if column == self.NAME:
            return item.display_name
        if column == self.STATUS:
            status = status_short(item.status, item.status or "not evaluated")
            status = operated_words(item.outcome) if item.operated_on is not None else status
            return f"⚠ {status}" if item.alarms else status
        if column == self.URGENT:
            return alarm_words(item.alarms) or ("URGENT" if item.urgent else "")
        if column == self.RESISTANT:
            return (
                "" if item.weeks_since_drug_resistance is None else f"{item.weeks_since_drug_resistance:.1f}"
            )
        if column == self.SPASMS:
            return "" if item.spasm_weeks is None else f"{item.spasm_weeks:.1f}"
        if column == self.MINUTES:
            return item.minutes if editing else str(item.minutes)
        if column == self.QUESTION:
            return item.question or ""
        if column == self.READINESS:
            return "ready" if item.ready else "missing: " + "; ".join(item.missing)
        if item.decision is None:
            return ""
        words = vocab.label(vocab.RECOMMENDATION, item.decision.recommendation)
        tests = [vocab.label(vocab.TEST, code) for code in item.decision.tests_requested]
        return f"{words}: {', '.join(tests)}" if tests else words  # which tests, at a glance

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        mrn = self._items[index.row()].mrn
        if index.column() == self.MINUTES:
            try:
                minutes = int(str(value).strip())
            except ValueError:
                minutes = -1  # the services name the problem
            self.itemEdited.emit(mrn, minutes, None)
            return True
        if index.column() == self.QUESTION:
            self.itemEdited.emit(mrn, None, str(value))
            return True
        return False

    # Drag and drop: rows move; the order goes to the services, and the model reloads.
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [AGENDA_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setData(AGENDA_MIME, QByteArray(",".join(self._items[r].mrn for r in rows).encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:
        return self._editable() and data.hasFormat(AGENDA_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        moving = bytes(data.data(AGENDA_MIME).data()).decode().split(",")
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._items))
        self.orderRequested.emit(reorder(self.mrns(), moving, target))
        return False  # nothing for the view to remove: the window reloads from the services


class AttendanceModel(ColumnsModel):
    """Name, role and present (a check box); every edit asks the window to save the list."""

    COLUMNS = ("Name", "Role", "Present")
    changed = Signal(list)  # list[Attendee]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Attendee] = []
        self.editable = True

    def set_people(self, rows: tuple[Attendee, ...] | list[Attendee], editable: bool) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.editable = editable
        self.endResetModel()

    def people(self) -> list[Attendee]:
        return list(self._rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if not self.editable:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 2:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        return _EDITABLE

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self._rows[index.row()]
        if index.column() == 2:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if person.present else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "present" if person.present else "absent"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return person.name if index.column() == 0 else person.role
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        person = self._rows[index.row()]
        if index.column() == 2 and role == Qt.ItemDataRole.CheckStateRole:
            person = replace(person, present=Qt.CheckState(value) == Qt.CheckState.Checked)
        elif index.column() == 0 and role == Qt.ItemDataRole.EditRole:
            person = replace(person, name=str(value))
        elif index.column() == 1 and role == Qt.ItemDataRole.EditRole:
            person = replace(person, role=str(value))
        else:
            return False
        rows = list(self._rows)
        rows[index.row()] = person
        self.changed.emit(rows)
        return True

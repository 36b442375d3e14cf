"""The decision form's table models: the action items and the options considered.

Both are edited locally and saved with the decision, so a half-typed row is never written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from isconf.meetings import vocab
from isconf.meetings.model import ActionItem, ConsideredOption
from ui.meeting.models import _EDITABLE, ColumnsModel, ModelIndex
from ui.theme import themed


class ActionItemsModel(ColumnsModel):
    """One case's action items: description, owner, due date (YYYY-MM-DD), done. Edited locally
    and saved with the decision (so a half-typed row is never written)."""

    COLUMNS = ("Action", "Owner", "Due", "Done")
    problems = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ActionItem] = []
        self._refused: dict[int, str] = {}  # row -> a due date typed that is not one, kept in sight
        self.editable = True
        self.only_done = False  # a closed meeting: only ticking done

    def set_items(self, rows: tuple[ActionItem, ...] | list[ActionItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._refused = {}
        self.endResetModel()

    def refused_problem(self) -> str | None:
        """The first due date typed that is not a date, in words; None when every one is."""
        if not self._refused:
            return None
        row = min(self._refused)
        return f"Action item {row + 1} due date: {self._refused[row]!r} is not a date (YYYY-MM-DD)"

    def items(self) -> list[ActionItem]:
        return list(self._rows)

    def add_row(self) -> int:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(ActionItem(""))
        self.endInsertRows()
        return len(self._rows) - 1

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self._refused = {r - (r > row): t for r, t in self._refused.items() if r != row}
            self.endRemoveRows()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 3 and (self.editable or self.only_done):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return _EDITABLE if self.editable else base

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if index.column() == 3:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked
            return None
        refused = self._refused.get(index.row()) if index.column() == 2 else None
        if refused is not None and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return refused
        if refused is not None and role == Qt.ItemDataRole.BackgroundRole:
            return themed("#fde0dc")
        if refused is not None and role == Qt.ItemDataRole.ToolTipRole:
            return "Not a date: type it as YYYY-MM-DD, or empty it"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            values = (item.description, item.owner or "", item.due_date.isoformat() if item.due_date else "")
            return values[index.column()]
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        item = self._rows[index.row()]
        column = index.column()
        if column == 3 and role == Qt.ItemDataRole.CheckStateRole:
            item = replace(item, done=Qt.CheckState(value) == Qt.CheckState.Checked)
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column == 0:
            item = replace(item, description=str(value))
        elif column == 1:
            item = replace(item, owner=str(value) or None)
        elif column == 2:
            text = str(value).strip()
            try:
                due = date.fromisoformat(text) if text else None
            except ValueError:
                # Kept on screen (and the decision not recorded) rather than quietly dropped.
                self._refused[index.row()] = text
                self.dataChanged.emit(index, index)
                self.problems.emit(self.refused_problem() or "")
                return False
            self._refused.pop(index.row(), None)
            item = replace(item, due_date=due)
        self._rows[index.row()] = item
        self.dataChanged.emit(index, index)
        return True


class OptionsModel(ColumnsModel):
    """Every option the team may weigh: ticked when considered, with why it was or was not chosen.
    Edited locally and saved with the decision."""

    COLUMNS = ("Option", "Why (chosen or not)")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._codes = vocab.codes(vocab.RECOMMENDATION)
        self._chosen: dict[str, str] = {}
        self.editable = True

    def set_options(self, options: tuple[ConsideredOption, ...] | list[ConsideredOption]) -> None:
        self.beginResetModel()
        self._chosen = {o.option: o.note or "" for o in options}
        self.endResetModel()

    def options(self) -> list[ConsideredOption]:
        return [
            ConsideredOption(code, self._chosen[code] or None) for code in self._codes if code in self._chosen
        ]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._codes)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.editable:
            return base
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        code = self._codes[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return vocab.label(vocab.RECOMMENDATION, code)
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if code in self._chosen else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._chosen.get(code, "")
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        code = self._codes[index.row()]
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            if Qt.CheckState(value) == Qt.CheckState.Checked:
                self._chosen.setdefault(code, "")
            else:
                self._chosen.pop(code, None)
        elif index.column() == 1 and role == Qt.ItemDataRole.EditRole:
            self._chosen[code] = str(value)  # a reason ticks the option too
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 1))
        return True

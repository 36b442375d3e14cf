"""The case list: a table model over the services' case summaries, and its filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from isconf.services import CaseSummary

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
MRN_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("MRN", "Name", "Age (mo)", "Onset", "Weeks")
_TIPS = (
    "Medical record number",
    "Family name, given name",
    "Age today, in months",
    "Date the spasms began",
    "Weeks of spasms: from onset to today while they go on, or to the day they were last seen",
)
_NUMERIC = {2, 4}


class CaseListModel(QAbstractTableModel):
    """One row per case, from ``Services.list_cases`` (list columns only)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._search: list[str] = []

    def set_cases(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._search = [f"{r.mrn} {r.family_name or ''} {r.given_name or ''}".casefold() for r in rows]
        self.endResetModel()

    def row_of(self, mrn: str) -> int:
        for i, row in enumerate(self._rows):
            if row.mrn == mrn:
                return i
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _TIPS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SORT_ROLE:
            return _sort_key(row, column)
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        if role == MRN_ROLE:
            return row.mrn
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and row.spasms_ongoing is False:
            return "Spasms have stopped; counted to the day they were last seen"
        return None


def _display(row: CaseSummary, column: int) -> str:
    if column == 0:
        return row.mrn
    if column == 1:
        return row.display_name
    if column == 2:
        return "" if row.age_months is None else f"{row.age_months:.1f}"
    if column == 3:
        return "" if row.spasm_onset is None else row.spasm_onset.isoformat()
    if row.spasm_weeks is None:
        return ""
    return f"{row.spasm_weeks:.1f}" + ("" if row.spasms_ongoing is not False else " (stopped)")


def _sort_key(row: CaseSummary, column: int) -> Any:
    """Sortable values; blanks sort after every recorded value."""
    values: tuple[Any, ...] = (
        row.mrn.casefold(),
        row.display_name.casefold(),
        row.age_months,
        row.spasm_onset.isoformat() if row.spasm_onset else None,
        row.spasm_weeks,
    )
    value = values[column]
    if value is None:
        return "\uffff" if column in (0, 1, 3) else float("inf")
    return value


class CaseFilterProxy(QSortFilterProxyModel):
    """Search as you type: every word must appear in the MRN or the name."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_query(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = model.data(model.index(source_row, 0, source_parent), SEARCH_ROLE)
        return all(word in haystack for word in self._words)

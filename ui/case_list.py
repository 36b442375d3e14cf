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
from PySide6.QtGui import QFont

from isconf.services import CaseSummary
from isconf.status import Status
from ui.theme import themed

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
MRN_ROLE = Qt.ItemDataRole.UserRole + 3

# Rows the view reads to fit each column's width to its contents, on every change of
# the list; Qt's default, 1,000, costs ~60,000 calls into data() per keystroke.
WIDTH_SAMPLE_ROWS = 60
COLUMNS = ("MRN", "Name", "Status", "Urgent", "Resist. wk", "Spasm wk", "Age (mo)", "Onset")
(
    MRN_COLUMN,
    NAME_COLUMN,
    STATUS_COLUMN,
    URGENCY_COLUMN,
    RESISTANT_COLUMN,
    WEEKS_COLUMN,
    AGE_COLUMN,
    ONSET_COLUMN,
) = range(8)
_TIPS = (
    "Medical record number",
    "Family name, given name",
    "Candidacy status by the rules (version 1); the case's checklist says why",
    "Urgent: spasms go on and the status is candidate, palliative candidate or refer for evaluation. "
    "Sorted most urgent first: urgent cases, then weeks since drug resistance, then weeks of spasms",
    "Weeks since drug resistance was established (the end of the second failed first-line trial)",
    "Weeks of spasms: from onset to today while they go on, or to the day they were last seen",
    "Age today, in months",
    "Date the spasms began",
)
_NUMERIC = {RESISTANT_COLUMN, WEEKS_COLUMN, AGE_COLUMN}
STATUS_ORDER = tuple(Status)


class CaseListModel(QAbstractTableModel):
    """One row per case, from ``Services.list_cases`` (list columns only).

    The model sorts itself (``sort``), over keys computed in one pass: a proxy's sort
    would call back into Python twice per comparison, 0.7 s for 10,000 cases
    (docs/performance.md).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._search: list[str] = []
        self._rank: dict[str, int] = {}  # the services' order: the Urgency sort
        self._sorted_by = (URGENCY_COLUMN, Qt.SortOrder.AscendingOrder)

    def set_cases(self, rows: list[CaseSummary]) -> None:
        """Rows in the services' order, most urgent first; shown in the current sort."""
        self.beginResetModel()
        self._rank = {r.mrn: i for i, r in enumerate(rows)}
        self._rows = self._in_order(rows, *self._sorted_by)
        self._search = [_search_text(r) for r in self._rows]
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        self._rows = self._in_order(before, column, order)
        self._search = [_search_text(r) for r in self._rows]
        now = {r.mrn: i for i, r in enumerate(self._rows)}
        moved = self.persistentIndexList()
        self.changePersistentIndexList(
            moved, [self.index(now[before[i.row()].mrn], i.column()) for i in moved]
        )
        self.layoutChanged.emit()

    def _in_order(self, rows: list[CaseSummary], column: int, order: Qt.SortOrder) -> list[CaseSummary]:
        if column == URGENCY_COLUMN:
            rank = self._rank
            keyed = sorted(rows, key=lambda r: rank[r.mrn])
        else:
            keyed = sorted(rows, key=lambda r: _sort_key(r, column))
        return keyed[::-1] if order == Qt.SortOrder.DescendingOrder else keyed

    def search_text(self, row: int) -> str:
        """What the search matches in this row: MRN and names, case-folded."""
        return self._search[row]

    def search_texts(self) -> list[str]:
        return self._search

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
        # Most calls ask for roles no cell answers (fitting the column widths reads ~9 roles
        # of 480 cells at each layout): refused first, before any other work.
        if role not in _ROLES or not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SORT_ROLE:
            return self._rank.get(row.mrn, -1) if column == URGENCY_COLUMN else _sort_key(row, column)
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        if role == MRN_ROLE:
            return row.mrn
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == WEEKS_COLUMN and row.spasms_ongoing is False:
            return "Spasms have stopped; counted to the day they were last seen"
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS_COLUMN:
            colour = _status_colour(row.status)
            if colour is not None:
                return themed(colour)
        if role == Qt.ItemDataRole.ToolTipRole and column == URGENCY_COLUMN:
            return _urgency_tip(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME_COLUMN:
            return _display(row, column)  # the whole of a name the column cuts
        if role == Qt.ItemDataRole.ForegroundRole and column == URGENCY_COLUMN and row.urgent:
            return themed("#b3261e")
        if role == Qt.ItemDataRole.FontRole and column == URGENCY_COLUMN and row.urgent:
            font = QFont()
            font.setBold(True)
            return font
        return None


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        SORT_ROLE,
        SEARCH_ROLE,
        MRN_ROLE,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
    }
)


def status_short(code: str | None, otherwise: str) -> str:
    """The status's short label for a list column; ``otherwise`` for none or an unknown code."""
    status = Status.of(code)
    return otherwise if status is None else status.short


def _status_colour(code: str | None) -> str | None:
    status = Status.of(code)
    return None if status is None else status.colour


def _search_text(row: CaseSummary) -> str:
    return f"{row.mrn} {row.family_name or ''} {row.given_name or ''}".casefold()


def _display(row: CaseSummary, column: int) -> str:
    if column == MRN_COLUMN:
        return row.mrn
    if column == NAME_COLUMN:
        return row.display_name
    if column == STATUS_COLUMN:
        return status_short(row.status, row.status or "")
    if column == URGENCY_COLUMN:
        return "URGENT" if row.urgent else ""
    if column == RESISTANT_COLUMN:
        weeks = row.weeks_since_drug_resistance
        return "" if weeks is None else f"{weeks:.1f}"
    if column == AGE_COLUMN:
        return "" if row.age_months is None else f"{row.age_months:.1f}"
    if column == ONSET_COLUMN:
        return "" if row.spasm_onset is None else row.spasm_onset.isoformat()
    if row.spasm_weeks is None:
        return ""
    return f"{row.spasm_weeks:.1f}" + ("" if row.spasms_ongoing is not False else " (stopped)")


def _urgency_tip(row: CaseSummary) -> str:
    flag = "Urgent" if row.urgent else "Not urgent"
    if row.weeks_since_drug_resistance is None:
        return f"{flag}; drug resistance not established"
    return f"{flag}; {row.weeks_since_drug_resistance:.1f} weeks since drug resistance was established"


def _sort_key(row: CaseSummary, column: int) -> Any:
    """Sortable values; blanks sort after every recorded value."""
    values: dict[int, Any] = {
        MRN_COLUMN: row.mrn.casefold(),
        NAME_COLUMN: row.display_name.casefold(),
        STATUS_COLUMN: STATUS_ORDER.index(row.status) if row.status in STATUS_ORDER else None,
        AGE_COLUMN: row.age_months,
        ONSET_COLUMN: row.spasm_onset.isoformat() if row.spasm_onset else None,
        WEEKS_COLUMN: row.spasm_weeks,
        RESISTANT_COLUMN: row.weeks_since_drug_resistance,
    }
    value = values[column]
    if value is None:
        return "\uffff" if column in (MRN_COLUMN, NAME_COLUMN, ONSET_COLUMN) else float("inf")
    return value


class CaseFilterProxy(QSortFilterProxyModel):
    """Search as you type: every word must appear in the MRN or the name.

    Sorting is the source model's (``CaseListModel.sort``); the filter reads the
    model's search text directly rather than through ``data()``, a tenth of the cost
    per row, so a keystroke over 10,000 cases stays within a frame.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        self._model = model

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model.sort(column, order)

    def set_query(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        before = self._matches(self._words)
        after = self._matches(words)
        if _runs_of_change(before, after) < RESET_AFTER_RUNS:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            # Qt inserts or removes each run of rows that comes or goes on its own, at a
            # cost that grows with the rows shown: 0.6 s for 70,000 runs over 100,000 cases.
            # Past a few thousand runs, laying the list out afresh is cheaper.
            self._words = words
            self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        return _matches(self._words, self._model.search_text(source_row))

    def _matches(self, words: list[str]) -> list[bool]:
        texts = self._model.search_texts()
        if not words:
            return [True] * len(texts)
        if len(words) == 1:
            word = words[0]
            return [word in text for text in texts]
        return [all(word in text for word in words) for text in texts]


# Rows that come and go in more runs than this relay the list out at once (see set_query).
RESET_AFTER_RUNS = 5000


def _matches(words: list[str], haystack: str) -> bool:
    if not words:
        return True
    if len(words) == 1:
        return words[0] in haystack
    return all(word in haystack for word in words)


def _runs_of_change(before: list[bool], after: list[bool]) -> int:
    """How many separate runs of rows change between two filters."""
    changed = [a != b for a, b in zip(before, after, strict=True)]
    return sum(1 for previous, now in zip([False, *changed], changed, strict=False) if now and not previous)

"""The case list: a table model over the services' case summaries, and its filter."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from isconf.services import CaseSummary, TextSearch, fold, words_of
from isconf.status import ALARM_COLOUR, Status, alarm_words, operated_tip, operated_words
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
    "Sorted most urgent first: untreated spasms (an emergency, whatever the status), then urgent cases, "
    "then weeks since drug resistance, then weeks of spasms",
    "Weeks since drug resistance was established (the end of the second failed first-line trial)",
    "Weeks of spasms: from onset to today while they go on, or to the day they were last seen",
    "Age today, in months",
    "Date the spasms began",
)
_COLUMN_COUNT = len(COLUMNS)
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
        self._all: list[CaseSummary] = []  # every case, in the current sort
        self._rows: Sequence[CaseSummary] = []  # those shown: the ones the search matches
        self._shown: list[int] | None = None  # their indexes in _all (None: all of them)
        # Both made when first needed: the first window shows every case in the services' order,
        # and neither is read before a search, a sort or a question about one case (~5 ms of
        # the app's start at 10,000 cases, startup_s in docs/performance.md).
        self._searcher: TextSearch | None = None
        self._query = ""
        self._row_of: dict[str, int] | None = None
        self._ranked: list[CaseSummary] = []  # the services' order: the Urgency sort
        self._rank: dict[str, int] | None = None  # each MRN's place in it
        self._sorted_by = (URGENCY_COLUMN, Qt.SortOrder.AscendingOrder)

    def set_cases(self, rows: list[CaseSummary]) -> None:
        """Rows in the services' order, most urgent first; shown in the current sort."""
        self.beginResetModel()
        self._ranked, self._rank = rows, None
        column, order = self._sorted_by
        if column == URGENCY_COLUMN:  # the services' order, which ``rows`` come in
            self._all = rows[::-1] if order == Qt.SortOrder.DescendingOrder else list(rows)
        else:
            self._all = self._in_order(rows, column, order)
        self._reindex()
        self.endResetModel()

    def replace_cases(self, mrns: Collection[str], lines: list[CaseSummary]) -> None:
        """The lines of the cases a write named (``Changes.cases``) read again, the others kept:
        a save re-reads one line, not 10,000 (``lines`` holds those that still exist)."""
        named = set(mrns) | {line.mrn for line in lines}
        kept = [r for r in self._all if r.mrn not in named]
        # The services' order (isconf.cases.listing): most urgent first, then by MRN.
        self.set_cases(sorted([*kept, *lines], key=lambda r: (r.urgency_rank, r.mrn)))

    def set_query(self, text: str) -> bool:
        """Show the cases whose MRN or names hold every word of ``text`` (``isconf.cases.search``);
        True when the rows shown changed (the model was reset), False when they stay."""
        shown = self._matching(text)
        self._query = text
        if shown == self._shown:
            return False
        self.beginResetModel()
        self._show(shown)
        self.endResetModel()
        return True

    def total(self) -> int:
        """Every case, shown or not."""
        return len(self._all)

    def contains(self, mrn: str) -> bool:
        """Whether the list holds this case, shown or not."""
        return mrn in self._rank_of()

    def _rank_of(self) -> dict[str, int]:
        if self._rank is None:
            self._rank = {r.mrn: i for i, r in enumerate(self._ranked)}
        return self._rank

    def prepare_search(self) -> None:
        """Make the search's folded column now, if the rows have none yet: the list asks once it
        is painted (``CaseTable.after_next_paint``), else the first keystroke makes it (~0.1 s
        at 100,000 cases)."""
        if self._searcher is None:
            self._searcher = TextSearch([_search_text(r) for r in self._all])

    @property
    def search_prepared(self) -> bool:
        return self._searcher is not None

    def _matching(self, text: str) -> list[int] | None:
        if not words_of(text):
            return None  # every row, without the search's column
        self.prepare_search()
        assert self._searcher is not None
        shown = self._searcher.matching(text)
        return None if shown is not None and len(shown) == len(self._all) else shown

    def _reindex(self) -> None:
        self._searcher = None  # the rows' order changed: made again at the next search
        self._show(self._matching(self._query))

    def _show(self, shown: list[int] | None) -> None:
        self._shown = shown
        # Not a list of the rows: building one was ~5 ms a keystroke at 100,000 cases.
        self._rows = self._all if shown is None else _Subset(self._all, shown)
        self._row_of = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        self._all = self._in_order(self._all, column, order)
        self._reindex()
        now = {r.mrn: i for i, r in enumerate(self._rows)}
        moved = self.persistentIndexList()
        self.changePersistentIndexList(
            moved, [self.index(now[before[i.row()].mrn], i.column()) for i in moved]
        )
        self.layoutChanged.emit()

    def _in_order(self, rows: list[CaseSummary], column: int, order: Qt.SortOrder) -> list[CaseSummary]:
        if column == URGENCY_COLUMN:
            rank = self._rank_of()
            keyed = sorted(rows, key=lambda r: rank[r.mrn])
        else:
            keyed = sorted(rows, key=lambda r: _sort_key(r, column))
        return keyed[::-1] if order == Qt.SortOrder.DescendingOrder else keyed

    def row_of(self, mrn: str) -> int:
        """The row showing this case; -1 when it is not shown."""
        if self._row_of is None:
            self._row_of = {r.mrn: i for i, r in enumerate(self._rows)}
        return self._row_of.get(mrn, -1)

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Qt's own asks rowCount and columnCount (two calls into Python) for every cell the
        # proxy maps, ~17 % of a keystroke's paint (py-spy, docs/performance.md): one call here.
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column < _COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column)

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
        return self.cell(self._rows[index.row()], index.column(), role)

    def multiData(self, index: ModelIndex, roleDataSpan: Any) -> None:
        self.fill(index.row() if index.isValid() else -1, index.column(), roleDataSpan)

    def fill(self, number: int, column: int, roleDataSpan: Any) -> None:
        """Every role a view asks of one cell in one call (``multiData``): a cell painted asked
        seven roles, each a call into Python through the proxy and another to map its index,
        ~40 % of painting the list (the 28 rows a case opened far down the list scrolls in)."""
        wanted = [roleDataSpan[i] for i in range(len(roleDataSpan))]
        if not (0 <= number < len(self._rows) and 0 <= column < _COLUMN_COUNT):
            for one in wanted:
                one.clearData()
            return
        row = self._rows[number]
        shown = self.painted(row, column)
        for one in wanted:
            role = one.role()
            one.setData(
                shown[role] if role in shown else self.cell(row, column, role) if role in _ROLES else None
            )

    def cell(self, row: CaseSummary, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role`` (one of ``_ROLES``)."""
        if role in _PAINTED:
            value = self.painted(row, column)[role]
            return QFont(value) if isinstance(value, QFont) else value  # the caller's own copy
        if role == SORT_ROLE:
            return self._rank_of().get(row.mrn, -1) if column == URGENCY_COLUMN else _sort_key(row, column)
        if role == SEARCH_ROLE:
            return _search_text(row)
        if role == MRN_ROLE:
            return row.mrn
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tip(row, column)
        return None

    def painted(self, row: CaseSummary, column: int) -> dict[int, Any]:
        """What a painted cell shows, every role at once (its words, colour, weight and alignment):
        one pass over the row for the four roles the delegate reads."""
        colour = bold = None
        if column in (STATUS_COLUMN, URGENCY_COLUMN) and row.alarms:
            colour, bold = ALARM_COLOUR, _bold()
        elif column == STATUS_COLUMN and row.operated_on is None:
            colour = _status_colour(row.status)
        elif column == URGENCY_COLUMN and row.urgent:
            colour, bold = "#b3261e", _bold()
        return {
            Qt.ItemDataRole.DisplayRole: _display(row, column),
            Qt.ItemDataRole.FontRole: bold,
            Qt.ItemDataRole.TextAlignmentRole: _RIGHT if column in _NUMERIC else None,
            Qt.ItemDataRole.ForegroundRole: None if colour is None else themed(colour),
        }


def _tip(row: CaseSummary, column: int) -> str | None:
    if column == WEEKS_COLUMN and row.spasms_ongoing is False:
        return "Spasms have stopped; counted to the day they were last seen"
    if column == STATUS_COLUMN and row.operated_on is not None:
        return operated_tip(row.operated_on, row.outcome, row.status)
    if column == URGENCY_COLUMN:
        return _urgency_tip(row)
    if column == NAME_COLUMN:
        return _display(row, column)  # the whole of a name the column cuts
    return None


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_PAINTED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
    }
)
_BOLD: list[QFont] = []


def _bold() -> QFont:
    """Bold and nothing else set: the delegate takes the rest from the view's font."""
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


class _Subset(Sequence[CaseSummary]):
    """The rows shown, as indexes into every row (read a few hundred times per paint)."""

    def __init__(self, rows: list[CaseSummary], shown: list[int]) -> None:
        self._rows, self._shown = rows, shown

    def __len__(self) -> int:
        return len(self._shown)

    @overload
    def __getitem__(self, index: int) -> CaseSummary: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[CaseSummary]: ...
    def __getitem__(self, index: int | slice) -> CaseSummary | Sequence[CaseSummary]:
        if isinstance(index, slice):
            return [self._rows[i] for i in self._shown[index]]
        return self._rows[self._shown[index]]


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
    return fold(f"{row.mrn} {row.family_name or ''} {row.given_name or ''}")


def _display(row: CaseSummary, column: int) -> str:
    if column == MRN_COLUMN:
        return row.mrn
    if column == NAME_COLUMN:
        return row.display_name
    if column == STATUS_COLUMN:
        status = status_short(row.status, row.status or "")
        status = operated_words(row.outcome) if row.operated_on is not None else status
        return f"⚠ {status}" if row.alarms else status
    if column == URGENCY_COLUMN:
        return alarm_words(row.alarms) or ("URGENT" if row.urgent else "")
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
    if row.operated_on is not None:
        return operated_tip(row.operated_on, row.outcome, row.status)
    flag = "Urgent" if row.urgent else "Not urgent"
    if row.alarms:
        flag = f"{alarm_words(row.alarms)[2:].capitalize()}: no first-line treatment started; {flag.lower()}"
    if row.weeks_since_drug_resistance is None:
        return f"{flag}; drug resistance not established"
    return f"{flag}; {row.weeks_since_drug_resistance:.1f} weeks since drug resistance was established"


def _sort_key(row: CaseSummary, column: int) -> Any:
    """Sortable values; blanks sort after every recorded value."""
    values: dict[int, Any] = {
        MRN_COLUMN: row.mrn.casefold(),
        NAME_COLUMN: row.display_name.casefold(),
        STATUS_COLUMN: (
            len(STATUS_ORDER)
            if row.operated_on
            else STATUS_ORDER.index(row.status)
            if row.status in STATUS_ORDER
            else None
        ),
        AGE_COLUMN: row.age_months,
        ONSET_COLUMN: row.spasm_onset.isoformat() if row.spasm_onset else None,
        WEEKS_COLUMN: row.spasm_weeks,
        RESISTANT_COLUMN: row.weeks_since_drug_resistance,
    }
    value = values[column]
    if value is None:
        return "\uffff" if column in (MRN_COLUMN, NAME_COLUMN, ONSET_COLUMN) else float("inf")
    return value


_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren


class CaseFilterProxy(QSortFilterProxyModel):
    """The view's proxy over the case list: sorting and the search are the model's own.

    The search no longer filters here: ``filterAcceptsRow`` in Python was a call per row on
    every keystroke (96 ms at 100,000 cases). The model matches the query over its folded
    column (``isconf.cases.search``) and shows only those rows; this proxy passes them on in
    C++ (it overrides neither ``filterAcceptsRow`` nor ``lessThan``). So its row r is the
    model's row r: a painted cell's roles and flags are read without mapping its index (each
    mapping was a call into the model's Python ``index``).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        self._model = model

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._model.sort(column, order)

    def multiData(self, index: ModelIndex, roleDataSpan: Any) -> None:
        # Its rows are the model's rows (nothing filtered or sorted here): no index to map.
        self._model.fill(index.row() if index.isValid() else -1, index.column(), roleDataSpan)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def set_query(self, text: str) -> bool:
        """True when the rows shown changed (see ``CaseListModel.set_query``)."""
        changed: bool = self._model.set_query(text)
        return changed

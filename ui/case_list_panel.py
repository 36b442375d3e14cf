"""The main window's case list: the search, the table of cases (most urgent first) and how
many match."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isconf.services import CaseSummary
from ui.case_list import (
    MRN_COLUMN,
    MRN_ROLE,
    NAME_COLUMN,
    STATUS_COLUMN,
    URGENCY_COLUMN,
    WIDTH_SAMPLE_ROWS,
    CaseFilterProxy,
    CaseListModel,
)

NAME_WIDTH = 170  # about 20 letters: "Family, Given" of most names; the whole in a tooltip
MIN_NAME_WIDTH = 110  # "Family, Giv…": narrower, the name says little
MIN_FLAG_WIDTH = 70  # "Refer fo…", "⚠ UNTRE…"


class CaseTable(QTableView):
    """The list's table, telling ``resized`` its viewport's width whenever that changes, and
    running a call once it has been painted (``after_next_paint``).

    QAbstractScrollArea hands the viewport's resize to ``resizeEvent``, the viewport already
    at its new size. Watching it there rather than through ``viewport()`` keeps the first window
    from asking PySide for the viewport, a widget Qt made: PySide wraps it only after setting
    up every QWidget class it knows and their enums (~8 ms of the app's start, startup_s in
    docs/performance.md; tests/test_start_path.py)."""

    def __init__(self, resized: Callable[[int], None]) -> None:
        super().__init__()
        self._resized = resized
        self._after_paint: Callable[[], None] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._resized(event.size().width())

    def after_next_paint(self, call: Callable[[], None]) -> None:
        """``call`` once the table has next been painted, when the event loop is next idle: work
        the rows shown do not need (the search's column) waits until the user sees them."""
        self._after_paint = call

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_paint is not None:
            call, self._after_paint = self._after_paint, None
            QTimer.singleShot(0, call)


class CaseListPanel(QWidget):
    """Emits ``current_changed`` as the user moves in the list; showing a case selects its
    row without it."""

    current_changed = Signal(QModelIndex, QModelIndex)

    def __init__(self, model: CaseListModel, proxy: CaseFilterProxy) -> None:
        super().__init__(objectName="listPanel")
        # A QWidget subclass paints the style sheet's background (#listPanel) only when asked.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.model, self.proxy = model, proxy
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search MRN or name  (Ctrl+F)")
        self.search.setAccessibleName("Search cases by MRN or name")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._open_first_match)
        self._wanted: dict[int, int] = {}  # the key columns' widths by their contents
        self._room: int | None = None  # the list's own width (its viewport's), once laid out
        self.view = self._build_view()
        self.count_label = QLabel(objectName="hint")
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 4, 8)
        column.addWidget(self.search)
        column.addWidget(self.view, 1)
        column.addWidget(self.count_label)

    def _build_view(self) -> CaseTable:
        view = CaseTable(self._resized)
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(URGENCY_COLUMN, Qt.SortOrder.AscendingOrder)  # most urgent first
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setTabKeyNavigation(False)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(26)
        view.setAccessibleName("Case list")
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        # Widths fitted to the contents when the list is filled (show_cases), not on every
        # change: ResizeToContents read 60 rows x 8 columns x every role again on each
        # keystroke, most of a keystroke's time (filter_p95_ms in docs/performance.md).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(WIDTH_SAMPLE_ROWS)
        # A scroll bar that comes and goes as the matches change relays the whole panel out
        # (~30 ms on a keystroke over 10,000 cases) and makes the columns jump.
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        header.setStretchLastSection(True)
        # What a case is and whether it is urgent come first; a long name is cut with an
        # ellipsis (whole in its tooltip) rather than pushing them out of sight.
        header.moveSection(header.visualIndex(STATUS_COLUMN), 0)
        header.moveSection(header.visualIndex(URGENCY_COLUMN), 1)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NAME_COLUMN, NAME_WIDTH)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.selectionModel().currentRowChanged.connect(self.current_changed)
        return view

    def _fit_columns(self) -> None:
        """Each column as wide as what it shows, but a long name no wider than NAME_WIDTH
        (cut with "…", the whole in its tooltip): Status and Urgent stay in sight."""
        header = self.view.horizontalHeader()
        for column in range(header.count()):
            self.view.setColumnHidden(column, False)  # measured whole, shown again if they fit
        self.view.resizeColumnsToContents()
        self._wanted = {c: header.sectionSize(c) for c in range(header.count())}
        self._wanted[NAME_COLUMN] = min(header.sectionSize(NAME_COLUMN), NAME_WIDTH)
        self._fit_key_columns()

    def _fit_key_columns(self) -> None:
        """Status, Urgent, MRN and the name within the list's width, the name elided: on a
        narrow list (the editor open at 1366 px) the name was scrolled off to the right. The
        MRN stays whole; Status and Urgent give up room (elided, whole in their tooltips)
        before the name goes under MIN_NAME_WIDTH. The columns after the name show while they
        fit and step aside (hidden) when they do not, rather than scroll out of sight."""
        if not self._wanted or self._room is None:
            return  # fitted when the list has both its cases and its width, whichever comes last
        header = self.view.horizontalHeader()
        room = self._room - self._wanted[MRN_COLUMN]
        name = min(
            self._wanted[NAME_COLUMN],
            max(MIN_NAME_WIDTH, room - self._wanted[STATUS_COLUMN] - self._wanted[URGENCY_COLUMN]),
        )
        flags = (STATUS_COLUMN, URGENCY_COLUMN)
        wanted = sum(self._wanted[c] for c in flags)
        scale = min(1.0, max(room - name, 0) / wanted) if wanted else 1.0
        for column in flags:
            header.resizeSection(column, max(MIN_FLAG_WIDTH, int(self._wanted[column] * scale)))
        header.resizeSection(MRN_COLUMN, self._wanted[MRN_COLUMN])
        header.resizeSection(NAME_COLUMN, name)
        left = room - name - sum(header.sectionSize(c) for c in flags)
        for visual in range(header.visualIndex(NAME_COLUMN) + 1, header.count()):
            column = header.logicalIndex(visual)
            fits = self._wanted[column] <= left
            self.view.setColumnHidden(column, not fits)
            left = left - self._wanted[column] if fits else -1  # the next ones stay hidden too

    def _resized(self, width: int) -> None:
        self._room = width
        self._fit_key_columns()  # the list's own new width, not the panel's

    def show_cases(self, cases: list[CaseSummary], keep: str | None) -> None:
        self.view.selectionModel().blockSignals(True)
        self.model.set_cases(cases)
        self.view.after_next_paint(self.model.prepare_search)
        self._fit_columns()
        self._select_row_of(keep)
        self.view.selectionModel().blockSignals(False)
        self._update_count()

    def replace_cases(self, mrns: frozenset[str], lines: list[CaseSummary], keep: str | None) -> None:
        self.view.selectionModel().blockSignals(True)
        self.model.replace_cases(mrns, lines)
        self.view.after_next_paint(self.model.prepare_search)
        self._select_row_of(keep)
        self.view.selectionModel().blockSignals(False)
        self._update_count()

    def select_quietly(self, mrn: str | None) -> None:
        self.view.selectionModel().blockSignals(True)
        self._select_row_of(mrn)
        self.view.selectionModel().blockSignals(False)

    def _select_row_of(self, mrn: str | None) -> None:
        row = self.model.row_of(mrn) if mrn else -1
        if row < 0:
            self.view.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.scrollTo(index)

    def _filter(self, text: str) -> None:
        selected = self.view.currentIndex().data(MRN_ROLE)
        if self.proxy.set_query(text) and selected is not None:
            # The rows were laid out afresh: the open case stays selected if it still matches.
            self.view.selectionModel().blockSignals(True)
            row = self.model.row_of(selected)
            if row >= 0:
                self.view.selectionModel().setCurrentIndex(
                    self.proxy.mapFromSource(self.model.index(row, 0)),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
            self.view.selectionModel().blockSignals(False)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.total(), self.proxy.rowCount()
        noun = "case" if total == 1 else "cases"
        self.count_label.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun} match")

    def _open_first_match(self) -> None:
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
            self.view.setFocus()

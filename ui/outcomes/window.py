"""The Outcomes window: the worklist of visits and re-screens due, and the centre's report
beside the literature (issue 20). It reads through ``Services.outcomes`` only, and writes
nothing but the files asked for; Enter on a worklist line opens that case in the main window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum, auto
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from isconf import clock
from isconf.services import (
    INTERVAL_SOURCE,
    SEIZURE_FREE_RULE,
    Changes,
    ExportError,
    OutcomeReport,
    Services,
    write_report_pdf,
)
from ui.actions import ActionSpec, build_actions
from ui.ops import change_bus
from ui.outcomes.chart import OutcomeChart
from ui.outcomes.models import DUE_COLUMN, MRN_ROLE, SORT_ROLE, ReportModel, WorklistModel, work_items
from ui.splitter_memory import remember


class OutcomeAction(Enum):
    REFRESH = auto()
    OPEN_CASE = auto()
    SAVE_PDF = auto()
    EXPORT_REGISTRY = auto()
    CLOSE = auto()


SPECS: dict[OutcomeAction, ActionSpec] = {
    OutcomeAction.REFRESH: ActionSpec("&Refresh", "Read the worklist and the report again", ("F5",)),
    OutcomeAction.OPEN_CASE: ActionSpec("&Open case", "Open the selected child's case", ("Ctrl+Return",)),
    OutcomeAction.SAVE_PDF: ActionSpec("Report &PDF…", "Write the outcome report as a PDF", ("Ctrl+P",)),
    OutcomeAction.EXPORT_REGISTRY: ActionSpec(
        "Registry &CSV…", "Write the de-identified registry CSV (docs/outcomes.md)", ("Ctrl+E",)
    ),
    OutcomeAction.CLOSE: ActionSpec("&Close", "Close the Outcomes window", ("Ctrl+W",)),
}


def _proxy(model: Any, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def _table(proxy: QSortFilterProxyModel, name: str, sort_column: int) -> QTableView:
    """A read-only list; sorted by ``sort_column`` (-1: in the order the service gives)."""
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setAccessibleName(name)
    return view


class OutcomesWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        open_case: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self._open_case = services, open_case
        self.setWindowTitle("Outcomes — isconf")
        self.setWindowFlag(Qt.WindowType.Window)
        self.resize(1280, 800)
        self.worklist, self.report_model = WorklistModel(self), ReportModel(self)
        self.work_proxy, self.report_proxy = _proxy(self.worklist, self), _proxy(self.report_model, self)
        self.actions_ = build_actions(
            self,
            {
                OutcomeAction.REFRESH: lambda _checked=False: self.refresh(),
                OutcomeAction.OPEN_CASE: lambda _checked=False: self.open_selected(),
                OutcomeAction.SAVE_PDF: lambda _checked=False: self._ask_pdf(),
                OutcomeAction.EXPORT_REGISTRY: lambda _checked=False: self._ask_csv(),
                OutcomeAction.CLOSE: self.close,
            },
            SPECS,
        )
        self._build()
        self.refresh()
        change_bus().changed.connect(self._changed_elsewhere)

    def _changed_elsewhere(self, changes: Changes, initiator: object) -> None:
        # A saved case or a decision may change who is due; a closed window reads again when shown.
        if changes and self.isVisible():
            self.refresh()

    def _build(self) -> None:
        toolbar = QToolBar("Outcomes")
        toolbar.setObjectName("outcomesToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.as_of = QLineEdit(placeholderText="YYYY-MM-DD (empty: today)")
        self.as_of.setMaximumWidth(190)
        self.as_of.setAccessibleName("As of")
        self.as_of.returnPressed.connect(self.refresh)
        as_of_label = QLabel("  &As of: ")
        as_of_label.setBuddy(self.as_of)
        toolbar.addWidget(as_of_label)
        toolbar.addWidget(self.as_of)
        for action in OutcomeAction:
            if action is not OutcomeAction.CLOSE:
                toolbar.addAction(self.actions_[action])
        self.addToolBar(toolbar)

        self.work_view = _table(self.work_proxy, "Visits and re-screens due", DUE_COLUMN)
        self.work_view.activated.connect(lambda _index: self.open_selected())
        self.work_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.work_view.horizontalHeader().setStretchLastSection(True)
        self.work_caption = QLabel(objectName="hint")
        work = QGroupBox(
            "Worklist: visits due after surgery (6, 12, 24 months, then yearly, ±1 month) and re-screens"
        )
        layout = QVBoxLayout(work)
        layout.addWidget(self.work_caption)
        layout.addWidget(self.work_view)

        self.report_view = _table(self.report_proxy, "Seizure freedom per procedure", -1)
        header = self.report_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Rows wrap to the columns' widths, known only once laid out: fit again on each resize.
        header.sectionResized.connect(lambda *_: self._fit_report_rows())
        self.report_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart = OutcomeChart()
        self.predicted = QLabel(wordWrap=True)
        self.sources = QLabel(wordWrap=True, objectName="hint")
        for label in (self.predicted, self.sources):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(
            QLabel(f"Seizure-free: {SEIZURE_FREE_RULE}. Intervals: {INTERVAL_SOURCE}.", wordWrap=True)
        )
        column.addWidget(self.report_view)
        column.addWidget(self.chart)
        column.addWidget(self.predicted)
        column.addWidget(self.sources)
        column.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidget(inner)
        scroller.setWidgetResizable(True)
        report = QGroupBox("The centre's outcomes beside the literature")
        QVBoxLayout(report).addWidget(scroller)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(work)
        splitter.addWidget(report)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        remember(splitter, "outcomes")
        body = QWidget()
        QHBoxLayout(body).addWidget(splitter)
        self.setCentralWidget(body)

    # --- reading -------------------------------------------------------------------

    def day(self) -> date | None:
        """The day asked for; None (and said in the status bar) when the field is no date."""
        text = self.as_of.text().strip()
        if not text:
            return clock.today()
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.statusBar().showMessage(f"As of: {text!r} is not a date (YYYY-MM-DD)", 8000)
            self.as_of.setProperty("invalid", True)
            return None

    def refresh(self) -> None:
        day = self.day()
        if day is None:
            return
        self.as_of.setProperty("invalid", False)
        outcomes = self.services.outcomes
        visits, rescreens = outcomes.visits_due(as_of=day), outcomes.rescreens_due(as_of=day)
        self.worklist.set_items(work_items(visits, rescreens))
        self.work_caption.setText(
            f"As of {day.isoformat()}: {len(visits)} visit{'s' * (len(visits) != 1)} due or overdue, "
            f"{len(rescreens)} {'child' if len(rescreens) == 1 else 'children'} to re-screen; most overdue "
            "first. Enter opens the case."
        )
        self.show_report(outcomes.report(as_of=day))

    def show_report(self, report: OutcomeReport) -> None:
        self.report = report
        self.report_model.set_report(report)
        self._fit_report_rows()
        self.chart.set_report(report)
        d, dev = report.deficits, report.development
        lines = [
            f"Deficits the team rated expected or possible for the procedure performed, against those "
            f"recorded after surgery ({d.children} children seen since): predicted and happened "
            f"{d.predicted_and_happened}; predicted and did not happen {d.predicted_not_happened}; "
            f"happened without being predicted {d.unpredicted}."
        ]
        if dev.children and dev.mean_before is not None and dev.mean_after is not None:
            lines.append(
                f"Development ({dev.children} children): mean of the latest score before surgery {dev.mean_before:.1f}, "
                f"of the first after it {dev.mean_after:.1f} (instruments may differ)."
            )
        else:
            lines.append("Development: no child has a score both before and after surgery yet.")
        self.predicted.setText("\n".join(lines))
        from isconf.services import literature_words, procedure_words

        self.sources.setText(
            "Literature: "
            + "  ·  ".join(
                f"{procedure_words(p.procedure)}: {literature_words(p.literature)}" for p in report.procedures
            )
            if report.procedures
            else "No child has a surgery recorded."
        )

    def _fit_report_rows(self) -> None:
        """The report's table as tall as its rows: the chart follows it without a gap."""
        view = self.report_view
        view.resizeRowsToContents()
        rows = sum(view.rowHeight(row) for row in range(self.report_proxy.rowCount()))
        view.setFixedHeight(view.horizontalHeader().height() + rows + 2 * view.frameWidth() + 2)

    def selected_mrn(self) -> str | None:
        index = self.work_view.currentIndex()
        return index.data(MRN_ROLE) if index.isValid() else None

    def open_selected(self) -> None:
        mrn = self.selected_mrn()
        if mrn is not None and self._open_case is not None:
            self._open_case(mrn)

    # --- files ---------------------------------------------------------------------------

    def _ask_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Outcome report PDF", "outcomes.pdf", "PDF (*.pdf)")
        if name:
            self.write_pdf(Path(name))

    def _ask_csv(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Registry CSV", "registry.csv", "CSV (*.csv)")
        if name:
            self.write_registry(Path(name))

    def write_pdf(self, path: Path) -> bool:
        return self._write(lambda: write_report_pdf(self.report, path), f"Wrote the report to {path}")

    def write_registry(self, path: Path) -> bool:
        def write() -> None:
            count = self.services.outcomes.export_registry(path)
            self.statusBar().showMessage(f"Wrote {count} operated children to {path}", 8000)

        return self._write(write, "")

    def _write(self, write: Callable[[], object], done: str) -> bool:
        try:
            write()
        except (ExportError, OSError) as exc:
            self.statusBar().showMessage(f"Not written: {exc}", 10000)
            return False
        if done:
            self.statusBar().showMessage(done, 8000)
        return True

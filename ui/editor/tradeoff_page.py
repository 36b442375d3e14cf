"""The trade-off workspace: the options side by side, their deficits, the ratings, the chart.

It shows the ``TradeoffView`` the services computed from the editor's unsaved
document, and writes only into that document: a rating is an assessment row
of the editor's assessment model, a team figure a row of its benefit table,
the proposal and the next surgery date its fields. So undo, the draft, saving
and the live checklist treat them like any other edit.

The page reads top-down as the team works: criterion 5 and the status (with the
untreated-spasms alarm) in one line, the options, the deficits of the selected
one with the rating controls beside them, the chart; the decision, the cost of
waiting, the ratings in full and the team's figures follow.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isconf import vocab
from isconf.services import TradeoffView, coverage_words, status_words
from isconf.status import State
from isconf.tradeoff.model import PALLIATIVE_PROCEDURES
from ui.editor.layout import boxed
from ui.editor.rating_panel import RATING_KEYS, RatingPanel
from ui.editor.record_table import RecordDelegate, RecordModel, RecordTable, suggested_value
from ui.editor.team_figure import TeamFigureForm, plain_label
from ui.editor.tradeoff_chart import TradeoffChart
from ui.editor.tradeoff_models import (
    DEFICIT_ROLE,
    PROCEDURE_ROLE,
    DeficitsModel,
    OptionsModel,
    RatingsProxy,
)
from ui.tables import read_only_table

STATE_WORDS = {state.value: state.badge() for state in State}
# Narrower than this (1600 px with the case list and the checklist shown) the decision and the
# cost of waiting stand one above the other: side by side, the option boxes and the text were cut.
SIDE_BY_SIDE_WIDTH = 1000
# Narrower than this the rating controls go under the deficits rather than beside them.
RATING_BESIDE_WIDTH = 860
RATED_DEFICIT_WIDTH = 280
# Columns by the model's order; on a narrow page they share its width in these proportions
# (elided, whole in the tooltip) rather than the last ones being scrolled out of sight.
OPTION_WIDTHS = (175, 150, 155, 165, 140, 105)  # option, benefit, source, new, present, ratings
DEFICIT_WIDTHS = (160, 110, 140, 420, 145)  # deficit, likelihood, at baseline, why, ratings
WHY_COLUMN, MIN_WHY_WIDTH = 3, 220
ROW_HEIGHT = 24


def _table(model: Any, name: str) -> QTableView:
    view = read_only_table(model, name)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrowed heading says it is cut
    # The columns share the table's width (``_share``): nothing to scroll to sideways.
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header.setStretchLastSection(True)
    return view


def _fit_rows(table: QTableView) -> None:
    """Tall enough for every row, so the page scrolls rather than a table inside it."""
    rows = sum(table.rowHeight(r) for r in range(table.model().rowCount()))
    height = table.horizontalHeader().height() + max(rows, ROW_HEIGHT)
    table.setFixedHeight(height + 2 * table.frameWidth())


def _share(view: QTableView, columns: list[int], widths: tuple[int, ...]) -> None:
    """``columns`` at their widths when they fit the table, else sharing its width in proportion."""
    room = view.viewport().width()
    wanted = sum(widths[c] for c in columns)
    scale = min(1.0, room / wanted) if wanted else 1.0
    for column in columns:
        view.setColumnWidth(column, int(widths[column] * scale))


class TradeoffPage(QWidget):
    """Options, deficits and ratings for one infant, and the chart that weighs them."""

    def __init__(
        self,
        *,
        decision: QWidget,
        assessments: RecordModel,
        benefits: RecordTable,
        commit: Callable[[], None],
    ) -> None:
        super().__init__(objectName="tradeoffPage")
        self.assessments = assessments
        self.benefits = benefits
        self.commit = commit
        self.view: TradeoffView | None = None
        # What show_view was given while out of sight: the last view, and a stale note after it.
        self._waiting: list[tuple[TradeoffView | None, int]] = []
        self._procedure: str | None = None
        self._deficit: str | None = None
        self.options_model = OptionsModel(self)
        self.deficits_model = DeficitsModel(self)
        self.ratings_proxy = RatingsProxy(assessments, self)
        self._build(decision)

    @property
    def chart_pixmap(self) -> QPixmap | None:
        return self.chart.drawn_pixmap

    # --- building ----------------------------------------------------------------

    def _build(self, decision: QWidget) -> None:
        self.decision = decision
        self.alarm = plain_label("alarmBanner")  # untreated spasms: red, whatever the status
        self.alarm.hide()
        self.verdict = plain_label("tradeoffVerdict")
        self.waiting = plain_label("tradeoffWaiting")
        self.waiting.setTextFormat(Qt.TextFormat.RichText)
        self.waiting_box = boxed("Cost of waiting: continue medical treatment", self.waiting)
        top = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        top.addWidget(decision, 3)
        top.addWidget(self.waiting_box, 2)
        self.top_layout = top

        self.options_view = _table(self.options_model, "Options")
        self.options_view.selectionModel().currentRowChanged.connect(self._option_changed)
        self.options_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Within the width of the page at 1366 px, so the ratings column shows without scrolling.
        for column, width in enumerate(OPTION_WIDTHS):
            self.options_view.horizontalHeader().resizeSection(column, width)
        self.options_view.horizontalHeader().moveSection(5, 2)  # the ratings beside the benefit

        self.deficits_view = _table(self.deficits_model, "Deficits of the selected option")
        self.deficits_view.selectionModel().currentRowChanged.connect(self._deficit_changed)
        header = self.deficits_view.horizontalHeader()
        for column, width in enumerate(DEFICIT_WIDTHS):
            header.resizeSection(column, width)
        header.moveSection(4, 2)  # Deficit, Likelihood, Ratings, At baseline, Why
        header.sectionResized.connect(lambda column, _old, _new: column == 0 and self._fit_deficit_rows())
        self.deficits_view.setWordWrap(True)  # a long label wraps in its row, never cut
        self.option_caption = plain_label("hint")
        self.rating = RatingPanel(self, self.rate)
        self.rater, self.comment = self.rating.rater, self.rating.comment
        self.rate_actions, self.rate_buttons = self.rating.actions_, self.rating.buttons
        self.rate_problem, self.rate_done = self.rating.problem, self.rating.done
        # The reason of the selected deficit, whole, under the table: its column is the first
        # to go when the page is narrow.
        self.deficit_why = plain_label("hint")
        table_column = QVBoxLayout()
        table_column.addWidget(self.deficits_view)
        table_column.addWidget(self.deficit_why)
        table_column.addStretch(1)
        beside = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        beside.addLayout(table_column, 1)
        beside.addWidget(self.rating)
        self.beside_layout = beside
        deficits_box = boxed(
            "Expected deficits of the selected option: rate each beside it", self.option_caption
        )
        deficits_box.layout().addLayout(beside)
        self.deficits_box = deficits_box

        self.ratings_view = self._ratings_table()
        self.chart = TradeoffChart()

        use_team = QPushButton("Use a team figure for this option")
        use_team.setToolTip("Replace the published benefit figure for this case (with a note)")
        use_team.clicked.connect(self.add_team_figure)
        self.use_team_button = use_team
        self.team_form = TeamFigureForm(self._add_team_row)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(boxed("Function loss and status (before saving)", self.alarm, self.verdict))
        column.addWidget(boxed("Options side by side (select one)", self.options_view))
        column.addWidget(deficits_box)
        column.addWidget(
            boxed("The trade-off at a glance (grey: already present; ratings framed)", self.chart)
        )
        column.addLayout(top)
        column.addWidget(boxed("Ratings of the selected option", self.ratings_view))
        column.addWidget(
            boxed("Team's benefit figures for this case", self.benefits, use_team, self.team_form)
        )
        column.addStretch(1)
        # Options, then the deficits, then who rates and why: the order the team works in.
        QWidget.setTabOrder(self.options_view, self.deficits_view)
        QWidget.setTabOrder(self.deficits_view, self.rater)
        QWidget.setTabOrder(self.rater, self.comment)

    def _ratings_table(self) -> QTableView:
        ratings = QTableView()
        ratings.setModel(self.ratings_proxy)
        ratings.setItemDelegate(RecordDelegate(self.assessments.columns, ratings))
        ratings.setAccessibleName("Ratings of the selected option")
        ratings.verticalHeader().hide()
        ratings.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        ratings.setTabKeyNavigation(False)
        ratings.horizontalHeader().setStretchLastSection(True)
        for i, column in enumerate(self.assessments.columns):
            ratings.horizontalHeader().resizeSection(i, column.width or 120)
        ratings.setColumnHidden(0, True)  # the procedure is the selected option
        # Likelihood and baseline belong to the deficit and stand beside it above; here,
        # who rated what and why: in 1600 px they pushed "Rated by" out of sight.
        keys = [c.key for c in self.assessments.columns]
        for key in ("likelihood", "already_present"):
            ratings.setColumnHidden(keys.index(key), True)
        # Room for an "other" deficit's words ("Other: hoarseness, cough (stimulation)").
        ratings.horizontalHeader().resizeSection(keys.index("deficit"), RATED_DEFICIT_WIDTH)
        ratings.setMinimumHeight(120)
        return ratings

    # --- showing --------------------------------------------------------------------

    def show_view(self, view: TradeoffView | None, stale_problems: int = 0) -> None:
        """Show the trade-off of the document; None while the document has problems.

        Out of sight (another tab is open), it is shown when the page is: filling its tables
        and chart was ~1 ms of opening every case (open_case_ms, docs/performance.md)."""
        if not self.isVisible():
            if view is not None:
                self._keep_choice(view)
                self.chart.show_view(view)  # drawn as its own showEvent comes, before this page's
            kept = [] if view is not None else [w for w in self._waiting if w[0] is not None][-1:]
            self._waiting = [*kept, (view, stale_problems)]
            return
        self._waiting = []
        self._show_view(view, stale_problems)

    def _keep_choice(self, view: TradeoffView) -> None:
        """The option and deficit that showing ``view`` would leave selected: the ones selected
        before while ``view`` has them, else its proposed option (else its first) and that
        option's first deficit. Kept so a page shown later selects what it would have."""
        procedures = [o.procedure for o in view.options]
        if self._procedure not in procedures:
            proposed = view.proposed_procedure
            self._procedure = proposed if proposed in procedures else procedures[0] if procedures else None
        option = view.option(self._procedure) if self._procedure else None
        deficits = (
            [] if option is None else [d.deficit for d in (*option.new_deficits, *option.baseline_deficits)]
        )
        if deficits and self._deficit not in deficits:
            self._deficit = deficits[0]

    def showEvent(self, event: QShowEvent) -> None:
        waiting, self._waiting = self._waiting, []
        for view, stale_problems in waiting:
            self._show_view(view, stale_problems)
        super().showEvent(event)

    def _show_view(self, view: TradeoffView | None, stale_problems: int) -> None:
        if view is None:
            if stale_problems:
                self.verdict.setText(f"⚠ Not up to date: fix the {stale_problems} problem(s) listed above.")
            return
        self.view = view
        self.options_model.set_view(view)
        _fit_rows(self.options_view)
        row = self.options_model.row_of(self._procedure)
        if row < 0:
            row = self.options_model.row_of(view.proposed_procedure)
        self.options_view.selectRow(max(row, 0))
        self._show_option()
        self._show_verdict(view)
        self._show_waiting(view)
        self.chart.show_view(view)

    def _show_verdict(self, view: TradeoffView) -> None:
        state = STATE_WORDS.get(view.function_loss_state, view.function_loss_state)
        # The rules' verdict stands; how much of the option it rests on goes beside it.
        coverage = coverage_words(view)
        lines = [f"Criterion 5, acceptable function loss: {state}", view.function_loss_reason]
        lines += [coverage] if coverage else []
        lines.append(f"Status: {status_words(view.status)}")
        self.verdict.setText("\n".join(lines))
        self.verdict.setProperty("state", view.function_loss_state)
        self.verdict.style().unpolish(self.verdict)  # the style sheet follows the new state
        self.verdict.style().polish(self.verdict)
        alarms = view.alarms
        self.alarm.setText("\n".join(f"⚠ {w.message}" for w in alarms))
        self.alarm.setVisible(bool(alarms))

    def _show_waiting(self, view: TradeoffView) -> None:
        medical = view.options[-1].waiting
        if medical is None:
            return
        # Escaped: the label reads rich text, and a source may hold "&" ("Hauptman & Mathern").
        items = "".join(
            f"<li>{escape(c.statement)} <i>({escape(c.source)})</i></li>" for c in medical.evidence
        )
        self.waiting.setText(f"<b>{escape(medical.text)}</b><ul style='margin-left:-20px'>{items}</ul>")

    def _fit_deficit_rows(self) -> None:
        """Each row as tall as its deficit's label wrapped in its column (the reason, long,
        is shown whole in the tooltip rather than making every row tall)."""
        view = self.deficits_view
        metrics = QFontMetrics(view.font())
        width = view.columnWidth(0) - 6  # the delegate's text margins
        flags = int(Qt.TextFlag.TextWordWrap)
        for row in range(self.deficits_model.rowCount()):
            text = str(self.deficits_model.index(row, 0).data() or "")
            height = metrics.boundingRect(0, 0, max(width, 40), 10_000, flags, text).height() + 8
            view.setRowHeight(row, max(ROW_HEIGHT, height))
        _fit_rows(view)

    def _fit_columns(self) -> None:
        """The reasons' column while it has room to be read (else only the selected one, under
        the table); the other columns share a narrow table's width rather than scroll off."""
        view = self.deficits_view
        room = view.viewport().width()
        others = [c for c in range(len(DEFICIT_WIDTHS)) if c != WHY_COLUMN]
        fixed = sum(DEFICIT_WIDTHS[c] for c in others)
        view.setColumnHidden(WHY_COLUMN, room - fixed < MIN_WHY_WIDTH)
        _share(view, others, DEFICIT_WIDTHS)
        if not view.isColumnHidden(WHY_COLUMN):  # the rest of the width, never past its edge
            view.setColumnWidth(WHY_COLUMN, room - fixed)
        _share(self.options_view, list(range(len(OPTION_WIDTHS))), OPTION_WIDTHS)
        _fit_rows(self.options_view)
        self._fit_deficit_rows()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_columns)  # once the tables have their new width
        wide = self.width() >= SIDE_BY_SIDE_WIDTH
        self.top_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        beside = self.width() >= RATING_BESIDE_WIDTH
        self.beside_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        )

    def _option_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._procedure = current.data(PROCEDURE_ROLE)
        self._show_option()

    def _show_option(self) -> None:
        procedure = self._procedure if self.options_model.row_of(self._procedure) >= 0 else None
        if procedure is None and self.view is not None and self.view.options:
            procedure = self.view.options[0].procedure
        self._procedure = procedure
        self.deficits_model.set_option(self.view, procedure)
        option = self.view.option(procedure) if self.view is not None and procedure else None
        labels = {} if option is None else {d.deficit: d.label for d in option.deficits}
        self.ratings_proxy.show_procedure(procedure, labels)
        if option is not None and option.waiting is not None:
            self.option_caption.setText(
                f"{option.label}: no surgical deficit; the cost is time with spasms (see Cost of waiting)."
            )
        elif option is not None:
            self.option_caption.setText(
                f"{self._where(option.procedure)} Benefit: {option.benefit.text} ({option.benefit.source})."
            )
        self._fit_deficit_rows()
        row = self.deficits_model.row_of(self._deficit)
        self.deficits_view.selectRow(max(row, 0))
        self._show_target()

    def _where(self, procedure: str) -> str:
        label = vocab.label(vocab.PROCEDURE, procedure)
        if procedure in PALLIATIVE_PROCEDURES:
            return f"{label}: no cortex is removed."
        if self.view is None or self.view.site.side is None:
            return f"{label}: the side of surgery is not known from the MRI or PET."
        return f"{label} on the {self.view.site.words}."

    def _deficit_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._deficit = current.data(DEFICIT_ROLE)
        self._show_target()

    def _show_target(self) -> None:
        """Name, beside the buttons, the deficit and option a press would rate."""
        option = self.view.option(self._procedure) if self.view is not None and self._procedure else None
        index = self.deficits_view.currentIndex()
        deficit = index.siblingAtColumn(0).data() if index.isValid() else None
        rateable = option is not None and option.waiting is None
        self.rating.show_target(deficit, option.label if option is not None else None, rateable)
        why = index.siblingAtColumn(WHY_COLUMN).data() if index.isValid() else None
        self.deficit_why.setText(f"Why, for {deficit}: {why}" if why else "")

    # --- acting ------------------------------------------------------------------------

    def select(self, procedure: str, deficit: str | None = None) -> None:
        """Select an option (and one of its deficits), as a click would."""
        self._procedure = procedure
        self._deficit = deficit
        self.options_view.selectRow(max(self.options_model.row_of(procedure), 0))
        self._show_option()

    def rate(self, rating: str) -> None:
        """Record the rater's rating of the selected deficit of the selected option."""
        deficit = self.deficits_model.deficit_at(self.deficits_view.currentIndex().row())
        if self._procedure is None or deficit is None or self._procedure == vocab.CONTINUE_MEDICAL:
            return
        rater_column = next(c for c in self.assessments.columns if c.key == "rated_by")
        rated_by = suggested_value(rater_column, self.rater.currentText())
        if rated_by is None:
            # Never filed under someone by default: the family's view and a role's are weighed apart.
            self.rate_problem.setText("⚠ Rated by: say who gives this rating (the family or a team role).")
            self.rate_done.clear()
            self.rater.setFocus()
            return
        self.rate_problem.clear()
        deficit_words = self.deficits_view.currentIndex().siblingAtColumn(0).data() or deficit.deficit
        self.rate_done.setText(
            f"✓ {self.rater.currentText()}: {RATING_KEYS[rating].lower()} — {deficit_words} "
            f"({vocab.label(vocab.PROCEDURE, self._procedure)}). Ctrl+Z undoes it."
        )
        values = {
            "likelihood": deficit.likelihood,
            "already_present": deficit.already_present,
            "rating": rating,
            "comment": self.comment.text().strip() or None,
        }
        self._upsert(self._procedure, deficit.deficit, rated_by, values)
        self.comment.clear()
        self.commit()  # a rating is one decision: one undo step, and the verdict follows at once

    def _upsert(self, procedure: str, deficit: str, rated_by: str, values: dict[str, Any]) -> None:
        model = self.assessments
        rows = model.records()
        row = next(
            (
                i
                for i, r in enumerate(rows)
                if r.get("procedure") == procedure
                and r.get("deficit") == deficit
                and r.get("rated_by") == rated_by
            ),
            -1,
        )
        if row < 0:
            row = model.append_record()
            values = {"procedure": procedure, "deficit": deficit, "rated_by": rated_by, **values}
        keys = [c.key for c in model.columns]
        for key, value in values.items():
            model.setData(model.index(row, keys.index(key)), value)

    def add_team_figure(self) -> None:
        """Start a team figure for the selected option, prefilled with the published one.

        The figure goes into the case only with its note: a row added at once, note empty, put
        "Note is required" above the page before the user had typed a thing."""
        if self._procedure is None or self.view is None:
            return
        table = self.benefits
        rows = table.records()
        row = next((i for i, r in enumerate(rows) if r.get("procedure") == self._procedure), -1)
        if row >= 0:  # the option has its team figure: edit that one
            table.select_cell(row, "value")
            return
        option = self.view.option(self._procedure)
        published = option.benefit.value if option is not None and not option.benefit.edited else None
        label = option.label if option is not None else vocab.label(vocab.OPTION, self._procedure)
        self.team_form.start(self._procedure, label, published)

    def settle_team_figure(self) -> bool:
        """Before a save: a team figure typed but not yet added goes into the case; without
        its note it is flagged and False says the save must wait (never dropped silently)."""
        if self.team_form.procedure is None:
            return True
        self.team_form.submit()
        return self.team_form.procedure is None

    def _add_team_row(self, procedure: str, value: float, note: str) -> None:
        model = self.benefits.model
        row = model.append_record()
        keys = [c.key for c in model.columns]
        for key, data in (("procedure", procedure), ("value", value), ("note", note)):
            model.setData(model.index(row, keys.index(key)), data)
        self.commit()  # one undo step, and the options and chart show the team's figure at once

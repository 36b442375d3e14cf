"""The trade-off workspace: the options side by side, their deficits, the ratings, the chart.

It shows the ``TradeoffView`` the services computed from the editor's unsaved
document, and writes only into that document: a rating is an assessment row
of the editor's assessment model, a team figure a row of its benefit table,
the proposal and the next surgery date its fields. So undo, the draft, saving
and the live checklist treat them like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isconf import vocab
from isconf.services import TradeoffView, status_words, tradeoff_chart_content, tradeoff_chart_png
from isconf.status import State
from isconf.tradeoff.model import PALLIATIVE_PROCEDURES
from ui.editor.layout import boxed
from ui.editor.record_table import RecordDelegate, RecordModel, RecordTable, suggested_value
from ui.editor.team_figure import TeamFigureForm, plain_label
from ui.editor.tradeoff_models import (
    DEFICIT_ROLE,
    PROCEDURE_ROLE,
    DeficitsModel,
    OptionsModel,
    RatingsProxy,
)
from ui.tables import read_only_table

STATE_WORDS = {state.value: state.badge() for state in State}
RATING_KEYS = {"acceptable": "Acceptable", "concern": "Concern", "unacceptable": "Unacceptable"}
# Keys that work anywhere in the workspace, in the order of the buttons (Alt+letters are
# taken by the menus and the form's labels).
RATING_SHORTCUTS = {"acceptable": "Ctrl+1", "concern": "Ctrl+2", "unacceptable": "Ctrl+3"}
# Drawing the chart takes about a tenth of a second: like the editor's capture, a burst of
# edits (ratings clicked in a row, a date typed) draws it once, after the last one.
CHART_DELAY_MS = 250
# Narrower than this the chart's words would crowd: it is drawn this wide and scaled down.
MIN_CHART_WIDTH = 960
# Narrower than this (1600 px with the case list and the checklist shown) the decision and the
# cost of waiting stand one above the other: side by side, the option boxes and the text were cut.
SIDE_BY_SIDE_WIDTH = 1000
RATED_DEFICIT_WIDTH = 280


def _table(model: Any, name: str) -> QTableView:
    view = read_only_table(model, name)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    return view


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
        self._chart_view: TradeoffView | None = None
        self.chart_pixmap: QPixmap | None = None  # as drawn; the label shows it scaled to fit
        self._chart_drawn: Any = None  # what the picture on screen shows, and at which width
        self._chart_timer = QTimer(self, singleShot=True, interval=CHART_DELAY_MS)
        self._chart_timer.timeout.connect(self._draw_chart)
        self._procedure: str | None = None
        self._deficit: str | None = None
        self.options_model = OptionsModel(self)
        self.deficits_model = DeficitsModel(self)
        self.ratings_proxy = RatingsProxy(assessments, self)
        self._build(decision)

    # --- building ----------------------------------------------------------------

    def _build(self, decision: QWidget) -> None:
        self.verdict = plain_label("tradeoffVerdict")
        self.waiting = plain_label("tradeoffWaiting")
        self.waiting.setTextFormat(Qt.TextFormat.RichText)
        left = QVBoxLayout()
        left.addWidget(decision)
        left.addWidget(boxed("Function loss and status (before saving)", self.verdict))
        left.addStretch(1)
        self.waiting_box = boxed("Cost of waiting: continue medical treatment", self.waiting)
        top = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        top.addLayout(left, 3)
        top.addWidget(self.waiting_box, 2)
        self.top_layout = top

        self.options_view = _table(self.options_model, "Options")
        self.options_view.selectionModel().currentRowChanged.connect(self._option_changed)
        self.options_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Within the width of the page at 1600 px, so the ratings column shows without scrolling.
        for column, width in enumerate((190, 150, 220, 250, 130)):
            self.options_view.horizontalHeader().resizeSection(column, width)

        self.deficits_view = _table(self.deficits_model, "Deficits of the selected option")
        self.deficits_view.setMinimumHeight(170)
        self.deficits_view.selectionModel().currentRowChanged.connect(self._deficit_changed)
        for column, width in enumerate((150, 90, 175, 420)):
            self.deficits_view.horizontalHeader().resizeSection(column, width)
        self.option_caption = plain_label("hint")

        ratings = QTableView()
        ratings.setModel(self.ratings_proxy)
        ratings.setItemDelegate(RecordDelegate(self.assessments.columns, ratings))
        ratings.setAccessibleName("Ratings of the selected option")
        ratings.verticalHeader().hide()
        ratings.verticalHeader().setDefaultSectionSize(24)
        ratings.setTabKeyNavigation(False)
        ratings.horizontalHeader().setStretchLastSection(True)
        for i, column in enumerate(self.assessments.columns):
            ratings.horizontalHeader().resizeSection(i, column.width or 120)
        ratings.setColumnHidden(0, True)  # the procedure is the selected option
        # Likelihood and baseline belong to the deficit and stand beside it on the left; here,
        # who rated what and why: in 1600 px they pushed "Rated by" out of sight.
        keys = [c.key for c in self.assessments.columns]
        for key in ("likelihood", "already_present"):
            ratings.setColumnHidden(keys.index(key), True)
        # Room for an "other" deficit's words ("Other: hoarseness, cough (stimulation)").
        ratings.horizontalHeader().resizeSection(keys.index("deficit"), RATED_DEFICIT_WIDTH)
        self.ratings_view = ratings

        self.chart = QLabel(objectName="tradeoffChart")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.chart.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.chart.setAccessibleName("Trade-off chart")

        use_team = QPushButton("Use a team figure for this option")
        use_team.setToolTip("Replace the published benefit figure for this case (with a note)")
        use_team.clicked.connect(self.add_team_figure)
        self.use_team_button = use_team
        self.team_form = TeamFigureForm(self._add_team_row)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(boxed("Options side by side (select one)", self.options_view))
        column.addWidget(boxed("The trade-off at a glance", self.chart))
        # The ratings under the deficits, the page's full width: beside them, at 1600 px with the
        # checklist shown, "Rated by" was out of sight and two raters' rows looked alike.
        column.addWidget(
            boxed(
                "Expected deficits of the selected option (grey: already present at baseline)",
                self.option_caption,
                self.deficits_view,
                self._rating_bar(),
            )
        )
        self.ratings_view.setMinimumHeight(120)
        column.addWidget(boxed("Ratings of the selected option", self.ratings_view))
        column.addWidget(
            boxed("Team's benefit figures for this case", self.benefits, use_team, self.team_form)
        )

    def _rating_bar(self) -> QWidget:
        bar = QWidget()
        grid = QGridLayout(bar)
        grid.setContentsMargins(0, 0, 0, 0)
        self.rater = QComboBox()
        self.rater.setEditable(True)
        self.rater.setAccessibleName("Rated by")
        self.rater.lineEdit().setAccessibleName("Rated by")  # where the typing goes
        for code, text in vocab.RATED_BY_SUGGESTIONS:
            self.rater.addItem(text, code)
        self.comment = QLineEdit(placeholderText="Comment (why)")
        self.comment.setAccessibleName("Comment")
        rater_label = QLabel("Rated &by")
        rater_label.setBuddy(self.rater)
        grid.addWidget(rater_label, 0, 0)
        grid.addWidget(self.rater, 0, 1)
        grid.addWidget(self.comment, 0, 2, 1, 3)
        self.rate_actions: dict[str, QAction] = {}
        self.rate_buttons: dict[str, QPushButton] = {}
        for i, (code, text) in enumerate(RATING_KEYS.items()):
            action = self._rate_action(code, text)
            self.rate_actions[code] = action
            button = QPushButton(text)
            button.setObjectName(f"rate_{code}")
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            grid.addWidget(button, 1, 2 + i)
            self.rate_buttons[code] = button
        grid.addWidget(QLabel("Rate the selected deficit (Ctrl+1, 2, 3):"), 1, 0, 1, 2)
        self.rate_problem = plain_label("rateProblem")
        grid.addWidget(self.rate_problem, 2, 0, 1, 5)
        self.rate_done = plain_label("hint")  # what the last press recorded: the verdict may not move
        grid.addWidget(self.rate_done, 3, 0, 1, 5)
        return bar

    def _rate_action(self, code: str, text: str) -> QAction:
        """One action per rating: its button and its key, within this workspace only."""
        key = QKeySequence(RATING_SHORTCUTS[code])
        action = QAction(f"Rate {text.lower()}", self)
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = key.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"Rate the selected deficit {text.lower()} for the selected option ({shown})")
        action.triggered.connect(lambda _checked=False, c=code: self.rate(c))
        self.addAction(action)
        return action

    # --- showing --------------------------------------------------------------------

    def show_view(self, view: TradeoffView | None, stale_problems: int = 0) -> None:
        """Show the trade-off of the document; None while the document has problems."""
        if view is None:
            if stale_problems:
                self.verdict.setText(f"⚠ Not up to date: fix the {stale_problems} problem(s) listed above.")
            return
        self.view = view
        self.options_model.set_view(view)
        self._fit_rows(self.options_view, len(view.options))
        row = self.options_model.row_of(self._procedure)
        if row < 0:
            row = self.options_model.row_of(view.proposed_procedure)
        self.options_view.selectRow(max(row, 0))
        self._show_option()
        state = STATE_WORDS.get(view.function_loss_state, view.function_loss_state)
        self.verdict.setText(
            f"Criterion 5, acceptable function loss: {state}\n{view.function_loss_reason}\n"
            f"Status: {status_words(view.status)}"
        )
        self.verdict.setProperty("state", view.function_loss_state)
        self.verdict.style().unpolish(self.verdict)  # the style sheet follows the new state
        self.verdict.style().polish(self.verdict)
        self._show_waiting(view)
        self._chart_view = view
        if self.isVisible():  # a hidden workspace draws when it is shown, not on every edit elsewhere
            self._chart_timer.start()

    def _fit_rows(self, table: QTableView, rows: int) -> None:
        """Tall enough for every option, so the side-by-side view needs no scrolling."""
        height = table.horizontalHeader().height() + rows * table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(
            height + 2 * table.frameWidth() + table.horizontalScrollBar().sizeHint().height()
        )

    def _show_waiting(self, view: TradeoffView) -> None:
        medical = view.options[-1].waiting
        if medical is None:
            return
        # Escaped: the label reads rich text, and a source may hold "&" ("Hauptman & Mathern").
        items = "".join(
            f"<li>{escape(c.statement)} <i>({escape(c.source)})</i></li>" for c in medical.evidence
        )
        self.waiting.setText(f"<b>{escape(medical.text)}</b><ul style='margin-left:-20px'>{items}</ul>")

    def _draw_chart(self) -> None:
        """Draw the chart at the width it is shown at (its text then stays at its size),
        only when something on it or that width changed."""
        self._chart_timer.stop()
        view = self._chart_view
        if view is None or not self.isVisible():
            return
        width = self._chart_width()
        key = (tradeoff_chart_content(view), width)
        if key == self._chart_drawn:
            return
        self._chart_drawn = key
        pixmap = QPixmap()
        pixmap.loadFromData(tradeoff_chart_png(view, width_px=width), "PNG")
        self.chart_pixmap = pixmap
        self._fit_chart()

    def _chart_width(self) -> int:
        return max(self.chart.width(), MIN_CHART_WIDTH)

    def _fit_chart(self) -> None:
        pixmap = self.chart_pixmap
        if pixmap is None or pixmap.isNull():
            return
        width = max(self.chart.width(), 600)
        self.chart.setPixmap(
            pixmap.scaledToWidth(min(width, pixmap.width()), Qt.TransformationMode.SmoothTransformation)
        )

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._draw_chart()  # at once: the user has just opened the workspace

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        wide = self.width() >= SIDE_BY_SIDE_WIDTH
        self.top_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        self._fit_chart()  # the old picture scaled for now, a sharp one once resizing stops
        if self.isVisible():
            self._chart_timer.start()

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
        row = self.deficits_model.row_of(self._deficit)
        self.deficits_view.selectRow(max(row, 0))
        rateable = option is not None and option.waiting is None
        for action in self.rate_actions.values():
            action.setEnabled(rateable)

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

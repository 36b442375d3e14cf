"""The trade-off workspace: the options side by side, their deficits, the ratings, the chart.

It shows the ``TradeoffView`` the services computed from the editor's unsaved
document, and writes only into that document: a rating is an assessment row
of the editor's assessment model, a team figure a row of its benefit table,
the proposal and the next surgery date its fields. So undo, the draft, saving
and the live checklist treat them like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
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
from isconf.services import TradeoffView, status_words, tradeoff_chart_png
from ui.editor.record_table import RecordDelegate, RecordModel, RecordTable, suggested_value
from ui.editor.tradeoff_models import (
    DEFICIT_ROLE,
    PROCEDURE_ROLE,
    DeficitsModel,
    OptionsModel,
    RatingsProxy,
)

STATE_WORDS = {"met": "✓ MET", "not_met": "✗ NOT MET", "unknown": "? UNKNOWN"}
RATING_KEYS = {"acceptable": "Acceptable", "concern": "Concern", "unacceptable": "Unacceptable"}


def _table(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    return view


def _label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
        self._chart_key: Any = None
        self._pending_chart: TradeoffView | None = None
        self._procedure: str | None = None
        self._deficit: str | None = None
        self.options_model = OptionsModel(self)
        self.deficits_model = DeficitsModel(self)
        self.ratings_proxy = RatingsProxy(assessments, self)
        self._build(decision)

    # --- building ----------------------------------------------------------------

    def _build(self, decision: QWidget) -> None:
        self.verdict = _label("tradeoffVerdict")
        self.waiting = _label("tradeoffWaiting")
        self.waiting.setTextFormat(Qt.TextFormat.RichText)
        left = QVBoxLayout()
        left.addWidget(decision)
        left.addWidget(self._boxed("Function loss and status (before saving)", self.verdict))
        left.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addWidget(self._boxed("Cost of waiting: continue medical treatment", self.waiting), 2)

        self.options_view = _table(self.options_model, "Options")
        self.options_view.selectionModel().currentRowChanged.connect(self._option_changed)
        self.options_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((210, 190, 260, 300, 170)):
            self.options_view.horizontalHeader().resizeSection(column, width)

        self.deficits_view = _table(self.deficits_model, "Deficits of the selected option")
        self.deficits_view.setMinimumHeight(170)
        self.deficits_view.selectionModel().currentRowChanged.connect(self._deficit_changed)
        for column, width in enumerate((150, 90, 175, 420)):
            self.deficits_view.horizontalHeader().resizeSection(column, width)
        self.option_caption = _label("hint")

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
        self.ratings_view = ratings

        self.chart = QLabel(objectName="tradeoffChart")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.chart.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.chart.setAccessibleName("Trade-off chart")

        use_team = QPushButton("Use a team figure for this option")
        use_team.setToolTip("Replace the published benefit figure for this case (with a note)")
        use_team.clicked.connect(self.add_team_figure)
        self.use_team_button = use_team

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self._boxed("Options side by side (select one)", self.options_view))
        column.addWidget(self._boxed("The trade-off at a glance", self.chart))
        detail = QHBoxLayout()
        detail.addWidget(
            self._boxed(
                "Expected deficits of the selected option (grey: already present at baseline)",
                self.option_caption,
                self.deficits_view,
                self._rating_bar(),
            ),
            3,
        )
        detail.addWidget(self._boxed("Ratings of the selected option", self.ratings_view), 2)
        column.addLayout(detail)
        column.addWidget(self._boxed("Team's benefit figures for this case", self.benefits, use_team))

    def _boxed(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _rating_bar(self) -> QWidget:
        bar = QWidget()
        grid = QGridLayout(bar)
        grid.setContentsMargins(0, 0, 0, 0)
        self.rater = QComboBox()
        self.rater.setEditable(True)
        self.rater.setAccessibleName("Rated by")
        for code, text in vocab.RATED_BY_SUGGESTIONS:
            self.rater.addItem(text, code)
        self.comment = QLineEdit(placeholderText="Comment (why)")
        self.comment.setAccessibleName("Comment")
        rater_label = QLabel("Rated &by")
        rater_label.setBuddy(self.rater)
        grid.addWidget(rater_label, 0, 0)
        grid.addWidget(self.rater, 0, 1)
        grid.addWidget(self.comment, 0, 2, 1, 3)
        self.rate_buttons: dict[str, QPushButton] = {}
        for i, (code, text) in enumerate(RATING_KEYS.items()):
            button = QPushButton(text)
            button.setObjectName(f"rate_{code}")
            button.setToolTip(f"Rate the selected deficit {text.lower()} for the selected option")
            button.clicked.connect(lambda _checked=False, c=code: self.rate(c))
            grid.addWidget(button, 1, 2 + i)
            self.rate_buttons[code] = button
        grid.addWidget(QLabel("Rate the selected deficit:"), 1, 0, 1, 2)
        return bar

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
        self._show_chart(view)

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
        items = "".join(f"<li>{c.statement} <i>({c.source})</i></li>" for c in medical.evidence)
        self.waiting.setText(f"<b>{medical.text}</b><ul style='margin-left:-20px'>{items}</ul>")

    def _show_chart(self, view: TradeoffView) -> None:
        if not self.isVisible():
            self._pending_chart = view  # drawn when the workspace is shown, not on every edit elsewhere
            return
        self._pending_chart = None
        key = view.to_json()
        if key == self._chart_key:
            return  # drawing takes a moment: only when something on it changed
        self._chart_key = key
        pixmap = QPixmap()
        pixmap.loadFromData(tradeoff_chart_png(view), "PNG")
        self.chart_pixmap = pixmap
        self._fit_chart()

    def _fit_chart(self) -> None:
        pixmap = getattr(self, "chart_pixmap", None)
        if pixmap is None or pixmap.isNull():
            return
        width = max(self.chart.width(), 600)
        self.chart.setPixmap(
            pixmap.scaledToWidth(min(width, pixmap.width()), Qt.TransformationMode.SmoothTransformation)
        )

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._pending_chart is not None:
            self._show_chart(self._pending_chart)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_chart()

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
        self.ratings_proxy.show_procedure(procedure)
        option = self.view.option(procedure) if self.view is not None and procedure else None
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
        for button in self.rate_buttons.values():
            button.setEnabled(rateable)

    def _where(self, procedure: str) -> str:
        label = vocab.label(vocab.PROCEDURE, procedure)
        if procedure in ("corpus_callosotomy", "vns"):
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
        rated_by = suggested_value(rater_column, self.rater.currentText()) or "family"
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
        """Start a team figure for the selected option, prefilled with the published one."""
        if self._procedure is None or self.view is None:
            return
        table = self.benefits
        rows = table.records()
        row = next((i for i, r in enumerate(rows) if r.get("procedure") == self._procedure), -1)
        if row < 0:
            row = table.model.append_record()
            option = self.view.option(self._procedure)
            published = option.benefit.value if option is not None and not option.benefit.edited else None
            table.model.setData(table.model.index(row, 0), self._procedure)
            if published is not None:
                table.model.setData(table.model.index(row, 1), published)
        table.select_cell(row, "value")

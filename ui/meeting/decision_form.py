"""The decision for one case: recommendation, tests, rationale, consensus and dissent,
the options considered, and the action items."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from isconf.meetings import vocab
from isconf.meetings.model import AgendaEntry, ConsideredOption
from ui.meeting.actions import action_button
from ui.meeting.decision_card import DecisionCard
from ui.meeting.decision_models import ActionItemsModel, OptionsModel
from ui.meeting.scrolling import scrolling
from ui.meeting.unrecorded import Typed, Unrecorded, recorded_base, typed_words

TEST_COLUMNS = 2  # each test named whole, and the form narrow enough for the agenda beside it


TITLE_LETTERS = 44


class DecisionForm(QGroupBox):
    """What the team decided for the selected case; ``Record decision`` saves it."""

    problemsShown = Signal(str)
    edited = Signal()  # anything in the form changed (typed, or loaded): kept_details mirrors it

    def __init__(self, add_item: QAction, remove_item: QAction, parent: Any = None) -> None:
        """``add_item`` and ``remove_item``: the window's actions for the action items, which
        this form enables while a decision can be edited."""
        super().__init__("Decision", parent)
        self.mrn: str | None = None
        self._base: str | None = None
        self._loaded: Typed | None = None
        self._editable = False
        self.unrecorded = Unrecorded()
        self.item_actions = (add_item, remove_item)
        self.recommendation = QComboBox()
        self.recommendation.addItem("— choose —", None)
        for code, label in vocab.RECOMMENDATION:
            self.recommendation.addItem(label, code)
        self.recommendation.currentIndexChanged.connect(self._update_enabled)
        self.tests = {code: QCheckBox(label) for code, label in vocab.TEST}
        tests_row = QWidget()
        tests_layout = QGridLayout(tests_row)
        tests_layout.setContentsMargins(0, 0, 0, 0)
        for n, box in enumerate(self.tests.values()):
            tests_layout.addWidget(box, n // TEST_COLUMNS, n % TEST_COLUMNS)
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Why the team recommends this (required)")
        self.rationale.setFixedHeight(64)
        self.rationale.setTabChangesFocus(True)
        self.consensus = QComboBox()
        for code, label in vocab.CONSENSUS:
            self.consensus.addItem(label, code)
        self.consensus.currentIndexChanged.connect(self._update_enabled)
        self.dissent = QLineEdit()
        self.dissent.setPlaceholderText("Who disagreed and why (required with a majority)")
        self.options_model = OptionsModel(self)
        self.options_view = QTableView()
        self.options_view.setModel(self.options_model)
        self.options_view.verticalHeader().hide()
        self.options_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.options_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.options_view.setAccessibleName("Options considered")
        self.actions_model = ActionItemsModel(self)
        self.actions_model.problems.connect(self.problemsShown)
        self.actions_view = QTableView()
        self.actions_view.setModel(self.actions_model)
        self.actions_view.verticalHeader().hide()
        self.actions_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.actions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_view.setAccessibleName("Action items")
        self.actions_view.setMinimumHeight(90)
        self.add_action_button = action_button(add_item)
        self.remove_action_button = action_button(remove_item)
        self.record_button = QPushButton("Record decision")
        self.record_button.setDefault(True)
        self.problems = QLabel(objectName="warningBox")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.problemsShown.connect(self.show_problems)
        self.decided = QLabel(objectName="hint")
        self.decided.setWordWrap(True)

        recommendation_page = QWidget()
        page_layout = QVBoxLayout(recommendation_page)
        self.card = DecisionCard()
        page_layout.addWidget(self.card)
        self.fields = QWidget()  # hidden where the decision can no longer change: the card says it
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.fields)
        page_layout.addStretch(1)
        form.addRow("&Recommendation", self.recommendation)
        form.addRow("&Tests requested", tests_row)
        form.addRow("Rationa&le", self.rationale)  # Alt+T is Tests requested
        form.addRow("&Consensus", self.consensus)
        form.addRow("&Dissent", self.dissent)
        actions_page = QWidget()
        actions_layout = QVBoxLayout(actions_page)
        actions_layout.addWidget(self.actions_view, 1)
        action_buttons = QHBoxLayout()
        action_buttons.addWidget(self.add_action_button)
        action_buttons.addWidget(self.remove_action_button)
        action_buttons.addStretch(1)
        actions_layout.addLayout(action_buttons)
        self.tabs = QTabWidget()
        # The form scrolls on a small screen; Record decision below it stays in sight.
        self.tabs.addTab(scrolling(recommendation_page), "Recommendation")
        self.tabs.addTab(self.options_view, "Options considered")
        self.tabs.addTab(actions_page, "Action items")
        buttons = QHBoxLayout()
        buttons.addWidget(self.decided, 1)
        buttons.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        for changed in (
            self.recommendation.currentIndexChanged,
            self.consensus.currentIndexChanged,
            self.rationale.textChanged,
            self.dissent.textChanged,
            *(box.toggled for box in self.tests.values()),
            *(m.dataChanged for m in (self.options_model, self.actions_model)),
            *(m.modelReset for m in (self.options_model, self.actions_model)),
            self.actions_model.rowsInserted,
            self.actions_model.rowsRemoved,
        ):
            changed.connect(self.edited)
        self.recommendation.currentIndexChanged.connect(lambda: self._field_edited("Recommendation", "Tests"))
        self.rationale.textChanged.connect(lambda: self._field_edited("Rationale"))
        self.consensus.currentIndexChanged.connect(lambda: self._field_edited("Consensus", "Dissent"))
        self.dissent.textChanged.connect(lambda: self._field_edited("Dissent"))
        self.load(None, editable=False)

    # --- showing -------------------------------------------------------------------------

    def load(self, item: AgendaEntry | None, *, editable: bool) -> None:
        self._stash()  # what was typed for the case shown so far
        self.mrn = item.mrn if item else None
        self._base = recorded_base(item)
        title = f"Decision for {item.mrn} {item.display_name}".strip() if item else "Decision (select a case)"
        self.setToolTip(title)  # a long name is cut in the title: the form must fit a laptop
        self.setTitle(title if len(title) <= TITLE_LETTERS else title[: TITLE_LETTERS - 1] + "…")
        decision = item.decision if item else None
        if decision is None:
            self._show_values(None, (), "", vocab.UNANIMOUS, None)
        else:
            self._show_values(
                decision.recommendation,
                decision.tests_requested,
                decision.rationale,
                decision.consensus,
                decision.dissent,
            )
        self.options_model.editable = editable and item is not None
        self.options_model.set_options(item.options if item else ())
        self.actions_model.editable = editable and item is not None
        self.actions_model.only_done = not editable and item is not None
        self.actions_model.set_items(item.actions if item else ())
        self.decided.setText(
            f"Recorded {decision.decided_at:%Y-%m-%d %H:%M} UTC by {decision.decided_by}, on the evaluation of "
            f"{decision.evaluation.get('as_of')} (rules version {decision.rules_version}: status "
            f"{decision.evaluation.get('status', '').replace('_', ' ')})"
            if decision
            else ""
        )
        self.show_problems("")
        self._editable = editable and item is not None
        for widget in (
            self.recommendation,
            self.consensus,
            *self.item_actions,
        ):
            widget.setEnabled(self._editable)
        self.rationale.setReadOnly(not self._editable)  # legible when the meeting is closed
        self.card.show_item(item)
        self.fields.setVisible(self._editable or decision is None)
        self.record_button.setEnabled(item is not None)
        # A closed meeting saves only action items ticked done.
        self.record_button.setText(
            "Record decision" if self._editable or item is None else "Save action items"
        )
        self._update_enabled()
        self._loaded = self._typed_now()
        if item is not None:
            self._put_back_unrecorded(item.mrn)

    def _stash(self) -> None:
        # Only an editable form holds typing: a closed meeting's is read-only, and what was
        # typed before it closed stays kept for its Reopen.
        if self._editable:
            self.unrecorded.stash(self.mrn, self.typed())

    def _put_back_unrecorded(self, mrn: str) -> None:
        if not self._editable:
            kept = self.unrecorded.by_mrn.get(mrn)
            if kept is not None:
                self.show_problems(
                    f"Typed and not recorded before the meeting closed (Reopen, Ctrl+Shift+O, to record it): "
                    f"{typed_words(kept)}"
                )
            return
        typed, words = self.unrecorded.take(mrn, self._base)
        if typed is not None and self.put_back(typed):
            self.decided.setText("Typed here and not recorded yet: Record decision saves it.")
        if words:
            self.show_problems(words)

    def show_again(self, item: AgendaEntry | None, *, editable: bool) -> None:
        """``item`` loaded afresh with what is kept for it put back (the form's own state, with
        nothing typed, is not stashed over it)."""
        self.mrn = None
        self.load(item, editable=editable)

    def recorded(self, mrn: str) -> None:
        """A decision for ``mrn`` was recorded from this form: nothing typed is left to keep for
        it (the case shown now may be another, clicked while the write ran)."""
        if self.mrn == mrn:
            self._loaded = self._typed_now()
        self.unrecorded.forget(mrn)

    def all_unrecorded(self) -> Unrecorded:
        """Every case's decision typed and not recorded, the one shown included."""
        self._stash()
        return self.unrecorded

    def let_go(self) -> None:
        """What was typed is kept on disk now and belongs elsewhere: to the meeting left, or to
        the member who left at the idle lock."""
        self.unrecorded.clear()
        self._loaded = self._typed_now()

    def typed(self) -> Typed | None:
        """What was typed for the shown case since it was loaded; None when nothing was."""
        now = self._typed_now()
        return now if now is not None and now != self._loaded else None

    def put_back(self, typed: Typed) -> bool:
        """``typed`` in the form again, when the same case is shown and may be edited."""
        if typed.mrn != self.mrn or not self._editable:
            return False
        v = typed.values
        self._show_values(
            v["recommendation"] or None, v["tests"], v["rationale"], v["consensus"], v["dissent"]
        )
        self.options_model.set_options(typed.options)
        self.actions_model.set_items(typed.actions)
        self._update_enabled()
        return True

    def _show_values(
        self,
        recommendation: str | None,
        tests: Collection[str],
        rationale: str,
        consensus: str | None,
        dissent: str | None,
    ) -> None:
        """The decision's fields, as recorded or as typed."""
        self.recommendation.setCurrentIndex(max(0, self.recommendation.findData(recommendation)))
        for code, box in self.tests.items():
            box.setChecked(code in tests)
        self.rationale.setPlainText(rationale)
        self.consensus.setCurrentIndex(max(0, self.consensus.findData(consensus)))
        self.dissent.setText(dissent or "")

    def _typed_now(self) -> Typed | None:
        if self.mrn is None:
            return None
        return Typed(
            self.mrn, self._base, self.values(), tuple(self.considered()), tuple(self.actions_model.items())
        )

    def show_problems(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.setVisible(bool(text))

    def _field_edited(self, *fields: str) -> None:
        """A field the problems named was changed: its line goes (the others stay), so the
        box does not keep saying "choose one" once one is chosen."""
        lines = self.problems.text().splitlines()
        kept = [line for line in lines if not line.startswith(tuple(f"{f}:" for f in fields))]
        if kept != lines:
            self.show_problems("\n".join(kept))

    def _update_enabled(self, *_: object) -> None:
        """Tests only with further evaluation; dissent only when the team was not unanimous."""
        editable = getattr(self, "_editable", False)
        further = self.recommendation.currentData() == vocab.FURTHER_EVALUATION
        for box in self.tests.values():
            box.setEnabled(editable and further)
        needs_dissent = self.consensus.currentData() != vocab.UNANIMOUS
        self.dissent.setEnabled(needs_dissent)
        self.dissent.setReadOnly(not editable)

    # --- reading --------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        further = self.recommendation.currentData() == vocab.FURTHER_EVALUATION
        dissent = self.dissent.text() if self.consensus.currentData() != vocab.UNANIMOUS else None
        return {
            "recommendation": self.recommendation.currentData() or "",
            "rationale": self.rationale.toPlainText(),
            "consensus": self.consensus.currentData(),
            "dissent": dissent,
            "tests": [code for code, box in self.tests.items() if box.isChecked()] if further else [],
        }

    def considered(self) -> list[ConsideredOption]:
        return self.options_model.options()

    def add_action_item(self) -> None:
        self.tabs.setCurrentIndex(self.tabs.indexOf(self.actions_view.parentWidget()))  # from the menu too
        row = self.actions_model.add_row()
        index = self.actions_model.index(row, 0)
        self.actions_view.setCurrentIndex(index)
        self.actions_view.edit(index)

    def remove_action_item(self) -> None:
        index = self.actions_view.currentIndex()
        if index.isValid():
            self.actions_model.remove_row(index.row())

"""The checklist panel: status banner, the five criteria with reasons and sources,
warnings, and urgency with the evidence for why delay matters.

It shows an ``Evaluation`` the services computed; it decides nothing itself.
States are shown by a word and a symbol as well as a colour. "Not met" is
drawn in a neutral violet, not alarm red: for some criteria (development
normal) it is good news for the child.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from isconf.services import (
    CRITERIA,
    Evaluation,
    Operation,
    day,
    lead_time_words,
    missing,
    pathway_words,
    resistance_words,
    rules_reference,
    spasm_weeks_words,
    status_words,
    urgency_summary,
    urgency_words,
)
from isconf.status import (
    NO_URGENCY_ONCE_OPERATED,
    State,
    Status,
    operation_words,
    rules_for_a_further_operation,
)
from ui.widgets.wrapped_label import RowFrame, WrappedLabel, layouts_paused

STATE_BADGES = {state.value: state.badge("  ") for state in State}


def status_symbol(code: str) -> str:
    """The status's symbol; none for a code this version does not know."""
    status = Status.of(code)
    return "" if status is None else status.symbol


def _label(name: str, text: str = "", *, wrap: bool = True, fills_row: bool = False) -> QLabel:
    label = (
        WrappedLabel(text, objectName=name, fills_row=fills_row) if wrap else QLabel(text, objectName=name)
    )
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def restyle(widget: QWidget, name: str, value: str) -> None:
    """Set a style property and make the style sheet notice it (only when it changed: polishing
    again is most of what showing a case's checklist costs)."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class CriterionCard(RowFrame):
    """One criterion: state badge, title, reason, evidence, what is missing, source."""

    def __init__(self, criterion_id: str) -> None:
        super().__init__(objectName="criterionCard")
        self.criterion_id = criterion_id
        self.badge = _label("stateBadge", wrap=False)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumWidth(104)
        self.title = _label("criterionTitle", rules_reference().criterion_titles[criterion_id])
        self.reason = _label("criterionReason", fills_row=True)
        self.evidence = _label("criterionEvidence", fills_row=True)
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.missing = _label("criterionMissing", fills_row=True)
        self.source = _label("criterionSource")
        head = QHBoxLayout()
        head.addWidget(self.badge)
        head.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(head)
        for label in (self.reason, self.evidence, self.missing, self.source):
            layout.addWidget(label)

    def show_criterion(self, evaluation: Evaluation) -> None:
        c = evaluation.criterion(self.criterion_id)
        self.badge.setText(STATE_BADGES[c.state])
        self.badge.setAccessibleName(f"{c.title}: {c.state.replace('_', ' ')}")
        restyle(self, "state", c.state)
        restyle(self.badge, "state", c.state)
        self.reason.setText(c.reason)
        items = "".join(f"<li>{escape(item)}</li>" for item in c.evidence)
        self.evidence.setText(f"<ul style='margin-left:-24px'>{items}</ul>" if items else "")
        self.evidence.setVisible(bool(items))
        self.missing.setText(f"Missing: {'; '.join(missing(m) for m in c.missing)}" if c.missing else "")
        self.missing.setToolTip("Case-file fields: " + ", ".join(c.missing))
        self.missing.setVisible(bool(c.missing))
        self.source.setText(f"Source: {c.source}")


class ChecklistPanel(QScrollArea):
    """The evaluation of the case in the editor, refreshed as the user edits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklistPanel")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.evaluation: Evaluation | None = None
        body = QWidget(objectName="checklistBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(self._build_banner())
        self.stale = _label("staleNote", fills_row=True)
        self.stale.hide()
        layout.addWidget(self.stale)
        self.warnings = _label("warningBox", fills_row=True)
        self.warnings.hide()
        layout.addWidget(self.warnings)
        layout.addWidget(_label("panelHeading", "Candidacy checklist (rules version 1)"))
        self.cards = {cid: CriterionCard(cid) for cid in CRITERIA}
        for card in self.cards.values():
            layout.addWidget(card)
        self.urgency_box = self._build_urgency()
        layout.addWidget(self.urgency_box)
        layout.addStretch(1)
        self.setWidget(body)
        self.show_nothing()

    def _build_banner(self) -> QFrame:
        self.banner = RowFrame(objectName="statusBanner")
        self.status_label = _label("statusText")
        self.urgent_badge = _label("urgentBadge", "URGENT", wrap=False)
        self.pathway_label = _label("pathwayText", fills_row=True)
        self.status_reason = _label("statusReason", fills_row=True)
        self.urgency_line = _label("bannerUrgency", fills_row=True)
        self.as_of_label = _label("asOfText")
        # An alarm (untreated spasms) beside the status, in the alert colour, whatever the status.
        self.alarm_label = _label("alarmBanner", fills_row=True)
        self.alarm_label.hide()
        head = QHBoxLayout()
        head.addWidget(self.status_label, 1)
        head.addWidget(self.urgent_badge, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self.banner)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(3)
        layout.addWidget(self.alarm_label)
        layout.addLayout(head)
        for label in (self.pathway_label, self.status_reason, self.urgency_line, self.as_of_label):
            layout.addWidget(label)
        return self.banner

    def _build_urgency(self) -> QFrame:
        box = RowFrame(objectName="urgencyBox")
        self.urgency_flag = _label("urgencyFlag")
        self.urgency_values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        rows = (
            ("spasm_weeks", "Weeks of spasms"),
            ("resistance", "Weeks since drug resistance"),
            ("lead_time", "Lead time, onset to first-line treatment"),
        )
        for row, (key, caption) in enumerate(rows):
            grid.addWidget(_label("urgencyCaption", caption), row, 0)
            self.urgency_values[key] = _label("urgencyValue")
            grid.addWidget(self.urgency_values[key], row, 1)
        grid.setColumnStretch(1, 1)
        evidence = "".join(
            f"<li>{escape(c.statement)} <i>({escape(c.source)})</i></li>"
            for c in rules_reference().why_speed_matters
        )
        why = _label("whySpeed", f"<b>Why speed matters</b><ul style='margin-left:-24px'>{evidence}</ul>")
        why.setTextFormat(Qt.TextFormat.RichText)
        lead_source = _label("criterionSource", f"Lead-time bands: {rules_reference().lead_time_source}")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(_label("panelHeading", "Urgency"))
        layout.addWidget(self.urgency_flag)
        layout.addLayout(grid)
        layout.addWidget(lead_source)
        layout.addWidget(why)
        return box

    # --- showing ---------------------------------------------------------------------

    def forget(self) -> None:
        """Another case is being loaded: never show this one's verdict for it, even marked out of
        date (``show_stale`` then shows nothing). Its widgets stay as they are until the new
        case's evaluation replaces them: hiding and showing them again cost a relayout."""
        self.evaluation = None

    def show_nothing(self) -> None:
        self.evaluation = None
        self.stale.hide()
        self.warnings.hide()
        self.urgency_box.hide()
        restyle(self.banner, "status", "")
        self.banner.setEnabled(False)
        self.status_label.setText("No evaluation yet")
        self.pathway_label.setText("")
        self.status_reason.setText("The checklist appears once the case has no problems left to fix.")
        self.as_of_label.setText("")
        self.urgency_line.setText("")
        self.urgent_badge.hide()
        self.alarm_label.hide()
        for card in self.cards.values():
            card.setVisible(False)

    def show_evaluation(self, evaluation: Evaluation, operation: Operation | None = None) -> None:
        with layouts_paused(self.widget(), self.banner, self.urgency_box, *self.cards.values()):
            self._show_evaluation(evaluation)
            if operation is not None:
                self._show_operation(operation, evaluation.status)

    def _show_operation(self, operation: Operation, status: str) -> None:
        """As the case list and the agenda say it: once operated, the banner shows the operation
        and its outcome, not the candidacy status or URGENT; the rules' status stays readable,
        as a further operation would be weighed, and an alarm (untreated spasms) stays."""
        restyle(self.banner, "status", "")
        self.status_label.setText(operation_words(f"on {day(operation.day)}", operation.outcome))
        self.urgent_badge.hide()
        self.pathway_label.setText(rules_for_a_further_operation(status))
        self.urgency_line.setText(f"{NO_URGENCY_ONCE_OPERATED}.")
        self.urgency_flag.setText(
            f"{NO_URGENCY_ONCE_OPERATED}: the child was operated on {day(operation.day)}."
        )
        restyle(self.urgency_flag, "urgent", "false")

    def _show_evaluation(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.stale.hide()
        e = evaluation
        restyle(self.banner, "status", e.status)
        self.banner.setEnabled(True)
        self.status_label.setText(f"{status_symbol(e.status)}  {status_words(e.status)}")
        self.pathway_label.setText(f"Pathway: {pathway_words(e.pathway, e.status)}")
        self.status_reason.setText(e.status_reason)
        self.urgency_line.setText(urgency_summary(e))
        self.as_of_label.setText(f"Evaluated as of {day(e.as_of)}, rules version {e.rules_version}")
        self.urgent_badge.setVisible(e.urgency.urgent)
        alarms = e.alarms
        self.alarm_label.setText("\n".join(f"⚠ {w.message}" for w in alarms))
        self.alarm_label.setVisible(bool(alarms))
        self.urgency_box.show()
        for card in self.cards.values():
            card.show()
            card.show_criterion(e)
        self._show_warnings(e)
        self._show_urgency(e)

    def show_stale(self, problem_count: int) -> None:
        """The case has problems: keep this case's last verdicts, clearly marked as out of date
        (with none yet, the panel says it waits for the problems to be fixed)."""
        if self.evaluation is None:
            self.show_nothing()
            return
        noun = "problem" if problem_count == 1 else "problems"
        self.stale.setText(
            f"⚠  Not up to date: fix the {problem_count} {noun} listed in the editor and the "
            "checklist refreshes."
        )
        self.stale.show()

    def _show_warnings(self, e: Evaluation) -> None:
        if not e.warnings:
            self.warnings.hide()
            return
        items = "".join(f"<li>{escape(w.message)}</li>" for w in e.warnings)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setText(f"<b>⚠  WARNING</b><ul style='margin-left:-24px'>{items}</ul>")
        self.warnings.show()

    def _show_urgency(self, e: Evaluation) -> None:
        u = e.urgency
        self.urgency_flag.setText(urgency_words(e))
        restyle(self.urgency_flag, "urgent", "true" if u.urgent else "false")
        values = self.urgency_values
        values["spasm_weeks"].setText(spasm_weeks_words(e))
        values["resistance"].setText(resistance_words(e))
        values["lead_time"].setText(lead_time_words(e))

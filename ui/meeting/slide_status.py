"""The slide's status line, its rule and the urgency in its top bar.

An operated child shows its operation and outcome, as the agenda and the case list do: the
candidacy status and URGENT no longer apply once operated (the rules' status stays readable,
as a further operation would be weighed). An alarm (untreated spasms) is shown whatever the status.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from PySide6.QtWidgets import QLabel

from isconf.ages import Ages
from isconf.meetings.model import AgendaEntry
from isconf.services import Evaluation, pathway_words, status_words
from isconf.status import (
    NO_URGENCY_ONCE_OPERATED,
    alarm_words,
    operation_words,
    rules_for_a_further_operation,
)
from ui.checklist import restyle, status_symbol

REASON_CHARACTERS = 95  # two lines at the reason's size in the checklist column


class StatusLabels(Protocol):
    status: QLabel
    rule: QLabel
    urgent: QLabel
    not_urgent: QLabel


def first_sentence(text: str) -> str:
    """The reason's first sentence, at most two lines: the room reads the verdict and why at a
    glance; the whole reason is in the checklist beside the case."""
    head, dot, _rest = text.partition(". ")
    head += "." if dot else ""
    if len(head) <= REASON_CHARACTERS:
        return head
    return head[: REASON_CHARACTERS - 1].rsplit(" ", 1)[0] + " …"


def show_status(slide: StatusLabels, item: AgendaEntry, evaluation: Evaluation, ages: Ages) -> None:
    """The status, its rule and the urgency of ``item`` as the room sees them (ages, never dates)."""
    if item.operated_on is not None:
        _show_operated(slide, item.operated_on, item.outcome, evaluation, ages)
        return
    symbol = status_symbol(evaluation.status)
    pathway = pathway_words(evaluation.pathway, evaluation.status, short=True)
    path = f"  —  {pathway}" if evaluation.pathway else ""
    slide.status.setText(f"{symbol} {status_words(evaluation.status)}{path}")
    restyle(slide.status, "status", evaluation.status)
    slide.rule.setText(first_sentence(evaluation.status_reason))  # the rule that decided it
    alarm = alarm_words([w.code for w in evaluation.alarms])  # untreated spasms: red, any status
    slide.urgent.setVisible(item.urgent or bool(alarm))
    u = evaluation.urgency
    weeks = []
    if u.spasm_weeks is not None:
        weeks.append(f"{u.spasm_weeks:.0f} wk spasms")
    if u.weeks_since_drug_resistance is not None:
        weeks.append(f"{u.weeks_since_drug_resistance:.0f} wk since drug resistance")
    slide.urgent.setText(f"{alarm}  " + " · ".join(weeks) if alarm else "⚠ URGENT  " + " · ".join(weeks))
    slide.not_urgent.setVisible(not item.urgent and not alarm)
    slide.not_urgent.setText("not flagged urgent  ·  " + " · ".join(weeks))


def _show_operated(
    slide: StatusLabels, operated_on: date, outcome: str | None, evaluation: Evaluation, ages: Ages
) -> None:
    slide.status.setText(operation_words(ages.at(operated_on), outcome))  # an age, never a date
    restyle(slide.status, "status", "")
    slide.rule.setText(rules_for_a_further_operation(evaluation.status))
    alarm = alarm_words([w.code for w in evaluation.alarms])
    slide.urgent.setVisible(bool(alarm))
    slide.urgent.setText(alarm)
    slide.not_urgent.setVisible(not alarm)
    slide.not_urgent.setText(NO_URGENCY_ONCE_OPERATED)

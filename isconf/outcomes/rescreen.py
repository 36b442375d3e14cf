"""Which children not operated on come back to the conference, and why (issue 20).

The NAEC guideline (Lado et al., Neurology 2024) asks centres to keep re-screening children
not operated on. A child whose last decision was further evaluation, continued medical
treatment, not a candidate or VNS, or whose status at that decision was "not yet", is due
3 months after the decision; after "further evaluation" it is due when the tests asked for
are recorded, or 6 weeks after the decision, whichever comes first. New data that changes
the child's status makes it due at once. A child already back on a later agenda, or
operated, is not listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from isconf.domain import Case, MriStudy, PetStudy
from isconf.meetings.vocab import FURTHER_EVALUATION, RECOMMENDATION, TEST, label
from isconf.outcomes.schedule import add_months
from isconf.status import Status
from isconf.vocab import CONTINUE_MEDICAL

if TYPE_CHECKING:  # the meeting tables stay off the app's start (startup_s)
    from isconf.outcomes.records import Discussed

SOURCE = "NAEC guideline (Lado et al., Neurology 2024): keep re-screening children not operated on"
RESCREENED = frozenset({FURTHER_EVALUATION, CONTINUE_MEDICAL, "not_candidate", "vns"})
NOT_YET = Status.NOT_YET.value
AFTER_MONTHS = 3
TESTS_WAIT = timedelta(weeks=6)


@dataclass(frozen=True)
class RescreenDue:
    mrn: str
    name: str
    decided_on: date  # the date of the meeting that decided
    recommendation: str
    status_then: str | None
    status_now: str | None
    due_on: date
    reasons: tuple[str, ...]
    as_of: date

    @property
    def days_overdue(self) -> int:
        return max(0, (self.as_of - self.due_on).days)

    @property
    def status_changed(self) -> bool:
        return (
            self.status_then is not None
            and self.status_now is not None
            and self.status_then != self.status_now
        )

    def to_document(self) -> dict[str, object]:
        return {
            "mrn": self.mrn,
            "name": self.name,
            "decided_on": self.decided_on.isoformat(),
            "recommendation": self.recommendation,
            "status_then": self.status_then,
            "status_now": self.status_now,
            "due_on": self.due_on.isoformat(),
            "days_overdue": self.days_overdue,
            "reasons": list(self.reasons),
        }


def last_decision(history: Sequence[Discussed], as_of: date) -> Discussed | None:
    """The latest decision by ``as_of``, unless the child is on a later agenda already."""
    held = [d for d in history if d.meeting_date <= as_of]
    decided = [d for d in held if d.recommendation is not None]
    if not decided:
        return None
    last = decided[-1]
    if any(d.meeting_date > last.meeting_date for d in history):
        return None  # back on an agenda: the coming conference re-screens the child
    return last


def rescreen_due(
    case: Case, history: Sequence[Discussed], status_now: str | None, as_of: date
) -> RescreenDue | None:
    """Whether ``case`` is due for re-screening on ``as_of``, with the reasons."""
    if case.surgery.date is not None:
        return None
    last = last_decision(history, as_of)
    if last is None or last.recommendation is None:
        return None
    if last.recommendation not in RESCREENED and last.status_then != NOT_YET:
        return None
    decided = last.meeting_date
    what = (
        label(RECOMMENDATION, last.recommendation) if last.recommendation in RESCREENED else "status not yet"
    )
    if last.recommendation == FURTHER_EVALUATION:
        recorded = tests_recorded(case, last.tests, decided)
        waited = decided + TESTS_WAIT
        if recorded is not None and recorded < waited:
            due, reasons = recorded, [f"{what}: the tests asked for are recorded ({_tests(last.tests)})"]
        else:
            due, reasons = waited, [f"{what}: 6 weeks since the decision"]
    else:
        due, reasons = add_months(decided, AFTER_MONTHS), [f"{what}: 3 months since the decision"]
    if last.status_then is not None and status_now is not None and status_now != last.status_then:
        due = min(due, as_of)
        reasons.insert(
            0, f"status now {_status(status_now)} (was {_status(last.status_then)} at the decision)"
        )
    if due > as_of:
        return None
    return RescreenDue(
        case.mrn,
        case.display_name,
        decided,
        last.recommendation,
        last.status_then,
        status_now,
        due,
        tuple(reasons),
        as_of,
    )


# The requested tests a case file shows with a date: PET and a repeat MRI.
def tests_recorded(case: Case, tests: Sequence[str], after: date) -> date | None:
    """The day by which every test asked for was recorded after ``after``; None while one is
    not, or when a test asked for leaves no dated trace in the case (MEG, SEEG, …)."""
    if not tests:
        return None
    days: list[date] = []
    for test in tests:
        studies: dict[str, tuple[PetStudy, ...] | tuple[MriStudy, ...]] = {
            "pet": case.pet,
            "repeat_mri": case.mri,
        }
        if test not in studies:
            return None
        dated = [s.date for s in studies[test] if s.date is not None and s.date > after]
        if not dated:
            return None
        days.append(min(dated))
    return max(days)


def _tests(tests: Sequence[str]) -> str:
    return ", ".join(label(TEST, t) for t in tests)


def _status(code: str) -> str:
    found = next((s for s in Status if s.value == code), None)
    return found.words.lower() if found is not None else code

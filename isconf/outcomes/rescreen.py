"""Which children not operated on come back to the conference, and why (issue 20).

The NAEC guideline (Lado et al., Neurology 2024) asks centres to keep re-screening children
not operated on. A child whose last decision was further evaluation, continued medical
treatment, not a candidate or VNS, or whose status at that decision was "not yet", is due
3 months after the decision; after "further evaluation" it is due when the tests asked for
are recorded, or 6 weeks after the decision, whichever comes first (``tests_recorded`` says
which data answer each test). An edit after the decision that changes the child's status,
the status before and after the edit both judged on the day of the edit, makes it due at
once; the passing of time alone never does (a child who grows into candidacy comes back at
3 months). A child already back on a later agenda, or operated, is not listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from isconf.domain import Case, MriStudy, PetStudy
from isconf.meetings.vocab import FURTHER_EVALUATION, RECOMMENDATION, TEST, label
from isconf.outcomes.schedule import add_months
from isconf.status import Status
from isconf.vocab import CONTINUE_MEDICAL

if TYPE_CHECKING:  # the meeting tables stay off the app's start (startup_s)
    from isconf.outcomes.records import Discussed, Edit, StatusChange

SOURCE = "NAEC guideline (Lado et al., Neurology 2024): keep re-screening children not operated on"
RESCREENED = frozenset({FURTHER_EVALUATION, CONTINUE_MEDICAL, "not_candidate", "vns"})
NOT_YET = Status.NOT_YET.value
AFTER_MONTHS = 3
TESTS_WAIT = timedelta(weeks=6)
METABOLIC_RESULTS = ("normal", "abnormal")  # "not_done" is no result


@dataclass(frozen=True)
class RescreenDue:
    mrn: str
    name: str
    decided_on: date  # the date of the meeting that decided
    recommendation: str
    status_then: str | None  # at the decision
    status_now: str | None  # as an edit after the decision changed it (None: no edit did)
    due_on: date
    reasons: tuple[str, ...]
    as_of: date

    @property
    def days_overdue(self) -> int:
        return max(0, (self.as_of - self.due_on).days)

    @property
    def status_changed(self) -> bool:
        return self.status_now is not None

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
    case: Case,
    history: Sequence[Discussed],
    as_of: date,
    *,
    change: StatusChange | None = None,
    edits: Sequence[Edit] = (),
) -> RescreenDue | None:
    """Whether ``case`` is due for re-screening on ``as_of``, with the reasons. ``change`` is the
    last save that changed its status (judged on the day of that save, so the passing of time
    alone never counts); ``edits`` the audited edits of its undated test results."""
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
        recorded = tests_recorded(case, last, edits, as_of)
        waited = decided + TESTS_WAIT
        if recorded is not None and recorded < waited:
            due, reasons = recorded, [f"{what}: the tests asked for are recorded ({_tests(last.tests)})"]
        else:
            lacking = [label(TEST, t) for t in last.tests if t in NOT_IN_CASE]
            why = f" ({', '.join(lacking)}: no place for the result in the case file)" if lacking else ""
            due, reasons = waited, [f"{what}: 6 weeks since the decision{why}"]
    else:
        due, reasons = add_months(decided, AFTER_MONTHS), [f"{what}: 3 months since the decision"]
    changed = change if change is not None and _since(change.at, last, as_of) else None
    if changed is not None:
        due = min(due, changed.at.date())
        reasons.insert(
            0,
            f"status now {_status(changed.after)}: an edit on {changed.at.date().isoformat()} "
            f"changed it from {_status(changed.before)}",
        )
    if due > as_of:
        return None
    return RescreenDue(
        case.mrn,
        case.display_name,
        decided,
        last.recommendation,
        last.status_then,
        changed.after if changed is not None else None,
        due,
        tuple(reasons),
        as_of,
    )


def _since(moment: datetime, last: Discussed, as_of: date) -> bool:
    """Whether ``moment`` (UTC) falls after the decision ``last`` and by ``as_of``."""
    # Not before the decision (a fixed test clock gives the decision and the edit one instant).
    after = moment >= last.decided_at if last.decided_at is not None else moment.date() > last.meeting_date
    return after and moment.date() <= as_of


# What answers each test a decision can request (isconf.meetings.vocab.TEST):
# - a study of its kind dated after the decision;
DATED_STUDIES = {"pet": "pet", "repeat_mri": "mri"}
# - a result without a date of its own, given by an edit after the decision (the audit trail
#   dates the edit), and still there now;
UNDATED_RESULTS = {"genetic": "etiology.genetic", "metabolic": "metabolic_workup"}
# - nothing: isconf-case/1 has no place for an MEG, SEEG or fMRI result, so these wait 6 weeks.
NOT_IN_CASE = frozenset({"meg", "seeg", "fmri"})


def tests_recorded(case: Case, last: Discussed, edits: Sequence[Edit], as_of: date) -> date | None:
    """The day by which every test asked for at ``last`` was recorded after it; None while one
    is not, or when a test asked for leaves no trace in the case (``NOT_IN_CASE``)."""
    if not last.tests:
        return None
    days: list[date] = []
    for test in last.tests:
        if test in DATED_STUDIES:
            studies: tuple[PetStudy | MriStudy, ...] = getattr(case, DATED_STUDIES[test])
            dated = [s.date for s in studies if s.date is not None and s.date > last.meeting_date]
        elif test in UNDATED_RESULTS and _result_now(case, test):
            path = UNDATED_RESULTS[test]
            dated = [
                at.date()
                for at, field, value in edits
                if (field == path or field.startswith(path + "."))
                and _gives_result(test, value)
                and _since(at, last, as_of)
            ]
        else:
            return None
        if not dated:
            return None
        days.append(min(dated))
    return max(days)


def _result_now(case: Case, test: str) -> bool:
    if test == "genetic":
        found = case.etiology.genetic
        return any(v is not None for v in (found.gene, found.variant, found.classification))
    return case.metabolic_workup in METABOLIC_RESULTS


def _gives_result(test: str, value: object) -> bool:
    if test == "metabolic":
        return value in METABOLIC_RESULTS
    return value not in (None, "", {}) and not (
        isinstance(value, dict) and all(v is None for v in value.values())
    )


def _tests(tests: Sequence[str]) -> str:
    return ", ".join(label(TEST, t) for t in tests)


def _status(code: str) -> str:
    found = next((s for s in Status if s.value == code), None)
    return found.words.lower() if found is not None else code

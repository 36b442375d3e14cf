"""What the cases service returns: a stored case, a list line, an import's outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from isconf.changes import NOTHING, Changes
from isconf.domain import Case
from isconf.errors import ConflictError, Problem
from isconf.rules import Evaluation

if TYPE_CHECKING:  # the trade-off's model loads with the first case opened, not at the app's start
    from isconf.tradeoff.model import TradeoffView


@dataclass(frozen=True)
class StoredCase:
    """A case as stored, with the version a later save must name.

    ``changes``: what the write that returned it changed (nothing, when it was read)."""

    case: Case
    version: int
    updated_at: datetime
    changes: Changes = field(default=NOTHING, compare=False)


class CaseConflictError(ConflictError):
    """The case changed in the database since it was opened; ``current`` is what is stored now."""

    def __init__(self, problems: list[Problem], current: StoredCase) -> None:
        super().__init__(problems)
        self.current = current


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list: only what the list shows."""

    mrn: str
    family_name: str | None
    given_name: str | None
    date_of_birth: date | None
    age_months: float | None
    spasm_onset: date | None
    spasms_ongoing: bool | None
    spasm_weeks: float | None
    status: str | None = None
    pathway: str | None = None
    urgent: bool = False
    weeks_since_drug_resistance: float | None = None
    # Warning codes shown beside the status in the alert colour (untreated spasms), as of the list's day.
    alarms: tuple[str, ...] = ()
    # An operated child (surgery on or before the list's day): the line shows the operation and
    # the latest visit's class ("Engel IB") instead of candidacy; never urgent.
    operated_on: date | None = None
    outcome: str | None = None

    @property
    def urgency_rank(self) -> tuple[int, int, float, float]:
        """Sorts most urgent first: an alarm (untreated spasms: an emergency whatever the status),
        then urgent cases, then longest since drug resistance, then longest spasms (the agenda's
        order too)."""
        return urgency_rank(self.alarms, self.urgent, self.weeks_since_drug_resistance, self.spasm_weeks)

    @classmethod
    def listed(cls, **values: Any) -> CaseSummary:
        """A line as the case list makes 10,000 of them (``isconf.cases.listing``), every field
        named: set at once, not through one ``object.__setattr__`` each as a frozen dataclass's
        ``__init__`` does (~8 ms of the app's start, startup_s in docs/performance.md)."""
        line = object.__new__(cls)
        line.__dict__.update(values)
        return line

    @property
    def display_name(self) -> str:
        return ", ".join(p for p in (self.family_name, self.given_name) if p)


def urgency_rank(
    alarms: tuple[str, ...],
    urgent: bool,
    weeks_since_drug_resistance: float | None,
    spasm_weeks: float | None,
) -> tuple[int, int, float, float]:
    """See ``CaseSummary.urgency_rank`` (the list works it out as it makes each line)."""
    return (
        0 if alarms else 1,
        0 if urgent else 1,
        -(weeks_since_drug_resistance if weeks_since_drug_resistance is not None else -1.0),
        -(spasm_weeks if spasm_weeks is not None else -1.0),
    )


@dataclass(frozen=True)
class ImportResult:
    """What became of one case file."""

    source: str
    mrn: str | None
    problems: tuple[Problem, ...] = ()
    replaced: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> Changes:
        """The case written, when the file was accepted."""
        return Changes.of(cases=[self.mrn]) if self.ok and self.mrn is not None else NOTHING


@dataclass(frozen=True)
class Operation:
    """An operation done: its date and the latest follow-up visit's class ('Engel IB'), if any."""

    day: date
    outcome: str | None


@dataclass(frozen=True)
class DocumentReview:
    problems: list[Problem]
    evaluation: Evaluation | None
    tradeoff: TradeoffView | None
    case: Case | None = None  # the case the document holds, once it has no problems
    # Once operated, candidacy and the urgency of surgery no longer apply (the checklist says so).
    operation: Operation | None = None


@dataclass(frozen=True)
class AddedImage:
    """A key image added to a case: the case as stored, what the import removed, the image's hash."""

    stored: StoredCase
    removed: tuple[str, ...]
    sha256: str

"""The outcome loop through the one service door: ``Services.outcomes`` (issue 20)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from isconf.cases.service import CaseService
from isconf.clock import Clock
from isconf.domain import Case
from isconf.outcomes import records
from isconf.outcomes.registry import write_registry
from isconf.outcomes.report import OutcomeReport, build_report
from isconf.outcomes.rescreen import RescreenDue, rescreen_due
from isconf.outcomes.schedule import VisitDue, visits_due
from isconf.store.database import Database


class OutcomeService:
    """Visits due, re-screens due, the outcome report and the registry export; reads only."""

    def __init__(self, database: Database, cases: CaseService, clock: Clock) -> None:
        self.database = database
        self.cases = cases
        self.clock = clock

    def visits_due(self, *, as_of: date | None = None) -> list[VisitDue]:
        """Every follow-up visit due or overdue on ``as_of`` (today), most overdue first."""
        day = as_of or self.clock.today()
        with self.database.reading() as session:
            children = records.operated_children(session)
        return visits_due((c.case for c in children), day)

    def rescreens_due(self, *, as_of: date | None = None) -> list[RescreenDue]:
        """Every child due for re-screening on ``as_of`` (today), longest due first."""
        day = as_of or self.clock.today()
        with self.database.reading() as session:
            history = records.discussions(session)
            children = records.cases_by_id(session, list(history))
            edits = records.result_edits(session, [c.pseudonym for c in children.values() if c.pseudonym])
        due: list[RescreenDue] = []
        for case_id, discussed in history.items():
            child = children[case_id]
            found = rescreen_due(
                child.case, discussed, day, change=child.status_change, edits=edits.get(child.pseudonym, ())
            )
            if found is not None:
                due.append(found)
        return sorted(due, key=lambda r: (r.due_on, r.mrn))

    def report(self, *, as_of: date | None = None) -> OutcomeReport:
        """The centre's outcomes as of ``as_of`` (today) beside the literature."""
        day = as_of or self.clock.today()
        with self.database.reading() as session:
            children = records.operated_children(session)
            history = records.discussions(session)
        seen = {c.case.mrn: deciding_snapshot(history.get(c.case_id, ()), c.case) for c in children}
        return build_report((c.case for c in children), day, seen)

    def export_registry(self, path: Path) -> int:
        """Write the de-identified registry CSV; the number of children written."""
        with self.database.reading() as session:
            children = records.operated_children(session)
        return write_registry(children, path)


def deciding_snapshot(history: Sequence[records.Discussed], case: Case) -> dict[str, Any] | None:
    """The figures the last decision on or before the day of surgery saw (None: it kept none,
    or no conference decided on the child before the operation)."""
    surgery = case.surgery.date
    decided = [d for d in history if d.recommendation is not None and surgery and d.meeting_date <= surgery]
    return decided[-1].figures_seen if decided else None

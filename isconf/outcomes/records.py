"""What the outcome loop reads from the store: the operated children, and each child's
conference history (the decisions, with the evaluation the team saw, and later agendas)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from isconf.domain import Case
from isconf.store import mapping
from isconf.store.meeting_tables import AgendaItemRecord, DecisionRecord, MeetingRecord
from isconf.store.tables import CaseRecord


@dataclass(frozen=True)
class StoredChild:
    case: Case
    pseudonym: str


@dataclass(frozen=True)
class Discussed:
    """One time a child was on a conference's agenda, and what was decided (None: not yet)."""

    meeting_date: date
    recommendation: str | None
    tests: tuple[str, ...]
    status_then: str | None  # the evaluation's status the team saw


def operated_children(session: Session) -> list[StoredChild]:
    """Every child with a surgery date, by MRN."""
    query = select(CaseRecord).where(col(CaseRecord.surgery_date).is_not(None)).order_by(col(CaseRecord.mrn))
    return [StoredChild(mapping.read_case(session, r), r.pseudonym or "") for r in session.exec(query)]


def discussions(session: Session) -> dict[int, list[Discussed]]:
    """Each discussed child's agenda items by case id, oldest meeting first."""
    query: Any = (
        select(AgendaItemRecord, MeetingRecord, DecisionRecord)
        .join(MeetingRecord, col(MeetingRecord.id) == col(AgendaItemRecord.meeting_id))
        .join(DecisionRecord, col(DecisionRecord.agenda_item_id) == col(AgendaItemRecord.id), isouter=True)
    )
    found: dict[int, list[Discussed]] = defaultdict(list)
    for item, meeting, decision in session.exec(query):
        day = meeting.date
        if decision is None:
            found[item.case_id].append(Discussed(day, None, (), None))
            continue
        status = json.loads(decision.evaluation_json).get("status")
        found[item.case_id].append(
            Discussed(day, decision.recommendation, tuple(decision.tests_requested), status)
        )
    for items in found.values():
        items.sort(key=lambda d: (d.meeting_date, d.recommendation is not None))
    return dict(found)


def cases_by_id(session: Session, ids: list[int]) -> dict[int, Case]:
    """The full cases of these ids."""
    if not ids:
        return {}
    query = select(CaseRecord).where(col(CaseRecord.id).in_(ids))
    return {r.id or 0: mapping.read_case(session, r) for r in session.exec(query)}

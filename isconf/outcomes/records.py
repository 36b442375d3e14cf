"""What the outcome loop reads from the store: the operated children, each child's conference
history (the decisions, with the evaluation and the published figures the team saw, and later
agendas), the last edit that changed a child's status, and the edits that recorded the results
of tests without a date of their own (a genetic finding, the metabolic work-up)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from isconf.domain import Case
from isconf.store import mapping
from isconf.store.meeting_tables import AgendaItemRecord, DecisionRecord, MeetingRecord
from isconf.store.tables import AuditEventRecord, CaseRecord

# The case paths whose edits record an undated test's result (isconf.outcomes.rescreen).
UNDATED_RESULTS = ("etiology.genetic", "metabolic_workup")


@dataclass(frozen=True)
class StoredChild:
    case: Case
    pseudonym: str
    case_id: int = 0


@dataclass(frozen=True)
class StatusChange:
    """The last save that changed a child's status, both sides judged on the day of the save."""

    at: datetime  # UTC
    before: str
    after: str


@dataclass(frozen=True)
class ChildNow:
    """A discussed child as stored now: the case, its pseudonym, its last status change."""

    case: Case
    pseudonym: str
    status_change: StatusChange | None


@dataclass(frozen=True)
class Discussed:
    """One time a child was on a conference's agenda, and what was decided (None: not yet)."""

    meeting_date: date
    recommendation: str | None
    tests: tuple[str, ...]
    status_then: str | None  # the evaluation's status the team saw
    decided_at: datetime | None = None  # UTC
    figures_seen: dict[str, Any] | None = None  # isconf.tradeoff.seen; None before migration 0014


def operated_children(session: Session) -> list[StoredChild]:
    """Every child with a surgery date, by MRN."""
    query = select(CaseRecord).where(col(CaseRecord.surgery_date).is_not(None)).order_by(col(CaseRecord.mrn))
    return [
        StoredChild(mapping.read_case(session, r), r.pseudonym or "", r.id or 0) for r in session.exec(query)
    ]


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
        seen = json.loads(decision.figures_seen_json) if decision.figures_seen_json else None
        found[item.case_id].append(
            Discussed(
                day,
                decision.recommendation,
                tuple(decision.tests_requested),
                status,
                utc(decision.decided_at),
                seen,
            )
        )
    for items in found.values():
        items.sort(key=lambda d: (d.meeting_date, d.recommendation is not None))
    return dict(found)


def cases_by_id(session: Session, ids: list[int]) -> dict[int, ChildNow]:
    """The full cases of these ids, with the last edit that changed each one's status."""
    if not ids:
        return {}
    query = select(CaseRecord).where(col(CaseRecord.id).in_(ids))
    return {r.id or 0: _child_now(session, r) for r in session.exec(query)}


def _child_now(session: Session, record: CaseRecord) -> ChildNow:
    change = None
    if record.status_changed_at is not None and record.status_changed_from and record.status_changed_to:
        change = StatusChange(
            utc(record.status_changed_at), record.status_changed_from, record.status_changed_to
        )
    return ChildNow(mapping.read_case(session, record), record.pseudonym or "", change)


Edit = tuple[datetime, str, Any]  # when (UTC), the case path, the value it was given


def result_edits(session: Session, pseudonyms: list[str]) -> dict[str, list[Edit]]:
    """Per pseudonym, the audited edits of the undated test results (``UNDATED_RESULTS``):
    when, which path, and the value given; oldest first."""
    if not pseudonyms:
        return {}
    query: Any = (
        select(AuditEventRecord)
        .where(col(AuditEventRecord.entity) == "case")
        .where(col(AuditEventRecord.entity_ref).in_(pseudonyms))
        .where(col(AuditEventRecord.field).in_(UNDATED_RESULTS) | _under(UNDATED_RESULTS[0]))
        .order_by(col(AuditEventRecord.id))
    )
    found: dict[str, list[Edit]] = defaultdict(list)
    for event in session.exec(query):
        new = json.loads(event.new_value) if event.new_value is not None else None
        found[event.entity_ref].append((utc(event.at), event.field, new))
    return dict(found)


def _under(path: str) -> Any:
    return col(AuditEventRecord.field).startswith(path + ".")


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; PostgreSQL an aware time."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

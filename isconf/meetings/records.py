"""Rows of the meeting tables: finding them, turning them into the read model, writing
child lists, and filing audit events. Used by ``isconf.meetings.service`` only."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from isconf import clock
from isconf.errors import ConflictError, NotFoundError, Problem, ServiceError
from isconf.meetings import validate, vocab
from isconf.meetings.model import (
    ActionItem,
    AgendaEntry,
    Attendee,
    ConsideredOption,
    Decision,
    Meeting,
)
from isconf.store import audit
from isconf.store.find import require_case as require_case  # the one MRN lookup
from isconf.store.meeting_tables import (
    ActionItemRecord,
    AgendaItemRecord,
    ConsideredOptionRecord,
    DecisionRecord,
    MeetingRecord,
)
from isconf.store.tables import CaseRecord

if TYPE_CHECKING:
    from isconf.cases.model import CaseSummary


def refused(path: str, message: str) -> ServiceError:
    return ServiceError([Problem(path, message)])


def invalid(problems: list[Problem]) -> ServiceError:
    return ServiceError(problems)


# --- helpers: finding rows ----------------------------------------------------------------


def require_meeting(session: Session, meeting_id: int, expected_version: int | None = None) -> MeetingRecord:
    """The meeting; with ``expected_version``, only as the caller last read it."""
    record = session.get(MeetingRecord, meeting_id)
    if record is None:
        raise NotFoundError([Problem("meeting", f"no meeting has id {meeting_id}")])
    if expected_version is not None and record.version != expected_version:
        # A type of its own, so the screen recognises it without reading the words.
        raise ConflictError(
            [
                Problem(
                    "meeting",
                    f"was changed elsewhere since you opened it (saved {record.updated_at:%Y-%m-%d %H:%M} UTC); "
                    "nothing of this change was saved; look at the meeting as it is now and try again",
                )
            ]
        )
    return record


def editable_meeting(session: Session, meeting_id: int, expected_version: int | None = None) -> MeetingRecord:
    record = require_meeting(session, meeting_id, expected_version)
    refuse_if_locked(record)
    if record.status not in (vocab.PLANNED, vocab.IN_PROGRESS):
        raise refused(
            "meeting",
            f"meeting {meeting_id} is {vocab.label(vocab.STATUS, record.status).lower()}; reopen it to change it",
        )
    return record


def locked_problem(record: MeetingRecord) -> Problem:
    return Problem(
        "meeting",
        f"meeting {record.id} is signed and locked (revision {record.revision}); amend it to change anything",
    )


def refuse_if_locked(record: MeetingRecord) -> None:
    """A signed meeting (its required signatures in, its revision locked) refuses every edit."""
    if record.status == vocab.SIGNED:
        raise invalid([locked_problem(record)])


def signature_count(session: Session, record: MeetingRecord) -> int:
    """How many signatures the meeting's current revision has (signing started: content frozen)."""
    from isconf.store.signing_tables import SignatureRecord

    return int(
        session.exec(
            select(func.count()).where(
                col(SignatureRecord.meeting_id) == record.id, col(SignatureRecord.revision) == record.revision
            )
        ).one()
    )


def require_item(session: Session, meeting: MeetingRecord, mrn: str) -> tuple[AgendaItemRecord, CaseRecord]:
    case = require_case(session, mrn)
    item = session.exec(
        select(AgendaItemRecord).where(
            col(AgendaItemRecord.meeting_id) == meeting.id, col(AgendaItemRecord.case_id) == case.id
        )
    ).first()
    if item is None:
        raise refused("mrn", f"{case.mrn} is not on the agenda of meeting {meeting.id}")
    return item, case


def agenda_items(session: Session, meeting: MeetingRecord) -> list[AgendaItemRecord]:
    return list(
        session.exec(
            select(AgendaItemRecord)
            .where(col(AgendaItemRecord.meeting_id) == meeting.id)
            .order_by(col(AgendaItemRecord.position), col(AgendaItemRecord.id))
        ).all()
    )


def case_of(session: Session, item: AgendaItemRecord) -> CaseRecord:
    case = session.get(CaseRecord, item.case_id)
    assert case is not None  # the foreign key holds it
    return case


def children(session: Session, table: Any, item: AgendaItemRecord) -> list[Any]:
    return list(
        session.exec(
            select(table).where(col(table.agenda_item_id) == item.id).order_by(col(table.position))
        ).all()
    )


def decision_of(session: Session, item: AgendaItemRecord) -> DecisionRecord | None:
    return session.exec(select(DecisionRecord).where(col(DecisionRecord.agenda_item_id) == item.id)).first()


# --- helpers: building the read model ----------------------------------------------------------


def urgency_order(entries: list[AgendaEntry], summaries: dict[str, CaseSummary]) -> list[AgendaEntry]:
    """The case list's own order (``CaseSummary.urgency_rank``, then MRN): one ordering in isconf."""
    return sorted(entries, key=lambda e: (rank(summaries.get(e.mrn)), e.mrn))


def rank(summary: CaseSummary | None) -> tuple[int, int, float, float]:
    return summary.urgency_rank if summary is not None else (2, 2, 0.0, 0.0)


def insert_at(
    order: list[tuple[AgendaItemRecord, CaseRecord]], case: CaseRecord, summaries: dict[str, CaseSummary]
) -> int:
    """Where a new case goes: before the first case that is less urgent (see ``add_cases``)."""
    new = (rank(summaries.get(case.mrn)), case.mrn)
    for index, (_, other) in enumerate(order):
        if (rank(summaries.get(other.mrn)), other.mrn) > new:
            return index
    return len(order)


def with_slots(entries: list[AgendaEntry]) -> tuple[AgendaEntry, ...]:
    out, offset = [], 0
    for position, entry in enumerate(entries):
        out.append(replace(entry, position=position, slot_offset=offset))
        offset += entry.minutes
    return tuple(out)


def meeting_model(
    record: MeetingRecord,
    agenda: tuple[AgendaEntry, ...],
    attendance: list[Attendee],
    checked: frozenset[str] = frozenset(),
) -> Meeting:
    return Meeting(
        id=record.id or 0,
        ref=record.ref,
        title=record.title,
        date=record.date,
        start_time=record.start_time,
        place=record.place,
        video_link=record.video_link,
        chair=record.chair,
        status=record.status,
        manual_order=record.manual_order,
        revision=record.revision,
        version=record.version,
        agenda=agenda,
        attendance=tuple(attendance),
        checked_texts=checked,
    )


def decision_model(record: DecisionRecord) -> Decision:
    return Decision(
        recommendation=record.recommendation,
        rationale=record.rationale,
        consensus=record.consensus,
        dissent=record.dissent,
        tests_requested=tuple(record.tests_requested),
        evaluation=json.loads(record.evaluation_json),
        rules_version=record.rules_version,
        decided_at=as_utc(record.decided_at),
        decided_by=record.decided_by,
    )


def action_model(row: ActionItemRecord) -> ActionItem:
    return ActionItem(row.description, row.owner, row.due_date, row.done)


# --- helpers: audit ------------------------------------------------------------------------------


def audit_meeting(session: Session, record: MeetingRecord, action: str, changes: list[audit.Change]) -> None:
    audit.record_changes(
        session,
        action=action,
        entity="meeting",
        entity_ref=record.ref,
        key=f"meeting {record.id}",
        changes=changes,
    )


# What the audit trail calls each per-case change (the agenda slot itself is "agenda_item").
_ENTITIES = {"decision": "decision", "options considered": "considered_option", "action items": "action_item"}


def audit_item(
    session: Session, meeting: MeetingRecord, case: CaseRecord, action: str, changes: list[audit.Change]
) -> None:
    """A change to one case's place in a meeting, filed under the case (pseudonym, MRN)."""
    if case.pseudonym is None:
        raise refused("mrn", "this case has no pseudonym; run isconf check")
    audit.record_changes(
        session,
        action=action,
        entity=_ENTITIES.get(changes[0][0], "agenda_item"),
        entity_ref=case.pseudonym,
        key=case.mrn,
        changes=[(f"meeting {meeting.id} ({meeting.ref}).{field}", old, new) for field, old, new in changes],
    )


def touch(session: Session, record: MeetingRecord) -> None:
    record.updated_at = clock.now()
    session.add(record)


def header(record: MeetingRecord) -> dict[str, Any]:
    return {
        "title": record.title,
        "date": record.date.isoformat(),
        "time": record.start_time.strftime("%H:%M") if record.start_time else None,
        "place": record.place,
        "video_link": record.video_link,
        "chair": record.chair,
        "status": record.status,
    }


def header_problems(
    title: str, place: str | None, video_link: str | None, chair: str | None
) -> list[Problem]:
    return (
        validate.text("title", title, 200, required=True)
        + validate.text("place", place, 200)
        + validate.text("video link", video_link, 500)
        + validate.text("chair", chair, 100)
    )


def decision_json(record: DecisionRecord) -> dict[str, Any]:
    return {
        "recommendation": record.recommendation,
        "tests_requested": list(record.tests_requested),
        "rationale": record.rationale,
        "consensus": record.consensus,
        "dissent": record.dissent,
        "rules_version": record.rules_version,
        "evaluation_status": json.loads(record.evaluation_json).get("status"),
    }


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; PostgreSQL an aware time."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def clean(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def write_options(
    session: Session,
    meeting: MeetingRecord,
    item: AgendaItemRecord,
    case: CaseRecord,
    chosen: list[ConsideredOption],
) -> None:
    """Replace a case's options considered, audited, when they changed."""
    rows = children(session, ConsideredOptionRecord, item)
    before = [ConsideredOption(r.option, r.note).to_json() for r in rows]
    after = [o.to_json() for o in chosen]
    if before == after:
        return
    for row in rows:
        session.delete(row)
    for position, option in enumerate(chosen):
        session.add(
            ConsideredOptionRecord(
                agenda_item_id=item.id or 0, position=position, option=option.option, note=option.note
            )
        )
    audit_item(session, meeting, case, "update", [("options considered", before, after)])
    touch(session, meeting)


def write_actions(
    session: Session,
    meeting: MeetingRecord,
    item: AgendaItemRecord,
    case: CaseRecord,
    items: list[ActionItem],
) -> None:
    """Replace a case's action items, audited; in a closed meeting only ``done`` may change,
    and not even that once signing has begun (the signatures bind the items as they were)."""
    rows = children(session, ActionItemRecord, item)
    before = [action_model(r).to_json() for r in rows]
    after = [a.to_json() for a in items]
    refuse_if_locked(meeting)
    if before != after and meeting.status == vocab.CLOSED and signature_count(session, meeting):
        raise refused(
            "action items",
            f"meeting {meeting.id} revision {meeting.revision} is being signed: ticking an action item "
            "would change the content already signed; finish signing and amend, or reopen the meeting",
        )
    if meeting.status not in (vocab.PLANNED, vocab.IN_PROGRESS) and [{**a, "done": None} for a in before] != [
        {**a, "done": None} for a in after
    ]:
        raise refused(
            "action items",
            f"meeting {meeting.id} is {meeting.status}: only ticking action items done is allowed; "
            "reopen it to change more",
        )
    if before == after:
        return
    for row in rows:
        session.delete(row)
    for position, action in enumerate(items):
        session.add(
            ActionItemRecord(
                agenda_item_id=item.id or 0,
                position=position,
                description=action.description,
                owner=action.owner,
                due_date=action.due_date,
                done=action.done,
            )
        )
    audit_item(session, meeting, case, "update", [("action items", before, after)])
    touch(session, meeting)

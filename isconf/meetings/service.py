"""Meetings through the one service door: ``Services.meetings`` is a ``MeetingService``.

Every write runs in one ``Database.writing()`` transaction and records its
audit events there (``isconf.store.audit.record_changes``). Meeting events are
filed under the meeting's random reference; events about one case on the
agenda (its slot, question, decision, options and action items) are filed
under the case's pseudonym and MRN, so the case's own history shows them.

What stays editable: a planned or in-progress meeting, everything. A closed
meeting only lets action items be ticked done (follow-up goes on after the
meeting); anything else needs the meeting reopened, which is audited and
raises its revision number.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from isconf import rules, timeline
from isconf.meetings import validate, vocab
from isconf.meetings.model import (
    ActionItem,
    AgendaEntry,
    Attendee,
    ConsideredOption,
    Decision,
    Meeting,
    MeetingSummary,
)
from isconf.meetings.readiness import missing_items
from isconf.schema import Problem
from isconf.store import audit, mapping
from isconf.store.meeting_tables import (
    ActionItemRecord,
    AgendaItemRecord,
    AttendanceRecord,
    ConsideredOptionRecord,
    DecisionRecord,
    MeetingRecord,
)
from isconf.store.tables import CaseRecord

if TYPE_CHECKING:
    from isconf.services import CaseSummary, Services

# Allowed status changes; issue 6 adds closed → signed.
TRANSITIONS = {
    (vocab.PLANNED, vocab.IN_PROGRESS),
    (vocab.IN_PROGRESS, vocab.CLOSED),
    (vocab.PLANNED, vocab.CLOSED),
    (vocab.CLOSED, vocab.IN_PROGRESS),  # reopen
}


def _errors() -> tuple[type[Exception], type[Exception]]:
    from isconf.services import NotFoundError, ServiceError

    return ServiceError, NotFoundError


def refused(path: str, message: str) -> Exception:
    service_error, _ = _errors()
    return service_error([Problem(path, message)])


def invalid(problems: list[Problem]) -> Exception:
    service_error, _ = _errors()
    return service_error(problems)


class MeetingService:
    """Meetings: create, read, build the agenda, record attendance and decisions, close."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.database = services.database

    # --- reading ------------------------------------------------------------------

    def list_meetings(self) -> list[MeetingSummary]:
        """Every meeting, newest first."""
        with self.database.reading() as session:
            counts = dict(
                session.execute(
                    select(AgendaItemRecord.meeting_id, func.count()).group_by(
                        col(AgendaItemRecord.meeting_id)
                    )
                ).all()
            )
            records = session.exec(
                select(MeetingRecord).order_by(col(MeetingRecord.date).desc(), col(MeetingRecord.id).desc())
            ).all()
            return [
                MeetingSummary(
                    id=r.id or 0,
                    title=r.title,
                    date=r.date,
                    start_time=r.start_time,
                    chair=r.chair,
                    status=r.status,
                    cases=int(counts.get(r.id, 0)),
                )
                for r in records
            ]

    def get_meeting(self, meeting_id: int, *, today: date | None = None) -> Meeting:
        """The whole meeting: agenda in order with urgency and readiness, attendance, decisions."""
        today = today or date.today()
        summaries = {s.mrn: s for s in self.services.list_cases(as_of=today)}
        with self.database.reading() as session:
            record = _require_meeting(session, meeting_id)
            items = _items(session, record)
            entries = [_entry(session, record, item, summaries, today) for item in items]
            attendance = _attendance(session, record)
        if not record.manual_order:
            entries = _urgency_order(entries, summaries)
        return _meeting(record, _with_slots(entries), attendance)

    # --- the meeting itself ---------------------------------------------------------

    def create_meeting(
        self,
        *,
        title: str,
        day: date,
        start_time: time | None = None,
        place: str | None = None,
        video_link: str | None = None,
        chair: str | None = None,
    ) -> Meeting:
        problems = _header_problems(title, place, video_link, chair)
        if problems:
            raise invalid(problems)
        now = datetime.now(UTC)
        record = MeetingRecord(
            ref="MTG-" + secrets.token_hex(5).upper(),
            title=title.strip(),
            date=day,
            start_time=start_time,
            place=_clean(place),
            video_link=_clean(video_link),
            chair=_clean(chair),
            status=vocab.PLANNED,
            created_at=now,
            updated_at=now,
        )
        with self.database.writing() as session:
            session.add(record)
            session.flush()
            _audit_meeting(session, record, "create", [(audit.WHOLE_RECORD, None, _header(record))])
            meeting_id = record.id or 0
        return self.get_meeting(meeting_id)

    def update_meeting(
        self,
        meeting_id: int,
        *,
        title: str,
        day: date,
        start_time: time | None,
        place: str | None,
        video_link: str | None,
        chair: str | None,
    ) -> Meeting:
        problems = _header_problems(title, place, video_link, chair)
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            before = _header(record)
            record.title, record.date, record.start_time = title.strip(), day, start_time
            record.place, record.video_link, record.chair = _clean(place), _clean(video_link), _clean(chair)
            after = _header(record)
            changes = [(k, before[k], after[k]) for k in before if before[k] != after[k]]
            if changes:
                _touch(session, record)
                _audit_meeting(session, record, "update", changes)
        return self.get_meeting(meeting_id)

    def set_status(self, meeting_id: int, status: str) -> Meeting:
        """Start, close or reopen; reopening a closed meeting raises its revision."""
        with self.database.writing() as session:
            record = _require_meeting(session, meeting_id)
            if record.status != status and (record.status, status) not in TRANSITIONS:
                raise refused(
                    "status",
                    f"a {vocab.label(vocab.STATUS, record.status).lower()} meeting cannot become "
                    f"{vocab.label(vocab.STATUS, status).lower() or status!r}",
                )
            if record.status != status:
                changes: list[audit.Change] = [("status", record.status, status)]
                if record.status == vocab.CLOSED:
                    changes.append(("revision", record.revision, record.revision + 1))
                    record.revision += 1
                record.status = status
                _touch(session, record)
                _audit_meeting(session, record, "update", changes)
        return self.get_meeting(meeting_id)

    # --- the agenda -------------------------------------------------------------------

    def add_cases(self, meeting_id: int, mrns: Sequence[str]) -> tuple[Meeting, list[str]]:
        """Put cases on the agenda; returns the meeting and the MRNs that were already there.

        In urgency order the new cases simply take their place. Once the
        coordinator has ordered the agenda by hand, each new case goes in just
        before the first case that is less urgent, so the hand order stands and a
        late urgent case is not left at the end of the meeting.
        """
        summaries = {s.mrn: s for s in self.services.list_cases()}
        already: list[str] = []
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            cases = [_require_case(session, mrn) for mrn in mrns]  # every MRN known, or nothing added
            items = _items(session, record)
            present = {item.case_id for item in items}
            order = [(item, _case_of(session, item)) for item in items]
            for case in cases:
                if case.id in present:
                    already.append(case.mrn)
                    continue
                assert case.id is not None
                present.add(case.id)
                item = AgendaItemRecord(
                    meeting_id=record.id or 0,
                    case_id=case.id,
                    position=0,
                    minutes=vocab.disciplines().default_minutes,
                )
                session.add(item)
                order.insert(_insert_at(order, case, summaries), (item, case))
                _audit_item(session, record, case, "create", [("agenda", None, {"minutes": item.minutes})])
            for position, (item, _) in enumerate(order):
                item.position = position
                session.add(item)
            _touch(session, record)
        return self.get_meeting(meeting_id), already

    def remove_case(self, meeting_id: int, mrn: str) -> Meeting:
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            item, case = _require_item(session, record, mrn)
            if _decision(session, item) is not None:
                raise refused("mrn", f"{case.mrn} has a recorded decision; it stays on the agenda")
            old = {"minutes": item.minutes, "question": item.question}
            for child in (
                *_children(session, ActionItemRecord, item),
                *_children(session, ConsideredOptionRecord, item),
            ):
                session.delete(child)
            session.delete(item)
            _audit_item(session, record, case, "delete", [("agenda", old, None)])
            _touch(session, record)
        return self.get_meeting(meeting_id)

    def set_order(self, meeting_id: int, mrns: Sequence[str]) -> Meeting:
        """The coordinator's own order (every agenda MRN once): stored, kept until "Sort by urgency"."""
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            items = _items(session, record)
            by_mrn = {_case_of(session, item).mrn.lower(): item for item in items}
            wanted = [m.lower() for m in mrns]
            if sorted(wanted) != sorted(by_mrn):
                raise refused("order", "name every case on the agenda exactly once")
            before = [_case_of(session, item).pseudonym for item in items]
            for position, mrn in enumerate(wanted):
                by_mrn[mrn].position = position
                session.add(by_mrn[mrn])
            after = [_case_of(session, by_mrn[m]).pseudonym for m in wanted]
            if before != after or not record.manual_order:
                record.manual_order = True
                _touch(session, record)
                _audit_meeting(session, record, "update", [("agenda order (pseudonyms)", before, after)])
        return self.get_meeting(meeting_id)

    def move_case(self, meeting_id: int, mrn: str, to_index: int) -> Meeting:
        """Move one case to ``to_index`` in the order shown now."""
        current = [item.mrn for item in self.get_meeting(meeting_id).agenda]
        matches = [m for m in current if m.lower() == mrn.lower()]
        if not matches:
            raise refused("mrn", f"{mrn} is not on the agenda of meeting {meeting_id}")
        current.remove(matches[0])
        current.insert(max(0, min(to_index, len(current))), matches[0])
        return self.set_order(meeting_id, current)

    def sort_by_urgency(self, meeting_id: int) -> Meeting:
        """Back to the automatic order: urgent first, then weeks since resistance, then weeks of spasms."""
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            if record.manual_order:
                record.manual_order = False
                _touch(session, record)
                _audit_meeting(session, record, "update", [("order", "manual", "urgency")])
        meeting = self.get_meeting(meeting_id)
        with self.database.writing() as session:  # store the positions, so a later hand move starts from them
            record = _require_meeting(session, meeting_id)
            by_mrn = {_case_of(session, item).mrn: item for item in _items(session, record)}
            for position, entry in enumerate(meeting.agenda):
                by_mrn[entry.mrn].position = position
                session.add(by_mrn[entry.mrn])
        return meeting

    def set_item(
        self, meeting_id: int, mrn: str, *, minutes: int | None = None, question: str | None = None
    ) -> Meeting:
        """A case's slot length and its question for the team (None leaves a value as it is)."""
        problems = (validate.minutes(minutes) if minutes is not None else []) + validate.text(
            "question", question, 2000
        )
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            item, case = _require_item(session, record, mrn)
            changes: list[audit.Change] = []
            if minutes is not None and minutes != item.minutes:
                changes.append(("minutes", item.minutes, minutes))
                item.minutes = minutes
            if question is not None and _clean(question) != item.question:
                changes.append(("question", item.question, _clean(question)))
                item.question = _clean(question)
            if changes:
                session.add(item)
                _audit_item(session, record, case, "update", changes)
                _touch(session, record)
        return self.get_meeting(meeting_id)

    # --- in the meeting ---------------------------------------------------------------------

    def set_attendance(self, meeting_id: int, people: Iterable[Attendee]) -> Meeting:
        """Replace the attendance list (name, role, present)."""
        people = [Attendee(p.name.strip(), p.role.strip(), p.present) for p in people]
        problems = validate.attendees(people)
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            old_rows = session.exec(
                select(AttendanceRecord)
                .where(col(AttendanceRecord.meeting_id) == record.id)
                .order_by(col(AttendanceRecord.position))
            ).all()
            before = [_attendee_json(Attendee(r.name, r.role, r.present)) for r in old_rows]
            after = [_attendee_json(p) for p in people]
            if before != after:
                for row in old_rows:
                    session.delete(row)
                for position, person in enumerate(people):
                    session.add(
                        AttendanceRecord(
                            meeting_id=record.id or 0,
                            position=position,
                            name=person.name,
                            role=person.role,
                            present=person.present,
                        )
                    )
                _audit_meeting(session, record, "update", [("attendance", before, after)])
                _touch(session, record)
        return self.get_meeting(meeting_id)

    def record_decision(
        self,
        meeting_id: int,
        mrn: str,
        *,
        recommendation: str,
        rationale: str,
        consensus: str = vocab.UNANIMOUS,
        dissent: str | None = None,
        tests: Sequence[str] = (),
    ) -> Meeting:
        """Record (or replace) the team's recommendation for one case, with the evaluation it
        was made on: the case as of the meeting day (today, for a meeting dated later).

        A planned meeting whose first decision is recorded is in progress from then on.
        """
        tests = tuple(dict.fromkeys(tests))
        problems = validate.decision(
            recommendation=recommendation,
            rationale=rationale,
            consensus=consensus,
            dissent=dissent,
            tests=tests,
        )
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            item, case = _require_item(session, record, mrn)
            evaluation = rules.evaluate(mapping.read_case(session, case), min(record.date, date.today()))
            new = DecisionRecord(
                agenda_item_id=item.id or 0,
                recommendation=recommendation,
                tests_requested=list(tests),
                rationale=rationale.strip(),
                consensus=consensus,
                dissent=_clean(dissent),
                evaluation_json=json.dumps(evaluation.to_document(), ensure_ascii=False, sort_keys=True),
                rules_version=evaluation.rules_version,
                decided_at=datetime.now(UTC),
                decided_by=audit.current_actor(),
            )
            old = _decision(session, item)
            before = _decision_json(old) if old is not None else None
            if old is not None:
                for name in ("recommendation", "tests_requested", "rationale", "consensus", "dissent"):
                    setattr(old, name, getattr(new, name))
                old.evaluation_json, old.rules_version = new.evaluation_json, new.rules_version
                old.decided_at, old.decided_by = new.decided_at, new.decided_by
                new = old
            session.add(new)
            _audit_item(
                session,
                record,
                case,
                "update" if old else "create",
                [("decision", before, _decision_json(new))],
            )
            if record.status == vocab.PLANNED:
                _audit_meeting(session, record, "update", [("status", record.status, vocab.IN_PROGRESS)])
                record.status = vocab.IN_PROGRESS
            _touch(session, record)
        return self.get_meeting(meeting_id)

    def set_options(self, meeting_id: int, mrn: str, chosen: Iterable[ConsideredOption]) -> Meeting:
        """The options the team considered for one case, each with why (replaces the list)."""
        chosen = [ConsideredOption(o.option, _clean(o.note)) for o in chosen]
        problems = validate.options(chosen)
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = _editable(session, meeting_id)
            item, case = _require_item(session, record, mrn)
            rows = _children(session, ConsideredOptionRecord, item)
            before = [{"option": r.option, "note": r.note} for r in rows]
            after = [{"option": o.option, "note": o.note} for o in chosen]
            if before != after:
                for row in rows:
                    session.delete(row)
                for position, option in enumerate(chosen):
                    session.add(
                        ConsideredOptionRecord(
                            agenda_item_id=item.id or 0,
                            position=position,
                            option=option.option,
                            note=option.note,
                        )
                    )
                _audit_item(session, record, case, "update", [("options considered", before, after)])
                _touch(session, record)
        return self.get_meeting(meeting_id)

    def set_actions(self, meeting_id: int, mrn: str, items: Iterable[ActionItem]) -> Meeting:
        """A case's action items (replaces the list). In a closed meeting only ``done`` may change."""
        items = [ActionItem(a.description.strip(), _clean(a.owner), a.due_date, a.done) for a in items]
        problems = validate.actions(items)
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = _require_meeting(session, meeting_id)
            item, case = _require_item(session, record, mrn)
            rows = _children(session, ActionItemRecord, item)
            before = [_action_json(_action(r)) for r in rows]
            after = [_action_json(a) for a in items]
            if record.status not in (vocab.PLANNED, vocab.IN_PROGRESS) and [
                {**a, "done": None} for a in before
            ] != [{**a, "done": None} for a in after]:
                raise refused(
                    "action items",
                    f"meeting {meeting_id} is {record.status}: only ticking action items done is allowed; "
                    "reopen it to change more",
                )
            if before != after:
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
                _audit_item(session, record, case, "update", [("action items", before, after)])
                _touch(session, record)
        return self.get_meeting(meeting_id)


def refuse_if_on_an_agenda(session: Session, case: CaseRecord) -> None:
    """A case on a meeting's agenda is not deleted: its slot, decision and history would go too."""
    meeting_ids = session.exec(
        select(AgendaItemRecord.meeting_id).where(col(AgendaItemRecord.case_id) == case.id)
    ).all()
    if meeting_ids:
        listed = ", ".join(str(m) for m in sorted(set(meeting_ids)))
        raise refused("mrn", f"{case.mrn} is on the agenda of meeting {listed}; remove it there first")


# --- helpers: finding rows ----------------------------------------------------------------


def _require_meeting(session: Session, meeting_id: int) -> MeetingRecord:
    record = session.get(MeetingRecord, meeting_id)
    if record is None:
        _, not_found = _errors()
        raise not_found([Problem("meeting", f"no meeting has id {meeting_id}")])
    return record


def _editable(session: Session, meeting_id: int) -> MeetingRecord:
    record = _require_meeting(session, meeting_id)
    if record.status not in (vocab.PLANNED, vocab.IN_PROGRESS):
        raise refused(
            "meeting",
            f"meeting {meeting_id} is {vocab.label(vocab.STATUS, record.status).lower()}; reopen it to change it",
        )
    return record


def _require_case(session: Session, mrn: str) -> CaseRecord:
    record = session.exec(
        select(CaseRecord).where(func.lower(col(CaseRecord.mrn)) == func.lower(mrn))
    ).first()
    if record is None:
        _, not_found = _errors()
        raise not_found([Problem("mrn", f"no case has MRN {mrn!r}")])
    return record


def _require_item(session: Session, meeting: MeetingRecord, mrn: str) -> tuple[AgendaItemRecord, CaseRecord]:
    case = _require_case(session, mrn)
    item = session.exec(
        select(AgendaItemRecord).where(
            col(AgendaItemRecord.meeting_id) == meeting.id, col(AgendaItemRecord.case_id) == case.id
        )
    ).first()
    if item is None:
        raise refused("mrn", f"{case.mrn} is not on the agenda of meeting {meeting.id}")
    return item, case


def _items(session: Session, meeting: MeetingRecord) -> list[AgendaItemRecord]:
    return list(
        session.exec(
            select(AgendaItemRecord)
            .where(col(AgendaItemRecord.meeting_id) == meeting.id)
            .order_by(col(AgendaItemRecord.position), col(AgendaItemRecord.id))
        ).all()
    )


def _case_of(session: Session, item: AgendaItemRecord) -> CaseRecord:
    case = session.get(CaseRecord, item.case_id)
    assert case is not None  # the foreign key holds it
    return case


def _children(session: Session, table: Any, item: AgendaItemRecord) -> list[Any]:
    return list(
        session.exec(
            select(table).where(col(table.agenda_item_id) == item.id).order_by(col(table.position))
        ).all()
    )


def _decision(session: Session, item: AgendaItemRecord) -> DecisionRecord | None:
    return session.exec(select(DecisionRecord).where(col(DecisionRecord.agenda_item_id) == item.id)).first()


def _attendance(session: Session, meeting: MeetingRecord) -> list[Attendee]:
    rows = session.exec(
        select(AttendanceRecord)
        .where(col(AttendanceRecord.meeting_id) == meeting.id)
        .order_by(col(AttendanceRecord.position))
    ).all()
    return [Attendee(r.name, r.role, r.present) for r in rows]


# --- helpers: building the read model ----------------------------------------------------------


def _entry(
    session: Session,
    meeting: MeetingRecord,
    item: AgendaItemRecord,
    summaries: dict[str, CaseSummary],
    today: date,
) -> AgendaEntry:
    record = _case_of(session, item)
    case = mapping.read_case(session, record)
    summary = summaries.get(record.mrn)
    decision = _decision(session, item)
    return AgendaEntry(
        mrn=record.mrn,
        pseudonym=record.pseudonym or "",
        family_name=record.family_name,
        given_name=record.given_name,
        date_of_birth=record.date_of_birth,
        age_months=timeline.age_months(record.date_of_birth, meeting.date),
        position=item.position,
        minutes=item.minutes,
        question=item.question,
        slot_offset=0,
        status=summary.status if summary else None,
        pathway=summary.pathway if summary else None,
        urgent=summary.urgent if summary else False,
        weeks_since_drug_resistance=summary.weeks_since_drug_resistance if summary else None,
        spasm_weeks=summary.spasm_weeks if summary else None,
        missing=tuple(missing_items(case, rules.evaluate(case, today))),
        decision=_decision_model(decision) if decision else None,
        options=tuple(
            ConsideredOption(r.option, r.note) for r in _children(session, ConsideredOptionRecord, item)
        ),
        actions=tuple(_action(r) for r in _children(session, ActionItemRecord, item)),
    )


def _urgency_order(entries: list[AgendaEntry], summaries: dict[str, CaseSummary]) -> list[AgendaEntry]:
    """The case list's own order (``CaseSummary.urgency_rank``, then MRN): one ordering in isconf."""
    return sorted(entries, key=lambda e: (_rank(summaries.get(e.mrn)), e.mrn))


def _rank(summary: CaseSummary | None) -> tuple[int, float, float]:
    return summary.urgency_rank if summary is not None else (2, 0.0, 0.0)


def _insert_at(
    order: list[tuple[AgendaItemRecord, CaseRecord]], case: CaseRecord, summaries: dict[str, CaseSummary]
) -> int:
    """Where a new case goes: before the first case that is less urgent (see ``add_cases``)."""
    rank = (_rank(summaries.get(case.mrn)), case.mrn)
    for index, (_, other) in enumerate(order):
        if (_rank(summaries.get(other.mrn)), other.mrn) > rank:
            return index
    return len(order)


def _with_slots(entries: list[AgendaEntry]) -> tuple[AgendaEntry, ...]:
    out, offset = [], 0
    for position, entry in enumerate(entries):
        out.append(replace(entry, position=position, slot_offset=offset))
        offset += entry.minutes
    return tuple(out)


def _meeting(record: MeetingRecord, agenda: tuple[AgendaEntry, ...], attendance: list[Attendee]) -> Meeting:
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
        agenda=agenda,
        attendance=tuple(attendance),
    )


def _decision_model(record: DecisionRecord) -> Decision:
    return Decision(
        recommendation=record.recommendation,
        rationale=record.rationale,
        consensus=record.consensus,
        dissent=record.dissent,
        tests_requested=tuple(record.tests_requested),
        evaluation=json.loads(record.evaluation_json),
        rules_version=record.rules_version,
        decided_at=_as_utc(record.decided_at),
        decided_by=record.decided_by,
    )


def _action(row: ActionItemRecord) -> ActionItem:
    return ActionItem(row.description, row.owner, row.due_date, row.done)


# --- helpers: audit ------------------------------------------------------------------------------


def _audit_meeting(session: Session, record: MeetingRecord, action: str, changes: list[audit.Change]) -> None:
    audit.record_changes(
        session,
        action=action,
        entity="meeting",
        entity_ref=record.ref,
        key=f"meeting {record.id}",
        changes=changes,
    )


def _audit_item(
    session: Session, meeting: MeetingRecord, case: CaseRecord, action: str, changes: list[audit.Change]
) -> None:
    """A change to one case's place in a meeting, filed under the case (pseudonym, MRN)."""
    if case.pseudonym is None:
        raise refused("mrn", "this case has no pseudonym; run isconf check")
    audit.record_changes(
        session,
        action=action,
        entity="agenda_item",
        entity_ref=case.pseudonym,
        key=case.mrn,
        changes=[(f"meeting {meeting.id} ({meeting.ref}).{field}", old, new) for field, old, new in changes],
    )


def _touch(session: Session, record: MeetingRecord) -> None:
    record.updated_at = datetime.now(UTC)
    session.add(record)


def _header(record: MeetingRecord) -> dict[str, Any]:
    return {
        "title": record.title,
        "date": record.date.isoformat(),
        "time": record.start_time.strftime("%H:%M") if record.start_time else None,
        "place": record.place,
        "video_link": record.video_link,
        "chair": record.chair,
        "status": record.status,
    }


def _header_problems(
    title: str, place: str | None, video_link: str | None, chair: str | None
) -> list[Problem]:
    return (
        validate.text("title", title, 200, required=True)
        + validate.text("place", place, 200)
        + validate.text("video link", video_link, 500)
        + validate.text("chair", chair, 100)
    )


def _decision_json(record: DecisionRecord) -> dict[str, Any]:
    return {
        "recommendation": record.recommendation,
        "tests_requested": list(record.tests_requested),
        "rationale": record.rationale,
        "consensus": record.consensus,
        "dissent": record.dissent,
        "rules_version": record.rules_version,
        "evaluation_status": json.loads(record.evaluation_json).get("status"),
    }


def _attendee_json(person: Attendee) -> dict[str, Any]:
    return {"name": person.name, "role": person.role, "present": person.present}


def _action_json(action: ActionItem) -> dict[str, Any]:
    return {
        "description": action.description,
        "owner": action.owner,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "done": action.done,
    }


def _as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; PostgreSQL an aware time."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _clean(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None

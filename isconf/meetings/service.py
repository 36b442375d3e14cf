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

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import col, select

from isconf.changes import Changes
from isconf.clock import Clock
from isconf.meetings import validate, vocab
from isconf.meetings.decisions import (
    checked_actions,
    checked_decision,
    checked_options,
    judged,
    store_decision,
)
from isconf.meetings.model import ActionItem, Attendee, ConsideredOption, Meeting, MeetingSummary
from isconf.meetings.reading import read_agenda
from isconf.meetings.records import (
    agenda_items,
    audit_item,
    audit_meeting,
    case_of,
    children,
    clean,
    decision_json,
    decision_of,
    editable_meeting,
    header,
    header_problems,
    insert_at,
    invalid,
    meeting_model,
    refuse_if_locked,
    refused,
    require_case,
    require_item,
    require_meeting,
    signature_count,
    touch,
    urgency_order,
    with_slots,
    write_actions,
    write_options,
)
from isconf.meetings.text_checks import checked_hashes
from isconf.store import audit, mapping
from isconf.store.database import Database
from isconf.store.meeting_tables import (
    ActionItemRecord,
    AgendaItemRecord,
    AttendanceRecord,
    ConsideredOptionRecord,
    MeetingRecord,
)

if TYPE_CHECKING:
    from isconf.cases.model import CaseSummary
    from isconf.cases.service import CaseService


class MeetingService:
    """Meetings: create, read, build the agenda, record attendance and decisions, close."""

    def __init__(self, database: Database, cases: CaseService, clock: Clock) -> None:
        self.database = database
        self.cases = cases  # the agenda's list lines (urgency, status) are the case list's
        self.clock = clock

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
        """The whole meeting (agenda by urgency, readiness, attendance, decisions) as of its day."""
        with self.database.reading() as session:
            record = require_meeting(session, meeting_id)
            as_of = min(record.date, today or self.clock.today())  # today, while it is still ahead
            agenda = read_agenda(session, record, as_of)  # three statements (docs/performance.md)
            checked = checked_hashes(session, meeting_id)
        entries = agenda.entries
        if not record.manual_order:
            entries = urgency_order(entries, agenda.summaries)
        return replace(meeting_model(record, with_slots(entries), agenda.attendance, checked), as_of=as_of)

    def _written(self, meeting_id: int, mrns: Iterable[str] = ()) -> Meeting:
        """The meeting as stored after a write, carrying what the write changed."""
        meeting = self.get_meeting(meeting_id)
        return replace(meeting, changes=Changes.of(meetings=[meeting_id], cases=mrns))

    def _summaries(self, mrns: list[str], today: date) -> dict[str, CaseSummary]:
        return {s.mrn: s for s in self.cases.list_cases(as_of=today, mrns=mrns)}

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
        problems = header_problems(title, place, video_link, chair)
        if problems:
            raise invalid(problems)
        now = self.clock.now()
        record = MeetingRecord(
            ref="MTG-" + secrets.token_hex(5).upper(),
            title=title.strip(),
            date=day,
            start_time=start_time,
            place=clean(place),
            video_link=clean(video_link),
            chair=clean(chair),
            status=vocab.PLANNED,
            created_at=now,
            updated_at=now,
        )
        with self.database.writing() as session:
            session.add(record)
            session.flush()
            audit_meeting(session, record, "create", [(audit.WHOLE_RECORD, None, header(record))])
            meeting_id = record.id or 0
        return self._written(meeting_id)

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
        expected_version: int | None = None,
    ) -> Meeting:
        problems = header_problems(title, place, video_link, chair)
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            before = header(record)
            record.title, record.date, record.start_time = title.strip(), day, start_time
            record.place, record.video_link, record.chair = clean(place), clean(video_link), clean(chair)
            after = header(record)
            changes = [(k, before[k], after[k]) for k in before if before[k] != after[k]]
            if changes:
                touch(session, record)
                audit_meeting(session, record, "update", changes)
        return self._written(meeting_id)

    def set_status(self, meeting_id: int, status: str, *, expected_version: int | None = None) -> Meeting:
        """Start, close or reopen; reopening a closed meeting raises its revision."""
        with self.database.writing() as session:
            record = require_meeting(session, meeting_id, expected_version)
            refuse_if_locked(record)  # only an amendment leaves "signed" (isconf.signing)
            if record.status != status and (record.status, status) not in vocab.TRANSITIONS:
                raise refused(
                    "status",
                    f"a {vocab.label(vocab.STATUS, record.status).lower()} meeting cannot become "
                    f"{vocab.label(vocab.STATUS, status).lower() or status!r}",
                )
            if record.status != status:
                changes: list[audit.Change] = [("status", record.status, status)]
                if record.status == vocab.CLOSED:
                    signed = signature_count(session, record)
                    if signed:
                        # Partial signatures stay on their revision; the new one is signed anew.
                        changes.append(
                            (
                                f"signatures of revision {record.revision}",
                                signed,
                                f"stay on revision {record.revision}; they do not carry over to "
                                f"revision {record.revision + 1}, which must be signed anew",
                            )
                        )
                    changes.append(("revision", record.revision, record.revision + 1))
                    record.revision += 1
                record.status = status
                touch(session, record)
                audit_meeting(session, record, "update", changes)
        return self._written(meeting_id)

    # --- the agenda -------------------------------------------------------------------

    def add_cases(
        self, meeting_id: int, mrns: Sequence[str], *, expected_version: int | None = None
    ) -> tuple[Meeting, list[str]]:
        """Put cases on the agenda; returns the meeting and the MRNs that were already there.

        In urgency order the new cases simply take their place. Once the
        coordinator has ordered the agenda by hand, each new case goes in just
        before the first case that is less urgent, so the hand order stands and a
        late urgent case is not left at the end of the meeting.
        """
        already: list[str] = []
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            cases = [require_case(session, mrn) for mrn in mrns]  # every MRN known, or nothing added
            items = agenda_items(session, record)
            present = {item.case_id for item in items}
            order = [(item, case_of(session, item)) for item in items]
            summaries = self._summaries(
                [c.mrn for c in cases] + [c.mrn for _, c in order], self.clock.today()
            )
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
                order.insert(insert_at(order, case, summaries), (item, case))
                audit_item(session, record, case, "create", [("agenda", None, {"minutes": item.minutes})])
            for position, (item, _) in enumerate(order):
                item.position = position
                session.add(item)
            touch(session, record)
        return self._written(meeting_id, mrns), already

    def remove_case(self, meeting_id: int, mrn: str, *, expected_version: int | None = None) -> Meeting:
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            item, case = require_item(session, record, mrn)
            if decision_of(session, item) is not None:
                raise refused("mrn", f"{case.mrn} has a recorded decision; it stays on the agenda")
            old = {"minutes": item.minutes, "question": item.question}
            for child in (
                *children(session, ActionItemRecord, item),
                *children(session, ConsideredOptionRecord, item),
            ):
                session.delete(child)
            session.delete(item)
            audit_item(session, record, case, "delete", [("agenda", old, None)])
            touch(session, record)
        return self._written(meeting_id, [mrn])

    def set_order(
        self, meeting_id: int, mrns: Sequence[str], *, expected_version: int | None = None
    ) -> Meeting:
        """The coordinator's own order (every agenda MRN once): stored, kept until "Sort by urgency"."""
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            items = agenda_items(session, record)
            by_mrn = {case_of(session, item).mrn.lower(): item for item in items}
            wanted = [m.lower() for m in mrns]
            if sorted(wanted) != sorted(by_mrn):
                raise refused("order", "name every case on the agenda exactly once")
            before = [case_of(session, item).pseudonym for item in items]
            for position, mrn in enumerate(wanted):
                by_mrn[mrn].position = position
                session.add(by_mrn[mrn])
            after = [case_of(session, by_mrn[m]).pseudonym for m in wanted]
            if before != after or not record.manual_order:
                record.manual_order = True
                touch(session, record)
                audit_meeting(session, record, "update", [("agenda order (pseudonyms)", before, after)])
        return self._written(meeting_id)

    def move_case(self, meeting_id: int, mrn: str, to_index: int) -> Meeting:
        """Move one case to ``to_index`` in the order shown now."""
        current = [item.mrn for item in self.get_meeting(meeting_id).agenda]
        matches = [m for m in current if m.lower() == mrn.lower()]
        if not matches:
            raise refused("mrn", f"{mrn} is not on the agenda of meeting {meeting_id}")
        current.remove(matches[0])
        current.insert(max(0, min(to_index, len(current))), matches[0])
        return self.set_order(meeting_id, current)

    def sort_by_urgency(self, meeting_id: int, *, expected_version: int | None = None) -> Meeting:
        """Back to the automatic order: urgent first, then weeks since resistance, then weeks of spasms."""
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            if record.manual_order:
                record.manual_order = False
                touch(session, record)
                audit_meeting(session, record, "update", [("order", "manual", "urgency")])
        meeting = self.get_meeting(meeting_id)
        with self.database.writing() as session:  # store the positions, so a later hand move starts from them
            record = require_meeting(session, meeting_id)
            if record.status not in (vocab.PLANNED, vocab.IN_PROGRESS):
                # Closed (or signed) since the first transaction: its rows stay as they are.
                return replace(meeting, changes=Changes.of(meetings=[meeting_id]))
            by_mrn = {case_of(session, item).mrn: item for item in agenda_items(session, record)}
            for position, entry in enumerate(meeting.agenda):
                by_mrn[entry.mrn].position = position
                session.add(by_mrn[entry.mrn])
        return replace(meeting, changes=Changes.of(meetings=[meeting_id]))

    def set_item(
        self,
        meeting_id: int,
        mrn: str,
        *,
        minutes: int | None = None,
        question: str | None = None,
        expected_version: int | None = None,
    ) -> Meeting:
        """A case's slot length and its question for the team (None leaves a value as it is)."""
        problems = (validate.minutes(minutes) if minutes is not None else []) + validate.text(
            "question", question, 2000
        )
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            item, case = require_item(session, record, mrn)
            changes: list[audit.Change] = []
            if minutes is not None and minutes != item.minutes:
                changes.append(("minutes", item.minutes, minutes))
                item.minutes = minutes
            if question is not None and clean(question) != item.question:
                changes.append(("question", item.question, clean(question)))
                item.question = clean(question)
            if changes:
                session.add(item)
                audit_item(session, record, case, "update", changes)
                touch(session, record)
        return self._written(meeting_id, [mrn])

    # --- in the meeting ---------------------------------------------------------------------

    def set_attendance(
        self, meeting_id: int, people: Iterable[Attendee], *, expected_version: int | None = None
    ) -> Meeting:
        """Replace the attendance list (name, role, present)."""
        people = [Attendee(p.name.strip(), p.role.strip(), p.present) for p in people]
        problems = validate.attendees(people)
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            old_rows = session.exec(
                select(AttendanceRecord)
                .where(col(AttendanceRecord.meeting_id) == record.id)
                .order_by(col(AttendanceRecord.position))
            ).all()
            before = [Attendee(r.name, r.role, r.present).to_json() for r in old_rows]
            after = [p.to_json() for p in people]
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
                audit_meeting(session, record, "update", [("attendance", before, after)])
                touch(session, record)
        return self._written(meeting_id)

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
        options: Iterable[ConsideredOption] | None = None,
        actions: Iterable[ActionItem] | None = None,
        expected_version: int | None = None,
    ) -> Meeting:
        """Record (or replace) the team's recommendation for one case, with the evaluation it
        was made on: the case as of the meeting day (today, for a meeting dated later).

        ``options`` and ``actions``, when given, replace the case's options considered and
        action items in the same transaction: all of it is saved, or none.
        A planned meeting whose first decision is recorded is in progress from then on.
        """
        chosen = checked_options(options) if options is not None else None
        todo = checked_actions(actions) if actions is not None else None
        tests = checked_decision(
            recommendation=recommendation,
            rationale=rationale,
            consensus=consensus,
            dissent=dissent,
            tests=tests,
        )
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            item, case = require_item(session, record, mrn)
            day = min(record.date, self.clock.today())
            evaluation, seen = judged(mapping.read_case(session, case), day)
            before, new = store_decision(
                session,
                item,
                evaluation,
                self.clock.now(),
                seen=seen,
                recommendation=recommendation,
                rationale=rationale,
                consensus=consensus,
                dissent=dissent,
                tests=tests,
            )
            audit_item(
                session,
                record,
                case,
                "update" if before is not None else "create",
                [("decision", before, decision_json(new))],
            )
            if chosen is not None:
                write_options(session, record, item, case, chosen)
            if todo is not None:
                write_actions(session, record, item, case, todo)
            if record.status == vocab.PLANNED:
                audit_meeting(session, record, "update", [("status", record.status, vocab.IN_PROGRESS)])
                record.status = vocab.IN_PROGRESS
            touch(session, record)
        return self._written(meeting_id, [mrn])

    def set_options(
        self,
        meeting_id: int,
        mrn: str,
        chosen: Iterable[ConsideredOption],
        *,
        expected_version: int | None = None,
    ) -> Meeting:
        """The options the team considered for one case, each with why (replaces the list)."""
        chosen = checked_options(chosen)
        with self.database.writing() as session:
            record = editable_meeting(session, meeting_id, expected_version)
            item, case = require_item(session, record, mrn)
            write_options(session, record, item, case, chosen)
        return self._written(meeting_id, [mrn])

    def set_actions(
        self, meeting_id: int, mrn: str, items: Iterable[ActionItem], *, expected_version: int | None = None
    ) -> Meeting:
        """A case's action items (replaces the list). In a closed meeting only ``done`` may change."""
        items = checked_actions(items)
        with self.database.writing() as session:
            record = require_meeting(session, meeting_id, expected_version)
            item, case = require_item(session, record, mrn)
            write_actions(session, record, item, case, items)
        return self._written(meeting_id, [mrn])

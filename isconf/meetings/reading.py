"""A whole meeting read in three statements, however long its agenda.

1. the meeting's row; 2. its agenda items, each joined to its case's row and its decision;
3. every child row the screen shows, in one ``UNION ALL`` (``isconf.store.child_rows``): the
agenda cases' lists (treatments, studies, ...), each item's options and action items, and the
attendance. Each case is then evaluated in memory, for its list line (urgency, status) and what
its evaluation still lacks. Before, each agenda entry cost ~12 statements (244 for 20 cases).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from isconf import rules, timeline
from isconf.cases.listing import line_of
from isconf.cases.model import CaseSummary
from isconf.domain import Case
from isconf.meetings.model import ActionItem, AgendaEntry, Attendee, ConsideredOption
from isconf.meetings.readiness import missing_items
from isconf.meetings.records import decision_model
from isconf.store import child_rows, mapping
from isconf.store.meeting_tables import (
    ActionItemRecord,
    AgendaItemRecord,
    AttendanceRecord,
    ConsideredOptionRecord,
    DecisionRecord,
    MeetingRecord,
)
from isconf.store.tables import CaseRecord


@dataclass(frozen=True)
class Agenda:
    entries: list[AgendaEntry]  # in stored order
    summaries: dict[str, CaseSummary]  # each agenda case's list line, by MRN
    attendance: list[Attendee]


def read_agenda(session: Session, meeting: MeetingRecord, today: date) -> Agenda:
    rows = session.exec(
        select(AgendaItemRecord, CaseRecord, DecisionRecord)
        .join(CaseRecord, col(CaseRecord.id) == col(AgendaItemRecord.case_id))
        .outerjoin(DecisionRecord, col(DecisionRecord.agenda_item_id) == col(AgendaItemRecord.id))
        .where(col(AgendaItemRecord.meeting_id) == meeting.id)
        .order_by(col(AgendaItemRecord.position), col(AgendaItemRecord.id))
    ).all()
    case_ids = [case.id for _item, case, _decision in rows if case.id is not None]
    item_ids = [item.id for item, _case, _decision in rows if item.id is not None]
    branches = mapping.list_branches(case_ids)
    options, actions, attendance = (
        _branch(ConsideredOptionRecord, "agenda_item_id", item_ids),
        _branch(ActionItemRecord, "agenda_item_id", item_ids),
        _branch(AttendanceRecord, "meeting_id", [meeting.id or 0]),
    )
    found = child_rows.read(session, [*branches, options, actions, attendance])
    lists = mapping.gather_lists(found, case_ids)
    by_option, by_action, by_meeting = found[len(branches) :]
    entries, summaries = [], {}
    for item, record, decision in rows:
        assert record.id is not None and item.id is not None
        case = mapping.case_of(record, lists[record.id])
        evaluation = rules.evaluate(case, today)
        summary = line_of(record, evaluation, today, case)
        summaries[record.mrn] = summary
        entries.append(
            _entry(meeting, item, record, case, summary, decision, evaluation, by_option, by_action)
        )
    people = [Attendee(r["name"], r["role"], r["present"]) for r in by_meeting.get(meeting.id or 0, [])]
    return Agenda(entries, summaries, people)


def _branch(table: Any, parent: str, ids: list[int]) -> child_rows.Branch:
    return child_rows.Branch(table.__table__, table.__table__.c[parent], ids)


def _entry(
    meeting: MeetingRecord,
    item: AgendaItemRecord,
    record: CaseRecord,
    case: Case,
    summary: CaseSummary,
    decision: DecisionRecord | None,
    evaluation: rules.Evaluation,
    options: child_rows.Rows,
    actions: child_rows.Rows,
) -> AgendaEntry:
    assert item.id is not None
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
        status=summary.status,
        pathway=summary.pathway,
        urgent=summary.urgent,
        alarms=summary.alarms,
        operated_on=summary.operated_on,
        outcome=summary.outcome,
        weeks_since_drug_resistance=summary.weeks_since_drug_resistance,
        spasm_weeks=summary.spasm_weeks,
        missing=tuple(missing_items(case, evaluation)),
        decision=decision_model(decision) if decision else None,
        options=tuple(ConsideredOption(r["option"], r["note"]) for r in options.get(item.id, [])),
        actions=tuple(
            ActionItem(r["description"], r["owner"], r["due_date"], r["done"])
            for r in actions.get(item.id, [])
        ),
        case=case,  # the summary reuses it (no second read per case)
    )

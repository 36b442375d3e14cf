"""The case list's lines, read from the listed columns only (10,000 cases in well under a second)."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import String, or_, type_coerce
from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from isconf import fields, rules, timeline
from isconf.cases.model import CaseSummary
from isconf.cases.records import evaluate_records, spasm_weeks, summary_holds
from isconf.domain import Case, Spasms
from isconf.store.tables import CaseRecord, FollowUpRecord

# What a line needs of the spasms: when they began, and whether and when they stopped.
_SPASM_COLUMNS: tuple[Any, ...] = (
    CaseRecord.spasm_onset_date,
    CaseRecord.spasms_ongoing,
    CaseRecord.spasm_last_seen_date,
)
_spasms = fields.from_columns(Spasms, ("spasms",), [c.key for c in _SPASM_COLUMNS])
_COLUMNS = (
    CaseRecord.id,
    CaseRecord.mrn,
    CaseRecord.family_name,
    CaseRecord.given_name,
    CaseRecord.date_of_birth,
    *_SPASM_COLUMNS,
    CaseRecord.surgery_date,
    CaseRecord.eval_rules_version,
    CaseRecord.eval_as_of,
    CaseRecord.eval_stable_until,
    CaseRecord.eval_status,
    CaseRecord.eval_pathway,
    CaseRecord.eval_resistance_date,
    CaseRecord.eval_alarms,
)

# The latest visit that says Engel or ILAE class, read in the list's one statement: an operated
# child's line shows its outcome, not its candidacy.
_CLASSED = or_(col(FollowUpRecord.engel).is_not(None), col(FollowUpRecord.ilae).is_not(None))


def _latest_visit(column: Any) -> Any:
    return (
        select_columns(column)
        .where(col(FollowUpRecord.case_id) == col(CaseRecord.id), _CLASSED)
        .order_by(col(FollowUpRecord.date).desc(), col(FollowUpRecord.position).desc())
        .limit(1)
        .scalar_subquery()
    )


# The alarms as the stored text: most cases have none ("[]"), and decoding each row's JSON
# was a tenth of reading 10,000 lines (startup_s). PostgreSQL's driver hands a list anyway.
_SELECTED = tuple(type_coerce(c, String) if c is CaseRecord.eval_alarms else col(c) for c in _COLUMNS)


def _alarms(stored: Any) -> tuple[str, ...]:
    if not stored or stored == "[]":
        return ()
    return tuple(json.loads(stored) if isinstance(stored, str) else stored)


def case_lines(session: Session, today: date, mrns: Collection[str] | None) -> list[CaseSummary]:
    """Every case's list line (or those of ``mrns``, exact), most urgent first.

    Status and drug resistance come from the summary stored at the last save; a case
    whose summary no longer holds on ``today`` (or predates the rules version) is
    evaluated afresh from its full record."""
    # Plain rows from the connection: the ORM's per-row bookkeeping buys nothing here.
    query = select_columns(
        *_SELECTED, _latest_visit(FollowUpRecord.engel), _latest_visit(FollowUpRecord.ilae)
    )
    if mrns is not None:
        query = query.where(col(CaseRecord.mrn).in_(list(mrns)))
    rows: list[Any] = list(session.connection().execute(query).all())
    stale = [
        case_id
        for case_id, *_, version, as_of, until, _status, _pathway, _resistance, _alarms, _engel, _ilae in rows
        if not summary_holds(version, as_of, until, today)
    ]
    fresh = evaluate_records(session, stale, today)
    spells: dict[tuple[Any, ...], tuple[bool, float | None]] = {}
    summaries = [_line(row, fresh, today, spells) for row in rows]
    summaries.sort(key=lambda s: (s.urgency_rank, s.mrn))
    return summaries


def line_of(record: CaseRecord, evaluation: rules.Evaluation, today: date, case: Case) -> CaseSummary:
    """The list line of a case read whole and evaluated afresh (a meeting's agenda reads its
    cases so), the same line ``case_lines`` makes of the listed columns."""
    classed = [v for v in case.follow_up if v.engel is not None or v.ilae is not None]
    latest = classed[-1] if classed else None
    if classed and all(v.date is not None for v in classed):
        latest = max(enumerate(classed), key=lambda iv: (iv[1].date, iv[0]))[1]
    visit = (latest.engel, latest.ilae) if latest is not None else (None, None)
    row = (*(getattr(record, c.key) for c in _COLUMNS), *visit)
    fresh = {
        record.id: (
            evaluation.status,
            evaluation.pathway,
            evaluation.urgency.drug_resistance_date,
            [w.code for w in evaluation.alarms],
        )
    }
    return _line(row, fresh, today)


def _line(
    row: Any,
    fresh: dict[Any, tuple[str, str | None, date | None, list[str]]],
    today: date,
    spells: dict[tuple[Any, ...], tuple[bool, float | None]] | None = None,
) -> CaseSummary:
    """``spells``: the spasms' state and weeks by their three columns, worked out once per
    distinct spell for a whole list (10,000 cases share a few thousand; startup_s)."""
    # Unpacked once: a row's attributes cost more than the rest of this function (10,000 rows).
    (
        case_id,
        mrn,
        family,
        given,
        born,
        onset,
        ongoing_flag,
        last_seen,
        operated_on,
        *_,
        status,
        pathway,
        resistance,
        alarms,
        engel,
        ilae,
    ) = row
    if case_id in fresh:
        status, pathway, resistance, alarms = fresh[case_id]
    key = (onset, ongoing_flag, last_seen)
    known = None if spells is None else spells.get(key)
    if known is None:
        spasms: Spasms = _spasms(key)
        known = (rules.spasms_ongoing(spasms), spasm_weeks(spasms, today))
        if spells is not None:
            spells[key] = known
    ongoing, weeks = known
    # Once operated, the urgency of surgery (and the weeks since drug resistance it counts)
    # is moot: the line shows the operation and its outcome. An alarm stays (an infant with
    # untreated spasms is an emergency whatever has been done).
    operated = operated_on is not None and operated_on <= today
    if operated:
        resistance = None
    return CaseSummary(
        mrn=mrn,
        family_name=family,
        given_name=given,
        date_of_birth=born,
        age_months=timeline.age_months(born, today),
        spasm_onset=onset,
        spasms_ongoing=ongoing,
        spasm_weeks=weeks,
        status=status,
        pathway=pathway,
        urgent=ongoing and status in rules.URGENT_STATUSES and not operated,
        alarms=_alarms(alarms),
        weeks_since_drug_resistance=(
            timeline.weeks_between(resistance, today)
            if resistance is not None and resistance <= today
            else None
        ),
        operated_on=operated_on if operated else None,
        outcome=outcome_words(engel, ilae) if operated else None,
    )


def outcome_words(engel: str | None, ilae: int | None) -> str | None:
    """'Engel IB', else 'ILAE 2' (the latest visit's class); None without one."""
    if engel is not None:
        return f"Engel {engel}"
    return f"ILAE {ilae}" if ilae is not None else None

"""The case list's lines, read from the listed columns only (10,000 cases in well under a second)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import String, bindparam, text
from sqlmodel import Session

from isconf import fields, rules, timeline
from isconf.cases.model import CaseSummary, urgency_rank
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
# Where a row holds the stored evaluation summary's version and the days it holds from and until.
_SUMMARY_AT = tuple(
    [c.key for c in _COLUMNS].index(name)
    for name in ("eval_rules_version", "eval_as_of", "eval_stable_until")
)


def _latest_visit(column: str) -> str:
    """The latest visit that says Engel or ILAE class, read in the list's one statement: an
    operated child's line shows its outcome, not its candidacy."""
    return (
        f"(SELECT follow_up.{column} FROM follow_up WHERE follow_up.case_id = case_record.id"
        " AND (follow_up.engel IS NOT NULL OR follow_up.ilae IS NOT NULL)"
        " ORDER BY follow_up.date DESC, follow_up.position DESC LIMIT 1)"
    )


_VISIT_COLUMNS: tuple[Any, ...] = (FollowUpRecord.engel, FollowUpRecord.ilae)

# Plain SQL, the same on SQLite and PostgreSQL: compiling the statement from SQLAlchemy's
# expressions was ~9 ms of the app's start, and its per-value conversion of 10,000 rows more
# (startup_s in docs/performance.md); ``_lines`` converts what it reads.
_LIST = (
    f"SELECT {', '.join(f'case_record.{c.key}' for c in _COLUMNS)},"
    f" {', '.join(_latest_visit(c.key) for c in _VISIT_COLUMNS)}"
    " FROM case_record"
)
_ALL = text(_LIST)
_SOME = text(f"{_LIST} WHERE case_record.mrn IN :mrns").bindparams(
    bindparam("mrns", expanding=True, type_=String)
)


def _alarms(stored: Any) -> tuple[str, ...]:
    if not stored or stored == "[]":
        return ()
    return tuple(json.loads(stored) if isinstance(stored, str) else stored)


def _day(value: Any) -> Any:
    """A date column as SQLite's driver hands it (ISO text) or PostgreSQL's (a date)."""
    return date.fromisoformat(value) if value.__class__ is str else value


def _rows(session: Session, mrns: Collection[str] | None) -> list[Any]:
    """The listed columns as the driver hands them, in MRN order."""
    connection = session.connection()
    if mrns is None:
        rows = list(connection.execute(_ALL).all())
    else:
        rows = list(connection.execute(_SOME, {"mrns": list(mrns)}).all())
    # Python's order of MRNs, whatever the database's collation: the list's tie-break.
    rows.sort(key=_mrn)
    return rows


def _mrn(row: Any) -> str:
    mrn: str = row[1]
    return mrn


def case_lines(session: Session, today: date, mrns: Collection[str] | None) -> list[CaseSummary]:
    """Every case's list line (or those of ``mrns``, exact), most urgent first.

    Status and drug resistance come from the summary stored at the last save; a case
    whose summary no longer holds on ``today`` (or predates the rules version) is
    evaluated afresh from its full record."""
    rows = _rows(session, mrns)
    # By place: unpacking 10,000 rows with a starred name costs a list each.
    version, as_of, until = _SUMMARY_AT
    stale = [
        row[0] for row in rows if not summary_holds(row[version], _day(row[as_of]), _day(row[until]), today)
    ]
    fresh = evaluate_records(session, stale, today)
    ranked = _lines(rows, fresh, today)
    ranked.sort(key=_first)  # stable: MRN order among equal ranks
    return [line for _rank, line in ranked]


def _first(pair: tuple[Any, CaseSummary]) -> Any:
    return pair[0]


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
    return _lines([row], fresh, today)[0][1]


def _lines(
    rows: Iterable[Any], fresh: dict[Any, tuple[str, str | None, date | None, list[str]]], today: date
) -> list[tuple[tuple[Any, ...], CaseSummary]]:
    """Each row's line, and its rank in the list (``CaseSummary.urgency_rank``).

    One loop over plain rows, whose dates SQLite's driver hands as ISO text: what two rows
    share (a spell of spasms, a date of birth) is worked out once for the whole list
    (10,000 cases share a few thousand; startup_s in docs/performance.md)."""
    spells: dict[tuple[Any, Any, Any], tuple[bool, float | None, date | None]] = {}
    births: dict[Any, tuple[date, float | None]] = {}
    urgent_statuses = rules.URGENT_STATUSES
    listed = CaseSummary.listed
    ranked = []
    for row in rows:
        # Every column by name, in ``_COLUMNS``' order and then the visit's (a starred name
        # costs a list a row); the summary's version and days were read for ``stale``.
        (case_id, mrn, family, given, born, onset, flag, last_seen, operated_on, _, _, _, status, pathway,
         resistance, alarms, engel, ilae) = row  # fmt: skip
        if case_id in fresh:
            status, pathway, resistance, alarms = fresh[case_id]
        elif resistance is not None:
            resistance = _day(resistance)
        spell = spells.get((onset, flag, last_seen))
        if spell is None:
            spell = spells[onset, flag, last_seen] = _spell(onset, flag, last_seen, today)
        ongoing, weeks, onset_day = spell
        age = None
        if born is not None:
            birth = births.get(born)
            if birth is None:
                day_of_birth = _day(born)
                birth = births[born] = (day_of_birth, timeline.age_months(day_of_birth, today))
            born, age = birth
        # Once operated, the urgency of surgery (and the weeks since drug resistance it counts)
        # is moot: the line shows the operation and its outcome. An alarm stays (an infant with
        # untreated spasms is an emergency whatever has been done).
        operated = False
        if operated_on is not None:
            operated_on = _day(operated_on)
            operated = operated_on <= today
            if operated:
                resistance = None
        alarms = _alarms(alarms) if alarms and alarms != "[]" else ()  # most have none
        urgent = ongoing and status in urgent_statuses and not operated
        since = (
            timeline.weeks_between(resistance, today)
            if resistance is not None and resistance <= today
            else None
        )
        line = listed(
            mrn=mrn,
            family_name=family,
            given_name=given,
            date_of_birth=born,
            age_months=age,
            spasm_onset=onset_day,
            spasms_ongoing=ongoing,
            spasm_weeks=weeks,
            status=status,
            pathway=pathway,
            urgent=urgent,
            weeks_since_drug_resistance=since,
            alarms=alarms,
            operated_on=operated_on if operated else None,
            outcome=outcome_words(engel, ilae) if operated else None,
        )
        ranked.append((urgency_rank(alarms, urgent, since, weeks), line))
    return ranked


def _spell(onset: Any, flag: Any, last_seen: Any, today: date) -> tuple[bool, float | None, date | None]:
    """Whether spasms go on, their weeks, and the day they began."""
    # SQLite's driver hands a flag as 0 or 1: the rules read ``ongoing is False``.
    spasms: Spasms = _spasms((_day(onset), None if flag is None else bool(flag), _day(last_seen)))
    return rules.spasms_ongoing(spasms), spasm_weeks(spasms, today), spasms.onset_date


def outcome_words(engel: str | None, ilae: int | None) -> str | None:
    """'Engel IB', else 'ILAE 2' (the latest visit's class); None without one."""
    if engel is not None:
        return f"Engel {engel}"
    return f"ILAE {ilae}" if ilae is not None else None

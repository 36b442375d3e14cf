"""The case list's lines, read from the listed columns only (10,000 cases in well under a second).

The app's first window: this module and what it imports are on the start path, so the tables'
SQLModel classes and the full case records (``isconf.cases.records``: read, map, evaluate afresh)
load only when a case's stored summary no longer holds (startup_s in docs/performance.md,
tests/test_start_path.py). The columns are named as the tables declare them
(``tests/cases/test_listing_columns.py``)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, bindparam, text
from sqlmodel import Session

from isconf import fields, rules, timeline
from isconf.cases.model import CaseSummary, Operation, urgency_rank
from isconf.domain import Case, Spasms

if TYPE_CHECKING:
    from isconf.store.database import Database
    from isconf.store.tables import CaseRecord

# What a line needs of the spasms: when they began, and whether and when they stopped.
_SPASM_COLUMNS = ("spasm_onset_date", "spasms_ongoing", "spasm_last_seen_date")
_spasms = fields.from_columns(Spasms, ("spasms",), _SPASM_COLUMNS)
# case_record's columns (CaseRecord's names) a line reads, in the order ``_lines`` unpacks them.
COLUMNS = (
    "id",
    "mrn",
    "family_name",
    "given_name",
    "date_of_birth",
    *_SPASM_COLUMNS,
    "surgery_date",
    "eval_rules_version",
    "eval_as_of",
    "eval_stable_until",
    "eval_status",
    "eval_pathway",
    "eval_resistance_date",
    "eval_alarms",
)
# Where a row holds the stored evaluation summary's version and the days it holds from and until.
_SUMMARY_AT = tuple(COLUMNS.index(name) for name in ("eval_rules_version", "eval_as_of", "eval_stable_until"))


VISIT_COLUMNS = ("engel", "ilae")  # follow_up's (FollowUpRecord's)

# The latest visit that says Engel or ILAE class, read in the list's one statement: an operated
# child's line shows its outcome, not its candidacy. Numbered in one pass over the visits and
# joined, not a correlated subquery per column and case (two index searches a case, ~5 ms of
# the app's start at 10,000 cases: startup_s in docs/performance.md); the same order either way.
_LATEST_VISIT = (
    f"SELECT case_id, {', '.join(VISIT_COLUMNS)}, ROW_NUMBER() OVER (PARTITION BY case_id"
    " ORDER BY date DESC, position DESC) AS latest FROM follow_up"
    " WHERE engel IS NOT NULL OR ilae IS NOT NULL"
)

# Plain SQL, the same on SQLite and PostgreSQL: compiling the statement from SQLAlchemy's
# expressions was ~9 ms of the app's start, and its per-value conversion of 10,000 rows more
# (startup_s in docs/performance.md); ``_lines`` converts what it reads.
_LIST = (
    f"SELECT {', '.join(f'case_record.{c}' for c in COLUMNS)},"
    f" {', '.join(f'visit.{c}' for c in VISIT_COLUMNS)}"
    f" FROM case_record LEFT JOIN ({_LATEST_VISIT}) AS visit"
    " ON visit.case_id = case_record.id AND visit.latest = 1"
)
_SOME = text(f"{_LIST} WHERE case_record.mrn IN :mrns").bindparams(
    bindparam("mrns", expanding=True, type_=String)
)


# A row's MRN, a ranked line's rank: keys read in C, not a Python call per row.
_MRN = itemgetter(1)
_RANK = itemgetter(0)


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
        rows = list(connection.exec_driver_sql(_LIST).all())  # a text() of it: ~3 ms more
    else:
        rows = list(connection.execute(_SOME, {"mrns": list(mrns)}).all())
    # Python's order of MRNs, whatever the database's collation: the list's tie-break.
    rows.sort(key=_MRN)
    return rows


def read_lines(database: Database, today: date, mrns: Collection[str] | None) -> list[CaseSummary]:
    """``case_lines`` in a reading session of ``database``."""
    with database.reading() as session:
        return case_lines(session, today, mrns)


def case_lines(session: Session, today: date, mrns: Collection[str] | None) -> list[CaseSummary]:
    """Every case's list line (or those of ``mrns``, exact), most urgent first.

    Status and drug resistance come from the summary stored at the last save; a case
    whose summary no longer holds on ``today`` (or predates the rules version) is
    evaluated afresh from its full record."""
    rows = _rows(session, mrns)
    # By place: unpacking 10,000 rows with a starred name costs a list each.
    version, as_of, until = _SUMMARY_AT
    # Cases saved on one day share their summary's version and days: each set is judged once.
    holds: dict[tuple[Any, Any, Any], bool] = {}
    stale = []
    for row in rows:
        summary = (row[version], row[as_of], row[until])
        held = holds.get(summary)
        if held is None:
            held = holds[summary] = summary_holds(summary[0], _day(summary[1]), _day(summary[2]), today)
        if not held:
            stale.append(row[0])
    fresh = {}
    if stale:
        from isconf.cases.records import evaluate_records  # the full records: see the module's doc

        fresh = evaluate_records(session, stale, today)
    ranked = _lines(rows, fresh, today)
    ranked.sort(key=_RANK)  # stable: MRN order among equal ranks
    return [line for _rank, line in ranked]


def line_of(record: CaseRecord, evaluation: rules.Evaluation, today: date, case: Case) -> CaseSummary:
    """The list line of a case read whole and evaluated afresh (a meeting's agenda reads its
    cases so), the same line ``case_lines`` makes of the listed columns."""
    row = (*(getattr(record, c) for c in COLUMNS), *latest_class(case))
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
    resistances: dict[Any, tuple[date, float | None]] = {}
    warnings: dict[Any, tuple[str, ...]] = {}
    urgent_statuses = rules.URGENT_STATUSES
    new = object.__new__
    ranked = []
    for row in rows:
        # Every column by name, in ``COLUMNS``' order and then the visit's (a starred name
        # costs a list a row); the summary's version and days were read for ``stale``.
        (case_id, mrn, family, given, born, onset, flag, last_seen, operated_on, _, _, _, status, pathway,
         resistance, alarms, engel, ilae) = row  # fmt: skip
        if case_id in fresh:
            status, pathway, resistance, listed_alarms = fresh[case_id]
            alarms = tuple(listed_alarms)
        elif alarms:
            # Stored as JSON text on SQLite (a list on PostgreSQL): the few codes there are, read once.
            key = alarms if alarms.__class__ is str else tuple(alarms)
            codes = warnings.get(key)
            if codes is None:
                codes = warnings[key] = _alarms(alarms)
            alarms = codes
        else:
            alarms = ()
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
        since = None
        if resistance is not None and not operated:
            resisting = resistances.get(resistance)
            if resisting is None:
                day = _day(resistance)
                resisting = resistances[resistance] = (
                    day,
                    timeline.weeks_between(day, today) if day <= today else None,
                )
            since = resisting[1]
        urgent = ongoing and status in urgent_statuses and not operated
        # Set at once, as ``CaseSummary.listed`` does, without a call a line.
        line = new(CaseSummary)
        line.__dict__.update(
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


def summary_holds(rules_version: str | None, as_of: date | None, until: date | None, today: date) -> bool:
    """Whether a stored evaluation summary still holds (unpacked: see ``case_lines``)."""
    return (
        rules_version == rules.RULES_VERSION
        and as_of is not None
        and as_of <= today
        and (until is None or today < until)
    )


def spasm_weeks(spasms: Spasms, today: date) -> float | None:
    if spasms.onset_date is None or spasms.onset_date > today:
        return None
    return timeline.spasm_weeks(spasms, today)


def latest_class(case: Case) -> tuple[str | None, int | None]:
    """The Engel and ILAE classes of the latest follow-up visit that has one (the last listed
    when a visit has no date); (None, None) before any."""
    classed = [v for v in case.follow_up if v.engel is not None or v.ilae is not None]
    latest = classed[-1] if classed else None
    if classed and all(v.date is not None for v in classed):
        latest = max(enumerate(classed), key=lambda iv: (iv[1].date, iv[0]))[1]
    return (latest.engel, latest.ilae) if latest is not None else (None, None)


def operation_of(case: Case, today: date) -> Operation | None:
    """The operation, once done by ``today``, with the latest visit's class; else None
    (as the list line says it: ``_lines``)."""
    day = case.surgery.date
    if day is None or day > today:
        return None
    return Operation(day, outcome_words(*latest_class(case)))


def outcome_words(engel: str | None, ilae: int | None) -> str | None:
    """'Engel IB', else 'ILAE 2' (the latest visit's class); None without one."""
    if engel is not None:
        return f"Engel {engel}"
    return f"ILAE {ilae}" if ilae is not None else None

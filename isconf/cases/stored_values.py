"""Every stored case re-read and re-checked: its content hash, and every value against the
case format's vocabularies and bounds.

A flipped byte can turn a lesion's extent ``hemispheric`` into ``h'mispheric`` and with it a
candidate into a palliative one, while SQLite's own checks find nothing wrong. So ``isconf
check`` reads each case as the app would, writes it as a case file and reads that back
through the one case reader; each problem names the row by its table and id and the field
by its path, never a stored value (it may be a name or a birth date).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Engine, inspect
from sqlmodel import Session, col, select

from isconf.domain import Case
from isconf.errors import CaseFileError
from isconf.schema import case_to_document, parse_case_document
from isconf.store import mapping
from isconf.store.case_hash import case_sha256
from isconf.store.tables import CaseRecord

Progress = Callable[[int, int], None]  # (cases checked, cases in all)
SHOWN_IDS = 10  # a note names this many rows, then how many in all


def stored_value_problems(engine: Engine, today: date, progress: Progress | None = None) -> list[str]:
    """One line per case row whose content changed outside isconf or fails the case format.
    Each case is read in a session of its own, so memory stays that of one case whatever the
    database holds; ``progress`` hears how far it got."""
    problems: list[str] = []
    with Session(engine) as session:
        ids = [int(i or 0) for i in session.exec(select(CaseRecord.id).order_by(col(CaseRecord.id)))]
    for done, case_id in enumerate(ids, 1):
        problems += _row_problems(engine, case_id, today)
        if progress is not None:
            progress(done, len(ids))
    return problems


def sealing_notes(engine: Engine) -> list[str]:
    """What ``isconf check`` cannot check yet, said plainly (not a problem: nothing is wrong
    with it): cases saved before migration 0013, which have no content hash, and team members
    added before it, who have no signing key."""
    notes = []
    with Session(engine) as session:
        cases = [int(i or 0) for i in session.exec(unsealed_query().order_by(col(CaseRecord.id)))]
        members: list[int] = []
        if inspect(session.connection()).has_table("user_account"):
            from isconf.store.signing_tables import UserAccountRecord

            query = select(UserAccountRecord.id).where(col(UserAccountRecord.public_key).is_(None))
            members = [int(i or 0) for i in session.exec(query.order_by(col(UserAccountRecord.id)))]
    if cases:
        notes.append(
            f"{_count(cases, 'case')} not yet sealed (saved before 0013: no content hash to check "
            f"against): case_record {_ids(cases)}; seal them now with `isconf check --seal` "
            "(each is also sealed when next saved)"
        )
    if members:
        notes.append(
            f"{_count(members, 'team member')} not yet sealed (added before 0013: no signing key): "
            f"user_account {_ids(members)}; their sign-offs are checked against the audit trail's "
            "sign events only (a key needs the member's password, so isconf never makes one for them)"
        )
    return notes


def unsealed_query() -> Any:
    """The ids of case rows with no content hash (saved before migration 0013)."""
    return select(CaseRecord.id).where(col(CaseRecord.content_sha256).is_(None))


def format_problems(where: str, case: Case, today: date) -> list[str]:
    """Why ``case`` as stored fails the case format, by path (never a value)."""
    try:
        parse_case_document(case_to_document(case), today=today)
    except CaseFileError as exc:
        return [
            f"{where}: {problem.path}: the stored value is not valid for the case format "
            "(changed outside isconf, or damaged)"
            for problem in exc.problems
        ]
    except Exception as exc:
        return [f"{where}: cannot be checked (damaged: {type(exc).__name__}); restore a backup"]
    return []


def _count(ids: list[int], noun: str) -> str:
    return f"1 {noun}" if len(ids) == 1 else f"{len(ids)} {noun}s"


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:SHOWN_IDS])
    return shown if len(ids) <= SHOWN_IDS else f"{shown} … ({len(ids)} in all)"


def _row_problems(engine: Engine, case_id: int, today: date) -> list[str]:
    where = f"case_record {case_id}"
    try:
        with Session(engine) as session:
            record = session.get(CaseRecord, case_id)
            assert record is not None
            case = mapping.read_case(session, record)
            recorded = record.content_sha256
    except Exception as exc:  # a damaged row: said by its id, never its content
        return [f"{where}: cannot be read (damaged: {type(exc).__name__}); restore a backup"]
    problems = []
    if recorded is not None and case_sha256(case) != recorded:
        problems.append(f"{where}: its content no longer matches its hash (changed outside isconf)")
    return problems + format_problems(where, case, today)

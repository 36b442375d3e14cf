"""Finding a case's row by MRN: the one lookup the case and meeting services share."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, column, func, values
from sqlmodel import Session, col, select

from isconf.errors import NotFoundError, Problem
from isconf.store.tables import CaseRecord


def find_case(session: Session, mrn: str, *, lock: bool = False) -> CaseRecord | None:
    """The case with this MRN, ignoring case: SYN-0001 and syn-0001 are one patient."""
    query = select(CaseRecord).where(mrn_is(typed_mrn(mrn)))
    if lock:
        # Row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock.
        query = query.with_for_update()
    return session.exec(query).first()


def mrn_is(mrn: Any) -> ColumnElement[bool]:
    """The condition "this row's MRN is ``mrn``" (a value or a bound parameter), ignoring case."""
    # Both sides lowered by the database, which may fold fewer letters than Python; the
    # unique index on lower(mrn) (migration 0007) answers it on both backends.
    return func.lower(col(CaseRecord.mrn)) == func.lower(mrn)


def typed_mrn(mrn: str) -> str:
    """A typed MRN as stored ones are: NFC (the case reader normalises them)."""
    return unicodedata.normalize("NFC", mrn)


def find_many(session: Session, mrns: Sequence[str]) -> list[tuple[str, int | None]]:
    """For each MRN (NFC, as the case reader gives them), in order: the database's lower-case
    form of it and the id of the case that has it, or None; in one statement, with the same
    comparison and index as ``find_case`` (an import's batch looks its MRNs up at once)."""
    if not mrns:
        return []
    wanted = (
        values(column("pos", Integer), column("mrn", String), name="wanted").data(list(enumerate(mrns))).cte()
    )
    query = (
        select(wanted.c.pos, func.lower(wanted.c.mrn), col(CaseRecord.id))
        .select_from(wanted)
        .outerjoin(CaseRecord, mrn_is(wanted.c.mrn))
        .order_by(wanted.c.pos)
    )
    return [(lowered, case_id) for _pos, lowered, case_id in session.exec(query).all()]


def require_case(session: Session, mrn: str) -> CaseRecord:
    """The case with this MRN; raises ``NotFoundError``."""
    record = find_case(session, mrn)
    if record is None:
        raise not_found(mrn)
    return record


def not_found(mrn: str) -> NotFoundError:
    return NotFoundError([Problem("mrn", f"no case has MRN {mrn!r}")])


def agenda_meetings(session: Session, case: CaseRecord) -> list[int]:
    """The ids of the meetings whose agenda holds the case, ascending."""
    # Imported here: the meeting tables are not needed for the app's first frame (startup_s).
    from isconf.store.meeting_tables import AgendaItemRecord

    ids = session.exec(
        select(AgendaItemRecord.meeting_id).where(col(AgendaItemRecord.case_id) == case.id)
    ).all()
    return sorted(set(ids))

"""Every stored case re-read and re-checked: its content hash, and every value against the
case format's vocabularies and bounds.

A flipped byte can turn a lesion's extent ``hemispheric`` into ``h'mispheric`` and with it a
candidate into a palliative one, while SQLite's own checks find nothing wrong. So ``isconf
check`` reads each case as the app would, writes it as a case file and reads that back
through the one case reader; each problem names the row by its table and id and the field
by its path, never a stored value (it may be a name or a birth date).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from isconf.errors import CaseFileError
from isconf.schema import case_to_document, parse_case_document
from isconf.store import mapping
from isconf.store.case_hash import case_sha256
from isconf.store.tables import CaseRecord


def stored_value_problems(engine: Engine, today: date) -> list[str]:
    """One line per case row whose content changed outside isconf or fails the case format."""
    problems: list[str] = []
    with Session(engine) as session:
        ids = list(session.exec(select(CaseRecord.id).order_by(col(CaseRecord.id))))
    for case_id in ids:
        problems += _row_problems(engine, int(case_id or 0), today)
    return problems


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
    try:
        parse_case_document(case_to_document(case), today=today)
    except CaseFileError as exc:
        problems += [
            f"{where}: {problem.path}: the stored value is not valid for the case format "
            "(changed outside isconf, or damaged)"
            for problem in exc.problems
        ]
    except Exception as exc:
        problems.append(f"{where}: cannot be checked (damaged: {type(exc).__name__}); restore a backup")
    return problems

"""``isconf check --seal``: a content hash for each case saved before migration 0013.

Such a case has no hash for ``isconf check`` to recompute, so a value changed around isconf
could not be told from one saved through it. Sealing stores the hash of the case as it reads
now, and only for a case whose every value passes the case format (a damaged case is named,
not sealed). A seal proves that nothing changed after it, not before: each is an audited event
("seal"), so the trail says when the case was sealed. A case is also sealed whenever it is
saved (``isconf.store.mapping``). Team members added before 0013 have no signing key, and none
is made for them: a key needs the member's own password (``isconf.member_keys``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import col

from isconf.cases.records import audit_case
from isconf.cases.stored_values import Progress, format_problems, unsealed_query
from isconf.store import mapping
from isconf.store.case_hash import case_sha256
from isconf.store.database import Database
from isconf.store.tables import CaseRecord

BATCH = 100  # cases sealed per transaction


@dataclass
class Sealed:
    """How many cases were sealed, and why each of the others was not (by row id)."""

    sealed: int = 0
    refused: list[str] = field(default_factory=list)


def seal_unsealed(database: Database, today: date, progress: Progress | None = None) -> Sealed:
    """Seal every case with no content hash that passes the case format (see the module docstring)."""
    with database.reading() as session:
        ids = [int(i or 0) for i in session.exec(unsealed_query().order_by(col(CaseRecord.id)))]
    result = Sealed()
    for start in range(0, len(ids), BATCH):
        with database.writing() as session:
            for case_id in ids[start : start + BATCH]:
                record = session.get(CaseRecord, case_id)
                if record is None or record.content_sha256 is not None:
                    continue  # deleted, or saved (and so sealed) meanwhile
                case = mapping.read_case(session, record)
                problems = format_problems(f"case_record {case_id}", case, today)
                if problems:
                    result.refused += [f"{p}; not sealed" for p in problems]
                    continue
                record.content_sha256 = case_sha256(case)
                session.add(record)
                audit_case(session, record, "seal", [("content_sha256", None, record.content_sha256)])
                result.sealed += 1
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    return result

"""What an exported summary takes from the database beside its content: the texts marked
checked for identifiers (a de-identified copy prints only those) and the audit trail's
head (``isconf check --against`` the summary proves nothing before it was rewritten)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from isconf.meetings.text_checks import checked_hashes
from isconf.store.audit import GENESIS
from isconf.store.database import Database
from isconf.store.tables import AuditAnchorRecord
from isconf.summary.content import SummaryPackage


def add_record_facts(pkg: SummaryPackage, database: Database, meeting_id: int) -> None:
    with database.reading() as session:
        pkg.extra["texts_checked"] = checked_hashes(session, meeting_id)
        pkg.extra["audit_head"] = audit_head(session)


def audit_head(session: Session) -> dict[str, Any]:
    """How many events the trail holds and the last one's hash, as a summary records them."""
    anchor = session.get(AuditAnchorRecord, 1)
    events, last = (anchor.events, anchor.last_hash) if anchor is not None else (0, GENESIS)
    return {"events": events, "sha256": last}

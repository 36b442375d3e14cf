"""Rows of the signing tables read into the model: a meeting's signing state, its frozen
revisions and signatures, who must sign, and the signer's time zone. Used by
``isconf.signing.service`` only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from isconf.meetings.records import as_utc
from isconf.rules.wording import utc_offset
from isconf.signing import passwords
from isconf.signing.model import SignatureView, SigningState, in_zone
from isconf.store.meeting_tables import MeetingRecord
from isconf.store.signing_tables import MeetingRevisionRecord, SignatureRecord


def signing_state(session: Session, record: MeetingRecord) -> SigningState:
    meeting_id = record.id or 0
    frozen = revision_row(session, meeting_id, record.revision)
    signed = session.exec(
        select(MeetingRevisionRecord.revision)
        .where(
            col(MeetingRevisionRecord.meeting_id) == meeting_id,
            col(MeetingRevisionRecord.locked_at).is_not(None),
        )
        .order_by(col(MeetingRevisionRecord.revision))
    ).all()
    views = signatures_of(session, meeting_id, record.revision)
    required = required_signers(record)
    return SigningState(
        meeting_id=meeting_id,
        revision=record.revision,
        status=record.status,
        content_sha256=frozen.content_sha256 if frozen is not None else None,
        signatures=views,
        required_signers=required,
        missing_signers=missing_signers(required, views),
        locked=frozen is not None and frozen.locked_at is not None,
        amends_revision=record.amends_revision,
        amendment_reason=record.amendment_reason,
        signed_revisions=tuple(signed),
    )


def required_signers(record: MeetingRecord) -> tuple[str, ...]:
    """The meeting's required signers, else its chair, else nobody."""
    if record.required_signers:
        return tuple(record.required_signers)
    return (record.chair,) if record.chair else ()


def missing_signers(required: Sequence[str], views: Sequence[SignatureView]) -> tuple[str, ...]:
    signed = {passwords.same_name_key(v.name) for v in views}
    return tuple(name for name in required if passwords.same_name_key(name) not in signed)


def revision_row(session: Session, meeting_id: int, revision: int) -> MeetingRevisionRecord | None:
    return session.exec(
        select(MeetingRevisionRecord).where(
            col(MeetingRevisionRecord.meeting_id) == meeting_id,
            col(MeetingRevisionRecord.revision) == revision,
        )
    ).first()


def signatures_of(session: Session, meeting_id: int, revision: int) -> tuple[SignatureView, ...]:
    rows = session.exec(
        select(SignatureRecord)
        .where(col(SignatureRecord.meeting_id) == meeting_id, col(SignatureRecord.revision) == revision)
        .order_by(col(SignatureRecord.signed_at), col(SignatureRecord.id))
    ).all()
    return tuple(view(r) for r in rows)


def view(row: SignatureRecord) -> SignatureView:
    return SignatureView(
        name=row.printed_name,
        role=row.role,
        meaning=row.meaning,
        signed_at=in_zone(as_utc(row.signed_at), row.time_zone),
        time_zone=row.time_zone,
        content_sha256=row.content_sha256,
        revision=row.revision,
    )


def local_time_zone(moment: datetime, *, named: bool = True) -> str:
    """The signer's zone as recorded: "Europe/London (+00:00)" when this computer names its
    zone (``TZ`` or /etc/localtime), else just the offset, "+01:00"."""
    offset = utc_offset(moment) or "+00:00"
    name = _zone_name() if named else None
    return f"{name} ({offset})" if name else offset


def _zone_name() -> str | None:
    configured = os.environ.get("TZ", "").lstrip(":")
    if "/" in configured and not configured.startswith("/"):
        return configured[:60]
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return None
    _, found, name = target.partition("zoneinfo/")
    return name[:60] if found and name else None

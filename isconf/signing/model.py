"""Users and signatures as the screens, the command line and the summary PDF read them.

Plain frozen dataclasses; no database rows escape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any


@dataclass(frozen=True)
class UserProfile:
    """A team member who can sign: the printed name and role a signature records."""

    name: str
    role: str
    created_at: datetime  # aware, UTC
    # What they may do in isconf: coordinator, clinician, chair, administrator (issue 21).
    access_role: str | None = None


@dataclass(frozen=True)
class SignatureView:
    """One signature of one revision.

    ``signed_at`` is aware, in the signer's own offset at the time (the instant is stored
    in UTC; ``time_zone`` names the zone, e.g. "Europe/London (+00:00)" or "+01:00").
    """

    name: str
    role: str
    meaning: str
    signed_at: datetime
    time_zone: str
    content_sha256: str
    revision: int

    def to_json(self) -> dict[str, Any]:
        """The signature manifest entry a summary shows and attaches."""
        return {
            "name": self.name,
            "role": self.role,
            "meaning": self.meaning,
            "signed_at": self.signed_at.isoformat(timespec="seconds"),
            "time_zone": self.time_zone,
            "content_sha256": self.content_sha256,
            "revision": self.revision,
        }


@dataclass(frozen=True)
class SigningState:
    """Where a meeting's sign-off stands, for its current revision.

    ``signatures`` are the current revision's; ``signed_revisions`` every earlier or current
    revision that was locked (their summaries stay available). ``missing_signers`` are the
    required signers who have not signed the current revision yet.
    """

    meeting_id: int
    revision: int
    status: str
    content_sha256: str | None  # None until the first signature freezes the revision
    signatures: tuple[SignatureView, ...]
    required_signers: tuple[str, ...]
    missing_signers: tuple[str, ...]
    locked: bool
    amends_revision: int | None
    amendment_reason: str | None
    signed_revisions: tuple[int, ...]

    @property
    def can_sign(self) -> bool:
        """A closed meeting not yet locked can be signed."""
        from isconf.meetings import vocab

        return self.status == vocab.CLOSED and not self.locked

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting_id": self.meeting_id,
            "revision": self.revision,
            "status": self.status,
            "content_sha256": self.content_sha256,
            "signatures": [s.to_json() for s in self.signatures],
            "required_signers": list(self.required_signers),
            "missing_signers": list(self.missing_signers),
            "locked": self.locked,
            "amends_revision": self.amends_revision,
            "amendment_reason": self.amendment_reason,
            "signed_revisions": list(self.signed_revisions),
        }


@dataclass(frozen=True)
class RevisionView:
    """One frozen revision of a meeting: the hash its signatures bind, and whether it locked."""

    revision: int
    content_sha256: str
    frozen_at: datetime  # aware, UTC
    locked_at: datetime | None
    amends_revision: int | None
    amendment_reason: str | None
    signatures: tuple[SignatureView, ...]

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "content_sha256": self.content_sha256,
            "frozen_at": self.frozen_at.isoformat(),
            "locked_at": self.locked_at.isoformat() if self.locked_at else None,
            "locked": self.locked,
            "amends_revision": self.amends_revision,
            "amendment_reason": self.amendment_reason,
            "signatures": [s.to_json() for s in self.signatures],
        }


_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)\)?$")


def in_zone(utc_moment: datetime, time_zone: str) -> datetime:
    """The stored UTC instant in the signer's offset (read from the end of ``time_zone``)."""
    moment = utc_moment.replace(tzinfo=UTC) if utc_moment.tzinfo is None else utc_moment
    match = _OFFSET.search(time_zone)
    if match is None:
        return moment.astimezone(UTC)
    sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == "-" else 1)
    return moment.astimezone(timezone(offset))

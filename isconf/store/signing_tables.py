"""SQLModel tables for sign-off (issue 6): user accounts, frozen meeting revisions, signatures.

- ``user_account``: a team member who can sign. The name is unique whatever its letter
  case (an index on ``lower(name)``, as migration 0007 does for MRNs); the password is
  kept only as a salted scrypt hash (``isconf.signing.passwords``).
- ``meeting_revision``: the content of one revision of a meeting, frozen by its first
  signature: the canonical JSON text exactly as hashed (``content_json``), the
  identification document it names by hash, and the SHA-256. ``locked_at`` is set when
  the required signatures are in. An amendment's new revision names the one it amends.
- ``signature``: one user's signature of one revision: printed name and role as they
  were, meaning, the instant (UTC) and the signer's time zone, and the hash signed.

Database triggers (migration 0008) refuse UPDATE and DELETE of a signature, DELETE of a
revision, and any change to a revision's content or hash: what was signed stays as it was,
whatever program connects.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, Text, UniqueConstraint, func
from sqlmodel import Field, SQLModel, col


def _restrict(target: str) -> Any:
    # RESTRICT: a signed meeting, and a user who signed, cannot vanish from under a signature.
    return Field(
        sa_column=Column(Integer, ForeignKey(target, ondelete="RESTRICT"), nullable=False, index=True)
    )


class UserAccountRecord(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    # Random and set once: the user's name in the audit trail.
    ref: str = Field(max_length=20, unique=True, index=True)
    name: str = Field(max_length=100)
    role: str = Field(max_length=60)
    password_hash: str = Field(max_length=200)
    created_at: dt.datetime
    # Ed25519 (migration 0013, isconf.member_keys): the public key, and the private key
    # encrypted under the password; None for a member added before.
    public_key: str | None = Field(default=None, max_length=64)
    private_key: str | None = Field(default=None, max_length=400)
    # coordinator, clinician, chair or administrator (``isconf.access.roles``; migration 0012).
    access_role: str | None = Field(default=None, max_length=20)


# One user per name ignoring letter case (see isconf.store.integrity for SQLite's reflection).
USER_NAME_LOWER_INDEX = Index(
    "ix_user_account_name_lower", func.lower(col(UserAccountRecord.name)), unique=True
)


class MeetingRevisionRecord(SQLModel, table=True):
    __tablename__ = "meeting_revision"
    __table_args__ = (UniqueConstraint("meeting_id", "revision", name="uq_meeting_revision"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _restrict("meeting.id")
    revision: int
    # The canonical JSON exactly as hashed: UTF-8 text, never re-serialised.
    content_json: str = Field(sa_column=Column(Text, nullable=False))
    identification_json: str = Field(sa_column=Column(Text, nullable=False))
    content_sha256: str = Field(max_length=64)
    frozen_at: dt.datetime
    locked_at: dt.datetime | None = None
    amends_revision: int | None = None
    amendment_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Who had to sign when the revision was locked (the meeting's setting may change later).
    required_signers: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class SignatureRecord(SQLModel, table=True):
    __tablename__ = "signature"
    __table_args__ = (UniqueConstraint("meeting_id", "revision", "user_id", name="uq_signature_user"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _restrict("meeting.id")
    revision: int
    user_id: int = _restrict("user_account.id")
    printed_name: str = Field(max_length=100)
    role: str = Field(max_length=60)
    meaning: str = Field(max_length=20)
    signed_at: dt.datetime  # UTC
    time_zone: str = Field(max_length=80)  # the signer's: "Europe/London (+00:00)" or "+01:00"
    content_sha256: str = Field(max_length=64)
    ed25519: str | None = Field(default=None, max_length=128)  # the signer's, over sign_off_message

"""Sign-off through the service door: ``Services.signing`` is a ``SigningService``.

The rules (written for clinicians and auditors in ``docs/signing.md``):

- Only a **closed** meeting is signed. The **first signature of a revision freezes its
  content**: ``build_content`` is run once and its canonical JSON stored byte for byte in
  ``meeting_revision`` with its SHA-256. Every later signature of that revision signs that
  stored hash, so every signer signs the very same bytes.
- A signature records the signer's printed name and role (from the user profile), the
  meaning (authored, reviewed, approved), the instant (stored in UTC) with the signer's
  local time zone, and the content hash. One signature per user per revision.
- A wrong password is refused and put on record: an audit event (entity "user", action
  "sign_refused") is committed in its own transaction before the refusal, while nothing
  is signed. The password is never logged.
- **Who must sign**: the meeting's required signers (user names), else its chair. Any
  meaning counts for a required signer: the rule asks that each required person signed,
  and what their signature means is theirs to say (the manifest shows it). With neither
  a chair nor required signers, signing is refused until someone is named.
- When every required signer has signed the current revision, the meeting becomes
  ``signed`` and the revision is **locked**, in the same transaction as the last signature.
  A locked meeting refuses every edit (``isconf.meetings.records.editable_meeting``).
- An **amendment** (only of a locked meeting, with a reason) raises the revision and
  reopens the meeting; the new revision's content names the one it amends
  (``content["meeting"]["amends"]``: revision, content SHA-256 and reason) and must be
  signed again. The signed revision, its snapshot and signatures stay untouched
  (database triggers, migration 0008) and its summary can still be produced.
- Partial signatures of a revision that is reopened before it locks stay on that
  revision and do not carry over to the next.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NoReturn

from sqlmodel import Session, col, select

from isconf import clock, member_keys
from isconf.meetings import vocab as meeting_vocab
from isconf.meetings.records import as_utc, audit_meeting, invalid, refuse_if_locked, refused, require_meeting
from isconf.meetings.validate import text as text_problems
from isconf.signing import passwords, team
from isconf.signing import vocab as signing_vocab
from isconf.signing.model import RevisionView, SigningState
from isconf.signing.records import (
    local_time_zone,
    missing_signers,
    required_signers,
    revision_row,
    signatures_of,
    signing_state,
    view,
)
from isconf.signing.users import audit_user, require_user
from isconf.store.meeting_tables import MeetingRecord
from isconf.store.signing_tables import MeetingRevisionRecord, SignatureRecord, UserAccountRecord
from isconf.summary import content as summary_content
from isconf.summary.content import SummaryPackage

if TYPE_CHECKING:
    from isconf.cases.service import CaseService
    from isconf.clock import Clock
    from isconf.meetings.service import MeetingService
    from isconf.store.database import Database

REASON_MAX = 2000


class SigningService:
    """Sign a closed meeting, name who must sign, amend a locked one, and read its summary."""

    def __init__(
        self, database: Database, meetings: MeetingService, cases: CaseService, clock: Clock
    ) -> None:
        self.database = database
        self.clock = clock
        # What a summary is built from: the meeting as stored and each case on its agenda.
        self.sources = summary_content.Sources(meetings, cases)

    # --- reading -------------------------------------------------------------------

    def state(self, meeting_id: int) -> SigningState:
        """Where the sign-off of the meeting's current revision stands."""
        with self.database.reading() as session:
            return signing_state(session, require_meeting(session, meeting_id))

    def revisions(self, meeting_id: int) -> tuple[RevisionView, ...]:
        """Every frozen revision of the meeting, oldest first, with its signatures (a revision
        reopened before it locked keeps its partial signatures here)."""
        with self.database.reading() as session:
            require_meeting(session, meeting_id)
            rows = session.exec(
                select(MeetingRevisionRecord)
                .where(col(MeetingRevisionRecord.meeting_id) == meeting_id)
                .order_by(col(MeetingRevisionRecord.revision))
            ).all()
            return tuple(
                RevisionView(
                    revision=r.revision,
                    content_sha256=r.content_sha256,
                    frozen_at=as_utc(r.frozen_at),
                    locked_at=as_utc(r.locked_at) if r.locked_at else None,
                    amends_revision=r.amends_revision,
                    amendment_reason=r.amendment_reason,
                    signatures=signatures_of(session, meeting_id, r.revision),
                )
                for r in rows
            )

    def summary_package(self, meeting_id: int, *, revision: int | None = None) -> SummaryPackage:
        """The summary of a revision (default: the current one).

        A frozen revision gives its stored snapshot, checked against its recorded SHA-256,
        with its signatures as the manifest; the current revision not yet signed gives a
        draft built now. An earlier revision that was never signed has no summary.
        """
        with self.database.reading() as session:
            record = require_meeting(session, meeting_id)
            wanted = record.revision if revision is None else revision
            frozen = revision_row(session, meeting_id, wanted)
            if frozen is not None:
                return _snapshot_package(session, record, frozen)
            if wanted != record.revision:
                raise refused(
                    "revision",
                    f"revision {wanted} of meeting {meeting_id} was never signed, so nothing of it was "
                    f"kept; the meeting is at revision {record.revision}",
                )
            required = required_signers(record)
            amends = _amends(session, record)
            salt = record.summary_salt
        content, identification = summary_content.build_content(
            self.sources, meeting_id, amends=amends, salt=salt
        )
        return summary_content.package(content, identification, required_signers=required)

    # --- signing ---------------------------------------------------------------------

    def sign(
        self,
        meeting_id: int,
        *,
        user: str,
        password: str,
        meaning: str,
        reviewed_sha256: str | None = None,
        at: datetime | None = None,
    ) -> SigningState:
        """Sign the meeting's current revision as ``user``; locks it when the required
        signatures are in. ``reviewed_sha256`` (the whole hash, or its first 12 or more
        characters): the content hash the signer reviewed; when the content is no longer
        that, nothing is signed. ``at`` (aware) is for tests; by default now, in this
        computer's zone."""
        if meaning not in signing_vocab.codes(signing_vocab.MEANING):
            raise refused(
                "meaning",
                f"{meaning!r} is not a meaning; choose {', '.join(signing_vocab.codes(signing_vocab.MEANING))}",
            )
        with self.database.reading() as session:
            record = require_meeting(session, meeting_id)
            _require_signable(session, record)
            account = require_user(session, user)
            _require_not_signed_yet(session, record, account)
            frozen = revision_row(session, meeting_id, record.revision)
            seen = (record.revision, record.version)
            amends = _amends(session, record)
            salt = record.summary_salt
        prepared = None
        if frozen is None:
            prepared = summary_content.build_content(self.sources, meeting_id, amends=amends, salt=salt)
        if reviewed_sha256 is not None:
            _require_reviewed(reviewed_sha256, frozen.content_sha256 if frozen else _hash(prepared))
        if not passwords.verify_password(password, account.password_hash):
            self._refuse_password(account, record)
        # The signer just proved their password: when nobody is signed in (a script), they write.
        with self.database.writing(member=self.database.member or team.as_member(account)) as session:
            record = require_meeting(session, meeting_id)
            _require_signable(session, record)
            frozen = revision_row(session, meeting_id, record.revision)
            if record.revision != seen[0] or (frozen is None and record.version != seen[1]):
                raise refused(
                    "meeting",
                    f"meeting {meeting_id} changed while it was being signed; nothing was signed; try again",
                )
            account = require_user(session, user)
            team.require_approver(account, meaning)
            _require_not_signed_yet(session, record, account)
            frozen = frozen or _freeze(session, record, prepared)
            _add_signature(session, record, account, meaning, frozen, at, password)
            _lock_if_complete(session, record, frozen)
            return signing_state(session, record)

    def _refuse_password(self, account: UserAccountRecord, record: MeetingRecord) -> NoReturn:
        """Put the refused attempt on record (its own transaction, committed), then refuse.
        Filed under the user (repeated guesses at one password) and under the meeting (who
        tried to sign it), so either trail shows it."""
        with self.database.writing() as session:
            audit_user(
                session,
                account,
                "sign_refused",
                [(f"meeting {record.id} ({record.ref})", None, "wrong password; nothing was signed")],
            )
            audit_meeting(
                session,
                record,
                "sign_refused",
                [
                    (
                        f"signature of revision {record.revision}",
                        None,
                        f"{account.name}: wrong password; not signed",
                    )
                ],
            )
        raise refused("password", f"wrong password for {account.name}; nothing was signed")

    # --- who signs, amendments ---------------------------------------------------------

    def set_required_signers(self, meeting_id: int, names: Sequence[str]) -> SigningState:
        """Who must sign (user names); an empty list goes back to the default, the chair.
        If everyone now required has already signed the current revision, it locks."""
        with self.database.writing() as session:
            record = require_meeting(session, meeting_id)
            refuse_if_locked(record)
            chosen: list[str] = []
            for name in names:
                if not name.strip():
                    continue
                account = require_user(session, name)
                if account.name not in chosen:
                    chosen.append(account.name)
            before = record.required_signers
            after = chosen or None
            if before != after:
                record.required_signers = after
                record.updated_at = clock.now()
                session.add(record)
                audit_meeting(session, record, "update", [("required signers", before, after)])
                frozen = revision_row(session, meeting_id, record.revision)
                if frozen is not None and record.status == meeting_vocab.CLOSED and required_signers(record):
                    _lock_if_complete(session, record, frozen)
            return signing_state(session, record)

    def amend(self, meeting_id: int, *, reason: str) -> SigningState:
        """Open a new revision of a signed and locked meeting, naming the one it amends and why.
        The signed revision and its signatures stay as they were."""
        problems = text_problems("reason", reason, REASON_MAX, required=True)
        if problems:
            raise invalid(problems)
        with self.database.writing() as session:
            record = require_meeting(session, meeting_id)
            if record.status != meeting_vocab.SIGNED:
                status = meeting_vocab.label(meeting_vocab.STATUS, record.status).lower()
                raise refused(
                    "meeting",
                    f"meeting {meeting_id} is {status}: only a signed and locked meeting is amended "
                    "(change it directly, reopening it if it is closed)",
                )
            signed = record.revision
            record.amends_revision, record.amendment_reason = signed, reason.strip()
            record.revision, record.status = signed + 1, meeting_vocab.IN_PROGRESS
            record.updated_at = clock.now()
            session.add(record)
            audit_meeting(
                session,
                record,
                "amend",
                [
                    ("status", meeting_vocab.SIGNED, meeting_vocab.IN_PROGRESS),
                    ("revision", signed, signed + 1),
                    ("amendment", None, {"amends_revision": signed, "reason": reason.strip()}),
                ],
            )
            return signing_state(session, record)


# --- the rules, on rows ---------------------------------------------------------------------


def _require_signable(session: Session, record: MeetingRecord) -> None:
    if record.status == meeting_vocab.SIGNED:
        raise refused(
            "meeting",
            f"meeting {record.id} is signed and locked (revision {record.revision}); "
            "amend it to sign a new revision",
        )
    if record.status != meeting_vocab.CLOSED:
        status = meeting_vocab.label(meeting_vocab.STATUS, record.status).lower()
        raise refused("meeting", f"meeting {record.id} is {status}; close the meeting first, then sign it")
    if not required_signers(record):
        raise refused(
            "meeting",
            f"meeting {record.id} has nobody who must sign; set its chair, or name the required "
            "signers (isconf meeting signers)",
        )


def _require_not_signed_yet(session: Session, record: MeetingRecord, account: UserAccountRecord) -> None:
    earlier = session.exec(
        select(SignatureRecord).where(
            col(SignatureRecord.meeting_id) == record.id,
            col(SignatureRecord.revision) == record.revision,
            col(SignatureRecord.user_id) == account.id,
        )
    ).first()
    if earlier is not None:
        shown = view(earlier)
        raise refused(
            "user",
            f"{account.name} signed revision {record.revision} of meeting {record.id} already "
            f"({shown.meaning}, {shown.signed_at:%Y-%m-%d %H:%M} {shown.time_zone}); one signature per person",
        )


def _add_signature(
    session: Session,
    record: MeetingRecord,
    account: UserAccountRecord,
    meaning: str,
    frozen: MeetingRevisionRecord,
    at: datetime | None,
    password: str,
) -> None:
    """The signature row of ``account`` over the frozen revision, with the member's Ed25519
    signature of it (``isconf.member_keys``), audited."""
    # An aware ``at`` keeps its own offset; otherwise this computer's zone, which is named
    # (e.g. "Europe/London") only for the real present moment, when it is surely the signer's.
    moment = at if at is not None and at.tzinfo is not None else (at or clock.local_now()).astimezone()
    signature = SignatureRecord(
        meeting_id=record.id or 0,
        revision=record.revision,
        user_id=account.id or 0,
        printed_name=account.name,
        role=account.role,
        meaning=meaning,
        signed_at=moment.astimezone(UTC),
        time_zone=local_time_zone(moment, named=at is None),
        content_sha256=frozen.content_sha256,
    )
    signature.ed25519 = member_keys.signature_of(signature, account.private_key, password)
    session.add(signature)
    session.flush()
    audit_meeting(
        session,
        record,
        "sign",
        [(f"signature of revision {record.revision}", None, view(signature).to_json())],
    )


def _freeze(
    session: Session, record: MeetingRecord, prepared: tuple[dict[str, Any], dict[str, Any]] | None
) -> MeetingRevisionRecord:
    """Store the revision's content as signed: canonical JSON text and its SHA-256."""
    assert prepared is not None  # built before the transaction, when no revision was frozen
    content, identification = prepared
    text = summary_content.canonical_json(content)
    frozen = MeetingRevisionRecord(
        meeting_id=record.id or 0,
        revision=record.revision,
        content_json=text.decode("utf-8"),
        identification_json=summary_content.canonical_json(identification).decode("utf-8"),
        content_sha256=hashlib.sha256(text).hexdigest(),
        frozen_at=clock.now(),
        amends_revision=record.amends_revision,
        amendment_reason=record.amendment_reason,
    )
    session.add(frozen)
    session.flush()
    audit_meeting(
        session, record, "freeze", [(f"content of revision {record.revision}", None, frozen.content_sha256)]
    )
    return frozen


def _lock_if_complete(session: Session, record: MeetingRecord, frozen: MeetingRevisionRecord) -> None:
    """Every required signer has signed: the revision locks and the meeting is signed."""
    required = required_signers(record)
    if not required or missing_signers(required, signatures_of(session, record.id or 0, record.revision)):
        return
    frozen.locked_at = clock.now()
    frozen.required_signers = list(required)
    session.add(frozen)
    audit_meeting(
        session,
        record,
        "lock",
        [
            ("status", record.status, meeting_vocab.SIGNED),
            (f"revision {record.revision} locked", None, frozen.content_sha256),
        ],
    )
    record.status = meeting_vocab.SIGNED
    record.updated_at = clock.now()
    session.add(record)


def _amends(session: Session, record: MeetingRecord) -> dict[str, Any] | None:
    """What the current revision's content says it amends (None for a meeting never amended)."""
    if record.amends_revision is None:
        return None
    signed = revision_row(session, record.id or 0, record.amends_revision)
    return {
        "revision": record.amends_revision,
        "content_sha256": signed.content_sha256 if signed is not None else None,
        "reason": record.amendment_reason,
    }


def _snapshot_package(
    session: Session, record: MeetingRecord, frozen: MeetingRevisionRecord
) -> SummaryPackage:
    stored = frozen.content_json.encode("utf-8")
    content = json.loads(stored)
    if (
        hashlib.sha256(stored).hexdigest() != frozen.content_sha256
        or summary_content.sha256_hex(content) != frozen.content_sha256
    ):
        raise refused(
            "revision",
            f"the stored content of meeting {record.id} revision {frozen.revision} no longer matches the "
            f"SHA-256 it was signed with ({frozen.content_sha256[:12]}…): the database was altered outside "
            "isconf; run isconf check",
        )
    identification = json.loads(frozen.identification_json)
    if summary_content.sha256_hex(identification) != content.get("identification_sha256"):
        # The identification says which child each pseudonym is: a changed MRN would put
        # this signed decision on another patient.
        raise refused(
            "revision",
            f"the stored identification of meeting {record.id} revision {frozen.revision} no longer matches "
            "the hash its signed content names: the database was altered outside isconf; run isconf check",
        )
    views = signatures_of(session, record.id or 0, frozen.revision)
    required = tuple(frozen.required_signers) if frozen.required_signers else required_signers(record)
    return SummaryPackage(
        content=content,
        identification=identification,
        content_sha256=frozen.content_sha256,
        signatures=tuple(v.to_json() for v in views),
        required_signers=required,
        locked=frozen.locked_at is not None,
    )


REVIEWED_PREFIX_MIN = 12


def _hash(prepared: tuple[dict[str, Any], dict[str, Any]] | None) -> str:
    assert prepared is not None  # built whenever no revision is frozen yet
    return summary_content.sha256_hex(prepared[0])


def _require_reviewed(reviewed: str, actual: str) -> None:
    """The signer signs the content they reviewed, or nothing: a case or the meeting may
    have changed between their reading of the summary and their signature."""
    wanted = reviewed.strip().lower()
    if len(wanted) < REVIEWED_PREFIX_MIN or not all(c in "0123456789abcdef" for c in wanted):
        raise refused(
            "sha256",
            f"{reviewed!r} is not a SHA-256 or its first {REVIEWED_PREFIX_MIN} or more hexadecimal characters",
        )
    if not actual.startswith(wanted):
        raise refused(
            "sha256",
            f"the summary is now SHA-256 {actual[:12]}…, not the {wanted[:12]}… you reviewed "
            "(the meeting or one of its cases changed); nothing was signed; review it again",
        )

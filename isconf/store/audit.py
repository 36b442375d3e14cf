"""The audit trail: every change to clinical data as append-only, hash-chained events.

Events are written by the services in the same transaction as the change
they describe, so a change and its record commit or vanish together. Each
event's hash covers its content and the hash of the event before, so an edit
made outside isconf (the triggers stop one made through SQL) shows as a
broken link, and ``chain_problems`` names the first.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, column, func, insert, table, text, update
from sqlmodel import Session, col, select

from isconf import clock
from isconf.access import roles
from isconf.store.tables import AuditAnchorRecord, AuditEventRecord

GENESIS = "0" * 64
ACTOR_ENV = "ISCONF_USER"
WHOLE_RECORD = "*"
# Where ``Database.writing`` puts the signed-in member (``roles.Member``) on its session.
MEMBER_KEY = "isconf_member"

Change = tuple[str, Any, Any]  # field path, old value, new value


def current_actor(session: Session | None = None) -> str:
    """Who is making the change: the member signed in on ``session``; with no team member
    in the database, ``ISCONF_USER``, else the operating-system login (as before issue 21)."""
    member = signed_in(session) if session is not None else None
    if member is not None:
        return member.name
    name = os.environ.get(ACTOR_ENV, "").strip()
    if name:
        return name[:100]
    return os_login()


def os_login() -> str:
    """The operating-system login running isconf."""
    try:
        return getpass.getuser()[:100]
    except (KeyError, OSError):  # no passwd entry, as in some containers
        return "unknown"


def signed_in(session: Session) -> roles.Member | None:
    member = session.info.get(MEMBER_KEY)
    return member if isinstance(member, roles.Member) else None


# The columns of user_account that every write asks about (is there a team?), as a plain
# table: the ORM model (isconf.store.signing_tables) is not on the app's start path
# (tests/test_start_path.py).
_USERS = table("user_account", column("id"), column("access_role"), column("ref"))


def team_exists(session: Session, *, besides: str | None = None) -> bool:
    """Whether any team member (a user with a role) exists: from then on, writes need one.
    ``besides``: a member's reference not to count (the first one, being created)."""
    query = select(_USERS.c.id).where(_USERS.c.access_role.is_not(None))
    if besides is not None:
        query = query.where(_USERS.c.ref != besides)
    return session.exec(query.limit(1)).first() is not None


def require_role(
    member: roles.Member | None, needed: str | None, team: bool, entity: str, action: str
) -> None:
    """Refuse the write unless the signed-in member's role allows it (see ``isconf.access.roles``);
    ``team``: whether the database has team members (then a write needs one signed in)."""
    if needed is None:
        return
    if member is None:
        if team:
            raise roles.SignInRequired(roles.describe(entity, action))
        return
    if not roles.allows(member.role, needed):
        raise roles.RoleRefused(needed, roles.describe(entity, action), member)


def _last_hash_and_team(session: Session, besides: str | None) -> tuple[str, bool]:
    """The trail's last hash and whether a team exists, in one statement (a write's budget,
    tests/store/test_statement_budgets.py, has no room for a second)."""
    team = select(_USERS.c.id).where(_USERS.c.access_role.is_not(None))
    if besides is not None:
        team = team.where(_USERS.c.ref != besides)
    last = select(col(AuditEventRecord.hash)).order_by(col(AuditEventRecord.id).desc()).limit(1)
    previous, exists = session.exec(select(last.scalar_subquery(), team.exists())).one()
    return (previous if previous is not None else GENESIS), bool(exists)


def record_changes(
    session: Session,
    *,
    action: str,
    entity: str,
    entity_ref: str,
    key: str,
    changes: Iterable[Change],
) -> int:
    """Append one event per change, chained to the trail; how many were written.

    Refused (``roles.RoleRefused``, ``roles.SignInRequired``) when the signed-in member may
    not make this change: every write is audited, so every write is checked here."""
    return record_writes(session, [Write(action, entity, entity_ref, key, list(changes))])


@dataclass(frozen=True)
class Write:
    """One write's events: what was done to which record, and its changes."""

    action: str
    entity: str
    entity_ref: str
    key: str
    changes: list[Change]


def record_writes(session: Session, writes: Sequence[Write]) -> int:
    """``record_changes`` for several writes of one transaction (an import's batch), in order:
    each is checked before any event is written, and all their events go in one executemany
    chained to the trail in one read of its end, so a thousand cases cost three statements."""
    if not writes:
        return 0
    member = signed_in(session)
    _lock_trail(session)
    if len(writes) > 1 and any(w.entity == "user" for w in writes):
        raise ValueError("a member's write is recorded on its own")  # "besides" is one member's
    first = writes[0]
    previous, team = _last_hash_and_team(session, first.entity_ref if first.entity == "user" else None)
    for w in writes:
        needed = roles.needed_for(w.entity, w.action, [field for field, _, _ in w.changes], w.key, member)
        require_role(member, needed, team, w.entity, w.action)
    at = clock.now()
    actor = current_actor(session)
    login = os_login()
    rows = []
    for w in writes:
        for field, old, new in w.changes:
            row = {
                "at": at,
                "actor": actor,
                "action": w.action,
                "entity": w.entity,
                "entity_ref": w.entity_ref,
                "entity_key": w.key,
                "field": field,
                "old_value": _encode(old),
                "new_value": _encode(new),
                "prev_hash": previous,
                "os_login": login,
            }
            # Hashed from the values themselves: building an AuditEventRecord (pydantic's
            # checks) per event was a tenth of importing a case.
            previous = row["hash"] = _content_hash(row)
            rows.append(row)
    if rows:
        # One executemany for all the events and one UPDATE of the anchor: a save's audit
        # costs three statements whatever it changed (tests/store/test_statement_budgets.py).
        connection = session.connection()
        connection.execute(insert(AuditEventRecord.__table__), rows)  # type: ignore[attr-defined]
        _move_anchor(session, len(rows), previous)
    return len(rows)


def _move_anchor(session: Session, written: int, last_hash: str) -> None:
    connection = session.connection()
    moved = connection.execute(_MOVE_ANCHOR, {"written": written, "last": last_hash})
    if moved.rowcount == 0:
        connection.execute(_ANCHOR.insert(), {"id": 1, "events": written, "last_hash": last_hash})


_ANCHOR = AuditAnchorRecord.__table__  # type: ignore[attr-defined]
# Built once (building it per write was a third of filing an event).
_MOVE_ANCHOR = (
    update(_ANCHOR)
    .where(_ANCHOR.c.id == 1)
    .values(events=_ANCHOR.c.events + bindparam("written"), last_hash=bindparam("last"))
)


def event_hash(event: AuditEventRecord) -> str:
    """SHA-256 over the event's content and the hash before it."""
    return _content_hash({name: getattr(event, name, None) for name in _HASHED})


_HASHED = (
    "prev_hash", "at", "actor", "action", "entity", "entity_ref", "entity_key", "field", "old_value",
    "new_value", "os_login",
)  # fmt: skip


def _content_hash(values: dict[str, Any]) -> str:
    content = [
        values["prev_hash"],
        _utc(values["at"]).isoformat(timespec="microseconds"),
        values["actor"],
        values["action"],
        values["entity"],
        values["entity_ref"],
        values["entity_key"],
        values["field"],
        values["old_value"],
        values["new_value"],
    ]
    # Events from before issue 21 have no login, and keep their hash (as do rows that a tool
    # such as bench/synth.py builds without one).
    login = values.get("os_login")
    if login is not None:
        content.append(login)
    canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chain_problems(session: Session) -> list[str]:
    """The first break in the trail, or nothing when every link holds."""
    previous, count = GENESIS, 0
    # Streamed (``yield_per``): a trail of millions of events is read a thousand at a time.
    events = select(AuditEventRecord).order_by(col(AuditEventRecord.id)).execution_options(yield_per=1000)
    for event in session.exec(events):
        if event.prev_hash != previous:
            return [
                f"audit event {event.id}: does not follow the event before it (a row was removed or reordered)"
            ]
        if event_hash(event) != event.hash:
            return [
                f"audit event {event.id}: its content no longer matches its hash (changed outside isconf)"
            ]
        previous, count = event.hash, count + 1
    anchor = session.get(AuditAnchorRecord, 1)
    expected = (anchor.events, anchor.last_hash) if anchor is not None else (0, GENESIS)
    if (count, previous) != expected:
        return [
            f"audit trail: ends after {count} event(s) but {expected[0]} were written "
            "(events removed from its end outside isconf)"
        ]
    return []


def _utc(moment: datetime) -> datetime:
    """Naive UTC, however the database handed it back (SQLite drops the zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def shown(value: Any) -> str:
    """An old or new value as one line of text: strings as they are, the rest as JSON."""
    if value is None:
        return "(not recorded)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def decode(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _encode(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _lock_trail(session: Session) -> None:
    """One writer at a time appends, so two never chain to the same event.

    SQLite's BEGIN IMMEDIATE already serialises writers; on PostgreSQL a session of
    ``Database.writing`` holds the writers' advisory lock already, and any other takes a
    lock on the trail (one statement fewer for every write: its budget).
    """
    bind = session.get_bind()
    # ``Database.writing`` marks its sessions (``isconf_write``) and takes the writers' lock first.
    holds_turn = bind.get_execution_options().get("isconf_write", False)
    if bind.dialect.name == "postgresql" and not holds_turn:
        # The anchor, not the trail: every appender moves the anchor, and the application
        # role of docs/postgres.md may not UPDATE the trail, which this lock mode would need.
        session.execute(text("LOCK TABLE audit_anchor IN SHARE ROW EXCLUSIVE MODE"))


@dataclass(frozen=True)
class AuditEntry:
    """One audit event as the app and the command line show it."""

    id: int
    at: datetime  # UTC
    actor: str
    action: str
    entity: str
    key: str
    field: str
    old: Any
    new: Any
    os_login: str | None = None  # the computer's login beside the member (issue 21)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "key": self.key,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "os_login": self.os_login,
        }


def read_trail(session: Session, *, ref: str | None = None, key: str | None = None) -> list[AuditEntry]:
    """Events oldest first: all of them, those of one record (``ref``), or those once filed
    under a key (an MRN no case holds now: a deleted or renamed-away case)."""
    query = select(AuditEventRecord).order_by(col(AuditEventRecord.id))
    if ref is not None:
        query = query.where(col(AuditEventRecord.entity_ref) == ref)
    elif key is not None:
        query = query.where(func.lower(col(AuditEventRecord.entity_key)) == func.lower(key))
    return [
        AuditEntry(
            id=event.id or 0,
            at=_utc(event.at).replace(tzinfo=UTC),
            actor=event.actor,
            action=event.action,
            entity=event.entity,
            key=event.entity_key,
            field=event.field,
            old=decode(event.old_value),
            new=decode(event.new_value),
            os_login=event.os_login,
        )
        for event in session.exec(query)
    ]

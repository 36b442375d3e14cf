"""User profiles through the service door: ``Services.users`` is a ``UserService``.

A user is a team member who can sign: a printed name (unique whatever its letter case),
a role, and a password kept only as a salted scrypt hash (``isconf.signing.passwords``).
Creating a user and changing a password are audited (entity "user", filed under the
user's random reference); the audit trail never holds the password or its hash.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from isconf import clock, member_keys
from isconf.meetings.records import as_utc, invalid, refused
from isconf.schema import Problem
from isconf.signing import passwords, team
from isconf.signing.model import UserProfile
from isconf.store import audit
from isconf.store.signing_tables import UserAccountRecord

if TYPE_CHECKING:
    from isconf.store.database import Database


class UserService:
    """Add and list the people who can sign; change a password."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add_user(self, name: str, role: str, password: str, access: str | None = None) -> UserProfile:
        """A new user; refused when the name (ignoring letter case) is taken. ``access``: the
        member's role in isconf (``isconf.access.roles``); by default the first member is the
        administrator and later ones clinicians. Only an administrator adds a member once
        there is one (the audit trail's check, ``isconf.store.audit.require_role``)."""
        problems = (
            passwords.name_problems(name)
            + team.look_alike_problems(name)
            + passwords.role_problems(role)
            + team.access_problems(access)
            + passwords.password_problems(password)
        )
        if problems:
            raise invalid(problems)
        name, role = passwords.clean_text(name), passwords.clean_text(role)
        public_key, private_key = member_keys.new_key_pair(password)  # recorded as the member is added
        record = UserAccountRecord(
            public_key=public_key,
            private_key=private_key,
            ref="USR-" + secrets.token_hex(5).upper(),
            name=name,
            role=role,
            password_hash=passwords.hash_password(password),
            created_at=clock.now(),
        )
        with self.database.writing() as session:
            existing = find_user(session, name)
            if existing is not None:
                raise refused(
                    "name",
                    f"a user named {existing.name!r} exists already "
                    "(names ignore letter case and how their letters are encoded)",
                )
            record.access_role = team.default_access(session, access)
            session.add(record)
            session.flush()
            created = {"name": name, "role": role, "access_role": record.access_role}
            audit_user(session, record, "create", [(audit.WHOLE_RECORD, None, created)])
            return profile(record)

    def list_users(self) -> list[UserProfile]:
        """Every user, by name."""
        with self.database.reading() as session:
            rows = session.exec(select(UserAccountRecord).order_by(func.lower(col(UserAccountRecord.name))))
            return [profile(r) for r in rows]

    def set_password(self, name: str, old: str, new: str) -> None:
        """Change a password; the old one must be given."""
        problems = passwords.password_problems(new)
        if problems:
            raise invalid([Problem("new password", p.message) for p in problems])
        with self.database.reading() as session:
            # Who knows the old password acts as that member (a script with nobody signed in).
            member = self.database.member or team.as_member(require_user(session, name))
        with self.database.writing(member=member) as session:
            record = require_user(session, name)
            shown, wrong = record.name, not passwords.verify_password(old, record.password_hash)
            if not wrong:
                record.password_hash = passwords.hash_password(new)
                if record.private_key is not None:  # the signing key follows the password
                    record.private_key = member_keys.reencrypt(record.private_key, old, new)
                session.add(record)
                audit_user(session, record, "update", [("password", None, "changed")])
        if wrong:
            # Logged like a refused signature, in a transaction of its own (the refusal must not
            # roll it back), so guessing through a password change leaves the same trace.
            with self.database.writing() as session:
                refused_event = [("password", None, "wrong password; not changed")]
                audit_user(session, require_user(session, name), "password_refused", refused_event)
            raise refused("password", f"wrong password for {shown}; the password was not changed")


def find_user(session: Session, name: str) -> UserAccountRecord | None:
    found = session.exec(
        select(UserAccountRecord).where(
            func.lower(col(UserAccountRecord.name)) == func.lower(passwords.clean_text(name))
        )
    ).first()
    return found if found is not None else team.find_by_key(session, name)


def require_user(session: Session, name: str) -> UserAccountRecord:
    record = find_user(session, name)
    if record is None:
        raise refused("user", f"no user is named {name!r}; add one with: isconf user add NAME --role ROLE")
    return record


def profile(record: UserAccountRecord) -> UserProfile:
    return UserProfile(
        name=record.name,
        role=record.role,
        created_at=as_utc(record.created_at),
        access_role=record.access_role,
    )


def audit_user(session: Session, record: UserAccountRecord, action: str, changes: list[audit.Change]) -> None:
    audit.record_changes(
        session, action=action, entity="user", entity_ref=record.ref, key=record.name, changes=changes
    )

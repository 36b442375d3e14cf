"""The team's side of a user (issue 21): the role in isconf, one name per person, signing in.

``isconf.signing.users`` keeps the profile and the password; this module adds what makes a
user a team member: a role (``isconf.access.roles``), a name that no look-alike can take
(``isconf.access.names``), and ``sign_in``, which proves a member's password and hands
``Database.member`` the member every later write is checked against and audited under.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session, select

from isconf.access import names, roles
from isconf.errors import Problem, ServiceError
from isconf.signing import passwords
from isconf.store import audit
from isconf.store.signing_tables import UserAccountRecord

if TYPE_CHECKING:
    from isconf.store.database import Database


def access_problems(access: str | None) -> list[Problem]:
    if access is None or access in roles.ROLES:
        return []
    return [Problem("access", f"{access!r} is not a role; choose {', '.join(roles.ROLES)}")]


def look_alike_problems(name: str) -> list[Problem]:
    return names.look_alike_problems(name)


def default_access(session: Session, access: str | None) -> str:
    """The role a new member gets: as asked, else administrator for the first one (who
    creates the team), else clinician."""
    if access is not None:
        return access
    return roles.CLINICIAN if audit.team_exists(session) else roles.ADMINISTRATOR


def find_by_key(session: Session, name: str) -> UserAccountRecord | None:
    """The user whose name is ``name`` after NFKC and case folding (a team is small: all are read)."""
    key = names.name_key(name)
    for record in session.exec(select(UserAccountRecord)):
        if names.name_key(record.name) == key:
            return record
    return None


def sign_in(database: Database, name: str, password: str) -> roles.Member:
    """Prove ``name``'s password and make them the member writing on ``database``.

    A wrong password (or an unknown name) is one refusal that does not say which, put on the
    audit trail like a refused signature."""
    with database.reading() as session:
        record = find_by_key(session, name)
    if record is None or not passwords.verify_password(password, record.password_hash):
        with database.writing() as session:
            audit.record_changes(
                session,
                action="sign_in_refused",
                entity="user",
                entity_ref=record.ref if record is not None else "-",
                key=record.name if record is not None else passwords.clean_text(name)[:100],
                changes=[("sign-in", None, "wrong name or password")],
            )
        raise ServiceError([Problem("password", f"wrong name or password for {name!r}; not signed in")])
    if record.access_role is None:
        raise ServiceError([Problem("user", f"{record.name} has no role in isconf; ask an administrator")])
    member = roles.Member(record.name, record.access_role, audit.os_login(), record.ref)
    database.member = member
    return member


def reset_password(database: Database, name: str, new: str) -> None:
    """An administrator sets a member's new password (the old one is not needed)."""
    problems = passwords.password_problems(new)
    if problems:
        raise ServiceError([Problem("new password", p.message) for p in problems])
    with database.writing() as session:
        record = find_by_key(session, name)
        if record is None:
            raise ServiceError([Problem("user", f"no user is named {name!r}")])
        record.password_hash = passwords.hash_password(new)
        session.add(record)
        audit.record_changes(
            session,
            action="reset",
            entity="user",
            entity_ref=record.ref,
            key=record.name,
            changes=[("password", None, "reset by an administrator")],
        )


def as_member(record: UserAccountRecord) -> roles.Member:
    """A user as the member a write is checked against (a signer proved the password)."""
    return roles.Member(record.name, record.access_role or "", audit.os_login(), record.ref)


def require_approver(record: UserAccountRecord, meaning: str) -> None:
    """An approving signature is a chair's (or an administrator's)."""
    if meaning == "approved" and not roles.allows(record.access_role, roles.CHAIR):
        raise roles.RoleRefused(roles.CHAIR, "an approving signature", as_member(record))


def set_access(database: Database, name: str, access: str) -> str | None:
    """An administrator gives ``name`` another role in isconf; their role before it.

    Refused when it would leave the team without an administrator (someone must be able to
    add members and reset passwords): make another member administrator first."""
    if access not in roles.ROLES:
        raise ServiceError(access_problems(access) or [Problem("access", "give a role")])
    with database.writing() as session:
        record = find_by_key(session, name)
        if record is None:
            raise ServiceError([Problem("user", f"no user is named {name!r}")])
        before = record.access_role
        if before == access:
            return before
        # Audited first: the role check there (an administrator's) comes before anything else.
        audit.record_changes(
            session,
            action="update",
            entity="user",
            entity_ref=record.ref,
            key=record.name,
            changes=[("access_role", before, access)],
        )
        if before == roles.ADMINISTRATOR and not _other_administrator(session, record.ref):
            raise ServiceError(
                [
                    Problem(
                        "access",
                        f"{record.name} is the team's only administrator; make another member "
                        "administrator first (the team must keep one)",
                    )
                ]
            )
        record.access_role = access
        session.add(record)
        ref = record.ref
    member = database.member
    if member is not None and member.ref == ref:  # their own role: from their next write on
        database.member = roles.Member(member.name, access, member.os_login, member.ref)
    return before


def _other_administrator(session: Session, ref: str) -> bool:
    query = select(UserAccountRecord.id).where(
        UserAccountRecord.access_role == roles.ADMINISTRATOR, UserAccountRecord.ref != ref
    )
    return session.exec(query.limit(1)).first() is not None


def require_role(database: Database, needed: str, what: str) -> None:
    """Refuse ``what`` (an act that is not one audited write, such as restoring a backup)
    unless the signed-in member's role allows it; the refusal goes on the audit trail. A
    database without team members has nobody to ask, as for every write."""
    member = database.member
    with database.reading() as session:
        team = audit.team_exists(session)
    try:
        if member is None and team:
            raise roles.SignInRequired(what)
        if member is not None and not roles.allows(member.role, needed):
            raise roles.RoleRefused(needed, what, member)
    except (roles.RoleRefused, roles.SignInRequired) as exc:
        database.record_refusal(exc, member)
        raise

"""Who is making a change: the member signed in on a session, else ``ISCONF_USER``, else the
operating-system login.

Apart from the audit trail (``isconf.store.audit``, which re-exports these): opening a
database and taking its lock need only these, and the trail's tables (SQLModel classes,
~30 ms to define) are not on the app's start path (startup_s in docs/performance.md,
tests/test_start_path.py).
"""

from __future__ import annotations

import getpass
import os

from sqlalchemy import column, table, text
from sqlmodel import Session

from isconf.access import roles

ACTOR_ENV = "ISCONF_USER"
# Where ``Database.writing`` puts the signed-in member (``roles.Member``) on its session.
MEMBER_KEY = "isconf_member"


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
USERS = table("user_account", column("id"), column("access_role"), column("ref"))
_ANY_MEMBER = text("SELECT 1 FROM user_account WHERE access_role IS NOT NULL LIMIT 1")
_ANY_MEMBER_BESIDES = text(
    "SELECT 1 FROM user_account WHERE access_role IS NOT NULL AND ref <> :besides LIMIT 1"
)


def team_exists(session: Session, *, besides: str | None = None) -> bool:
    """Whether any team member (a user with a role) exists: from then on, writes need one.
    ``besides``: a member's reference not to count (the first one, being created)."""
    # Plain SQL: the app asks this once at start, and compiling the select was ~1 ms of it
    # (SQLAlchemy's first statement compiled in the process; startup_s in docs/performance.md).
    if besides is None:
        return session.connection().execute(_ANY_MEMBER).first() is not None
    return session.connection().execute(_ANY_MEMBER_BESIDES, {"besides": besides}).first() is not None

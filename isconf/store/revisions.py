"""The schema revision a SQLite file holds, and the newest this isconf knows, without Alembic.

Opening a database that is already current is what every start does; one query and
the migration files' headers answer it, sparing the ~0.1 s Alembic takes to import
(startup_s in docs/performance.md). Anything else (an upgrade, a newer or unknown
revision, a server database) goes through ``isconf.store.migrate``.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, inspect

MIGRATIONS = Path(__file__).with_name("migrations")
_HEADER = re.compile(r"^(down_revision|revision)\s*=\s*(?:['\"]([^'\"]+)['\"]|None)\s*$", re.M)


def head_revision() -> str | None:
    """The revision no other follows in the migration files; None when that is not one revision."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _HEADER.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if name == "revision" else followed).add(value)
    heads = revisions - followed
    return next(iter(heads)) if len(heads) == 1 else None


def known_revisions() -> set[str]:
    """Every revision the migration files name."""
    found: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found.update(value for name, value in _HEADER.findall(path.read_text(encoding="utf-8")) if value)
    return found


def is_current(engine: Engine) -> bool:
    """Whether the database holds exactly the newest revision (False when in any doubt)."""
    head = head_revision()
    with engine.connect() as connection:
        if head is None or not inspect(connection).has_table("alembic_version"):
            return False
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return [row[0] for row in rows] == [head]

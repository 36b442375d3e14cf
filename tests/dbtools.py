"""Helpers for tests that look inside SQLite files or damage them on purpose."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import text

from conftest import vignette_files
from isconf.services import Services
from isconf.store import migrate, revisions
from isconf.store.database import open_database

PAGE = 4096


def query(path: Path, sql: str) -> list[tuple]:
    """Rows of one statement, on a connection closed afterwards."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def execute(path: Path, *statements: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()


def mrns(path: Path) -> list[str]:
    return [row[0] for row in query(path, "SELECT mrn FROM case_record ORDER BY mrn")]


def revision(path: Path) -> str:
    return str(query(path, "SELECT version_num FROM alembic_version")[0][0])


def damage_mrn_index(path: Path) -> None:
    """Change one MRN inside the MRN index only: pages still parse, integrity_check fails."""
    execute(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    [(root,)] = query(path, "SELECT rootpage FROM sqlite_master WHERE name = 'ix_case_record_mrn'")
    [(mrn,)] = query(path, "SELECT mrn FROM case_record ORDER BY mrn LIMIT 1")
    data = bytearray(path.read_bytes())
    start = (root - 1) * PAGE
    at = data.find(mrn.encode(), start, start + PAGE)
    assert at >= 0, "the MRN is not on the index's root page"
    data[at : at + len(mrn)] = b"Z" * len(mrn)
    path.write_bytes(bytes(data))


def add_migration(folder: Path, monkeypatch: object) -> str:
    """A copy of isconf's migrations plus one revision after head; isconf uses it from now on."""
    shutil.copytree(revisions.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    old = migrate.head_revision()
    (folder / "versions" / "9999_test_extra.py").write_text(
        f'''"""test: one more table"""

import sqlalchemy as sa
from alembic import op

revision = "9999_test_extra"
down_revision = "{old}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_extra", sa.Column("id", sa.Integer(), primary_key=True))
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(revisions, "MIGRATIONS", folder)  # type: ignore[attr-defined]
    return old or ""


def filled(db_path: Path) -> list[str]:
    """A closed database holding the vignettes; their MRNs."""
    services = Services.open(str(db_path))
    try:
        results = services.import_files(vignette_files())
    finally:
        services.close()
    return sorted(r.mrn for r in results if r.mrn)


def execute_on(db: str, *statements: str) -> None:
    """``statements`` run in one transaction through isconf's own engine, on SQLite or PostgreSQL
    (``execute`` above speaks to a SQLite file only)."""
    database = open_database(db, migrate=False)
    try:
        with database.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        database.close()


def errors_of(err: str) -> list[str]:
    """The lines of ``err`` but the warning every plain (unencrypted) file gets (issue 21)."""
    return [line for line in err.splitlines() if ": is not encrypted: " not in line]

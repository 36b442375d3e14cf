"""The quick schema check at open (``isconf.store.revisions``) agrees with Alembic."""

from __future__ import annotations

from pathlib import Path

from dbtools import add_migration, execute
from isconf.store import migrate, revisions
from isconf.store.database import open_database


def test_head_read_from_the_files_is_alembics_head() -> None:
    assert revisions.head_revision() == migrate.head_revision()


def test_a_current_file_is_current_and_an_older_one_is_not(tmp_path: Path, monkeypatch) -> None:
    database = open_database(str(tmp_path / "a.db"))
    try:
        assert revisions.is_current(database.engine)
    finally:
        database.close()
    add_migration(tmp_path / "migrations", monkeypatch)
    assert revisions.head_revision() == migrate.head_revision() == "9999_test_extra"
    reopened = open_database(str(tmp_path / "a.db"))  # upgrades to the new head
    try:
        assert migrate.current_revision(reopened.engine) == "9999_test_extra"
        assert revisions.is_current(reopened.engine)
    finally:
        reopened.close()


def test_two_rows_in_alembic_version_are_not_current(tmp_path: Path) -> None:
    path = tmp_path / "b.db"
    open_database(str(path)).close()
    execute(path, "INSERT INTO alembic_version VALUES ('zzzz')")
    database = open_database(str(path), migrate=False)
    try:
        assert not revisions.is_current(database.engine)
    finally:
        database.close()

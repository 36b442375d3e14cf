"""``isconf restore`` (only a checked copy, never over cases without --yes) and ``isconf check``."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli, vignette_files
from dbtools import add_migration, damage_mrn_index, execute, filled, mrns, query, revision
from isconf.services import Services
from isconf.store import restore

_filled = filled


def _copy_of(db_path: Path, target: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, _, err = run_cli(capsys, "backup", str(target), "--db", str(db_path))
    assert code == 0, err
    return target


def _folder_state(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- restore ---------------------------------------------------------------------------------------------


def test_restore_brings_back_the_copy_and_keeps_the_current_one(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everything = _filled(db_path)
    copy = _copy_of(db_path, tmp_path / "copy.db", capsys)
    services = Services.open(str(db_path))
    services.delete_case(everything[0])
    services.close()
    code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(db_path))
    assert code == 0, err
    assert mrns(db_path) == everything
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    [safety] = (db_path.parent / "backups").glob("isconf-*-before-restore.db")
    assert mrns(safety) == everything[1:]
    assert str(safety) in err
    # The restored file opens as an ordinary isconf database.
    services = Services.open(str(db_path))
    assert sorted(s.mrn for s in services.list_cases()) == sorted(everything)
    services.close()


def test_restore_over_cases_needs_yes(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _filled(db_path)
    copy = _copy_of(db_path, tmp_path / "copy.db", capsys)
    before = _folder_state(db_path.parent)
    code, out, err = run_cli(capsys, "restore", str(copy), "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err.startswith(f"isconf: error: {db_path}: holds {len(vignette_files())} case(s); add --yes")
    assert len(err.splitlines()) == 1
    assert _folder_state(db_path.parent) == before


def test_restore_into_a_new_place_needs_no_yes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source_db = tmp_path / "old" / "isconf.db"
    everything = _filled(source_db)
    copy = _copy_of(source_db, tmp_path / "copy.db", capsys)
    target = tmp_path / "new" / "isconf.db"
    code, _, err = run_cli(capsys, "restore", str(copy), "--db", str(target))
    assert code == 0, err
    assert mrns(target) == everything


def _text(path: Path) -> None:
    path.write_text("not a database at all")


def _garbage_sqlite(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)


def _foreign(path: Path) -> None:
    execute(path, "CREATE TABLE foo (x)", "INSERT INTO foo VALUES (42)")


def _newer(path: Path) -> None:
    _filled(path)
    execute(path, "UPDATE alembic_version SET version_num = '9999'")


def _damaged(path: Path) -> None:
    _filled(path)
    damage_mrn_index(path)


BAD_COPIES: dict[str, tuple[Callable[[Path], None], str]] = {
    "text": (_text, "is not an isconf database (not an SQLite file)"),
    "garbage": (_garbage_sqlite, "corrupt or not an SQLite database"),
    "foreign": (_foreign, "is not an isconf database"),
    "newer": (_newer, "was made by a newer isconf (schema 9999"),
    "damaged": (_damaged, "integrity_check: row"),
}


@pytest.mark.parametrize("kind", BAD_COPIES)
def test_restore_refuses_a_bad_copy_and_changes_nothing(
    kind: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _filled(db_path)
    make, fragment = BAD_COPIES[kind]
    bad = tmp_path / "bad" / "copy.db"
    bad.parent.mkdir()
    make(bad)
    before = _folder_state(db_path.parent)
    code, out, err = run_cli(capsys, "restore", str(bad), "--yes", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"isconf: error: {bad}: ")
    assert fragment in err
    assert "the database is unchanged" in err
    assert _folder_state(db_path.parent) == before


def test_restore_never_overwrites_a_foreign_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy_of_new(tmp_path, capsys)
    for make in (_text, _foreign):
        target = tmp_path / f"other-{make.__name__}.db"
        make(target)
        content = target.read_bytes()
        code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(target))
        assert code == 1
        assert "is not an isconf database" in err
        assert target.read_bytes() == content


def _copy_of_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    source_db = tmp_path / "source" / "isconf.db"
    _filled(source_db)
    return _copy_of(source_db, tmp_path / "copy.db", capsys)


def test_restore_refuses_while_the_database_is_open(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    services.import_files(vignette_files())
    copy = _copy_of(db_path, tmp_path / "copy.db", capsys)
    monkeypatch.setattr(restore, "LOCK_TIMEOUT", 0.05)
    services.count_cases()  # the app holds a connection, as a running isconf does
    code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(db_path))
    assert code == 1
    assert "is in use" in err and "nothing was restored" in err


def test_restore_over_a_damaged_database_keeps_its_bytes(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy_of_new(tmp_path, capsys)
    db_path.parent.mkdir(exist_ok=True)
    _garbage_sqlite(db_path)
    content = db_path.read_bytes()
    code, _, err = run_cli(capsys, "restore", str(copy), "--db", str(db_path))
    assert code == 1 and "cannot be read; add --yes" in err
    code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(db_path))
    assert code == 0, err
    [safety] = (db_path.parent / "backups").glob("isconf-*-before-restore.db")
    assert safety.read_bytes() == content
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_restore_of_an_older_schema_is_upgraded_on_open(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    copy = _copy_of_new(tmp_path, capsys)
    old = add_migration(tmp_path / "migrations", monkeypatch)
    assert revision(copy) == old
    code, _, err = run_cli(capsys, "restore", str(copy), "--db", str(db_path))
    assert code == 0, err
    # Opened to put the restore on its trail, it is upgraded as the next start would upgrade it.
    assert revision(db_path) == "9999_test_extra"
    Services.open(str(db_path)).close()
    assert revision(db_path) == "9999_test_extra"
    assert revision(copy) == old  # the backup itself is untouched


def test_restore_of_postgresql_says_how(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "restore", str(tmp_path / "x.dump"), "--db", "postgresql://h/isconf")
    assert code == 1 and "pg_restore" in err and len(err.splitlines()) == 1


# --- check -----------------------------------------------------------------------------------------------


def test_check_of_a_sound_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _filled(db_path)
    code, out, err = run_cli(capsys, "check", "--db", str(db_path))
    assert (code, out) == (0, "ok\n")
    # A plain file: sound, and said to be readable by whoever copies it (issue 21).
    assert err == (
        f"isconf: warning: {db_path}: is not encrypted: anyone who copies the file reads every record; "
        "encrypt it with: isconf encrypt\n"
    )


def _orphan(path: Path) -> None:
    _filled(path)
    execute(path, "PRAGMA foreign_keys = OFF", "UPDATE treatment SET case_id = 9999 WHERE id = 1")


def _edited_schema(path: Path) -> None:
    _filled(path)
    execute(path, "ALTER TABLE case_record ADD COLUMN nickname TEXT")


PROBLEMS: dict[str, tuple[Callable[[Path], None], str]] = {
    "text": (_text, "is not an isconf database (not an SQLite file)"),
    "garbage": (_garbage_sqlite, "corrupt or not an SQLite database"),
    "foreign": (_foreign, "is not an isconf database (no isconf schema revision)"),
    "newer": (_newer, "was made by a newer isconf (schema 9999"),
    "damaged": (_damaged, "integrity_check: row"),
    "orphan": (_orphan, "foreign_key_check: treatment row 1 refers to a missing case_record row"),
    "edited": (_edited_schema, "unexpected column case_record.nickname"),
}


@pytest.mark.parametrize("kind", PROBLEMS)
def test_check_names_each_problem_and_touches_nothing(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data" / "isconf.db"
    path.parent.mkdir()
    make, fragment = PROBLEMS[kind]
    make(path)
    before = _folder_state(path.parent)
    code, out, err = run_cli(capsys, "check", "--db", str(path))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert all(line.startswith(f"isconf: error: {path}: ") for line in lines)
    assert any(fragment in line for line in lines), err
    assert _folder_state(path.parent) == before


def test_check_of_an_older_schema_says_it_will_be_upgraded(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    _filled(db_path)
    add_migration(tmp_path / "migrations", monkeypatch)
    code, _, err = run_cli(capsys, "check", "--db", str(db_path))
    assert code == 1
    assert "is older than 9999_test_extra; opening it with isconf upgrades it" in err


def test_check_creates_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.db"
    code, _, err = run_cli(capsys, "check", "--db", str(missing))
    assert code == 1 and "no database here" in err
    assert not missing.exists()


def test_check_reads_a_database_that_is_open(services: Services, db_path: Path, capsys) -> None:
    services.import_files(vignette_files())
    services.count_cases()
    assert run_cli(capsys, "check", "--db", str(db_path))[:2] == (0, "ok\n")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()

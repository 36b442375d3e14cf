"""Backups: ``isconf backup``, the copy before an upgrade, and the rolling daily copy."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import run_cli, vignette_files
from dbtools import add_migration, damage_mrn_index, filled, mrns, query, revision
from isconf import clock
from isconf.services import Services
from isconf.store import backup
from isconf.store.database import DatabaseError, open_database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


_filled = filled


def _daily(db_path: Path, day: date | None = None) -> Path:
    return db_path.parent / "backups" / f"isconf-{(day or clock.today()).isoformat()}.db"


# --- isconf backup FILE ----------------------------------------------------------------------------------


def test_backup_is_a_whole_owner_only_single_file(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services.import_files(vignette_files())
    target = tmp_path / "copies" / "isconf-copy.db"
    target.parent.mkdir()
    code, out, err = run_cli(capsys, "backup", str(target), "--db", str(db_path))
    assert (code, out) == (0, ""), err
    assert err == f"backed up {db_path} to {target}\n"
    assert _mode(target) == 0o600
    assert query(target, "PRAGMA integrity_check") == [("ok",)]
    # Self-contained: a rollback-journal file, nothing beside it.
    assert query(target, "PRAGMA journal_mode") == [("delete",)]
    assert sorted(p.name for p in target.parent.iterdir()) == ["isconf-copy.db"]
    assert mrns(target) == mrns(db_path)
    assert len(mrns(target)) == len(vignette_files())


def test_backup_is_online_and_sees_only_committed_work(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services.import_files(vignette_files())
    target = tmp_path / "online.db"
    with services.database.writing() as session:
        session.execute(text("UPDATE case_record SET family_name = 'Uncommitted'"))
        code, _, err = run_cli(capsys, "backup", str(target), "--db", str(db_path))
        assert code == 0, err
        session.rollback()
    names = {row[0] for row in query(target, "SELECT family_name FROM case_record")}
    assert "Uncommitted" not in names
    assert len(mrns(target)) == len(vignette_files())


def test_backup_overwrites_atomically_or_leaves_the_old_copy(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"the old copy")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.os, "replace", full_disk)
    code, _, err = run_cli(capsys, "backup", str(target), "--db", str(db_path))
    assert code == 1
    assert err.startswith(f"isconf: error: {target}: could not be written (No space left on device)")
    assert len(err.splitlines()) == 1
    assert target.read_bytes() == b"the old copy"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


@pytest.mark.parametrize(
    "url", ["postgresql://clinic:secret@db.example/isconf", "postgresql+psycopg://db/isconf"]
)
def test_backup_of_postgresql_says_how(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "backup", str(tmp_path / "x.db"), "--db", url)
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "pg_dump -Fc" in err
    assert "secret" not in err
    assert not (tmp_path / "x.db").exists()


def test_backup_refuses_what_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.db"
    code, _, err = run_cli(capsys, "backup", str(tmp_path / "x.db"), "--db", str(missing))
    assert code == 1 and "no database here" in err
    assert sorted(tmp_path.iterdir()) == []
    text_file = tmp_path / "notes.db"
    text_file.write_text("hello")
    code, _, err = run_cli(capsys, "backup", str(tmp_path / "x.db"), "--db", str(text_file))
    assert code == 1 and "is not an isconf database" in err
    assert not (tmp_path / "x.db").exists()


def test_backup_onto_the_database_itself_is_refused(
    services: Services, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "backup", str(db_path), "--db", str(db_path))
    assert code == 1 and "is the database itself" in err


# --- before an upgrade -----------------------------------------------------------------------------------


def test_upgrade_is_preceded_by_a_copy_of_the_old_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _filled(db_path)
    old = add_migration(tmp_path / "migrations", monkeypatch)
    open_database(str(db_path)).close()
    assert revision(db_path) == "9999_test_extra"
    [copy] = (db_path.parent / "backups").glob(f"isconf-*-before-upgrade-from-{old}.db")
    assert revision(copy) == old
    assert mrns(copy) == before
    assert _mode(copy) == 0o600
    assert query(copy, "PRAGMA integrity_check") == [("ok",)]


def test_no_upgrade_without_its_copy(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _filled(db_path)
    old = add_migration(tmp_path / "migrations", monkeypatch)

    def cannot(*_: object, **__: object) -> None:
        raise backup.BackupError(
            f"{db_path.parent / 'backups'}: cannot write a copy here (Read-only file system)"
        )

    monkeypatch.setattr(backup, "copy_database", cannot)
    with pytest.raises(DatabaseError) as caught:
        open_database(str(db_path))
    assert "the upgrade was not started" in str(caught.value)
    assert revision(db_path) == old


def test_current_database_is_not_copied_as_an_upgrade(db_path: Path) -> None:
    _filled(db_path)
    open_database(str(db_path)).close()
    assert list((db_path.parent / "backups").glob("*before-upgrade*")) == []


# --- the daily copy --------------------------------------------------------------------------------------


def test_daily_copy_on_the_first_open_of_the_day(db_path: Path) -> None:
    before = _filled(db_path)
    assert not _daily(db_path).exists(), "a database made just now has nothing to keep yet"
    open_database(str(db_path)).close()
    daily = _daily(db_path)
    assert mrns(daily) == before
    assert _mode(daily) == 0o600
    assert _mode(daily.parent) == 0o700


def test_daily_copy_is_made_once_and_costs_nothing_after(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled(db_path)
    open_database(str(db_path)).close()

    def must_not_copy(*_: object, **__: object) -> None:
        raise AssertionError("copied a second time today")

    monkeypatch.setattr(backup, "copy_database", must_not_copy)
    open_database(str(db_path)).close()


def test_daily_copies_beyond_the_limit_are_deleted(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _filled(db_path)
    folder = db_path.parent / "backups"
    folder.mkdir()
    today = clock.today()
    for age in (1, 2, 3, 10):
        _daily(db_path, today - timedelta(days=age)).write_bytes(b"old copy")
    others = [folder / "isconf-2020-01-01T000000-before-upgrade-from-0001.db", folder / "notes.txt"]
    for other in others:
        other.write_bytes(b"kept")
    monkeypatch.setenv("ISCONF_BACKUP_DAYS", "3")
    open_database(str(db_path)).close()
    kept = sorted(p.name for p in folder.iterdir())
    expected_days = [_daily(db_path, today - timedelta(days=age)).name for age in (0, 1, 2)]
    assert kept == sorted(expected_days + [p.name for p in others])


def test_daily_copies_can_be_turned_off(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _filled(db_path)
    monkeypatch.setenv("ISCONF_BACKUP_DAYS", "0")
    open_database(str(db_path)).close()
    assert not (db_path.parent / "backups").exists()


def test_bad_number_of_days_is_one_clear_line(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _filled(db_path)
    monkeypatch.setenv("ISCONF_BACKUP_DAYS", "two weeks")
    code, _, err = run_cli(capsys, "list", "--db", str(db_path))
    assert code == 1
    assert (
        err
        == "isconf: error: ISCONF_BACKUP_DAYS: 'two weeks' is not a whole number of days (0 turns the daily backups off)\n"
    )


def test_a_full_disk_does_not_keep_the_team_from_its_cases(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _filled(db_path)

    def full_disk(*_: object, **__: object) -> None:
        raise backup.BackupError("backups: cannot write a copy here (No space left on device)")

    monkeypatch.setattr(backup, "copy_database", full_disk)
    services = Services.open(str(db_path))
    try:
        assert sorted(s.mrn for s in services.list_cases()) == sorted(before)
    finally:
        services.close()


def test_damaged_database_is_reported_and_old_copies_are_kept(db_path: Path) -> None:
    _filled(db_path)
    damage_mrn_index(db_path)
    yesterday = _daily(db_path, clock.today() - timedelta(days=20))
    yesterday.parent.mkdir()
    yesterday.write_bytes(b"a good old copy")
    content = db_path.read_bytes()
    with pytest.raises(DatabaseError) as caught:
        open_database(str(db_path))
    message = str(caught.value)
    assert message.startswith(f"{db_path}: is damaged (")
    assert "isconf restore" in message and "\n" not in message
    assert yesterday.read_bytes() == b"a good old copy"
    assert not _daily(db_path).exists()
    assert db_path.read_bytes() == content
    assert not [p for p in yesterday.parent.iterdir() if p.suffix == ".tmp"]


def test_stale_temporary_copies_are_cleared(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    stale, fresh = folder / ".isconf.abc.tmp", folder / ".isconf.def.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half a copy")
    os.utime(stale, (0, 0))
    backup.prune_daily_backups(folder, today=clock.today(), keep_days=14)
    assert not stale.exists()
    assert fresh.exists(), "another process may still be writing it"

"""Files isconf writes: no symlink followed, owner-only, no empty or foreign file changed,
stale temporary files removed."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from conftest import run_cli, vignette_files
from isconf.services import Services
from isconf.store.guards import remove_stale_temporary_files
from isconf.store.lock import lock_path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_lock_file_symlink_leaves_its_target_intact(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Services.open(str(db_path)).close()
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    lock = lock_path(db_path)
    lock.unlink(missing_ok=True)
    lock.symlink_to(victim)
    code, _, err = run_cli(capsys, "import", "--db", str(db_path), str(vignette_files()[0]))
    assert code != 0
    assert "symbolic link" in err and err.count("\n") == 1 and "Traceback" not in err
    assert victim.read_text() == "keep me\n"


def test_a_wide_lock_file_and_database_are_narrowed_to_owner_only(db_path: Path) -> None:
    Services.open(str(db_path)).close()
    os.chmod(db_path, 0o644)
    lock_path(db_path).unlink(missing_ok=True)
    lock_path(db_path).touch(mode=0o644)
    os.chmod(lock_path(db_path), 0o644)
    services = Services.open(str(db_path))
    services.database.claim_writer()
    services.close()
    assert _mode(db_path) == 0o600
    assert _mode(lock_path(db_path)) == 0o600


def test_a_backups_symlink_is_refused_not_followed(db_path: Path, tmp_path: Path, caplog) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (db_path.parent / "backups").symlink_to(elsewhere, target_is_directory=True)
    Services.open(str(db_path)).close()
    services = Services.open(str(db_path))
    services.close()
    assert list(elsewhere.iterdir()) == []
    assert any("symbolic link" in record.getMessage() for record in caplog.records)


def test_an_empty_file_is_not_turned_into_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch(mode=0o644)
    os.chmod(empty, 0o644)
    code, _, err = run_cli(capsys, "import", "--db", str(empty), str(vignette_files()[0]))
    assert code != 0 and "empty file" in err
    assert empty.stat().st_size == 0 and _mode(empty) == 0o644


def test_another_applications_alembic_file_is_never_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.close()
    before = foreign.read_bytes()
    code, _, err = run_cli(capsys, "import", "--db", str(foreign), str(vignette_files()[0]))
    assert code != 0 and "not an isconf database" in err and "left untouched" in err
    assert foreign.read_bytes() == before  # still in rollback-journal mode: no WAL switch
    assert not Path(str(foreign) + "-wal").exists()


def test_stale_temporary_files_are_removed_on_the_next_start(db_path: Path) -> None:
    Services.open(str(db_path)).close()
    folder = db_path.parent
    stale = [folder / f".{db_path.stem}.abc123.tmp", folder / "backups" / ".isconf.x1.tmp-journal"]
    fresh = folder / f".{db_path.stem}.live99.tmp"
    unrelated = folder / ".other-app.zz.tmp"
    for path in (*stale, fresh, unrelated):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
    for path in (*stale, unrelated):
        os.utime(path, (1, 1))
    Services.open(str(db_path)).close()
    assert not any(path.exists() for path in stale)
    assert fresh.exists() and unrelated.exists()


def test_stale_cleanup_leaves_symlinks_alone(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"x")
    link = tmp_path / ".isconf.l.tmp"
    link.symlink_to(target)
    os.utime(target, (1, 1))
    assert remove_stale_temporary_files(tmp_path) == []
    assert link.is_symlink() and target.exists()

"""One writing program per SQLite file; a check after the last writer died."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli, vignette_files
from isconf.services import Services
from isconf.store import database
from isconf.store.database import DatabaseError
from isconf.store.lock import left_by_a_crash, lock_path
from isconf.store.migrate import current_revision, downgrade

HOLDER = """
import sys
from isconf.services import Services
services = Services.open(sys.argv[1])
services.database.claim_writer()
print("holding", flush=True)
sys.stdin.readline()
services.close()
"""


def _start_holder(db_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "ISCONF_USER": "dr.elsewhere"}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    return holder


def test_a_second_program_cannot_write_and_is_told_who_writes(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Services.open(str(db_path)).close()
    holder = _start_holder(db_path)
    try:
        code, _, err = run_cli(capsys, "import", "--db", str(db_path), str(vignette_files()[0]))
        assert code == 1
        assert "is being written by isconf of dr.elsewhere on " in err
        assert f"(process {holder.pid}, since " in err
        assert "share a PostgreSQL server" in err
        # Reading goes on meanwhile.
        assert run_cli(capsys, "list", "--db", str(db_path))[0] == 0
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.communicate(timeout=10)
    assert run_cli(capsys, "import", "--db", str(db_path), str(vignette_files()[0]))[0] == 0
    assert not left_by_a_crash(db_path)
    assert lock_path(db_path).read_bytes() == b""  # a clean close clears the holder's line


def test_one_program_may_open_the_file_many_times(db_path: Path) -> None:
    first, second = Services.open(str(db_path)), Services.open(str(db_path))
    try:
        first.import_files(vignette_files()[:1])
        second.import_files(vignette_files()[1:2])
    finally:
        first.close()
        second.close()
    assert lock_path(db_path).read_bytes() == b""


def test_after_the_writer_died_the_file_is_checked_then_marked_clean(db_path: Path) -> None:
    Services.open(str(db_path)).close()
    holder = _start_holder(db_path)
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=10)
    assert left_by_a_crash(db_path)
    services = Services.open(str(db_path))  # runs quick_check: the file is sound
    try:
        assert not left_by_a_crash(db_path)
        assert services.import_files(vignette_files()[:1])[0].ok
    finally:
        services.close()


def test_a_damaged_file_left_by_a_dead_writer_is_refused(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Services.open(str(db_path)).close()
    holder = _start_holder(db_path)
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=10)
    monkeypatch.setattr(
        database, "quick_check", lambda _engine: ["row 3 missing from index ix_case_record_mrn"]
    )
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="stopped without closing it, and quick_check found damage"):
        Services.open(str(db_path))
    assert db_path.read_bytes() == before
    assert left_by_a_crash(db_path)  # still flagged: the next start checks again


def test_restore_waits_for_no_writer(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = Services.open(str(db_path))
    services.import_files(vignette_files()[:1])
    services.close()
    copy = tmp_path / "copy.db"
    assert run_cli(capsys, "backup", "--db", str(db_path), str(copy))[0] == 0
    holder = _start_holder(db_path)
    try:
        code, _, err = run_cli(capsys, "restore", "--db", str(db_path), str(copy), "--yes")
        assert code == 1
        assert "is being written by isconf of dr.elsewhere" in err and "nothing was restored" in err
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.communicate(timeout=10)
    assert run_cli(capsys, "restore", "--db", str(db_path), str(copy), "--yes")[0] == 0


LOCK_ONLY = """
import sys
from pathlib import Path
from isconf.store.lock import WriterLock
WriterLock.for_database(Path(sys.argv[1])).acquire()
print("holding", flush=True)
sys.stdin.readline()
"""


def test_an_upgrade_waits_for_the_writer_to_close(db_path: Path) -> None:
    services = Services.open(str(db_path))
    services.import_files(vignette_files()[:1])
    downgrade(services.database.engine, "0002")
    services.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_ONLY, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        with pytest.raises(DatabaseError, match="needs a schema upgrade, but it is being written by"):
            Services.open(str(db_path))
        untouched = database.open_database(str(db_path), migrate=False)
        assert current_revision(untouched.engine) == "0002"
        untouched.close()
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.communicate(timeout=10)
    Services.open(str(db_path)).close()  # now it upgrades

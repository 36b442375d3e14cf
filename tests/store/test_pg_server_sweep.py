"""A killed test run's PostgreSQL folder is removed by the next run, a live one is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from pg_server import OWNER_FILE, ROOT_PREFIX, STALE_AFTER_S, sweep_stale_roots


def _server_folder(
    parent: Path, name: str, *, pid: int | None, age_s: float, mine: Path, owner: int | None = None
) -> Path:
    root = parent / f"{ROOT_PREFIX}{name}"
    (root / "data").mkdir(parents=True)
    if pid is not None:
        (root / "data" / "postmaster.pid").write_text(f"{pid}\n/some/data\n")
    if owner is not None:
        (root / OWNER_FILE).write_text(f"{owner}\n")
    then = mine.stat().st_mtime - age_s
    os.utime(root, (then, then))
    return root


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(child.stdout)


def test_folders_made_before_the_owner_file_go_when_old_and_without_a_live_server(tmp_path: Path) -> None:
    mine = tmp_path / f"{ROOT_PREFIX}mine"
    mine.mkdir()
    old = STALE_AFTER_S + 60
    killed = _server_folder(tmp_path, "killed", pid=_dead_pid(), age_s=old, mine=mine)
    never_started = _server_folder(tmp_path, "never", pid=None, age_s=old, mine=mine)
    running = _server_folder(tmp_path, "running", pid=os.getpid(), age_s=old, mine=mine)
    starting = _server_folder(tmp_path, "starting", pid=None, age_s=5, mine=mine)
    other = tmp_path / "someone-else"
    other.mkdir()
    os.utime(other, (0, 0))

    removed = sweep_stale_roots(mine)

    assert sorted(removed) == sorted([killed, never_started])
    assert not killed.exists() and not never_started.exists()
    assert running.exists() and starting.exists() and mine.exists() and other.exists()


def test_a_folder_goes_when_its_owner_is_gone_and_stays_while_it_lives(tmp_path: Path) -> None:
    mine = tmp_path / f"{ROOT_PREFIX}mine"
    mine.mkdir()
    gone = _server_folder(tmp_path, "gone", pid=None, age_s=5, mine=mine, owner=_dead_pid())
    # A live run, old, mid-restart (no postmaster.pid for a moment): never touched.
    live = _server_folder(tmp_path, "live", pid=None, age_s=STALE_AFTER_S * 3, mine=mine, owner=os.getpid())
    assert sweep_stale_roots(mine) == [gone]
    assert live.exists() and not gone.exists()


def test_the_orphaned_server_of_a_killed_run_is_stopped(tmp_path: Path) -> None:
    mine = tmp_path / f"{ROOT_PREFIX}mine"
    mine.mkdir()
    # A stand-in postmaster: a process whose command line names postgres, as the real one's does.
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "postgres"])
    try:
        orphan = _server_folder(tmp_path, "orphan", pid=server.pid, age_s=5, mine=mine, owner=_dead_pid())
        assert sweep_stale_roots(mine) == [orphan]
        assert server.wait(timeout=10) == -signal.SIGQUIT
    finally:
        server.kill()
        server.wait()

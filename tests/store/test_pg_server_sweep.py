"""A killed test run's PostgreSQL folder is removed by the next run, a live one is kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pg_server import ROOT_PREFIX, STALE_AFTER_S, sweep_stale_roots


def _server_folder(parent: Path, name: str, *, pid: int | None, age_s: float, mine: Path) -> Path:
    root = parent / f"{ROOT_PREFIX}{name}"
    (root / "data").mkdir(parents=True)
    if pid is not None:
        (root / "data" / "postmaster.pid").write_text(f"{pid}\n/some/data\n")
    then = mine.stat().st_mtime - age_s
    os.utime(root, (then, then))
    return root


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(child.stdout)


def test_only_old_folders_without_a_live_server_are_removed(tmp_path: Path) -> None:
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

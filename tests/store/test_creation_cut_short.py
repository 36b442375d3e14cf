"""A start killed while it made a new database does not stop the next start (isconf.store.creation)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from isconf.services import Services
from isconf.store.creation import marker
from isconf.store.errors import DatabaseError

# Killed by SIGKILL at the first step after the empty file is made (later, once SQLite has
# written its header, a file without tables was always taken as new).
_KILLED_WHILE_CREATING = """
import os, signal, sys
import isconf.store.database as database
database._check_is_isconf = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
from isconf.services import Services
Services.open(sys.argv[1])
"""


def _kill_while_creating(db: Path) -> None:
    run = subprocess.run([sys.executable, "-c", _KILLED_WHILE_CREATING, str(db)], capture_output=True)
    assert run.returncode == -9, run.stderr.decode()


def test_the_next_start_makes_the_database_a_killed_start_left_empty(tmp_path: Path) -> None:
    db = tmp_path / "isconf.db"
    _kill_while_creating(db)
    assert db.read_bytes() == b"" and marker(db).exists()
    services = Services.open(str(db))
    try:
        assert services.list_cases() == []
    finally:
        services.close()
    assert db.stat().st_size > 0 and not marker(db).exists()
    assert not any(p.name.endswith(".creating") for p in tmp_path.iterdir())


def test_an_empty_file_whose_creator_still_runs_is_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "isconf.db"
    db.touch()
    marker(db).write_text(str(os.getppid()), encoding="ascii")  # a live process, not this one
    with pytest.raises(DatabaseError, match="is an empty file"):
        Services.open(str(db))
    assert db.read_bytes() == b"" and marker(db).exists()


def test_a_new_database_leaves_no_marker(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Services.open(str(db)).close()
    assert not marker(db).exists()

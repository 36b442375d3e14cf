"""A writer killed with SIGKILL at random moments leaves a whole database with every commit in it."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from conftest import HERE, run_cli, vignette_files
from crash_writer import case_for
from dbtools import query
from isconf.services import Services

KILLS = 25
WHILE_WRITING = 0.8  # the share of kills that wait for a first commit
AMONG_WRITES = 0.1  # seconds after the first commit, at most
FROM_START = 0.25  # seconds after the fork, at most


def _read_until(stream: IO[str], prefix: str, seen: list[str]) -> str:
    """Read lines into ``seen`` up to one that starts with ``prefix``, and return that one."""
    while True:
        line = stream.readline()
        assert line, "the writer stopped talking:\n" + "\n".join(seen[-5:])
        line = line.strip()
        seen.append(line)
        if line.startswith(prefix):
            return line
        assert not line.endswith(" failed"), "a writer failed by itself (its traceback is on stderr)"


def test_sigkill_at_random_moments_loses_no_commit(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    vignette = vignette_files()[0]
    template = json.loads(vignette.read_text(encoding="utf-8"))
    writer = subprocess.Popen(
        [sys.executable, str(HERE / "crash_writer.py"), str(db_path), str(vignette)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert writer.stdin is not None and writer.stdout is not None
    lines: list[str] = []
    runs_that_wrote = 0
    pid = None
    try:
        for run in range(KILLS):
            writer.stdin.write(f"go {run}\n")
            writer.stdin.flush()
            pid = int(_read_until(writer.stdout, "pid ", lines).split()[1])
            # Most kills land among the writes; the others anywhere from the
            # start, often while the writer opens the database (daily copy).
            if rng.random() < WHILE_WRITING:
                _read_until(writer.stdout, "created ", lines)
                time.sleep(rng.uniform(0, AMONG_WRITES))
            else:
                time.sleep(rng.uniform(0, FROM_START))
            with contextlib.suppress(ProcessLookupError):  # it failed by itself: reported below
                os.kill(pid, signal.SIGKILL)
            _read_until(writer.stdout, f"reaped {pid} killed", lines)
            pid = None
            runs_that_wrote += any(line.startswith(f"created CR-{run:02d}-") for line in lines)
    finally:
        if pid is not None:  # a failed assertion must not leave a writer running
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        writer.stdin.close()
        writer.wait(timeout=10)
        writer.stdout.close()

    context = f"(random seed {seed})"
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)], context
    assert query(db_path, "PRAGMA foreign_key_check") == [], context
    created = [line.split()[1] for line in lines if line.startswith("created ")]
    saved = {line.split()[1] for line in lines if line.startswith("saved ")}
    # Kills must land in the middle of writing, not only while a writer starts.
    assert runs_that_wrote >= KILLS // 3, f"only {runs_that_wrote} writers got to write {context}"

    services = Services.open(str(db_path))
    try:
        stored = {s.mrn for s in services.list_cases()}
        assert set(created) <= stored, f"committed cases lost: {sorted(set(created) - stored)} {context}"
        for mrn in stored:
            # Every case is whole: exactly as one committed version wrote it, never a mix.
            case = services.get_case(mrn).case
            versions = [2] if mrn in saved else [1, 2]
            assert case in [case_for(template, mrn, v) for v in versions], f"{mrn} is not intact {context}"
    finally:
        services.close()
    assert run_cli(capsys, "check", "--db", str(db_path))[:2] == (0, "ok\n"), context

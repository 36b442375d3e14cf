"""The day-sensitive tests pass with the computer's clock moved: 30 and 400 days ahead, and on 29 Feb 2028.

libfaketime (the PyPI package vendors it; Debian's 0.9.10 breaks Python 3.11's sleeps)
moves the clock of a child pytest under ``LD_PRELOAD``. The whole suite is run the same
way by hand (README, "Tests on another day"); this keeps a fast subset in every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Modules that compute with "today": weeks of spasms, ages, backups by day, the
# trade-off's cost of waiting, the de-identified ages, the clock itself, and a meeting's agenda
# counted as of its day (a year on, an unfixed test met demo children dated from today).
SUBSET = [
    "tests/test_clock.py",
    "tests/store/test_backup.py",
    "tests/cases/test_list_evaluation.py",
    "tests/summary/test_summary_content.py",
    "tests/test_deidentified_dates.py",
    "tests/ui/editor/test_ui_tradeoff_default_size.py",
    "tests/cli/test_meeting_cli.py",
]


def faketime_environment(faketime: str) -> dict[str, str]:
    """The environment that runs a child process at ``faketime`` (libfaketime's syntax)."""
    import libfaketime

    library = Path(libfaketime.__file__).parent / "vendor" / "libfaketime" / "src"
    if not (library / "libfaketime.so.1").exists():
        pytest.fail(f"{library}: libfaketime.so.1 is missing; reinstall the test extra", pytrace=False)
    env = dict(os.environ)
    env.update(
        LD_LIBRARY_PATH=os.pathsep.join(filter(None, [str(library), env.get("LD_LIBRARY_PATH")])),
        LD_PRELOAD="libfaketime.so.1",
        FAKETIME=faketime,
        FAKETIME_NO_CACHE="1",
        FAKETIME_DONT_FAKE_MONOTONIC="1",
    )
    env.pop("ISCONF_CLOCK", None)
    return env


@pytest.mark.parametrize("faketime", ["+30d", "+400d", "@2028-02-29 10:00:00"])
def test_day_sensitive_tests_pass_on_a_shifted_clock(faketime: str) -> None:
    env = faketime_environment(faketime)
    shown = subprocess.run(
        [sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    if faketime.startswith("@"):
        assert shown.stdout.strip() == faketime[1:11], "libfaketime did not move the clock"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *SUBSET],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"on {faketime}:\n{run.stdout[-4000:]}\n{run.stderr[-2000:]}"

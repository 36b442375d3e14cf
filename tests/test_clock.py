"""The one clock: isconf reads "today" and "now" only through isconf.clock."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from isconf import clock

ROOT = Path(__file__).resolve().parent.parent

# What reads the computer's clock for a date (``time.monotonic``, for durations, never is).
_READS_THE_CLOCK = re.compile(
    r"date\.today\(|datetime\.now\(|datetime\.utcnow\(|datetime\.today\(|time\.time\(\)|"
    r"time\.localtime\(|QDate\.currentDate\(|QDateTime\.current"
)
_MAY_READ_IT = {Path("isconf/clock.py")}


def test_no_module_but_the_clock_reads_the_computers_clock() -> None:
    offenders = []
    for folder in ("isconf", "ui", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in _MAY_READ_IT:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if _READS_THE_CLOCK.search(code):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "read isconf.clock instead:\n" + "\n".join(offenders)


def test_a_fixed_clock_stands_still_and_is_released() -> None:
    with clock.fixed(date(2028, 2, 29)) as moment:
        assert clock.today() == date(2028, 2, 29)
        assert clock.now() == moment == datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
        assert clock.is_fixed()
    assert not clock.is_fixed()


def test_the_environment_fixes_a_whole_process() -> None:
    code = "from isconf import clock; print(clock.today(), clock.now().isoformat())"
    env = {"ISCONF_CLOCK": "2027-01-09T08:30:00+00:00", "PATH": "/usr/bin:/bin", "TZ": "UTC"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2027-01-09", "2027-01-09T08:30:00+00:00"]


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01", "2026-02-30T10:00"])
def test_a_moment_that_is_not_a_date_names_the_variable(text: str) -> None:
    with pytest.raises(clock.ClockError, match="ISCONF_CLOCK"):
        clock.parse_moment(text)


def test_a_date_alone_is_noon_utc_that_day() -> None:
    assert clock.parse_moment("2026-03-01") == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert clock.parse_moment("2026-03-01T09:00") == datetime(2026, 3, 1, 9, tzinfo=UTC)

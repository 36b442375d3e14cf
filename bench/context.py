"""What one benchmark run shares: its sizes, its scratch folder and its databases."""

from __future__ import annotations

import functools
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import synth


@dataclass(frozen=True)
class Sizes:
    cases: int  # the "conference program" scale: 10,000
    many_cases: int  # "far beyond it": 100,000
    import_files: int
    meeting_cases: int
    repeats: int  # timed runs per figure; the median is reported
    evaluate_cases: int


FULL = Sizes(cases=10_000, many_cases=100_000, import_files=1000, meeting_cases=20, repeats=7,
             evaluate_cases=10_000)  # fmt: skip
QUICK = Sizes(cases=10_000, many_cases=100_000, import_files=1000, meeting_cases=20, repeats=3,
              evaluate_cases=10_000)  # fmt: skip
# Only for checking that the machinery runs (tests/test_bench.py); its figures mean nothing.
TINY = Sizes(cases=40, many_cases=80, import_files=5, meeting_cases=3, repeats=1, evaluate_cases=50)


@dataclass
class Result:
    """A figure's median value and the median of its floor measured in the same run."""

    value: float | None
    floor: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor


@dataclass
class Context:
    sizes: Sizes
    work: Path
    memo: dict[str, Any] = field(default_factory=dict)
    cleanups: list[Callable[[], object]] = field(default_factory=list)  # run at the end (a server stopped)

    def database(self, count: int) -> Path:
        return synth.database(count)

    def working_copy(self, count: int, name: str) -> Path:
        """A copy of the cached database that a figure may write to."""
        target = self.work / f"{name}.db"
        for leftover in self.work.glob(f"{name}.db*"):
            leftover.unlink()
        return synth.copy_database(self.database(count), target)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """Work that two figures share (the startup runs give startup_s and rss_mb)."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def environment(self) -> dict[str, str]:
        """For child processes: offscreen Qt, settings and drafts in the scratch folder."""
        return {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(self.work / "config"),
            "XDG_DATA_HOME": str(self.work / "data"),
            "ISCONF_BACKUP_DAYS": "0",
        }


class Stopwatch:
    """Wall time, what a user waits for, and this process's CPU time, what the work itself
    costs: on a shared machine the difference is time spent waiting for a core."""

    def __enter__(self) -> Stopwatch:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (p95: ``fraction=0.95``)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


@functools.cache
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent

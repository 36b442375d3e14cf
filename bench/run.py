"""isconf's benchmarks: every figure beside its floor, measured in the same run.

    python bench/run.py [--quick] [--json FILE]

Builds (and caches) synthetic databases of 10,000 and 100,000 cases, measures each
figure in the registry below (medians of repeated runs; ``--quick`` repeats less),
and prints one table: figure, value, floor, ratio, target, met. ``--json FILE``
writes ``{"name": {"value": v, "floor": f, "ratio": r}}`` (null where there is none).
See docs/performance.md for this machine's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import figures_core
import figures_db
import figures_gui
import figures_pdf
import figures_process
import figures_team
from context import FULL, QUICK, TINY, Context, Result, Sizes, load_average


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    target: float | None  # None: measured for the record (a floor of another figure)
    on_ratio: bool  # the target bounds value ÷ floor, not the value
    measure: Callable[[Context], Result]
    ratio_target: float | None = None  # a second target, on value ÷ floor, that must hold too

    @property
    def target_text(self) -> str:
        if self.target is None:
            return "—"
        words = f"≤ {self.target:g}×" if self.on_ratio else f"≤ {self.target:g} {self.unit}".rstrip()
        return words + (f", ≤ {self.ratio_target:g}×" if self.ratio_target is not None else "")

    def met(self, result: Result) -> bool | None:
        measured = result.ratio if self.on_ratio else result.value
        if measured is None or self.target is None:
            return None
        if self.ratio_target is not None and (result.ratio is None or result.ratio > self.ratio_target):
            return False
        return measured <= self.target


REGISTRY = (
    Figure("evaluate_us", "µs", 100, False, figures_core.evaluate_us),
    Figure("open_case_ms", "ms", 16, False, figures_gui.open_case_ms),
    Figure("filter_p95_ms", "ms", 8, False, figures_gui.filter_p95_ms),
    Figure("filter_p95_ms_100k", "ms", 16, False, figures_gui.filter_p95_ms_100k),
    Figure("filter_growth", "", 12, False, figures_gui.filter_growth),
    Figure("startup_s", "s", 1.25, True, figures_process.startup_s),
    Figure("rss_mb", "MB", 150, False, figures_process.rss_mb),
    Figure("import_1000_s", "s", 1.5, False, figures_core.import_s),
    Figure("agenda_pdf_s", "s", 1.5, False, figures_pdf.agenda_pdf_s),
    Figure("summary_pdf_s", "s", 0.5, False, figures_pdf.summary_pdf_s, ratio_target=10),
    # Statements per screen: exact, whatever the machine's load (isconf.store.statements).
    Figure("queries_open_meeting", "", 8, False, figures_db.queries_open_meeting),
    Figure("queries_open_case", "", 4, False, figures_db.queries_open_case),
    Figure("queries_save_case", "", 8, False, figures_db.queries_save_case),
    Figure("queries_list", "", 2, False, figures_db.queries_list),
    Figure("open_meeting_ms", "ms", None, False, figures_db.open_meeting_ms),
    Figure("save_case_ms", "ms", None, False, figures_db.save_case_ms),
    # On a PostgreSQL server the benchmark starts on loopback, each against its SQLite figure.
    Figure("pg_startup_s", "s", 1.5, True, figures_process.pg_startup_s),
    Figure("pg_filter_p95_ms", "ms", 1.5, True, figures_gui.pg_filter_p95_ms),
    Figure("pg_open_case_ms", "ms", 1.5, True, figures_db.pg_open_case_ms),
    Figure("pg_save_case_ms", "ms", 1.5, True, figures_db.pg_save_case_ms),
    Figure("pg_open_meeting_ms", "ms", 1.5, True, figures_db.pg_open_meeting_ms),
    Figure("pg_team_10", "ms", 50, False, figures_team.pg_team_10),
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = TINY if args.tiny else QUICK if args.quick else FULL
    wanted = set(args.only.split(",")) if args.only else None
    with tempfile.TemporaryDirectory(prefix="isconf-bench-") as scratch:
        ctx = Context(sizes, Path(scratch))
        os.environ.update(ctx.environment())  # the in-process window too: no backups, scratch settings
        _say(f"isconf benchmarks: {_sizes_text(sizes)}; {platform.python_version()}, {os.cpu_count()} cores")
        _say(f"load average before: {load_average()}")
        results = {}
        try:
            for figure in REGISTRY:
                if wanted is not None and figure.name not in wanted:
                    continue
                started = time.perf_counter()
                _say(f"  measuring {figure.name} …")
                results[figure.name] = figure.measure(ctx)
                _say(f"  … {time.perf_counter() - started:.1f} s")
        finally:
            for cleanup in reversed(ctx.cleanups):
                cleanup()  # the PostgreSQL server the pg_* figures started
    print(table(results))
    print(
        f"load average after: {load_average()} (other work on the machine slows wall times; CPU in the notes)"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(as_json(results), indent=2) + "\n", encoding="utf-8")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (same sizes)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--only", metavar="NAMES", help="comma-separated figure names")
    parser.add_argument("--tiny", action="store_true", help=argparse.SUPPRESS)  # machinery test only
    return parser


def as_json(results: dict[str, Result]) -> dict[str, dict[str, float | None]]:
    return {
        name: {"value": _rounded(r.value), "floor": _rounded(r.floor), "ratio": _rounded(r.ratio)}
        for name, r in results.items()
    }


def table(results: dict[str, Result]) -> str:
    header = ("figure", "value", "floor", "ratio", "target", "met?", "note")
    rows = [header]
    for figure in REGISTRY:
        if figure.name not in results:
            continue
        r = results[figure.name]
        met = figure.met(r)
        rows.append(
            (
                figure.name,
                _number(r.value, figure.unit),
                _number(r.floor, figure.unit),
                "—" if r.ratio is None else f"{r.ratio:.2f}×",
                figure.target_text,
                "—" if met is None else "yes" if met else "NO",
                r.note,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    digits = 3 if abs(value) < 10 else 1
    return f"{value:.{digits}f} {unit}".rstrip()


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _sizes_text(sizes: Sizes) -> str:
    return (
        f"{sizes.cases:,} and {sizes.many_cases:,} cases, {sizes.import_files:,} files to import, "
        f"{sizes.repeats} repeats"
    )


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())

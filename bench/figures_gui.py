"""Figures measured on the real main window, in this process, offscreen.

Each keystroke is sent to the search box as a key event and timed until the event
queue is empty again (the filter ran and the list repainted): what a user typing
waits for. Opening a case is timed the same way, through the window's own
``open_case`` (services, editor, checklist), against the raw SQL that reads that
case's rows.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import synth
from context import Context, Result, Stopwatch, median, percentile

from isconf.services import Services

WINDOW_SIZE = (1600, 900)


def filter_p95_ms(ctx: Context) -> Result:
    times, cpu = ctx.once(f"keys-{ctx.sizes.cases}", lambda: _keystroke_times(ctx, ctx.sizes.cases))
    return Result(
        percentile(times, 0.95), note=f"{len(times)} keystrokes; CPU p95 {percentile(cpu, 0.95):.1f} ms"
    )


def filter_p95_ms_100k(ctx: Context) -> Result:
    times, cpu = ctx.once(f"keys-{ctx.sizes.many_cases}", lambda: _keystroke_times(ctx, ctx.sizes.many_cases))
    return Result(
        percentile(times, 0.95),
        note=f"{ctx.sizes.many_cases:,} cases; CPU p95 {percentile(cpu, 0.95):.1f} ms",
    )


def filter_growth(ctx: Context) -> Result:
    small, small_cpu = ctx.once(f"keys-{ctx.sizes.cases}", lambda: _keystroke_times(ctx, ctx.sizes.cases))
    large, large_cpu = ctx.once(
        f"keys-{ctx.sizes.many_cases}", lambda: _keystroke_times(ctx, ctx.sizes.many_cases)
    )
    growth = percentile(large, 0.95) / percentile(small, 0.95)
    cpu_growth = percentile(large_cpu, 0.95) / percentile(small_cpu, 0.95)
    return Result(
        growth,
        note=f"p95 {percentile(large, 0.95):.1f} ms at {ctx.sizes.many_cases:,} cases; CPU growth {cpu_growth:.1f}",
    )


def open_case_ms(ctx: Context) -> Result:
    path = ctx.database(ctx.sizes.cases)
    app = _application()
    with _main_window(str(path)) as window, contextlib.closing(sqlite3.connect(path)) as connection:
        other = _case_at(path, ctx.sizes.cases // 2)[0]
        opened, cpu, floor = [], [], []
        for _ in range(ctx.sizes.repeats * 2):
            window.open_case(other, offer_draft=False)  # so each timed open loads afresh
            app.processEvents()
            with Stopwatch() as watch:
                window.open_case(synth.BIG_MRN, offer_draft=False)
                app.processEvents()
            opened.append(watch.wall * 1000)
            cpu.append(watch.cpu * 1000)
            with Stopwatch() as watch:
                _read_case_rows(connection, synth.BIG_MRN)
            floor.append(watch.wall * 1000)
    return Result(median(opened), median(floor), note=f"CPU {median(cpu):.1f} ms")


def pg_filter_p95_ms(ctx: Context) -> Result:
    """The same keystrokes over the same cases read from the benchmark's PostgreSQL server."""
    from figures_db import pg_database

    lite, _ = ctx.once(f"keys-{ctx.sizes.cases}", lambda: _keystroke_times(ctx, ctx.sizes.cases))
    times, cpu = ctx.once("keys-pg", lambda: _keystroke_times(ctx, ctx.sizes.cases, pg_database(ctx)))
    return Result(
        percentile(times, 0.95),
        percentile(lite, 0.95),
        note=f"floor: filter_p95_ms on SQLite; CPU p95 {percentile(cpu, 0.95):.1f} ms",
    )


def _keystroke_times(ctx: Context, count: int, db: str | None = None) -> tuple[list[float], list[float]]:
    """Milliseconds per keystroke, wall and CPU: a family name typed and erased, then an MRN."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    path = ctx.database(count)
    mrn, family = _case_at(path, count // 2)
    keys = [*family.lower(), *["\b"] * len(family), *mrn, *["\b"] * len(mrn)]
    app = _application()
    times, cpu = [], []
    with _main_window(db or str(path)) as window:
        search = window.search
        search.setFocus()
        for _ in range(ctx.sizes.repeats):
            for key in keys:
                with Stopwatch() as watch:
                    if key == "\b":
                        QTest.keyClick(search, Qt.Key.Key_Backspace)
                    else:
                        QTest.keyClicks(search, key)
                    app.processEvents()
                times.append(watch.wall * 1000)
                cpu.append(watch.cpu * 1000)
        if search.text():
            raise RuntimeError(f"the search box should be empty after the keystrokes, not {search.text()!r}")
    return times, cpu


def _application() -> Any:
    from PySide6.QtWidgets import QApplication

    from ui.app import _quiet_offscreen_warning, apply_style

    app = QApplication.instance()
    if app is None:
        app = QApplication(["isconf-bench"])
        _quiet_offscreen_warning()
        apply_style(app)  # the app's style sheet: painting costs what it costs in the app
    return app


@contextlib.contextmanager
def _main_window(db: str) -> Iterator[Any]:
    from ui.app import settle_after_start
    from ui.main_window import MainWindow

    app = _application()
    services = Services.open(db)
    window = MainWindow(services)
    try:
        window.resize(*WINDOW_SIZE)
        window.show()
        settle_after_start()  # as the app does once its window is up
        app.processEvents()
        yield window
    finally:
        window.editor.discard_draft()
        window.close()
        window.deleteLater()
        app.processEvents()
        services.close()


def _case_at(path: Path, row: int) -> tuple[str, str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        mrn, family = connection.execute(
            "SELECT mrn, family_name FROM case_record ORDER BY id LIMIT 1 OFFSET ?", (row,)
        ).fetchone()
    return mrn, family


def _read_case_rows(connection: sqlite3.Connection, mrn: str) -> int:
    """The floor: every row of one case, by the queries the store issues, without any mapping."""
    (case_id,) = connection.execute(
        "SELECT id FROM case_record WHERE lower(mrn) = lower(?)", (mrn,)
    ).fetchone()
    rows = connection.execute("SELECT * FROM case_record WHERE id = ?", (case_id,)).fetchall()
    tables = ("treatment", "mri_study", "eeg_study", "pet_study", "tradeoff_assessment", "tradeoff_benefit")
    for table in (*tables, "development_assessment", "follow_up", "key_image"):
        rows += connection.execute(
            f"SELECT * FROM {table} WHERE case_id = ? ORDER BY position", (case_id,)
        ).fetchall()
    rows += connection.execute(
        "SELECT l.* FROM mri_lesion l JOIN mri_study m ON l.mri_id = m.id WHERE m.case_id = ? "
        "ORDER BY l.position",
        (case_id,),
    ).fetchall()
    return len(rows)

"""Figures of the database's side: statements per screen, service times, and the same on PostgreSQL.

``queries_*`` count the SQL statements a screen sends (``isconf.store.statements``, the counter the
budget tests use): exact on any machine. ``open_meeting_ms`` and ``save_case_ms`` time the service
calls behind the meetings window and the editor's save on SQLite; ``pg_*`` are the same figures on a
PostgreSQL server the benchmark starts on loopback (``tests/pg_server.py``), filled with a copy of
the 10,000-case database, each against its SQLite figure as its floor (target: within 1.5×).
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from collections.abc import Callable
from typing import Any

import synth
from context import Context, Result, Stopwatch, median, repo_root
from sqlalchemy import create_engine, select, text

from isconf import clock
from isconf.services import Services
from isconf.store.statements import counting
from isconf.store.tables import every_table

# --- statements per screen --------------------------------------------------------------------


def queries_open_meeting(ctx: Context) -> Result:
    return Result(float(_counts(ctx)["open_meeting"]), note=f"{ctx.sizes.meeting_cases}-case agenda")


def queries_open_case(ctx: Context) -> Result:
    return Result(
        float(_counts(ctx)["open_case"]), note=f"{synth.BIG_MRN}: 20 trials, 5 MRI, 5 EEG, 3 key images"
    )


def queries_save_case(ctx: Context) -> Result:
    return Result(float(_counts(ctx)["save_case"]), note="one field and one treatment edited")


def queries_list(ctx: Context) -> Result:
    return Result(float(_counts(ctx)["list"]), note=f"{ctx.sizes.cases:,} cases")


def _counts(ctx: Context) -> dict[str, int]:
    def count() -> dict[str, int]:
        services = Services.open(str(ctx.working_copy(ctx.sizes.cases, "queries")))
        try:
            counts = {}
            for name, prepare in _screens(services, ctx).items():
                work = prepare()  # what the screen had before (the case the editor opened): not counted
                with counting(services.database.engine) as sent:
                    work()
                counts[name] = sent.count
            return counts
        finally:
            services.close()

    counts: dict[str, int] = ctx.once("queries", count)
    return counts


Work = Callable[[], object]


def _screens(services: Services, ctx: Context) -> dict[str, Callable[[], Work]]:
    """The service call behind each screen, each made ready by a call that is neither
    counted nor timed (the meeting is set up once, here)."""
    meeting_id = meeting_of(services, ctx.sizes.meeting_cases)
    editions = itertools.count(1)
    return {
        "open_meeting": lambda: lambda: services.meetings.get_meeting(meeting_id),
        "open_case": lambda: lambda: services.get_case(synth.BIG_MRN),
        "save_case": lambda: save_edit(services, next(editions)),
        "list": lambda: services.list_cases,
    }


def meeting_of(services: Services, cases: int) -> int:
    meeting = services.meetings.create_meeting(title="Benchmark conference", day=clock.today())
    services.meetings.add_cases(meeting.id, [s.mrn for s in services.list_cases()[:cases]])
    return meeting.id


def save_edit(services: Services, edition: int) -> Work:
    """The editor's save of the long case opened, with one field and one treatment changed."""
    stored = services.get_case(synth.BIG_MRN)
    case = stored.case
    trial = dataclasses.replace(case.treatments[0], dose=100 + edition % 50)
    edited = dataclasses.replace(
        case, referring_center=f"Synthetic Hospital {edition}", treatments=(trial, *case.treatments[1:])
    )
    return lambda: services.save_case(edited, original_mrn=synth.BIG_MRN, expected_version=stored.version)


# --- service times, SQLite and PostgreSQL -------------------------------------------------------

PAIRED_ROUNDS = 10  # the ratios' samples per repeat, each a millisecond or a few


def open_meeting_ms(ctx: Context) -> Result:
    return _service_times(ctx)["open_meeting"]


def save_case_ms(ctx: Context) -> Result:
    return _service_times(ctx)["save_case"]


def pg_open_meeting_ms(ctx: Context) -> Result:
    return _against_sqlite(ctx, "open_meeting")


def pg_save_case_ms(ctx: Context) -> Result:
    return _against_sqlite(ctx, "save_case")


def pg_open_case_ms(ctx: Context) -> Result:
    return _against_sqlite(ctx, "open_case")


def _against_sqlite(ctx: Context, name: str) -> Result:
    pg, lite = _paired_times(ctx)[name]
    return Result(pg.value, lite.value, note=f"floor: the same on SQLite, timed in turn with it; {pg.note}")


def _paired_times(ctx: Context) -> dict[str, tuple[Result, Result]]:
    """Each screen's service call on PostgreSQL and on SQLite, timed in turn (one on each, then
    again): a figure and its floor taken at the same moments, so that the machine's load, which
    wanders over seconds, weighs on both alike (timed one block after the other, the ratio
    swung from 1.2× to 4× under load)."""

    def measure() -> dict[str, tuple[Result, Result]]:
        lite = str(ctx.working_copy(ctx.sizes.cases, "times"))
        times = _timed_in_turn(ctx, [pg_database(ctx), lite], PAIRED_ROUNDS)
        return {name: (pg, sqlite) for name, (pg, sqlite) in times.items()}

    paired: dict[str, tuple[Result, Result]] = ctx.once("service-times-paired", measure)
    return paired


def _service_times(ctx: Context) -> dict[str, Result]:
    """The service calls on SQLite alone (``open_meeting_ms``, ``save_case_ms``)."""

    def measure() -> dict[str, Result]:
        times = _timed_in_turn(ctx, [str(ctx.working_copy(ctx.sizes.cases, "times"))], 3)
        return {name: sqlite for name, (sqlite,) in times.items()}

    times: dict[str, Result] = ctx.once("service-times-sqlite", measure)
    return times


def _timed_in_turn(ctx: Context, databases: list[str], rounds: int) -> dict[str, tuple[Result, ...]]:
    """Each screen's service call (the list aside) on each database in turn, ``rounds`` times per
    repeat after one warming call each: the median wall time per database, its CPU in the note."""
    opened = [Services.open(db) for db in databases]
    try:
        screens = [_screens(services, ctx) for services in opened]
        results = {}
        for name in ("open_meeting", "open_case", "save_case"):
            for each in screens:
                each[name]()()  # the first of each warms caches (and a server's plans)
            wall: list[list[float]] = [[] for _ in opened]
            cpu: list[list[float]] = [[] for _ in opened]
            for _ in range(ctx.sizes.repeats * rounds):
                for side, each in enumerate(screens):
                    work = each[name]()
                    with Stopwatch() as watch:
                        work()
                    wall[side].append(watch.wall * 1000)
                    cpu[side].append(watch.cpu * 1000)
            results[name] = tuple(
                Result(median(w), note=f"CPU {median(c):.1f} ms") for w, c in zip(wall, cpu, strict=True)
            )
        return results
    finally:
        for services in opened:
            services.close()


# --- the PostgreSQL server --------------------------------------------------------------------


def pg_database(ctx: Context) -> str:
    """A ``--db`` URL of a database on the benchmark's own server holding the 10,000 cases."""
    url: str = ctx.once("pg-database", lambda: _fill_server_database(ctx))
    return url


def pg_server(ctx: Context) -> Any:
    def start() -> Any:
        sys.path.insert(0, str(repo_root() / "tests"))
        from pg_server import PgServer, find_bindir

        server = PgServer(find_bindir())
        ctx.cleanups.append(server.stop)
        server.start()
        return server

    return ctx.once("pg-server", start)


def _fill_server_database(ctx: Context) -> str:
    """Migrate a new database on the server, then copy every row of the cached SQLite file."""
    server = pg_server(ctx)
    url = server.url(server.create_database())
    Services.open(url).close()  # the app's own migrations make the schema
    source = create_engine(f"sqlite:///{ctx.database(ctx.sizes.cases)}")
    target = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with source.connect() as reading, target.begin() as writing:
            for table in every_table().sorted_tables:
                rows = [dict(r._mapping) for r in reading.execute(select(table))]
                if table.name == "audit_anchor":  # the migrations may have made it
                    writing.execute(text("DELETE FROM audit_anchor"))
                for start in range(0, len(rows), 5000):
                    writing.execute(table.insert(), rows[start : start + 5000])
                if "id" in table.c and rows:
                    writing.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :n)"),
                        {"n": max(r["id"] for r in rows)},
                    )
            writing.execute(text("ANALYZE"))
    finally:
        source.dispose()
        target.dispose()
    return url

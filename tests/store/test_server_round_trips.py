"""Round trips to a team server (issue 22): a screen's reads send their statements and nothing
else (no BEGIN, no ROLLBACK, no liveness ping on every checkout), and a connection the server
dropped (a restart, an ended session) is replaced before the next read uses it.

Round trips are counted by libpq's own trace of the protocol (each ends with the server's
ReadyForQuery), so what is counted is what went over the wire, whatever sent it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import pq
from sqlalchemy import Engine, event, text

from conftest import vignette_files
from isconf import clock
from isconf.services import Services
from isconf.store import server_engine
from isconf.store.database import DatabaseError
from isconf.store.statements import counting
from pg_server import PgServer

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="psycopg traces libpq on Linux only")


@contextlib.contextmanager
def round_trips(engine: Engine) -> Iterator[list[str]]:
    """The round trips ``engine``'s connections make inside the block, each named by the
    first message the client sent in it (``Query ";"``, ``Parse … SELECT …``)."""
    trips: list[str] = []
    descriptors: dict[int, int] = {}  # connection -> the descriptor its trace writes to
    with tempfile.TemporaryFile() as trace:

        def traced(dbapi_connection: Any, *_: Any) -> None:
            descriptor = os.dup(trace.fileno())  # libpq's stream owns a descriptor of its own
            dbapi_connection.pgconn.trace(descriptor)
            dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
            descriptors[id(dbapi_connection)] = descriptor

        def untraced(dbapi_connection: Any, *_: Any) -> None:
            descriptor = descriptors.pop(id(dbapi_connection), None)
            if descriptor is not None:
                dbapi_connection.pgconn.untrace()  # flushes the stream
                os.close(descriptor)

        # Before the pool's own checkout check, so that a liveness ping is counted too.
        event.listen(engine, "checkout", traced, insert=True)
        event.listen(engine, "checkin", untraced)
        try:
            yield trips
        finally:
            event.remove(engine, "checkout", traced)
            event.remove(engine, "checkin", untraced)
            trace.seek(0)
            first = ""
            for line in trace.read().decode("utf-8", "replace").splitlines():
                kind, _length, message, detail = [*line.split("\t", 3), "", "", ""][:4]
                if kind == "F" and not first:
                    first = f"{message} {detail[:80]}".strip()
                elif kind == "B" and message == "ReadyForQuery":
                    trips.append(first)
                    first = ""


def _imported(url: str, count: int = 3) -> Services:
    services = Services.open(url)
    for n in range(count):
        document = json.loads(vignette_files()[n % len(vignette_files())].read_text(encoding="utf-8"))
        document["case"]["mrn"] = f"TRIP-{n:02d}"
        assert services.import_document(document).ok
    return services


@pytest.fixture
def team(pg_url: str) -> Iterator[Services]:
    services = _imported(pg_url)
    yield services
    services.close()


def test_each_read_costs_one_round_trip_per_statement(team: Services) -> None:
    meeting = team.meetings.create_meeting(title="Round trips", day=clock.today())
    team.meetings.add_cases(meeting.id, ["TRIP-00", "TRIP-01", "TRIP-02"])
    screens = {
        "open a case": lambda: team.get_case("TRIP-01"),
        "open a meeting": lambda: team.meetings.get_meeting(meeting.id),
        "list the cases": team.list_cases,
    }
    for name, work in screens.items():
        for _ in range(server_engine.PREPARE_THRESHOLD + 1):
            work()  # the pool's connection exists, and has prepared the screen's statements
        with round_trips(team.database.engine) as trips, counting(team.database.engine) as sent:
            work()
        shown = f"{name}: {sent.count} statements, round trips:\n" + "\n".join(trips)
        assert len(trips) == sent.count, shown  # no BEGIN, ROLLBACK or ping
        assert all(t.startswith("Bind") and "_pg3_" in t for t in trips), shown  # prepared: no Parse


def test_a_statement_is_prepared_at_its_third_use(team: Services, pg_url: str) -> None:
    workstation = Services.open(pg_url)  # a connection of its own, that has read no case yet
    try:
        uses = []
        for _ in range(4):
            with round_trips(workstation.database.engine) as trips:
                workstation.get_case("TRIP-02")
            uses.append([t.split()[0] for t in trips])
    finally:
        workstation.close()
    # Opening a case is one statement (its row and its lists): parsed and planned twice, then
    # prepared (one round trip more, once), then only bound.
    assert uses == [["Parse"], ["Parse"], ["Parse", "Bind"], ["Bind"]]


def test_a_prepared_statement_is_planned_once_not_at_each_run(team: Services) -> None:
    for _ in range(server_engine.PREPARE_THRESHOLD + 6):  # left to itself, the server plans 5 runs afresh
        team.get_case("TRIP-01")
    with team.database.reading() as session:
        plans = session.execute(
            text(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%case_record%'"
            )
        ).all()
    assert all(custom == 0 for _generic, custom in plans), plans  # none planned for its values
    assert max(generic for generic, _custom in plans) >= 6, plans  # opening the case: every run


def test_a_connection_idle_past_the_limit_is_pinged_once(
    team: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(server_engine.PREPARE_THRESHOLD + 1):
        team.get_case("TRIP-01")
    monkeypatch.setattr(server_engine, "IDLE_PING_SECONDS", 0.0)
    with round_trips(team.database.engine) as trips, counting(team.database.engine) as sent:
        team.get_case("TRIP-01")
    assert len(trips) == sent.count + 1 and trips[0].startswith("Query"), trips


def test_a_restarted_server_is_reconnected_before_the_next_read(pg_server: PgServer, team: Services) -> None:
    before = team.get_case("TRIP-02")
    pg_server.restart()  # every session ends; the pooled connection is dead
    assert team.get_case("TRIP-02") == before
    assert len(team.list_cases()) == 3


def test_a_session_the_server_ended_is_replaced_without_an_error(pg_server: PgServer, team: Services) -> None:
    with team.database.reading() as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    pg_server.execute(f"SELECT pg_terminate_backend({int(pid)}, 5000)")  # waits until it has ended
    with team.database.reading() as session:
        assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    assert team.get_case("TRIP-00").case.mrn == "TRIP-00"


def test_a_read_may_not_write(team: Services) -> None:
    # Reads run in autocommit: a write there would commit outside the writers' turn.
    with pytest.raises(DatabaseError, match="a read may not write"), team.database.reading() as session:
        session.execute(text("DELETE FROM case_record"))
    assert len(team.list_cases()) == 3

"""A team database on PostgreSQL: URLs, workstations at once, foreign databases, secrets.

Every test here runs against the real server that ``tests/pg_server.py`` starts
(the backend-neutral store and service tests run on it too, see ``both_backends``).
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import inspect, text

from conftest import run_cli, vignette_files
from isconf.schema import parse_case_document
from isconf.services import ConflictError, DuplicateMrnError, ServiceError, Services, StoredCase
from isconf.store.database import DatabaseError, open_database, resolve_location
from isconf.store.migrate import current_revision, head_revision
from pg_server import PgServer

SECRET = "s3cret-Pa55"


def _document(mrn: str = "PG-0001") -> dict[str, Any]:
    document: dict[str, Any] = json.loads(vignette_files()[0].read_text(encoding="utf-8"))
    document["case"]["mrn"] = mrn
    return document


@pytest.fixture
def workstations(pg_url: str) -> Iterator[tuple[Services, Services]]:
    """Two workstations: two separate connections pools on one server database."""
    one, two = Services.open(pg_url), Services.open(pg_url)
    yield one, two
    one.close()
    two.close()


@pytest.fixture
def fresh_database(pg_server: PgServer) -> Iterator[str]:
    """A whole new database (public schema), as a team's ``postgresql://…/isconf`` would be."""
    name = pg_server.create_database()
    yield name
    pg_server.drop_database(name)


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls on threads released together; each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


# --- URLs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_a_postgres_url_uses_psycopg(scheme: str) -> None:
    location = resolve_location(f"{scheme}://team:{SECRET}@db.example.org:5433/isconf")
    assert location.path is None
    assert location.url == f"postgresql+psycopg://team:{SECRET}@db.example.org:5433/isconf"
    # Shown as typed, password masked: not the driver form, which the user never wrote.
    assert location.display == f"{scheme}://team:***@db.example.org:5433/isconf"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mysql://team@db.example.org/isconf", "neither a SQLite file nor a PostgreSQL server"),
        ("postgresql+psycopg2://team@db.example.org/isconf", "through psycopg; write postgresql://"),
        (f"postgresql://team:{SECRET}@db.example.org:port/isconf", "is not a database URL"),
        (f"postgresql://team:{SECRET}@x@db.example.org:port/isconf", "is not a database URL"),
    ],
)
def test_other_urls_are_refused_without_their_password(value: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message) as caught:
        resolve_location(value)
    assert SECRET not in str(caught.value)


def test_an_unreachable_server_is_one_line_without_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    url = f"postgresql://team:{SECRET}@127.0.0.1:1/isconf"
    code, out, err = run_cli(capsys, "list", "--db", url)
    assert code == 1
    assert out == ""
    assert err.startswith("isconf: error: postgresql://team:***@127.0.0.1:1/isconf: cannot open")
    assert len(err.splitlines()) == 1
    assert SECRET not in err


def test_a_password_is_never_shown(pg_server: PgServer, fresh_database: str) -> None:
    # The test server trusts loopback, so any password is accepted: only its display matters.
    url = pg_server.url(fresh_database).replace("postgres@", f"postgres:{SECRET}@")
    services = Services.open(url)
    try:
        assert SECRET not in services.database.location.display
        assert "***" in services.database.location.display
    finally:
        services.close()


# --- a new server database ------------------------------------------------------------------------------


def test_first_open_makes_the_schema_in_public(pg_server: PgServer, fresh_database: str) -> None:
    url = pg_server.url(fresh_database)
    database = open_database(url)
    try:
        assert database.engine.dialect.driver == "psycopg"
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT current_schema()")).scalar() == "public"
        assert "case_record" in inspect(database.engine).get_table_names(schema="public")
    finally:
        database.close()


def test_two_workstations_open_a_new_database_at_once(pg_url: str) -> None:
    results = _at_once(lambda: open_database(pg_url), lambda: open_database(pg_url))
    for result in results:
        assert not isinstance(result, Exception), result
        result.close()
    database = open_database(pg_url)
    try:
        with database.engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert [v[0] for v in versions] == [head_revision()]
    finally:
        database.close()


def test_times_come_back_in_utc_whatever_the_server_zone(pg_server: PgServer, fresh_database: str) -> None:
    pg_server.execute(f"ALTER DATABASE \"{fresh_database}\" SET timezone = 'Pacific/Auckland'")
    services = Services.open(pg_server.url(fresh_database))
    try:
        stored = services.create_case(parse_case_document(_document()))
        read = services.get_case("PG-0001")
        assert read.updated_at.utcoffset() is not None
        assert read.updated_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        assert read.updated_at == stored.updated_at
        # Raw queries too (reports, audits and backups may read timestamps directly).
        with services.database.engine.connect() as connection:
            raw = connection.execute(text("SELECT updated_at FROM case_record")).scalar_one()
        assert raw.utcoffset().total_seconds() == 0
    finally:
        services.close()


# --- databases that are not isconf's --------------------------------------------------------------------


def test_a_foreign_database_is_refused_and_untouched(
    pg_server: PgServer, fresh_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pg_server.execute("CREATE TABLE invoices (id integer PRIMARY KEY, total numeric)", fresh_database)
    pg_server.execute("INSERT INTO invoices VALUES (1, 42.50)", fresh_database)
    url = pg_server.url(fresh_database)

    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    assert "is not an isconf database (it holds other tables)" in str(caught.value)
    for argv in (["list"], ["demo"], ["import", str(vignette_files()[0])]):
        code, out, err = run_cli(capsys, *argv, "--db", url)
        assert code == 1
        assert out == ""
        [line] = err.splitlines()
        assert line.startswith(f"isconf: error: {resolve_location(url).display}: is not an isconf database")

    with psycopg.connect(pg_server.url(fresh_database)) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
        rows = connection.execute("SELECT id, total::text FROM invoices").fetchall()
    assert tables == [("invoices",)]
    assert rows == [(1, "42.50")]


# --- two workstations, one case -------------------------------------------------------------------------


def test_second_workstation_save_is_refused(workstations: tuple[Services, Services]) -> None:
    one, two = workstations
    one.create_case(parse_case_document(_document()))
    opened_by_one, opened_by_two = one.get_case("PG-0001"), two.get_case("pg-0001")

    saved = one.save_case(
        dataclasses.replace(opened_by_one.case, given_name="One"), original_mrn="PG-0001", expected_version=1
    )
    with pytest.raises(ConflictError) as caught:
        two.save_case(
            dataclasses.replace(opened_by_two.case, given_name="Two", treatments=()),
            original_mrn="PG-0001",
            expected_version=opened_by_two.version,
        )
    assert caught.value.current.case == saved.case
    assert caught.value.current.version == 2
    for services in (one, two):
        now = services.get_case("PG-0001")
        assert now.case.given_name == "One"
        assert now.case.treatments == opened_by_one.case.treatments
        assert now.version == 2


def test_saves_at_the_same_moment_one_wins(workstations: tuple[Services, Services]) -> None:
    one, two = workstations
    one.create_case(parse_case_document(_document()))
    opened = one.get_case("PG-0001")

    def save(services: Services, name: str) -> Callable[[], StoredCase]:
        edited = dataclasses.replace(opened.case, given_name=name)
        return lambda: services.save_case(edited, original_mrn="PG-0001", expected_version=opened.version)

    results = _at_once(save(one, "One"), save(two, "Two"))
    won = [r for r in results if isinstance(r, StoredCase)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert (len(won), len(refused)) == (1, 1), results
    now = two.get_case("PG-0001")
    assert now.version == 2
    assert now.case.given_name == won[0].case.given_name


def test_mrns_differing_in_letter_case_created_at_once(workstations: tuple[Services, Services]) -> None:
    one, two = workstations
    upper = parse_case_document(_document("PG-ABC-1"))
    lower = dataclasses.replace(upper, mrn="pg-abc-1")
    results = _at_once(lambda: one.create_case(upper), lambda: two.create_case(lower))
    assert sum(isinstance(r, StoredCase) for r in results) == 1, results
    assert sum(isinstance(r, DuplicateMrnError) for r in results) == 1, results
    assert [s.mrn.lower() for s in one.list_cases()] == ["pg-abc-1"]


def test_mrn_letter_case_is_ignored_by_the_server(workstations: tuple[Services, Services]) -> None:
    one, two = workstations
    one.create_case(parse_case_document(_document("PG-ÄBC-2")))
    with pytest.raises(DuplicateMrnError):
        two.create_case(parse_case_document(_document("pg-äbc-2")))
    assert two.get_case("pg-äbc-2").case.mrn == "PG-ÄBC-2"
    result = two.import_document(_document("Pg-Äbc-2"))
    assert not result.ok and "already exists" in result.problems[0].message
    assert one.count_cases() == 1


def test_a_failed_write_leaves_nothing_and_frees_the_lock(workstations: tuple[Services, Services]) -> None:
    one, two = workstations
    with pytest.raises(ServiceError), one.database.writing() as session:
        session.execute(text("DELETE FROM case_record"))
        raise ServiceError([])
    # The other workstation is not kept waiting by the rolled-back writer.
    two.create_case(parse_case_document(_document()))
    assert one.count_cases() == 1

"""The audit trail: written with each change, append-only in the database, chained by hash."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from conftest import mrn_of, run_cli, vignette_files
from isconf.services import ServiceError, Services
from isconf.store.audit import chain_problems


def _import(services: Services) -> None:
    assert all(r.ok for r in services.import_files(vignette_files()))


def _edit(services: Services, opened_as: str, **changes: object) -> None:
    stored = services.get_case(opened_as)
    services.save_case(
        dataclasses.replace(stored.case, **changes), original_mrn=opened_as, expected_version=stored.version
    )


def test_create_update_delete_each_leave_events(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISCONF_USER", "dr.synthetic")
    _import(services)
    case = services.get_case("SYN-0001").case
    treatments = (dataclasses.replace(case.treatments[0], dose=120), *case.treatments[1:])
    _edit(services, "SYN-0001", given_name="Adah", treatments=treatments)
    services.delete_case("SYN-0001")
    trail = services.audit_trail("SYN-0001")
    assert [(e.action, e.field) for e in trail] == [
        ("create", "*"),
        ("update", "given_name"),
        ("update", "treatments[0].dose"),
        ("delete", "*"),
    ]
    assert {e.actor for e in trail} == {"dr.synthetic"}
    assert (trail[1].old, trail[1].new) == ("Ada", "Adah")
    assert (trail[2].old, trail[2].new) == (150, 120)
    assert trail[0].new["mrn"] == "SYN-0001" and trail[3].old["given_name"] == "Adah"
    assert len(services.audit_trail()) == 6 + 3  # six imports, two edits, one delete


def test_a_rename_keeps_the_history_together(services: Services) -> None:
    _import(services)
    _edit(services, "SYN-0002", mrn="SYN-0102")
    fields = [e.field for e in services.audit_trail("SYN-0102")]
    assert fields == ["*", "mrn"]


def test_a_refused_save_writes_no_event(services: Services) -> None:
    _import(services)
    before = len(services.audit_trail())
    stored = services.get_case("SYN-0003")
    with pytest.raises(ServiceError):
        services.save_case(
            dataclasses.replace(stored.case, mrn="SYN-0001"), original_mrn="SYN-0003", expected_version=1
        )
    assert len(services.audit_trail()) == before


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"])
def test_the_database_refuses_to_change_the_trail(services: Services, db_path: Path, statement: str) -> None:
    _import(services)
    connection = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute(statement)
    finally:
        connection.close()
    assert len(services.audit_trail()) == 6


def test_the_chain_names_the_first_broken_event(
    services: Services, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(services)
    with Session(services.database.engine) as session:
        assert chain_problems(session) == []
    connection = sqlite3.connect(db_path)
    try:  # someone bypasses isconf: drops the guard, then edits a row
        connection.execute("DROP TRIGGER audit_event_no_update")
        connection.execute("UPDATE audit_event SET new_value = '{}' WHERE id = 3")
        connection.commit()
    finally:
        connection.close()
    with Session(services.database.engine) as session:
        assert chain_problems(session) == [
            "audit event 3: its content no longer matches its hash (changed outside isconf)"
        ]
    services.close()
    code, out, err = run_cli(capsys, "check", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err.endswith("audit event 3: its content no longer matches its hash (changed outside isconf)\n")


def test_audit_command(services: Services, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _import(services)
    _edit(services, "SYN-0005", given_name="Elias")
    code, out, _ = run_cli(capsys, "audit", "--db", str(db_path), "syn-0005")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert "create case SYN-0005  the whole record" in lines[0]
    assert lines[1].endswith("update case SYN-0005  given_name: Eli → Elias")
    code, out, _ = run_cli(capsys, "audit", "--db", str(db_path), "--json")
    events = json.loads(out)
    assert len(events) == 7 and events[-1]["field"] == "given_name" and events[-1]["new"] == "Elias"
    # An MRN nothing was ever recorded for fails, as in every other command.
    code, out, err = run_cli(capsys, "audit", "--db", str(db_path), "NOPE")
    assert (code, out, err) == (1, "", "isconf: error: mrn: no case has MRN 'NOPE'\n")


@pytest.mark.both_backends
@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event"]
)
def test_no_connection_can_change_the_trail(services: Services, statement: str) -> None:
    _import(services)
    engine = services.database.engine
    if statement.startswith("TRUNCATE") and engine.dialect.name == "sqlite":
        pytest.skip("SQLite has no TRUNCATE (its DELETE is refused above)")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    assert len(services.audit_trail()) == 6
    with Session(engine) as session:
        assert chain_problems(session) == []


@pytest.mark.both_backends
def test_every_write_path_is_audited(services: Services) -> None:
    first = vignette_files()[0]
    services.import_files([first])
    services.add_demo_cases()
    document = services.export_document(mrn_of(first))
    document["case"]["given_name"] = "Adah"
    assert services.import_document(document, replace=True).ok
    services.delete_case("DEMO-1001")
    actions = [(e.action, e.key) for e in services.audit_trail()]
    assert actions[0] == ("create", mrn_of(first))
    assert ("update", mrn_of(first)) in actions and ("delete", "DEMO-1001") in actions
    assert sum(a == "create" for a, _ in actions) == 1 + 8


def test_events_removed_from_the_end_are_found(services: Services, db_path: Path) -> None:
    _import(services)
    connection = sqlite3.connect(db_path)
    try:  # someone bypasses isconf: drops the guard, then removes the newest events
        connection.execute("DROP TRIGGER audit_event_no_delete")
        connection.execute("DELETE FROM audit_event WHERE id > 4")
        connection.commit()
    finally:
        connection.close()
    with Session(services.database.engine) as session:
        assert chain_problems(session) == [
            "audit trail: ends after 4 event(s) but 6 were written (events removed from its end outside isconf)"
        ]


@pytest.mark.both_backends
def test_history_never_shows_another_patient(services: Services) -> None:
    """A row id SQLite hands out again, or an MRN a renamed case gave up, keeps histories apart."""
    first, second = vignette_files()[0], vignette_files()[1]
    services.import_files([first])
    services.delete_case(mrn_of(first))
    services.import_files([second])  # may get the deleted case's row id
    assert [(e.action, e.key) for e in services.audit_trail(mrn_of(second))] == [("create", mrn_of(second))]
    _edit(services, mrn_of(second), mrn="MOVED-1")
    document = json.loads(first.read_text(encoding="utf-8"))
    document["case"]["mrn"] = mrn_of(second)  # a new patient takes the freed MRN
    assert services.import_document(document).ok
    assert [(e.action, e.field) for e in services.audit_trail(mrn_of(second))] == [("create", "*")]
    assert [e.field for e in services.audit_trail("MOVED-1")] == ["*", "mrn"]
    # An MRN no case holds now shows what was filed under it: the deleted first case.
    deleted = services.audit_trail(mrn_of(first)) if mrn_of(first) != mrn_of(second) else []
    assert all(e.key == mrn_of(first) for e in deleted)


def test_saving_without_changes_writes_nothing(services: Services) -> None:
    _import(services)
    stored = services.get_case("SYN-0001")
    again = services.save_case(stored.case, original_mrn="SYN-0001", expected_version=stored.version)
    assert again.version == stored.version
    assert len(services.audit_trail("SYN-0001")) == 1

"""The store: file safety, connection set-up, migrations, refusal of foreign files, versions.

Tests marked ``both_backends`` run on SQLite and on a real PostgreSQL server;
the rest are about SQLite files (modes, WAL, PRAGMAs, file headers).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import stat
import warnings
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from conftest import run_cli, vignette_files
from isconf import cli
from isconf.services import ConflictError, DuplicateMrnError, NotFoundError, ServiceError, Services
from isconf.store.database import DatabaseError, open_database, resolve_location
from isconf.store.migrate import current_revision, head_revision

CHILD_TABLES = ("treatment", "mri_study", "mri_lesion", "eeg_study", "pet_study", "tradeoff_assessment")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _load(file: Path) -> dict:
    return json.loads(file.read_text(encoding="utf-8"))


def _schema(engine: Engine) -> list[tuple[str, list[tuple[str, str, bool]], list[tuple[object, ...]]]]:
    """Each table with its columns (name, type, nullable) and indexes, on either backend."""
    inspector = inspect(engine)
    with warnings.catch_warnings():
        # SQLAlchemy cannot reflect SQLite's index on lower(mrn) (migration 0007): left out there.
        warnings.filterwarnings("ignore", message=".*expression-based index")
        return [
            (
                table,
                [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
                sorted(
                    (i["name"], tuple(map(str, i["column_names"])), i["unique"])
                    for i in inspector.get_indexes(table)
                ),
            )
            for table in sorted(inspector.get_table_names())
        ]


def _import_vignettes(services: Services) -> list[str]:
    results = services.import_files(vignette_files())
    assert all(r.ok for r in results), [r.problems for r in results if not r.ok]
    return [r.mrn for r in results if r.mrn]


# --- the file ----------------------------------------------------------------------------------------


def test_new_database_is_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "new-folder" / "deeper" / "isconf.db"
    services = Services.open(str(db))
    try:
        _import_vignettes(services)  # make SQLite write its WAL and shared-memory files too
        assert _mode(db) == 0o600
        assert _mode(db.parent) == 0o700
        assert _mode(db.parent.parent) == 0o700
        for side in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            if side.exists():
                assert _mode(side) == 0o600, side
    finally:
        services.close()


def test_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o000)
    try:
        db = tmp_path / "open-umask" / "isconf.db"
        Services.open(str(db)).close()
    finally:
        os.umask(old)
    assert _mode(db) == 0o600
    assert _mode(db.parent) == 0o700


def test_connection_pragmas(services: Services) -> None:
    engine = services.database.engine
    for _ in range(2):  # a fresh connection is set up the same way
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        engine.dispose()


def test_write_session_pragmas(services: Services) -> None:
    with services.database.writing() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2


@pytest.mark.both_backends
def test_schema_is_made_by_alembic(services: Services) -> None:
    head = head_revision()
    assert head is not None
    engine = services.database.engine
    assert current_revision(engine) == head
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert [tuple(r) for r in rows] == [(head,)]
    assert {"alembic_version", "case_record", *CHILD_TABLES} <= set(inspect(engine).get_table_names())


def test_sqlite_schema_text_is_stable(db_path: Path) -> None:
    """On SQLite, reopening leaves even the stored CREATE statements as they were."""
    Services.open(str(db_path)).close()
    with sqlite3.connect(db_path) as connection:
        before = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    connection.close()
    Services.open(str(db_path)).close()
    with sqlite3.connect(db_path) as connection:
        after = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    connection.close()
    assert after == before


@pytest.mark.both_backends
def test_opening_twice_is_idempotent(db: str) -> None:
    first = Services.open(db)
    try:
        _import_vignettes(first)
        before = [(s.mrn, first.export_document(s.mrn)) for s in first.list_cases()]
        schema_before = _schema(first.database.engine)
    finally:
        first.close()

    for _ in range(2):
        again = Services.open(db)
        try:
            assert [(s.mrn, again.export_document(s.mrn)) for s in again.list_cases()] == before
            assert current_revision(again.database.engine) == head_revision()
            assert _schema(again.database.engine) == schema_before
            with again.database.engine.connect() as connection:
                versions = connection.execute(text("SELECT count(*) FROM alembic_version")).scalar()
            assert versions == 1
        finally:
            again.close()


@pytest.mark.both_backends
def test_two_open_handles_at_once(db: str) -> None:
    one = Services.open(db)
    two = Services.open(db)
    try:
        one.import_document(_load(vignette_files()[0]))
        assert [s.mrn for s in two.list_cases()] == [s.mrn for s in one.list_cases()]
    finally:
        one.close()
        two.close()


def test_an_existing_empty_file_is_refused_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    with pytest.raises(DatabaseError) as caught:
        Services.open(str(db))
    assert str(caught.value) == (
        f"{db}: is an empty file (0 bytes), not an isconf database; it was left untouched "
        "(delete it, or give --db a new file name, to create a database)"
    )
    for argv in (["list"], ["demo"], ["import", str(vignette_files()[0])]):
        code, out, err = run_cli(capsys, *argv, "--db", str(db))
        assert (code, out) == (1, "")
        assert err == f"isconf: error: {caught.value}\n"
    assert db.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


# --- files that are not isconf databases ----------------------------------------------------------------


def _foreign_sqlite(path: Path) -> bytes:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE foo (x INTEGER)")
    connection.execute("INSERT INTO foo VALUES (42)")
    connection.commit()
    connection.close()
    return path.read_bytes()


def test_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"hello world")
    with pytest.raises(DatabaseError) as caught:
        open_database(str(path))
    message = str(caught.value)
    assert str(path) in message
    assert "is not an isconf database" in message
    assert "\n" not in message
    assert path.read_bytes() == b"hello world"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_corrupt_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    content = b"SQLite format 3\x00" + b"\xff" * 200
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as caught:
        open_database(str(path))
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content


def test_foreign_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other-app.db"
    _foreign_sqlite(path)
    with pytest.raises(DatabaseError) as caught:
        open_database(str(path))
    message = str(caught.value)
    assert str(path) in message
    assert "is not an isconf database" in message
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = connection.execute("SELECT x FROM foo").fetchall()
    connection.close()
    assert tables == ["foo"]
    assert rows == [(42,)]


def test_foreign_sqlite_bytes_are_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other-app.db"
    before = _foreign_sqlite(path)
    with pytest.raises(DatabaseError):
        open_database(str(path))
    assert path.read_bytes() == before
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database(str(tmp_path))
    assert str(tmp_path) in str(caught.value)
    assert "is a folder" in str(caught.value)


@pytest.mark.parametrize("kind", ["text", "foreign-sqlite", "folder"])
def test_cli_reports_a_bad_database_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = tmp_path / "bad.db"
    if kind == "text":
        path.write_bytes(b"hello world")
    elif kind == "foreign-sqlite":
        _foreign_sqlite(path)
    else:
        path.mkdir()
    for argv in (["list"], ["demo"], ["export", "X"], ["import", str(vignette_files()[0])]):
        capsys.readouterr()
        code = cli.main([*argv, "--db", str(path)])
        out, err = capsys.readouterr()
        assert code == 1
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith(f"isconf: error: {path}: ")
        if kind != "folder":
            assert "is not an isconf database" in lines[0]
    if kind == "text":
        assert path.read_bytes() == b"hello world"


# --- where the database is ------------------------------------------------------------------------------


def test_default_location_is_under_xdg_data_home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = tmp_path / "xdg-data" / "isconf" / "isconf.db"
    assert resolve_location(None).path == expected
    assert not expected.exists()
    assert cli.main(["demo"]) == 0
    assert expected.exists()
    assert _mode(expected) == 0o600
    assert _mode(expected.parent) == 0o700
    capsys.readouterr()
    assert cli.main(["list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) > 0


def test_isconf_db_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = tmp_path / "from-env" / "cases.db"
    monkeypatch.setenv("ISCONF_DB", str(chosen))
    assert resolve_location(None).path == chosen
    assert cli.main(["import", str(vignette_files()[0])]) == 0
    assert chosen.exists()
    assert not (tmp_path / "xdg-data" / "isconf" / "isconf.db").exists()
    mrn = _load(vignette_files()[0])["case"]["mrn"]
    with sqlite3.connect(chosen) as connection:
        assert connection.execute("SELECT mrn FROM case_record").fetchall() == [(mrn,)]
    connection.close()
    # --db wins over ISCONF_DB.
    other = tmp_path / "flag.db"
    Services.open(str(other)).close()
    capsys.readouterr()
    assert cli.main(["list", "--json", "--db", str(other)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert other.exists()


def test_db_flag_before_or_after_the_subcommand(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(db_path), "demo"]) == 0
    capsys.readouterr()
    assert cli.main(["list", "--json", "--db", str(db_path)]) == 0
    assert len(json.loads(capsys.readouterr().out)) > 0


def test_sqlite_url_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "via-url.db"
    services = Services.open(f"sqlite:///{path}")
    services.close()
    assert path.exists()
    with pytest.raises(DatabaseError, match="in-memory"):
        open_database("sqlite://")


# --- versions, renames and deletes --------------------------------------------------------------------


@pytest.mark.both_backends
def test_stale_save_is_refused_and_changes_nothing(services: Services) -> None:
    [mrn, *_] = _import_vignettes(services)
    opened = services.get_case(mrn)
    assert opened.version == 1

    first = dataclasses.replace(opened.case, given_name="First editor")
    saved = services.save_case(first, original_mrn=mrn, expected_version=opened.version)
    assert saved.version == 2

    second = dataclasses.replace(opened.case, given_name="Second editor", treatments=())
    with pytest.raises(ConflictError) as caught:
        services.save_case(second, original_mrn=mrn, expected_version=opened.version)
    assert caught.value.current.version == 2
    assert caught.value.current.case == first
    assert [p.path for p in caught.value.problems] == ["case"]
    assert "changed elsewhere" in str(caught.value)

    now = services.get_case(mrn)
    assert now.case == first
    assert now.version == 2
    assert now.case.treatments == opened.case.treatments


@pytest.mark.both_backends
def test_rename_onto_an_existing_mrn_is_refused(services: Services) -> None:
    first, second, *_ = _import_vignettes(services)
    a, b = services.get_case(first), services.get_case(second)
    renamed = dataclasses.replace(b.case, mrn=first)
    with pytest.raises(DuplicateMrnError) as caught:
        services.save_case(renamed, original_mrn=second, expected_version=b.version)
    assert [p.path for p in caught.value.problems] == ["case.mrn"]
    assert services.get_case(first) == a
    assert services.get_case(second) == b


@pytest.mark.both_backends
def test_rename_to_a_free_mrn(services: Services) -> None:
    [mrn, *_] = _import_vignettes(services)
    stored = services.get_case(mrn)
    saved = services.save_case(
        dataclasses.replace(stored.case, mrn="RENAMED-1"), original_mrn=mrn, expected_version=stored.version
    )
    assert saved.version == stored.version + 1
    assert services.get_case("RENAMED-1").case == dataclasses.replace(stored.case, mrn="RENAMED-1")
    with pytest.raises(NotFoundError):
        services.get_case(mrn)


@pytest.mark.both_backends
def test_create_refuses_an_existing_mrn(services: Services) -> None:
    [mrn, *_] = _import_vignettes(services)
    stored = services.get_case(mrn)
    with pytest.raises(DuplicateMrnError):
        services.create_case(dataclasses.replace(stored.case, given_name="Other"))
    assert services.get_case(mrn) == stored


@pytest.mark.both_backends
def test_save_of_a_deleted_case(services: Services) -> None:
    [mrn, *_] = _import_vignettes(services)
    stored = services.get_case(mrn)
    services.delete_case(mrn)
    with pytest.raises(NotFoundError):
        services.save_case(stored.case, original_mrn=mrn, expected_version=stored.version)
    with pytest.raises(NotFoundError):
        services.delete_case(mrn)


def _child_counts(services: Services) -> dict[str, int]:
    with services.database.engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in CHILD_TABLES}


def _orphans(services: Services) -> dict[str, int]:
    queries = {
        t: f"SELECT count(*) FROM {t} WHERE case_id NOT IN (SELECT id FROM case_record)"
        for t in CHILD_TABLES
        if t != "mri_lesion"
    }
    queries["mri_lesion"] = "SELECT count(*) FROM mri_lesion WHERE mri_id NOT IN (SELECT id FROM mri_study)"
    with services.database.engine.connect() as connection:
        return {t: connection.execute(text(q)).scalar_one() for t, q in queries.items()}


@pytest.mark.both_backends
def test_delete_removes_children(services: Services) -> None:
    mrns = _import_vignettes(services)
    services.add_demo_cases()  # the demo cases have PET studies and notes too
    counts = _child_counts(services)
    assert all(n > 0 for n in counts.values()), counts

    kept = {m: services.get_case(m) for m in mrns[1:]}
    services.delete_case(mrns[0])
    assert _orphans(services) == dict.fromkeys(CHILD_TABLES, 0)
    with pytest.raises(NotFoundError):
        services.get_case(mrns[0])
    for mrn, stored in kept.items():
        assert services.get_case(mrn) == stored

    for summary in services.list_cases():
        services.delete_case(summary.mrn)
    assert services.count_cases() == 0
    assert _child_counts(services) == dict.fromkeys(CHILD_TABLES, 0)


@pytest.mark.both_backends
def test_replace_on_import_leaves_no_orphans(services: Services) -> None:
    _import_vignettes(services)
    before = _child_counts(services)
    results = services.import_files(vignette_files(), replace=True)
    assert all(r.ok and r.replaced for r in results)
    assert _child_counts(services) == before
    assert _orphans(services) == dict.fromkeys(CHILD_TABLES, 0)


@pytest.mark.both_backends
def test_foreign_keys_are_enforced(services: Services) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"), services.database.writing() as session:
        session.execute(
            text("INSERT INTO treatment (case_id, position, agent) VALUES (:case_id, 0, 'vigabatrin')"),
            {"case_id": 987654},
        )


@pytest.mark.both_backends
def test_invalid_case_is_not_stored(services: Services) -> None:
    [mrn, *_] = _import_vignettes(services)
    stored = services.get_case(mrn)
    bad = dataclasses.replace(
        stored.case, treatments=(dataclasses.replace(stored.case.treatments[0], dose=-1.0),)
    )
    with pytest.raises(ServiceError) as caught:
        services.save_case(bad, original_mrn=mrn, expected_version=stored.version)
    assert [str(p) for p in caught.value.problems] == [
        "case.treatments[0].dose: must be greater than zero, not -1"
    ]
    with pytest.raises(ServiceError):
        services.create_case(dataclasses.replace(bad, mrn="NEW-1"))
    assert services.get_case(mrn) == stored
    with pytest.raises(NotFoundError):
        services.get_case("NEW-1")


@pytest.mark.both_backends
def test_database_from_a_newer_isconf(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    services = Services.open(db)
    shown = services.database.location.display
    try:
        with services.database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        services.close()
    capsys.readouterr()
    code = cli.main(["list", "--db", db])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.splitlines()) == 1
    assert err.startswith(f"isconf: error: {shown}: was made by a newer isconf (schema 9999)")
    assert "left untouched" in err
    with pytest.raises(DatabaseError, match="schema 9999"):
        open_database(db)
    database = open_database(db, migrate=False)
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    finally:
        database.close()


def test_a_refused_write_is_one_line_and_rolled_back(services: Services) -> None:
    import sqlite3 as sqlite

    from sqlalchemy.exc import OperationalError

    with pytest.raises(DatabaseError) as refused, services.database.writing():
        raise OperationalError("INSERT … ('SYN-0001',)", {}, sqlite.OperationalError("database is locked"))
    assert str(refused.value).endswith(": nothing was saved (database is locked)")
    assert "SYN-0001" not in str(refused.value)

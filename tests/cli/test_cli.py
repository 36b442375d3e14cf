"""The ``isconf`` command line: usage errors, failures, partial imports, demo, export files.

The tests marked ``both_backends`` run with ``--db`` naming a SQLite file and a PostgreSQL URL.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from conftest import mrn_of as _mrn
from conftest import run_cli as run
from conftest import vignette_files
from isconf import cli
from isconf.services import Services

VIGNETTES = vignette_files()


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as caught:
        cli.main(list(argv))
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: isconf")
    [message] = [line for line in err.splitlines() if line.startswith("isconf: error: ")]
    return message


@pytest.fixture
def imported(db: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, _, err = run(capsys, "import", "--db", db, *map(str, VIGNETTES))
    assert code == 0, err
    return [_mrn(f) for f in VIGNETTES]


# --- usage errors: exit 2 --------------------------------------------------------------------------------


def test_unknown_subcommand(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    message = usage_error(capsys, "frobnicate", "--db", str(db_path))
    assert "invalid choice: 'frobnicate'" in message
    assert "import" in message and "export" in message
    assert not db_path.exists()


@pytest.mark.parametrize("size", ["12", "12x", "axb", "100x100", "1280x800x2", "99999x800"])
def test_gui_bad_size(capsys: pytest.CaptureFixture[str], size: str) -> None:
    message = usage_error(capsys, "gui", "--size", size)
    assert "argument --size" in message
    assert repr(size) in message


def test_gui_size_12_message(capsys: pytest.CaptureFixture[str]) -> None:
    message = usage_error(capsys, "gui", "--size", "12")
    assert message == "isconf: error: argument --size: '12' is not WIDTHxHEIGHT, for example 1280x800"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["import"], "the following arguments are required: FILE"),
        (["export"], "the following arguments are required: MRN"),
        (["list", "--csv"], "unrecognized arguments: --csv"),
        (["gui", "--view", "nowhere"], "argument --view: invalid choice: 'nowhere'"),
        (["export", "X", "-o"], "argument -o/--output: expected one argument"),
    ],
)
def test_other_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    assert fragment in usage_error(capsys, *argv)


def test_gui_view_without_screenshot_is_refused(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, err = run(capsys, "gui", "--view", "case", "--db", str(db_path))
    assert code == 1
    assert out == ""
    assert err == "isconf: error: --view and --case go with --screenshot (or open the case in the app)\n"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("isconf ")


# --- export ---------------------------------------------------------------------------------------------


@pytest.mark.both_backends
def test_export_unknown_mrn(imported: list[str], db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "NOPE", "--db", db)
    assert code == 1
    assert out == ""
    assert err.splitlines() == ["isconf: error: mrn: no case has MRN 'NOPE'"]


@pytest.mark.both_backends
def test_export_into_missing_folder(imported: list[str], db: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = Path("/nonexistent-dir/x.json")
    assert not target.parent.exists()
    code, out, err = run(capsys, "export", imported[0], "-o", str(target), "--db", db)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"isconf: error: {target}: ")
    assert "No such file or directory" in lines[0]
    assert not target.exists()
    assert not target.parent.exists()


@pytest.mark.both_backends
def test_export_onto_a_folder_leaves_nothing_behind(
    imported: list[str], db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run(capsys, "export", imported[0], "-o", str(folder), "--db", db)
    assert code == 1
    assert err.startswith(f"isconf: error: {folder}: ")
    assert len(err.splitlines()) == 1
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.both_backends
def test_export_file_is_owner_only(
    imported: list[str], db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o000)
    try:
        target = tmp_path / "case.json"
        code, _, err = run(capsys, "export", imported[0], "-o", str(target), "--db", db)
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["case"]["mrn"] == imported[0]
    # No temporary file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


@pytest.mark.both_backends
def test_export_overwrites_an_existing_file_owner_only(
    imported: list[str], db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "case.json"
    target.write_text("old content", encoding="utf-8")
    target.chmod(0o644)
    code, _, err = run(capsys, "export", imported[1], "-o", str(target), "--db", db)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["case"]["mrn"] == imported[1]


# --- import ---------------------------------------------------------------------------------------------


@pytest.mark.both_backends
def test_import_with_one_bad_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    document = json.loads(VIGNETTES[2].read_text(encoding="utf-8"))
    document["case"]["mrn"] = "BAD-0001"
    document["case"]["sex"] = "f"
    document["case"]["treatments"][0]["dose"] = -1
    bad.write_text(json.dumps(document), encoding="utf-8")
    files = [VIGNETTES[0], bad, VIGNETTES[1]]

    code, out, err = run(capsys, "import", "--db", db, *map(str, files))
    assert code == 1
    assert out.splitlines() == [
        f"imported {_mrn(VIGNETTES[0])} from {VIGNETTES[0]}",
        f"imported {_mrn(VIGNETTES[1])} from {VIGNETTES[1]}",
    ]
    lines = err.splitlines()
    assert lines == [
        f"isconf: error: {bad}: case.sex: 'f' is not one of: female, male, other, unknown",
        f"isconf: error: {bad}: case.treatments[0].dose: must be greater than zero, not -1",
        "isconf: error: 2 imported, 1 rejected; nothing of the rejected file was written",
    ]

    services = Services.open(db)
    try:
        assert sorted(s.mrn for s in services.list_cases()) == sorted(
            [_mrn(VIGNETTES[0]), _mrn(VIGNETTES[1])]
        )
    finally:
        services.close()


@pytest.mark.both_backends
def test_import_missing_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.json"
    code, out, err = run(capsys, "import", "--db", db, str(VIGNETTES[0]), str(missing))
    assert code == 1
    assert f"imported {_mrn(VIGNETTES[0])}" in out
    assert f"{missing}: no such file" in err
    assert "1 imported, 1 rejected" in err


@pytest.mark.both_backends
def test_import_a_folder(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "--db", db, str(tmp_path))
    assert code == 1
    assert "is a folder, not a case file" in err


@pytest.mark.both_backends
def test_import_same_mrn_twice_in_one_command(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "import", "--db", db, str(VIGNETTES[0]), str(VIGNETTES[0]))
    assert code == 1
    assert out.count("imported") == 1
    assert "already exists; use --replace" in err
    code, out, err = run(capsys, "import", "--replace", "--db", db, str(VIGNETTES[0]), str(VIGNETTES[0]))
    assert code == 0, err
    assert out.count("replaced") == 2


# --- demo and list --------------------------------------------------------------------------------------


@pytest.mark.both_backends
def test_demo_twice_adds_the_cases_once(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "demo", "--db", db)
    assert code == 0, err
    assert out.startswith("added ")
    code, listed, _ = run(capsys, "list", "--json", "--db", db)
    first = [row["mrn"] for row in json.loads(listed)]
    assert first and all(m.startswith("DEMO-") for m in first)
    assert out.startswith(f"added {len(first)} demo case(s): ")
    assert sorted(out.split(": ", 1)[1].strip().split(", ")) == sorted(first)

    code, out, err = run(capsys, "demo", "--db", db)
    assert code == 0, err
    assert out.strip() == "added 0 demo case(s) (all were there)"
    code, listed, _ = run(capsys, "list", "--json", "--db", db)
    assert [row["mrn"] for row in json.loads(listed)] == first


@pytest.mark.both_backends
def test_demo_keeps_a_taken_mrn(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(VIGNETTES[0].read_text(encoding="utf-8"))
    document["case"]["mrn"] = "DEMO-1001"
    file = tmp_path / "taken.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    assert run(capsys, "import", "--db", db, str(file))[0] == 0
    code, out, _ = run(capsys, "demo", "--db", db)
    assert code == 0
    assert "DEMO-1001" not in out
    code, out, _ = run(capsys, "export", "DEMO-1001", "--db", db)
    assert json.loads(out)["case"]["family_name"] == document["case"]["family_name"]


@pytest.mark.both_backends
def test_list_of_empty_database(services: object, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--db", db)
    assert code == 0
    assert err == ""
    assert out.startswith("no cases")


def test_reading_commands_never_create_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo" / "isconf.db"
    for command in (["list"], ["export", "SYN-0001"]):
        code, _, err = run(capsys, *command, "--db", str(missing))
        assert code == 1
        assert (
            err
            == f"isconf: error: {missing}: no database here (check --db or ISCONF_DB; nothing was created)\n"
        )
    assert not missing.parent.exists()


@pytest.mark.both_backends
def test_list_table(imported: list[str], db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--db", db)
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:2] == ["MRN", "Name"]
    assert sorted(r.split()[0] for r in rows) == sorted(imported)


@pytest.mark.both_backends
def test_export_refuses_targets_that_are_not_plain_files(
    imported: list[str], db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.json"
    real.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    for target in (link, tmp_path):
        code, _, err = run(capsys, "export", imported[0], "--db", db, "-o", str(target))
        assert code == 1
        assert "is not a regular file" in err
    assert real.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink()


@pytest.mark.both_backends
def test_export_dash_writes_to_standard_output(
    imported: list[str], db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "export", imported[0], "--db", db, "-o", "-")
    assert code == 0
    assert json.loads(out)["case"]["mrn"] == imported[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "--db: is empty"), ("sqlite:///:memory:", "in-memory SQLite database would lose every record")],
)
def test_db_values_that_would_lose_records(
    value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "demo", "--db", value)
    assert code == 1
    assert message in err


def test_an_unexpected_database_error_is_one_line_without_patient_data(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    run(capsys, "import", "--db", str(db_path), *map(str, vignette_files()))
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TABLE treatment")  # damage made outside isconf
    connection.commit()
    connection.close()
    code, out, err = run(capsys, "export", "--db", str(db_path), "SYN-0002")
    assert (code, out) == (1, "")
    assert err == (
        "isconf: error: the database refused the operation (no such table: treatment); "
        "nothing was changed; try isconf check\n"
    )
    assert "SYN-0002" not in err

"""The vignettes survive ``isconf import`` → ``isconf export`` → import elsewhere → export again.

On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import mrn_of as _mrn
from conftest import run_cli as run
from conftest import vignette_files

VIGNETTES = vignette_files()


def assert_contains(original: Any, exported: Any, where: str = "$") -> None:
    """Every key and value of ``original`` is in ``exported`` with an equal value.

    Keys the export has and the original lacks are allowed only as "not recorded"
    (``null`` or an empty list), so nothing can be invented on the way.
    """
    if isinstance(original, dict):
        assert isinstance(exported, dict), f"{where}: expected an object, got {exported!r}"
        for key, value in original.items():
            assert key in exported, f"{where}.{key}: missing from the export"
            assert_contains(value, exported[key], f"{where}.{key}")
        for key in exported.keys() - original.keys():
            assert exported[key] in (None, []) or (
                isinstance(exported[key], dict) and _all_unrecorded(exported[key])
            ), f"{where}.{key}: {exported[key]!r} appears in the export but not in the original"
    elif isinstance(original, list):
        assert isinstance(exported, list), f"{where}: expected a list, got {exported!r}"
        assert len(exported) == len(original), f"{where}: {len(original)} items became {len(exported)}"
        for index, (a, b) in enumerate(zip(original, exported, strict=True)):
            assert_contains(a, b, f"{where}[{index}]")
    else:
        assert type(exported) is type(original) or (
            isinstance(original, int | float)
            and isinstance(exported, int | float)
            and not isinstance(original, bool)
            and not isinstance(exported, bool)
        ), f"{where}: {original!r} became {exported!r}"
        assert exported == original, f"{where}: {original!r} became {exported!r}"


def _all_unrecorded(value: dict[str, Any]) -> bool:
    return all(v in (None, []) or (isinstance(v, dict) and _all_unrecorded(v)) for v in value.values())


def test_there_are_six_vignettes() -> None:
    assert len(VIGNETTES) == 6
    assert len({_mrn(f) for f in VIGNETTES}) == 6


@pytest.mark.both_backends
def test_import_all_then_list(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import", "--db", db, *map(str, VIGNETTES))
    assert code == 0, err
    assert err == ""
    for file in VIGNETTES:
        assert f"imported {_mrn(file)} from {file}" in out

    code, out, err = run(capsys, "list", "--db", db)
    assert code == 0, err
    listed = [line.split()[0] for line in out.splitlines()[1:]]
    assert sorted(listed) == sorted(_mrn(f) for f in VIGNETTES)

    code, out, err = run(capsys, "list", "--json", "--db", db)
    assert code == 0, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    assert all(isinstance(row, dict) and "mrn" in row for row in rows)
    assert sorted(row["mrn"] for row in rows) == sorted(_mrn(f) for f in VIGNETTES)
    by_mrn = {row["mrn"]: row for row in rows}
    for file in VIGNETTES:
        case = json.loads(file.read_text(encoding="utf-8"))["case"]
        row = by_mrn[case["mrn"]]
        assert row["family_name"] == case.get("family_name")
        assert row["date_of_birth"] == case.get("date_of_birth")


@pytest.mark.both_backends
def test_list_json_of_empty_database(services: object, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json", "--db", db)
    assert code == 0
    assert json.loads(out) == []


@pytest.mark.both_backends
@pytest.mark.parametrize("file", VIGNETTES, ids=[f.stem for f in VIGNETTES])
def test_export_gives_back_every_field(
    file: Path, db: str, other_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first_db, second_db = db, other_db
    original = json.loads(file.read_text(encoding="utf-8"))
    mrn = original["case"]["mrn"]

    code, _, err = run(capsys, "import", "--db", first_db, str(file))
    assert code == 0, err

    # To standard output.
    code, out, err = run(capsys, "export", mrn, "--db", first_db)
    assert code == 0, err
    assert err == ""
    exported = json.loads(out)
    assert_contains(original, exported)

    # To a file, which holds the same document.
    target = tmp_path / "exported.json"
    code, out, err = run(capsys, "export", mrn, "-o", str(target), "--db", first_db)
    assert code == 0, err
    assert out == ""
    assert f"exported {mrn} to {target}" in err
    from_file = json.loads(target.read_text(encoding="utf-8"))
    assert from_file == exported

    # Into a second, fresh database and out again: the very same document.
    code, _, err = run(capsys, "import", "--db", second_db, str(target))
    assert code == 0, err
    code, out, err = run(capsys, "export", mrn, "--db", second_db)
    assert code == 0, err
    again = json.loads(out)
    assert again == exported
    assert json.dumps(again, sort_keys=False) == json.dumps(exported, sort_keys=False)


def test_assert_contains_catches_differences() -> None:
    """The helper itself: it must notice a changed, missing or invented value."""
    original = {"a": 1, "b": [{"c": "x"}], "d": None}
    assert_contains(original, {"a": 1, "b": [{"c": "x", "e": None}], "d": None, "f": []})
    assert_contains({"n": 150}, {"n": 150.0})
    for exported in (
        {"a": 2, "b": [{"c": "x"}], "d": None},
        {"a": 1, "b": [{"c": "y"}], "d": None},
        {"a": 1, "b": [], "d": None},
        {"b": [{"c": "x"}], "d": None},
        {"a": 1, "b": [{"c": "x"}], "d": None, "g": "invented"},
        {"a": True, "b": [{"c": "x"}], "d": None},
    ):
        with pytest.raises(AssertionError):
            assert_contains(original, exported)

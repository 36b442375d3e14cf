"""Fuzzing the case-file importer end to end: any bytes in a file give a clear message and no write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli, vignette_files
from isconf.services import Services
from isconf.store.database import DatabaseError, resolve_location

VALID = vignette_files()[0].read_bytes()

# Bytes a hostile or damaged file may hold: random, invalid UTF-8, control characters, huge
# strings, and a valid file cut short or with one byte changed.
damaged = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda cut: VALID[:cut], st.integers(0, len(VALID) - 1)),
    st.builds(
        lambda at, byte: VALID[:at] + bytes([byte]) + VALID[at + 1 :],
        st.integers(0, len(VALID) - 1),
        st.integers(0, 255),
    ),
    st.builds(lambda junk: VALID.replace(b'"Synthetic"', b'"' + junk + b'"', 1), st.binary(max_size=40)),
    st.builds(lambda n: VALID.replace(b'"Synthetic"', b'"' + b"x" * n + b'"', 1), st.integers(1000, 200_000)),
    st.just(b"\xff\xfe\x00{"),
    st.just(b'{"format": "isconf-case/1", "case": {"mrn": "A\x00B"}}'),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=damaged)
def test_any_bytes_import_all_or_nothing(services: Services, tmp_path: Path, content: bytes) -> None:
    before = services.count_cases()
    path = tmp_path / "fuzzed.json"
    path.write_bytes(content)
    (result,) = services.import_files([path])
    if result.ok:
        # Some single-byte changes leave a valid file (a letter in a name): then it is whole.
        stored = services.export_document(result.mrn or "")
        assert stored["case"]["mrn"] == result.mrn
        services.delete_case(result.mrn or "")
    else:
        assert result.problems and all(p.message.strip() for p in result.problems)
        assert all("\n" not in str(p) and "Traceback" not in str(p) for p in result.problems)
    assert services.count_cases() == before


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe\xfa",
        b"",
        b"[]",
        b"{" * 5000,
        json.dumps({"format": "isconf-case/1", "case": None}).encode(),
    ],
)
def test_command_line_import_of_garbage(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "garbage.json"
    path.write_bytes(content)
    code, out, err = run_cli(capsys, "import", "--db", str(db_path), str(path))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines and all(line.startswith("isconf: error: ") for line in lines)
    assert "Traceback" not in err


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(
        st.text(max_size=60).map(lambda t: "postgresql://" + t),
        st.text(max_size=60).map(lambda t: t + "://x"),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=40).map(lambda t: "sqlite:///" + t),
    )
)
def test_any_db_url_resolves_or_is_one_clear_error(value: str) -> None:
    """``--db`` values are parsed without touching anything: a location, or a DatabaseError."""
    try:
        location = resolve_location(value)
    except DatabaseError as exc:
        assert str(exc).startswith("--db: ") and "\n" not in str(exc)
    else:
        assert location.url and location.display

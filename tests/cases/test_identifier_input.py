"""Identifiers without invisible characters, compared after NFC; sane counts; NUL refused."""

from __future__ import annotations

import copy
import json
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import run_cli, vignette_files
from isconf import clock
from isconf.errors import ServiceError
from isconf.schema import CaseFileError, parse_case_document
from isconf.services import Services

TODAY = clock.today()
# A complete synthetic case with at least one treatment and EEG, the base of each change.
SMALL_VALID: dict[str, Any] = next(
    doc
    for doc in (json.loads(f.read_text(encoding="utf-8")) for f in vignette_files())
    if all(doc["case"].get(k) for k in ("treatments", "eeg", "mri")) and doc["case"].get("given_name")
)
FORMAT_CHARS = st.characters(categories=("Cf",))


def _problems(document: dict[str, Any]) -> list[str]:
    try:
        parse_case_document(document, today=TODAY)
    except CaseFileError as exc:
        return [str(p) for p in exc.problems]
    return []


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["mrn", "family_name", "given_name"]), FORMAT_CHARS, st.integers(0, 4))
def test_an_identifier_with_an_invisible_format_character_is_refused(key: str, ch: str, at: int) -> None:
    document = copy.deepcopy(SMALL_VALID)
    value = document["case"][key]
    document["case"][key] = value[:at] + ch + value[at:]
    problems = _problems(document)
    code = f"U+{ord(ch):04X}"
    assert any(p.startswith(f"case.{key}: contains ") and code in p for p in problems), problems


def test_a_zero_width_space_mrn_is_refused_and_does_not_make_a_second_patient(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = copy.deepcopy(SMALL_VALID)
    document["case"]["mrn"] = "DEMO-1001"
    services.cases.create_case(parse_case_document(document, today=TODAY))
    document["case"]["mrn"] = "DEMO-\u200b1001"
    with pytest.raises(CaseFileError, match="U\\+200B"):
        parse_case_document(document, today=TODAY)
    assert services.cases.count_cases() == 1


def test_an_mrn_is_stored_and_found_in_nfc(services: Services) -> None:
    document = copy.deepcopy(SMALL_VALID)
    decomposed = "CAFE\u0301-1"  # E + combining acute
    document["case"]["mrn"] = decomposed
    case = parse_case_document(document, today=TODAY)
    assert case.mrn == unicodedata.normalize("NFC", decomposed) == "CAF\u00c9-1"
    services.cases.create_case(case)
    assert services.cases.get_case(decomposed).case.mrn == "CAF\u00c9-1"


@pytest.mark.parametrize(("key", "most"), [("treatments", 200), ("mri", 100), ("eeg", 100), ("pet", 100)])
def test_a_case_file_past_a_sane_count_is_refused_with_a_clear_message(key: str, most: int) -> None:
    document = copy.deepcopy(SMALL_VALID)
    entry = (document["case"].get(key) or [{}])[0]
    document["case"][key] = [copy.deepcopy(entry) for _ in range(most + 1)]
    assert f"case.{key}: has {most + 1} entries; a case holds at most {most}" in _problems(document)


def test_the_largest_accepted_case_makes_a_summary_in_seconds(services: Services, tmp_path: Path) -> None:
    from isconf.summary.export import export_summary

    document = copy.deepcopy(SMALL_VALID)
    case = document["case"]
    case["treatments"] = [copy.deepcopy(case["treatments"][0]) for _ in range(200)]
    case["eeg"] = [copy.deepcopy(case["eeg"][0]) for _ in range(100)]
    services.cases.create_case(parse_case_document(document, today=TODAY))
    meeting = services.meetings.create_meeting(title="Conference", day=TODAY)
    services.meetings.add_cases(meeting.id, [case["mrn"]])
    started = time.monotonic()
    export_summary(services, meeting.id, tmp_path / "summary.pdf")
    assert time.monotonic() - started < 20
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "summary.pdf").pages)
    # The timeline is one drawing on one page: it draws the latest trials and names the rest.
    assert "170 earlier trials not drawn" in text


def test_a_nul_in_a_meeting_title_is_refused(services: Services) -> None:
    with pytest.raises(ServiceError, match="title: contains a control character"):
        services.meetings.create_meeting(title="Case\x00 conference", day=TODAY)


def test_a_nul_is_refused_under_every_write(services: Services) -> None:
    """The net under the services: a NUL reaching the database is refused on every backend."""
    from sqlalchemy import text as sql

    with pytest.raises(ServiceError, match="NUL"), services.database.writing() as session:
        session.execute(sql("UPDATE case_record SET referring_center = :v WHERE 0"), {"v": "a\x00b"})


def test_an_undecodable_argument_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "list", "--db", "caf\udce9.db")
    assert code == 2 and out == ""
    assert err == "isconf: error: argument 3 is not valid UTF-8 text; retype it (or set a UTF-8 locale)\n"


def test_an_undecodable_environment_value_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISCONF_USER", "dr.caf\udce9")
    code, _, err = run_cli(capsys, "list")
    assert code == 2
    assert err.count("\n") == 1 and "ISCONF_USER is not valid UTF-8" in err and "Traceback" not in err

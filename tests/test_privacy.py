"""Privacy: de-identified exports carry none of the identifiers; nothing identifying is logged."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli, vignette_files
from isconf.deidentify import CODES, deidentify_case
from isconf.services import Services

ISO_DATE = re.compile(r'"(\d{4}-\d{2}-\d{2})"')


def _identifiers(case: dict) -> set[str]:
    """Every value Safe Harbor asks to remove that this case holds."""
    found = {case[k] for k in ("mrn", "family_name", "given_name", "referring_center") if case.get(k)}
    found |= set(ISO_DATE.findall(json.dumps(case)))
    found |= {d[:4] for d in ISO_DATE.findall(json.dumps(case))}  # no year survives either
    return found


@pytest.mark.parametrize("file", vignette_files(), ids=lambda f: f.stem)
def test_deidentified_export_holds_no_identifier(
    file: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = json.loads(file.read_text(encoding="utf-8"))["case"]
    case["eeg"] = [
        {**e, "note": f"seen by Dr {case['family_name']} on {case['date_of_birth']}"}
        for e in case.get("eeg", [])
    ]
    case["etiology"] = {**case.get("etiology", {}), "diagnosis": f"FCD, {case['given_name']} {case['mrn']}"}
    source = tmp_path / "case.json"
    source.write_text(json.dumps({"format": "isconf-case/1", "case": case}), encoding="utf-8")
    assert run_cli(capsys, "import", "--db", str(db_path), str(source))[0] == 0
    out = tmp_path / "deidentified.json"
    code, _, err = run_cli(
        capsys, "export", "--db", str(db_path), case["mrn"], "--deidentify", "-o", str(out)
    )
    assert code == 0, err
    raw = out.read_bytes()
    for value in _identifiers(case):
        assert value.encode("utf-8") not in raw, value
        if len(value) >= 5:  # shorter ones hide inside ordinary words ("Eli" in "likelihood")
            assert value.lower().encode("utf-8") not in raw.lower(), value
    document = json.loads(raw)
    assert document["format"] == "isconf-deidentified-case/1"
    assert document["case"]["pseudonym"].startswith("ANON-")
    assert out.stat().st_mode & 0o777 == 0o600


def test_ages_in_days_replace_dates(services: Services) -> None:
    services.import_files(vignette_files())
    document = services.export_deidentified("SYN-0001")["case"]
    # Born 2025-12-01, onset 2026-04-15: 135 days.
    assert document["spasms"]["onset_age_days"] == 135
    assert "onset_date" not in document["spasms"] and "date_of_birth" not in document


def test_pseudonyms_are_stable_random_and_distinct(services: Services) -> None:
    services.import_files(vignette_files())
    first = services.export_deidentified("SYN-0001")["case"]["pseudonym"]
    assert services.export_deidentified("syn-0001")["case"]["pseudonym"] == first
    others = {services.export_deidentified(f"SYN-000{i}")["case"]["pseudonym"] for i in range(1, 7)}
    assert len(others) == 6
    assert "0001" not in first


names = st.text(alphabet=st.characters(codec="utf-8", categories=("L",)), min_size=2, max_size=20)
free_text = st.text(max_size=60)


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@settings(max_examples=80, deadline=None)
@given(family=names, given_name=names, diagnosis=free_text, note=free_text, drug=free_text, rater=free_text)
def test_only_codes_and_numbers_survive(
    family: str, given_name: str, diagnosis: str, note: str, drug: str, rater: str
) -> None:
    """Free text may hold a name or a date in any spelling ("Mueller", "3 May 2026"): none survives."""
    case = {
        "mrn": "SYN-1",
        "family_name": family,
        "given_name": given_name,
        "date_of_birth": "2026-01-02",
        "sex": "female",
        "etiology": {"category": "structural", "also": ["genetic"], "diagnosis": diagnosis},
        "treatments": [{"agent": "other_asm", "name": drug, "start_date": "2026-02-01"}],
        "eeg": [{"date": "2026-02-01", "note": note, "lateralization": "left"}],
        "tradeoff": {"assessments": [{"procedure": "vns", "rated_by": rater, "rating": "concern"}]},
    }
    out = deidentify_case(case, "ANON-0")["case"]
    assert set(_strings(out)) <= CODES | {"ANON-0"}
    assert out["sex"] == "female" and out["etiology"] == {"category": "structural", "also": ["genetic"]}
    assert out["treatments"] == [{"agent": "other_asm", "start_age_days": 30}]
    assert out["eeg"] == [{"age_days": 30, "lateralization": "left"}]
    assert out["tradeoff"]["assessments"][0]["rated_by"] in {"team member", rater}


def test_logs_never_name_the_patient(
    services: Services, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    services.import_files(vignette_files())
    for summary in services.list_cases():
        services.evaluate_case(summary.mrn)
        services.export_document(summary.mrn)
    run_cli(capsys, "evaluate", "--db", str(db_path), "SYN-0001")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for file in vignette_files():
        case = json.loads(file.read_text(encoding="utf-8"))["case"]
        for value in (case["mrn"], case["family_name"], case["given_name"], case["date_of_birth"]):
            assert value not in logged

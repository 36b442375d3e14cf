"""Validation at the edges: each is refused with a named field, or accepted as it should be."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from isconf.schema import CaseFileError, parse_case_document
from isconf.services import DuplicateMrnError, Services

TODAY = date(2026, 11, 24)


def _doc(**case: Any) -> dict[str, Any]:
    return {"format": "isconf-case/1", "case": {"mrn": "SYN-0900", "date_of_birth": "2026-01-10", **case}}


def _problems(document: Any) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        parse_case_document(document, today=TODAY)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ({"treatments": [None]}, "case.treatments[0]: is null"),
        ({"tradeoff": {"assessments": [None]}}, "case.tradeoff.assessments[0]: is null"),
        ({"mri": [None]}, "case.mri[0]: is null"),
        ({"pet": [{"lobes": ["frontal", None]}]}, "case.pet[0].lobes[1]: is null"),
        ({"etiology": {"also": [None]}}, "case.etiology.also[0]: is null"),
        ({"given_name": "Ada\u202e"}, "case.given_name: contains a control character (U+202E)"),
        ({"family_name": "A\u2028B"}, "case.family_name: contains a control character (U+2028)"),
        (
            {"mri": [{"date": "2024-01-01"}]},
            "case.mri[0].date: MRI 2024-01-01 is before 300 days before birth",
        ),
        (
            {"treatments": [{"agent": "vigabatrin", "dose": 0.01, "dose_unit": "mg/kg/day"}]},
            "case.treatments[0].dose: 0.01 mg/kg/day is implausible for Vigabatrin (less than 0.1 mg/kg/day)",
        ),
        ({"date_of_birth": "２０２５-12-01"}, "is not a date in the form YYYY-MM-DD"),
    ],
)
def test_refused_with_the_field_named(case: dict[str, Any], expected: str) -> None:
    assert any(expected in line for line in _problems(_doc(**case))), _problems(_doc(**case))


def test_fetal_mri_and_low_real_dose_are_accepted() -> None:
    case = parse_case_document(
        _doc(
            mri=[{"date": "2025-11-20", "finding": "lesional"}],
            treatments=[{"agent": "vigabatrin", "dose": 50, "dose_unit": "mg/kg/day"}],
        ),
        today=TODAY,
    )
    assert case.mri[0].date == date(2025, 11, 20)
    assert case.treatments[0].dose == 50


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "isconf-case/1", "format": "x", "case": {}}', "the key 'format' appears twice"),
        (
            b'{"format": "isconf-case/1", "case": {"mrn": "A", "spasms": {"clusters_per_day": '
            + b"9" * 5000
            + b"}}}",
            "invalid JSON",
        ),
    ],
)
def test_file_level_problems_are_one_message(
    services: Services, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(content)
    (result,) = services.import_files([path])
    assert not result.ok and message in result.problems[0].message
    assert services.count_cases() == 0


def test_a_byte_order_mark_is_accepted(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_doc()).encode())
    (result,) = services.import_files([path])
    assert result.ok, result.problems


@pytest.mark.both_backends
def test_mrns_differing_only_in_letter_case_are_one_patient(services: Services) -> None:
    services.import_document(_doc())
    result = services.import_document(_doc(mrn="syn-0900"))
    assert not result.ok and "already exists" in result.problems[0].message
    stored = services.get_case("syn-0900")
    assert stored.case.mrn == "SYN-0900"
    from dataclasses import replace

    renamed = services.save_case(
        replace(stored.case, mrn="syn-0900"), original_mrn="SYN-0900", expected_version=1
    )
    assert renamed.case.mrn == "syn-0900"
    services.import_document(_doc(mrn="SYN-0901"))
    with pytest.raises(DuplicateMrnError):
        services.save_case(replace(renamed.case, mrn="Syn-0901"), original_mrn="syn-0900", expected_version=2)

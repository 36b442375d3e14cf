"""A Bundle in the style of a hospital's export (not written by isconf) becomes a case whose
evaluation says what the data says; what isconf cannot map is listed; a bad value is told at
its FHIRPath and nothing of that patient is written."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from isconf.services import Services

EHR = Path(__file__).parent.parent / "data" / "fhir" / "ehr_west_syndrome.json"


@pytest.fixture
def bundle() -> dict[str, Any]:
    return json.loads(EHR.read_text(encoding="utf-8"))


def test_a_hospital_bundle_imports_into_the_case_its_data_describe(
    services: Services, bundle: dict[str, Any], fixed_clock: Any
) -> None:
    fixed_clock(date(2026, 7, 1))
    [result] = services.fhir.import_document(bundle, source="ehr.json")
    assert result.ok and result.mrn == "EHR-4711"  # the identifier typed MR, not the insurance number
    # Not mapped, and said: a body weight, a vaccination, and an MRI conclusion with nowhere to go.
    assert "Observation/o-3" in result.unmapped and "Immunization/i-1" in result.unmapped
    case = services.export_document("EHR-4711")["case"]
    assert (case["family_name"], case["given_name"], case["date_of_birth"], case["sex"]) == (
        "Testchild", "Noah", "2025-11-02", "male"
    )  # fmt: skip
    assert case["spasms"]["onset_date"] == "2026-03-20" and case["spasms"]["ongoing"] is True
    assert [(t["agent"], t["dose"], t["dose_unit"], t["outcome"]) for t in case["treatments"]] == [
        ("vigabatrin", 150, "mg/kg/day", "no_response"),
        ("prednisolone", 40, "mg/day", "no_response"),
        ("other_asm", 40, "mg/kg/day", "ongoing"),
    ]
    assert case["treatments"][2]["name"] == "Levetiracetam"
    # The hypsarrhythmia Observation and the EEG report of the same day are one EEG study.
    [eeg] = case["eeg"]
    assert (eeg["date"], eeg["hypsarrhythmia"], eeg["lateralization"]) == ("2026-06-02", "modified", "left")
    assert case["mri"][0]["date"] == "2026-04-01" and case["mri"][0]["finding"] is None
    conclusion = "Multiple cortical tubers, the largest left frontal; subependymal nodules."
    if "report" in case["mri"][0]:  # the case file has MRI reports (issue 16)
        assert case["mri"][0]["report"] == conclusion and "(conclusion)" not in str(result.unmapped)
    else:
        assert "DiagnosticReport/r-1 (conclusion)" in result.unmapped
    assert case["etiology"]["diagnosis"] == "Tuberous sclerosis complex"
    assert case["development"]["developmental_quotient"] == 55

    evaluation = services.cases.evaluate_case("EHR-4711")
    states = {c.id: c.state for c in evaluation.criteria}
    assert states == {
        "first_line_failed": "met",  # vigabatrin and prednisolone both stopped without response
        "focal_lesion": "unknown",  # the MRI report is words, with no finding isconf can read
        "no_metabolic_degenerative": "unknown",  # nothing about it in the record
        "developmental_impact": "met",  # DQ 55 < 70
        "acceptable_function_loss": "unknown",
    }
    assert "mri[0].finding" in evaluation.missing


def test_a_dose_in_an_unknown_unit_is_told_at_its_fhirpath_and_nothing_is_written(
    services: Services, bundle: dict[str, Any]
) -> None:
    bad = copy.deepcopy(bundle)
    quantity = bad["entry"][3]["resource"]["dosage"][0]["doseAndRate"][0]["doseQuantity"]
    quantity.update(code="mg", unit="mg")
    [result] = services.fhir.import_document(bad)
    assert not result.ok
    [problem] = result.problems
    assert problem.path == "Bundle.entry[3].resource.dosage[0].doseAndRate[0].doseQuantity"
    assert "'mg' is not a daily dose unit" in problem.message
    assert services.cases.count_cases() == 0


def test_a_value_the_case_file_refuses_is_told_at_the_element_it_came_from(
    services: Services, bundle: dict[str, Any]
) -> None:
    bad = copy.deepcopy(bundle)
    bad["entry"][1]["resource"]["onsetDateTime"] = "2025-01-01"  # before the child was born
    [result] = services.fhir.import_document(bad)
    assert [p.path for p in result.problems] == ["Bundle.entry[1].resource.onsetDateTime"]
    assert "case.spasms.onset_date" in result.problems[0].message
    assert services.cases.count_cases() == 0


def test_an_invalid_resource_is_refused_by_the_fhir_models(
    services: Services, bundle: dict[str, Any]
) -> None:
    bad = copy.deepcopy(bundle)
    bad["entry"][3]["resource"]["effectivePeriod"]["start"] = "last spring"
    [result] = services.fhir.import_document(bad)
    assert result.problems[0].path.startswith("Bundle.entry[3].resource.effectivePeriod.start")
    assert services.cases.count_cases() == 0


def test_replace_is_needed_over_an_existing_case_and_each_patient_stands_alone(
    services: Services, bundle: dict[str, Any]
) -> None:
    assert services.fhir.import_document(bundle)[0].ok
    [again] = services.fhir.import_document(bundle)
    assert "use --replace" in again.problems[0].message
    assert services.fhir.import_document(bundle, replace=True)[0].replaced
    # Two patients in one Bundle: the bad one is refused, the good one written.
    two = copy.deepcopy(bundle)
    other = copy.deepcopy(bundle["entry"][0])
    other["resource"].update(id="p-2", identifier=[{"value": "EHR-0002"}], birthDate="not a date")
    other["fullUrl"] = "https://ehr.synthetic.example/fhir/Patient/p-2"
    two["entry"].append(other)
    results = services.fhir.import_document(two, replace=True)
    assert [r.ok for r in results] == [True, False]
    assert services.cases.count_cases() == 1


def test_a_single_resource_and_a_file_that_is_no_fhir(services: Services, tmp_path: Path) -> None:
    patient = {"resourceType": "Patient", "identifier": [{"value": "ONE-1"}], "gender": "female"}
    assert services.fhir.import_document(patient)[0].ok
    junk = tmp_path / "junk.json"
    junk.write_text('{"format": "isconf-case/1"}', encoding="utf-8")
    [result] = services.fhir.import_files([junk])
    assert not result.ok and "no resourceType" in result.problems[0].message

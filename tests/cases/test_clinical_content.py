"""The clinical content a surgical conference decides on (issue 16; shared/case-format.md,
"Additions to isconf-case/1"): reports, syndrome and genetic finding, developmental
assessments, the family's priorities and goals, key images, the semiology's description.
Import and export (byte for byte through the store), validation by path, de-identification,
criterion 4 from the latest assessment, and the migration from the revision before."""

from __future__ import annotations

import base64
import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from clinical_files import ADDITIONS, full_document, png_bytes
from conftest import run_cli, vignette_files
from isconf import rules
from isconf.domain import DevelopmentAssessment, Family, Genetic, KeyImage
from isconf.schema import CaseFileError, case_to_document, parse_case_document
from isconf.services import Services
from isconf.store.database import open_database
from isconf.store.integrity import check_location
from isconf.store.migrate import current_revision, downgrade, head_revision

REVISION = "0010"
AS_OF = date(2026, 11, 24)


def canonical_text(document: dict[str, Any]) -> str:
    return json.dumps(case_to_document(parse_case_document(document)), indent=2, ensure_ascii=False) + "\n"


def problems(change: Any) -> list[str]:
    document = full_document()
    change(document["case"])
    with pytest.raises(CaseFileError) as caught:
        parse_case_document(document)
    return [str(p) for p in caught.value.problems]


# --- reading and writing ----------------------------------------------------------------------------


def test_every_addition_is_read_into_the_case() -> None:
    case = parse_case_document(full_document())
    assert case.spasms.semiology.description == ADDITIONS["semiology_description"]
    assert case.mri[0].report == ADDITIONS["mri_report"] and case.eeg[0].report == ADDITIONS["eeg_report"]
    assert case.etiology.syndrome == "focal_cortical_dysplasia"
    assert case.etiology.genetic == Genetic("TSC2", "c.5024C>T", "likely_pathogenic")
    assert case.development.assessments[1] == DevelopmentAssessment(
        date(2026, 7, 1), "vineland_3", None, "composite", 58.0, None, 3.0
    )
    assert case.family == Family(("seizure_freedom", "development", "walking"), ADDITIONS["goals"])
    [image] = case.images
    assert image == KeyImage(
        modality="mri", study_date=date(2026, 6, 1), caption=ADDITIONS["caption"], media_type="image/png",
        data=png_bytes(),
    )  # fmt: skip
    assert parse_case_document(case_to_document(case)) == case


def test_a_file_without_the_additions_stays_valid_and_exports_them_empty() -> None:
    [file] = [f for f in vignette_files() if f.name == "fcd_left_frontal_candidate.json"]
    exported = case_to_document(parse_case_document(json.loads(file.read_text(encoding="utf-8"))))["case"]
    assert exported["family"] == {"priorities": [], "goals": None}
    assert exported["images"] == [] and exported["development"]["assessments"] == []
    assert exported["etiology"]["genetic"] == {"gene": None, "variant": None, "classification": None}
    assert exported["mri"][0]["report"] is None and exported["eeg"][0]["report"] is None


@pytest.mark.both_backends
def test_a_case_file_with_every_addition_round_trips_byte_for_byte(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    original = tmp_path / "full.json"
    original.write_text(canonical_text(full_document()), encoding="utf-8")
    code, _, err = run_cli(capsys, "import", "--db", db, str(original))
    assert code == 0, err
    exported = tmp_path / "exported.json"
    code, _, err = run_cli(capsys, "export", "--db", db, "SYN-0001", "-o", str(exported))
    assert code == 0, err
    assert exported.read_bytes() == original.read_bytes()


def test_the_de_identified_export_holds_none_of_the_free_text_dates_or_images(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    original = tmp_path / "full.json"
    original.write_text(canonical_text(full_document()), encoding="utf-8")
    run_cli(capsys, "import", "--db", db, str(original))
    code, out, err = run_cli(capsys, "export", "--db", db, "SYN-0001", "--deidentify")
    assert code == 0, err
    for text in ADDITIONS.values():
        assert text not in out
    assert not re.search(r"\d{4}-\d{2}-\d{2}", out)  # no date in any format the file writes
    assert base64.b64encode(png_bytes()).decode("ascii")[:40] not in out
    case = json.loads(out)["case"]
    assert case["family"]["priorities"] == ["seizure_freedom", "development", "walking"]  # codes stay
    assert case["etiology"]["syndrome"] == "focal_cortical_dysplasia"
    assert case["images"][0]["modality"] == "mri" and "study_age_days" in case["images"][0]
    assert case["development"]["assessments"][1]["standard_score"] == 58


# --- validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda c: c["etiology"].update(syndrome="west"),
            "case.etiology.syndrome: 'west' is not one of: tuberous_sclerosis_complex, sturge_weber, "
            "hemimegalencephaly, focal_cortical_dysplasia, perinatal_stroke, hypoxic_ischemic, trisomy_21, "
            "cdkl5, stxbp1, scn2a, other",
        ),
        (
            lambda c: c["etiology"]["genetic"].update(classification="benign"),
            "case.etiology.genetic.classification: 'benign' is not one of: pathogenic, likely_pathogenic, vus",
        ),
        (
            lambda c: c["development"]["assessments"][2].update(name=None),
            "case.development.assessments[2].name: is required for another instrument (which one?)",
        ),
        (
            lambda c: c["development"]["assessments"][0].update(standard_score=250),
            "case.development.assessments[0].standard_score: 250 is outside the plausible range 0–200",
        ),
        (
            lambda c: c["development"]["assessments"][0].update(date="2025-01-01"),
            "case.development.assessments[0].date: assessment 2025-01-01 is before the date of birth (2025-12-01)",
        ),
        (
            lambda c: c["family"].update(priorities=["walking", "walking"]),
            "case.family.priorities[1]: 'walking' is listed twice",
        ),
        (
            lambda c: c["family"].update(priorities=["happiness"]),
            "case.family.priorities[0]: 'happiness' is not one of: seizure_freedom, development, walking, "
            "hand_use, vision, language, behavior, fewer_medications",
        ),
        (
            lambda c: c["mri"][0].update(report=7),
            "case.mri[0].report: must be text, not a number",
        ),
        (
            lambda c: c["images"][0].update(data="not base64!"),
            "case.images[0].data: is not base64 (RFC 4648, without line breaks)",
        ),
        (
            lambda c: c["images"][0].update(media_type="image/jpeg"),
            "case.images[0].data: is image/png, but media_type says image/jpeg",
        ),
        (
            lambda c: c["images"][0].update(modality="xray"),
            "case.images[0].modality: 'xray' is not one of: mri, pet, ct, eeg, photo, other",
        ),
        (lambda c: c["images"][0].pop("data"), "case.images[0].data: is required"),
        (
            lambda c: c["images"][0].update(data="A" * (14 * 1024 * 1024)),
            "case.images[0].data: is larger than 10 MB once decoded",
        ),
        (
            lambda c: c["family"].update(wishes="x"),
            "case.family.wishes: unknown field (this file format has no such field)",
        ),
    ],
)
def test_a_wrong_addition_is_named_by_its_path(change: Any, message: str) -> None:
    assert problems(change) == [message]


# --- criterion 4 from the latest assessment ---------------------------------------------------------


def _development(status: str | None, assessments: list[dict[str, Any]]) -> dict[str, Any]:
    document = full_document()
    document["case"]["development"] = {"status": status, "assessments": assessments}
    return document


def test_the_latest_assessments_score_below_70_meets_criterion_4() -> None:
    document = _development(
        "normal",
        [
            {"date": "2026-03-01", "instrument": "bayley_4", "domain": "cognitive", "standard_score": 92},
            {"date": "2026-07-01", "instrument": "vineland_3", "domain": "composite", "standard_score": 58},
        ],
    )
    criterion = rules.evaluate(parse_case_document(document), AS_OF).criterion("developmental_impact")
    assert criterion.state == "met"
    assert "Vineland-3 composite standard score 58 (1 Jul 2026) is below 70" in criterion.reason


def test_an_earlier_low_score_does_not_count_once_a_later_one_is_70_or_more() -> None:
    document = _development(
        "normal",
        [
            {"date": "2026-07-01", "instrument": "vineland_3", "domain": "composite", "standard_score": 96},
            {
                "date": "2026-03-01",
                "instrument": "bayley_4",
                "domain": "cognitive",
                "developmental_quotient": 55,
            },
        ],
    )
    criterion = rules.evaluate(parse_case_document(document), AS_OF).criterion("developmental_impact")
    assert criterion.state == "not_met"
    assert "Latest assessment: the Vineland-3 composite standard score 96 (1 Jul 2026)" in criterion.evidence


def test_a_low_score_without_a_status_meets_criterion_4() -> None:
    document = _development(
        None, [{"date": "2026-07-01", "instrument": "mullen", "developmental_quotient": 61}]
    )
    criterion = rules.evaluate(parse_case_document(document), AS_OF).criterion("developmental_impact")
    assert criterion.state == "met"


# --- the store and its migration --------------------------------------------------------------------


@pytest.mark.both_backends
def test_a_database_at_the_revision_before_upgrades_to_empty_additions(db: str) -> None:
    services = Services.open(db)
    services.import_files(vignette_files())
    before = {mrn: services.get_case(mrn).case for mrn in ("SYN-0001", "SYN-0002")}
    services.close()
    from isconf.store import migrate

    previous = ScriptDirectory(str(Path(migrate.__file__).parent / "migrations")).get_revision(REVISION)
    assert previous is not None and isinstance(previous.down_revision, str)
    database = open_database(db)
    downgrade(database.engine, previous.down_revision)
    assert current_revision(database.engine) == previous.down_revision
    tables = inspect(database.engine).get_table_names()
    assert "key_image" not in tables and "development_assessment" not in tables
    database.close()

    reopened = Services.open(db)  # the upgrade runs on opening
    try:
        assert current_revision(reopened.database.engine) == head_revision()
        assert check_location(reopened.database.location) == []
        for mrn, case in before.items():
            assert reopened.get_case(mrn).case == case
        version = reopened.get_case("SYN-0001").version
        full = parse_case_document(full_document())
        reopened.save_case(full, original_mrn="SYN-0001", expected_version=version)
        assert reopened.get_case("SYN-0001").case == full
    finally:
        reopened.close()


def test_an_image_changed_behind_isconfs_back_is_refused_on_reading(db: str) -> None:
    services = Services.open(db)
    try:
        services.create_case(parse_case_document(full_document()))
        with services.database.writing() as session:
            session.exec(_update_image_bytes())  # type: ignore[call-overload]
        with pytest.raises(Exception, match=r"case.images\[0\].data: changed outside isconf"):
            services.get_case("SYN-0001")
    finally:
        services.close()


def _update_image_bytes() -> Any:
    from sqlalchemy import update

    from isconf.store.tables import KeyImageRecord

    return update(KeyImageRecord).values(data=png_bytes(shade=10))


def test_an_image_is_audited_by_its_hash_not_its_bytes(db: str) -> None:
    services = Services.open(db)
    try:
        services.create_case(parse_case_document(full_document()))
        [event] = services.audit_trail("SYN-0001")
        assert event.new["images"][0]["data"].startswith("sha256:")
        assert base64.b64encode(png_bytes()).decode("ascii")[:40] not in json.dumps(event.new)
    finally:
        services.close()


def test_the_full_document_is_valid_as_written() -> None:
    document = full_document()
    assert parse_case_document(copy.deepcopy(document)) == parse_case_document(document)

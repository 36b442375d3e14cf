"""The spasms' semiology (``spasms.semiology``, an addition to isconf-case/1): the field
this issue adds to prove a field is declared once. Import and export, validation, the
store, the migration that adds its columns, and the editor rows its declaration makes."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlalchemy import inspect

from conftest import vignette_files
from isconf.domain import Semiology
from isconf.schema import CaseFileError, case_to_document, parse_case_document
from isconf.services import Services
from isconf.store.database import open_database
from isconf.store.integrity import check_location
from isconf.store.migrate import current_revision, downgrade, head_revision

SEMIOLOGY = {"type": "flexor", "asymmetric": True, "side": "right", "focal_seizures": True}


def with_semiology(semiology: Any = SEMIOLOGY) -> dict[str, Any]:
    """The left frontal dysplasia vignette (SYN-0001) with a semiology."""
    [file] = [f for f in vignette_files() if f.name == "fcd_left_frontal_candidate.json"]
    document = json.loads(file.read_text(encoding="utf-8"))
    document["case"]["spasms"]["semiology"] = copy.deepcopy(semiology)
    return document


def problems(semiology: Any) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        parse_case_document(with_semiology(semiology))
    return [str(p) for p in caught.value.problems]


# --- import and export -----------------------------------------------------------------------------


def test_semiology_round_trips_through_import_and_export() -> None:
    case = parse_case_document(with_semiology())
    assert case.spasms.semiology == Semiology("flexor", True, "right", True)
    exported = case_to_document(case)
    assert exported["case"]["spasms"]["semiology"] == {**SEMIOLOGY, "description": None}
    assert parse_case_document(exported) == case


def test_a_file_without_semiology_stays_valid_and_exports_it_empty() -> None:
    document = with_semiology()
    del document["case"]["spasms"]["semiology"]
    case = parse_case_document(document)
    assert case.spasms.semiology == Semiology()
    empty = {"type": None, "asymmetric": None, "side": None, "focal_seizures": None, "description": None}
    assert case_to_document(case)["case"]["spasms"]["semiology"] == empty


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("semiology", "message"),
    [
        (
            {"type": "tonic"},
            "case.spasms.semiology.type: 'tonic' is not one of: flexor, extensor, mixed, subtle, unknown",
        ),
        ({"side": "both"}, "case.spasms.semiology.side: 'both' is not one of: left, right, none"),
        ({"asymmetric": "yes"}, "case.spasms.semiology.asymmetric: must be true, false or null, not 'yes'"),
        ({"focal_seizures": 1}, "case.spasms.semiology.focal_seizures: must be true, false or null, not 1"),
        (
            {"asymmetric": False, "side": "left"},
            "case.spasms.semiology.side: 'left' is given for symmetric spasms; set asymmetric or clear the side",
        ),
        (
            {"kind": "flexor"},
            "case.spasms.semiology.kind: unknown field (this file format has no such field)",
        ),
        ("flexor", "case.spasms.semiology: must be an object, not text"),
    ],
)
def test_a_wrong_semiology_is_named_by_its_path(semiology: Any, message: str) -> None:
    assert problems(semiology) == [message]


def test_symmetric_spasms_may_say_no_side() -> None:
    case = parse_case_document(with_semiology({"type": "mixed", "asymmetric": False, "side": "none"}))
    assert case.spasms.semiology == Semiology("mixed", False, "none", None)


# --- the store -------------------------------------------------------------------------------------


@pytest.mark.both_backends
def test_semiology_round_trips_through_the_store(services: Services) -> None:
    case = parse_case_document(with_semiology())
    stored = services.create_case(case)
    assert services.get_case(case.mrn).case == case
    changed = parse_case_document(with_semiology({"type": "subtle", "asymmetric": None}))
    services.save_case(changed, original_mrn=case.mrn, expected_version=stored.version)
    assert services.get_case(case.mrn).case.spasms.semiology == Semiology(type="subtle")


@pytest.mark.both_backends
def test_a_database_at_0008_with_cases_upgrades_to_an_empty_semiology(db: str) -> None:
    services = Services.open(db)
    services.import_files(vignette_files())
    before = {mrn: services.get_case(mrn).case for mrn in ("SYN-0001", "SYN-0002")}
    services.close()
    database = open_database(db)
    downgrade(database.engine, "0008")
    assert current_revision(database.engine) == "0008"
    columns = {c["name"] for c in inspect(database.engine).get_columns("case_record")}
    assert not {c for c in columns if "semiology" in c}
    database.close()

    reopened = Services.open(db)  # the upgrade runs on opening
    try:
        assert current_revision(reopened.database.engine) == head_revision()
        assert check_location(reopened.database.location) == []
        for mrn, case in before.items():
            assert reopened.get_case(mrn).case == case
            assert reopened.get_case(mrn).case.spasms.semiology == Semiology()
        version = reopened.get_case("SYN-0001").version
        reopened.save_case(
            parse_case_document(with_semiology()), original_mrn="SYN-0001", expected_version=version
        )
        assert reopened.get_case("SYN-0001").case.spasms.semiology.side == "right"
    finally:
        reopened.close()

"""The operation and the visits after it (``surgery``, ``follow_up[]``, additions to
isconf-case/1): import and export, validation by path, the store on both backends, the
migration that adds them, and the de-identified export."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from conftest import vignette_files
from isconf.deidentify import deidentify_case
from isconf.domain import FollowUp, FollowUpDevelopment, Surgery
from isconf.schema import CaseFileError, case_to_document, parse_case_document
from isconf.services import Services
from isconf.store.database import open_database
from isconf.store.integrity import check_location
from isconf.store.migrate import alembic_config, current_revision, downgrade, head_revision

SURGERY = {
    "date": "2026-09-15",
    "procedure": "lobar_resection",
    "side": "left",
    "lobes": ["frontal"],
    "completeness": "complete",
    "pathology": "FCD IIb",
    "pathology_category": "fcd_iib",
    "complications": ["none"],
    "new_deficits": ["fine_motor_hand"],
}
VISIT = {
    "date": "2026-11-20",
    "engel": "IA",
    "ilae": 1,
    "spasms": False,
    "last_spasm_date": "2026-09-15",
    "hypsarrhythmia": "absent",
    "asm_count": 1,
    "development": {"instrument": "vineland_3", "domain": "composite", "standard_score": 66},
}


@pytest.fixture(autouse=True)
def _today(fixed_clock: Any) -> None:
    fixed_clock("2026-12-07")


def operated(surgery: Any = SURGERY, visits: Any = (VISIT,)) -> dict[str, Any]:
    """The left frontal dysplasia vignette (SYN-0001), operated and seen once."""
    [file] = [f for f in vignette_files() if f.name == "fcd_left_frontal_candidate.json"]
    document = json.loads(file.read_text(encoding="utf-8"))
    document["case"]["surgery"] = copy.deepcopy(surgery)
    document["case"]["follow_up"] = copy.deepcopy(list(visits))
    return document


def problems(document: dict[str, Any]) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        parse_case_document(document)
    return [str(p) for p in caught.value.problems]


def test_surgery_and_follow_up_round_trip_through_import_and_export() -> None:
    case = parse_case_document(operated())
    assert case.surgery.procedure == "lobar_resection"
    assert case.surgery.lobes == ("frontal",)
    assert case.follow_up[0].development == FollowUpDevelopment("vineland_3", "composite", 66)
    exported = case_to_document(case)
    assert exported["case"]["surgery"] == SURGERY
    assert exported["case"]["follow_up"] == [VISIT]
    assert parse_case_document(exported) == case


def test_a_file_without_them_stays_valid() -> None:
    document = operated()
    del document["case"]["surgery"], document["case"]["follow_up"]
    case = parse_case_document(document)
    assert case.surgery == Surgery()
    assert case.follow_up == ()


@pytest.mark.parametrize(
    ("surgery", "visit", "message"),
    [
        ({**SURGERY, "procedure": "lobectomy"}, VISIT, "case.surgery.procedure: 'lobectomy' is not one of"),
        ({**SURGERY, "complications": ["bleeding"]}, VISIT, "case.surgery.complications[0]: 'bleeding'"),
        (SURGERY, {**VISIT, "engel": "V"}, "case.follow_up[0].engel: 'V' is not one of: IA, IB"),
        (SURGERY, {**VISIT, "ilae": 7}, "case.follow_up[0].ilae:"),
        (SURGERY, {**VISIT, "ilae": 1.5}, "case.follow_up[0].ilae:"),
        (SURGERY, {**VISIT, "date": "2026-09-01"}, "case.follow_up[0].date:"),
        (
            SURGERY,
            {**VISIT, "development": {"standard_score": 300}},
            "case.follow_up[0].development.standard_score:",
        ),
        (SURGERY, {**VISIT, "seizures": 3}, "case.follow_up[0].seizures: unknown field"),
        ({**SURGERY, "date": "2027-03-01"}, (), "case.surgery.date:"),
    ],
)
def test_a_wrong_value_is_named_by_its_path(surgery: Any, visit: Any, message: str) -> None:
    found = problems(operated(surgery, [visit] if visit else []))
    assert len(found) == 1, found
    assert found[0].startswith(message), found


def test_a_visit_before_the_surgery_says_so() -> None:
    [message] = problems(operated(visits=[{**VISIT, "date": "2026-09-01"}]))
    assert "surgery" in message


def test_the_deidentified_export_keeps_no_date_and_no_free_text() -> None:
    document = case_to_document(parse_case_document(operated()))
    out = deidentify_case(document["case"], "ANON-0000000001")["case"]
    text = json.dumps(out)
    assert "2026" not in text and "FCD IIb" not in text
    assert "pathology" not in out["surgery"]
    assert out["surgery"]["procedure"] == "lobar_resection"
    assert out["surgery"]["age_days"] > 0
    assert out["follow_up"][0]["age_days"] > out["surgery"]["age_days"]
    assert out["follow_up"][0]["last_spasm_age_days"] == out["surgery"]["age_days"]
    assert out["follow_up"][0]["development"]["standard_score"] == 66


@pytest.mark.both_backends
def test_surgery_and_follow_up_round_trip_through_the_store(services: Services) -> None:
    case = parse_case_document(operated())
    stored = services.create_case(case)
    assert services.get_case(case.mrn).case == case
    later = {**VISIT, "date": "2026-12-01", "engel": "IIA", "ilae": 3}
    changed = parse_case_document(operated(visits=[VISIT, later]))
    services.save_case(changed, original_mrn=case.mrn, expected_version=stored.version)
    visits = services.get_case(case.mrn).case.follow_up
    assert [v.engel for v in visits] == ["IA", "IIA"]
    assert visits[1] == FollowUp(
        date=visits[1].date,
        engel="IIA",
        ilae=3,
        spasms=False,
        last_spasm_date=visits[0].last_spasm_date,
        hypsarrhythmia="absent",
        asm_count=1,
        development=FollowUpDevelopment("vineland_3", "composite", 66),
    )


@pytest.mark.both_backends
def test_a_database_before_0011_with_cases_upgrades_to_no_surgery(db: str) -> None:
    services = Services.open(db)
    services.import_files(vignette_files())
    before = {mrn: services.get_case(mrn).case for mrn in ("SYN-0001", "SYN-0002")}
    services.close()
    revision = ScriptDirectory.from_config(alembic_config()).get_revision("0011")
    assert revision is not None
    previous = str(revision.down_revision)
    database = open_database(db)
    downgrade(database.engine, previous)
    assert current_revision(database.engine) == previous
    inspector = inspect(database.engine)
    assert "follow_up" not in inspector.get_table_names()
    assert not {c["name"] for c in inspector.get_columns("case_record") if c["name"].startswith("surgery_")}
    database.close()

    reopened = Services.open(db)  # the upgrade runs on opening
    try:
        assert current_revision(reopened.database.engine) == head_revision()
        assert check_location(reopened.database.location) == []
        for mrn, case in before.items():
            assert reopened.get_case(mrn).case == case
            assert reopened.get_case(mrn).case.surgery == Surgery()
        version = reopened.get_case("SYN-0001").version
        reopened.save_case(parse_case_document(operated()), original_mrn="SYN-0001", expected_version=version)
        assert reopened.get_case("SYN-0001").case.follow_up[0].engel == "IA"
    finally:
        reopened.close()


def test_a_change_of_outcome_is_audited_field_by_field(services: Services) -> None:
    case = parse_case_document(operated())
    stored = services.create_case(case)
    changed = operated(surgery={**SURGERY, "completeness": "incomplete"}, visits=[{**VISIT, "engel": "IB"}])
    services.save_case(parse_case_document(changed), original_mrn=case.mrn, expected_version=stored.version)
    fields = {(e.field, e.old, e.new) for e in services.audit_trail(case.mrn) if e.action == "update"}
    assert ("surgery.completeness", "complete", "incomplete") in fields
    assert ("follow_up[0].engel", "IA", "IB") in fields

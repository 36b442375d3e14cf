"""Re-screening: a child decided continue_medical comes back 3 months later, and at once after
an edit that changes its status; further evaluation when its tests are recorded or after 6
weeks; a child back on an agenda, or operated, is not listed."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from conftest import run_cli, vignette_files
from isconf.schema import parse_case_document
from isconf.services import Services
from outcome_children import decide

DECIDED = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today(fixed_clock: Any) -> None:
    fixed_clock("2026-12-07")


@pytest.fixture
def vignettes(services: Services) -> Services:
    services.import_files(vignette_files())
    return services


def due(services: Services, day: date) -> dict[str, Any]:
    return {r.mrn: r for r in services.outcomes.rescreens_due(as_of=day)}


def test_continue_medical_is_due_3_months_later(vignettes: Services, db: str, capsys: Any) -> None:
    decide(vignettes, "SYN-0001", DECIDED, "continue_medical")
    assert "SYN-0001" not in due(vignettes, date(2027, 2, 28))
    found = due(vignettes, date(2027, 3, 1))["SYN-0001"]
    assert found.due_on == date(2027, 3, 1)
    assert found.reasons == ("Continue medical treatment: 3 months since the decision",)
    code, out, _ = run_cli(capsys, "outcomes", "due", "--json", "--as-of", "2027-03-10", "--db", db)
    assert code == 0
    [line] = json.loads(out)["rescreens"]
    assert line["mrn"] == "SYN-0001" and line["days_overdue"] == 9
    assert line["recommendation"] == "continue_medical" and line["status_then"] == "candidate"


def test_an_edit_that_changes_the_status_makes_it_due_at_once(vignettes: Services) -> None:
    decide(vignettes, "SYN-0001", DECIDED, "continue_medical")
    soon = date(2026, 12, 7)
    assert "SYN-0001" not in due(vignettes, soon)
    stored = vignettes.get_case("SYN-0001")
    document = vignettes.export_document("SYN-0001")
    document["case"]["degenerative_condition"] = True  # new data: no longer a candidate
    vignettes.save_case(
        parse_case_document(document), original_mrn="SYN-0001", expected_version=stored.version
    )
    found = due(vignettes, soon)["SYN-0001"]
    assert found.due_on == soon and found.status_changed
    assert found.status_then == "candidate" and found.status_now == "not_candidate"
    assert found.reasons[0].startswith("status now not a surgical candidate")


def test_further_evaluation_is_due_when_its_tests_are_recorded_or_after_6_weeks(vignettes: Services) -> None:
    decide(vignettes, "SYN-0002", DECIDED, "further_evaluation", tests=("pet",))
    decide(vignettes, "SYN-0003", DECIDED, "further_evaluation", tests=("meg",))
    six_weeks = date(2027, 1, 12)
    assert set(due(vignettes, date(2027, 1, 11))) == set()
    assert set(due(vignettes, six_weeks)) == {"SYN-0002", "SYN-0003"}
    stored = vignettes.get_case("SYN-0002")
    document = vignettes.export_document("SYN-0002")
    document["case"]["pet"] = [{"date": "2026-12-05", "finding": "hypometabolism", "side": "right"}]
    vignettes.save_case(
        parse_case_document(document), original_mrn="SYN-0002", expected_version=stored.version
    )
    found = due(vignettes, date(2026, 12, 6))["SYN-0002"]
    assert found.due_on == date(2026, 12, 5)
    assert found.reasons == ("Further evaluation: the tests asked for are recorded (PET)",)


def test_not_listed_when_back_on_an_agenda_operated_or_decided_for_surgery(vignettes: Services) -> None:
    decide(vignettes, "SYN-0001", DECIDED, "not_candidate")
    decide(vignettes, "SYN-0002", DECIDED, "vns")
    decide(vignettes, "SYN-0003", DECIDED, "lobar_resection")
    later = vignettes.meetings.create_meeting(title="Next conference", day=date(2027, 4, 1))
    vignettes.meetings.add_cases(later.id, ["SYN-0001"])
    assert set(due(vignettes, date(2027, 3, 2))) == {"SYN-0002"}


def test_the_last_decision_counts(vignettes: Services) -> None:
    decide(vignettes, "SYN-0001", date(2026, 10, 1), "continue_medical")
    decide(vignettes, "SYN-0001", DECIDED, "lobar_resection")
    assert due(vignettes, date(2027, 6, 1)) == {}

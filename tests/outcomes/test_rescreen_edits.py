"""Re-screening at once is an edit's doing, never time's: the status before and after the edit,
both judged on the day of the edit. And a further evaluation's tests are recognised by the data
that answer each: a PET or MRI study dated after the decision, a genetic finding or metabolic
work-up given by an edit after it; MEG, SEEG and fMRI have no place in the case file."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from isconf.schema import parse_case_document
from isconf.services import Services
from outcome_children import _vignette, decide

DECIDED = date(2026, 12, 1)


def recently_treated() -> dict[str, Any]:
    """SYN-0001 whose second first-line trial began a week before the conference and goes on: a
    referral on the decision day, a candidate once the trial is long enough (on 9 Dec), with no
    edit in between."""
    document = copy.deepcopy(_vignette("fcd_left_frontal_candidate.json"))
    trial = document["case"]["treatments"][-1]
    trial["start_date"], trial["end_date"] = "2026-11-25", None
    return document


def edit(services: Services, mrn: str, **changes: Any) -> None:
    stored = services.get_case(mrn)
    document = services.export_document(mrn)
    document["case"].update(changes)
    services.save_case(parse_case_document(document), original_mrn=mrn, expected_version=stored.version)


def due(services: Services, day: date) -> dict[str, Any]:
    return {r.mrn: r for r in services.outcomes.rescreens_due(as_of=day)}


def test_time_alone_never_makes_a_child_due_at_once(services: Services, fixed_clock: Any) -> None:
    fixed_clock("2026-11-30")
    assert not services.import_document(recently_treated()).problems
    fixed_clock("2026-12-01T10:00:00")
    decide(services, "SYN-0001", DECIDED, "continue_medical")
    assert services.evaluate_case("SYN-0001").status == "refer_for_evaluation"
    fixed_clock("2026-12-20T10:00:00")
    assert services.evaluate_case("SYN-0001").status == "candidate"  # the trial grew long enough
    assert due(services, date(2026, 12, 20)) == {}
    edit(services, "SYN-0001", referring_center="Another synthetic centre")  # candidate before and after
    assert due(services, date(2026, 12, 20)) == {}
    assert due(services, date(2027, 3, 1))["SYN-0001"].reasons == (
        "Continue medical treatment: 3 months since the decision",
    )

    fixed_clock("2027-01-05T09:00:00")
    edit(services, "SYN-0001", degenerative_condition=True)  # new data: no longer a candidate
    found = due(services, date(2027, 1, 10))["SYN-0001"]
    assert found.due_on == date(2027, 1, 5) and found.days_overdue == 5
    assert found.status_then == "refer_for_evaluation" and found.status_now == "not_candidate"
    assert found.reasons[0] == (
        "status now not a surgical candidate: an edit on 2027-01-05 changed it from surgical candidate"
    )
    assert "SYN-0001" not in due(services, date(2027, 1, 4))  # not before the edit


def test_a_status_change_before_the_decision_does_not_count(services: Services, fixed_clock: Any) -> None:
    fixed_clock("2026-11-30T09:00:00")
    services.import_document(recently_treated())
    edit(services, "SYN-0001", degenerative_condition=True)
    fixed_clock("2026-12-01T10:00:00")
    decide(services, "SYN-0001", DECIDED, "not_candidate")
    assert due(services, date(2026, 12, 20)) == {}


def test_genetic_and_metabolic_results_are_recorded_by_the_edit_that_gives_them(
    services: Services, fixed_clock: Any
) -> None:
    document = recently_treated()
    document["case"]["metabolic_workup"] = "not_done"
    document["case"]["etiology"].pop("genetic", None)
    fixed_clock("2026-11-30")
    services.import_document(document)
    fixed_clock("2026-12-01T10:00:00")
    decide(services, "SYN-0001", DECIDED, "further_evaluation", tests=("genetic", "metabolic"))
    fixed_clock("2026-12-08T10:00:00")
    etiology = services.export_document("SYN-0001")["case"]["etiology"]
    edit(services, "SYN-0001", etiology={**etiology, "genetic": {"gene": "TSC2", "classification": "vus"}})
    assert due(services, date(2026, 12, 10)) == {}  # the metabolic work-up is still to come
    fixed_clock("2026-12-12T10:00:00")
    edit(services, "SYN-0001", metabolic_workup="not_done", referring_center="Still waiting")
    assert due(services, date(2026, 12, 12)) == {}  # "not done" is no result
    fixed_clock("2026-12-15T10:00:00")
    edit(services, "SYN-0001", metabolic_workup="normal")
    found = due(services, date(2026, 12, 16))["SYN-0001"]
    assert found.due_on == date(2026, 12, 15)
    assert found.reasons == (  # the work-up's result also made the child a candidate
        "status now surgical candidate: an edit on 2026-12-15 changed it from refer for surgical evaluation",
        "Further evaluation: the tests asked for are recorded (Genetic testing, Metabolic testing)",
    )


@pytest.mark.parametrize("test", ["meg", "seeg", "fmri"])
def test_tests_without_a_place_in_the_case_wait_6_weeks_and_say_why(
    services: Services, fixed_clock: Any, test: str
) -> None:
    fixed_clock("2026-11-30")
    services.import_document(recently_treated())
    decide(services, "SYN-0001", DECIDED, "further_evaluation", tests=("pet", test))
    fixed_clock("2026-12-05")
    pet = [{"date": "2026-12-04", "finding": "hypometabolism", "side": "left", "lobes": ["frontal"]}]
    edit(services, "SYN-0001", pet=pet)
    assert due(services, date(2027, 1, 11)) == {}
    [reason] = due(services, date(2027, 1, 12))["SYN-0001"].reasons
    word = {"meg": "MEG", "seeg": "SEEG", "fmri": "fMRI"}[test]
    assert (
        reason
        == f"Further evaluation: 6 weeks since the decision ({word}: no place for the result in the case file)"
    )

"""Warnings added to rules version 1 (issue 16): untreated_spasms and same_date_studies, their
codes in ``warning_codes`` (in the order of ``warnings``), and the list and agenda putting an
untreated infant first with its alarm."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import VIGNETTES, run_cli, vignette_files
from isconf import rules
from isconf.rules.restore import evaluation_from_document
from isconf.schema import parse_case_document
from isconf.services import Services

AS_OF = date(2026, 11, 24)


def _vignette(name: str) -> dict[str, Any]:
    return json.loads((VIGNETTES / f"{name}.json").read_text(encoding="utf-8"))


def test_evaluate_json_names_untreated_spasms_for_an_untreated_infant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    file = VIGNETTES / "no_treatment_incomplete.json"
    code, out, err = run_cli(capsys, "evaluate", "--json", "--as-of", AS_OF.isoformat(), str(file))
    assert code == 0, err
    document = json.loads(out)
    assert document["warning_codes"] == ["untreated_spasms"]
    [message] = document["warnings"]
    assert message.startswith("Untreated spasms: 5 weeks of spasms so far and no first-line treatment")
    assert "emergency" in message and "UKISS" in message
    assert document["status"] == "incomplete"  # a warning changes no verdict
    assert evaluation_from_document(document).warnings[0].code == "untreated_spasms"


def test_warning_codes_follow_the_order_of_the_warnings() -> None:
    document = _vignette("no_treatment_incomplete")
    document["case"]["mri"].append(dict(document["case"]["mri"][0], finding="normal", lesions=[]))
    result = rules.evaluate(parse_case_document(document), AS_OF).to_document()
    assert result["warning_codes"] == ["untreated_spasms", "same_date_studies"]
    assert [w.split(":")[0] for w in result["warnings"]] == ["Untreated spasms", "Same-date studies"]


def test_no_alarm_once_a_first_line_trial_has_started_or_spasms_stopped() -> None:
    document = _vignette("no_treatment_incomplete")
    document["case"]["treatments"] = [
        {
            "agent": "vigabatrin",
            "dose": 100,
            "dose_unit": "mg/kg/day",
            "start_date": "2026-11-20",
            "outcome": "ongoing",
        }
    ]
    assert rules.evaluate(parse_case_document(document), AS_OF).alarms == ()
    assert rules.evaluate(parse_case_document(document), date(2026, 11, 19)).alarms != ()  # not yet started
    stopped = _vignette("no_treatment_incomplete")
    stopped["case"]["spasms"].update(ongoing=False, last_seen_date="2026-11-10")
    assert rules.evaluate(parse_case_document(stopped), AS_OF).alarms == ()


def test_same_date_studies_that_agree_raise_nothing() -> None:
    document = _vignette("fcd_left_frontal_candidate")
    copy = dict(document["case"]["eeg"][0], note="repeat")
    document["case"]["eeg"].append(copy)  # differs in free text only
    codes = [w.code for w in rules.evaluate(parse_case_document(document), AS_OF).warnings]
    assert "same_date_studies" not in codes
    document["case"]["eeg"][-1]["lateralization"] = "right"
    result = rules.evaluate(parse_case_document(document), AS_OF)
    [same] = [w for w in result.warnings if w.code == "same_date_studies"]
    assert (
        "2 EEG studies dated 10 Jun 2026 disagree (eeg[0] and eeg[1]); the one listed last (eeg[1]) is read"
        in (same.message)
    )


def test_not_candidate_and_not_yet_name_no_pathway_procedure() -> None:
    for name in ("mitochondrial_not_candidate", "prednisolone_responder_not_yet", "no_treatment_incomplete"):
        result = rules.evaluate(parse_case_document(_vignette(name)), AS_OF)
        loss = result.criterion("acceptable_function_loss")
        assert result.pathway is None
        assert "tradeoff.assessments" not in result.missing, name
        assert loss.reason.startswith("Not weighed"), loss.reason
        for procedure in ("resection", "callosotomy", "hemispherectomy", "stimulation"):
            assert procedure not in loss.reason


@pytest.mark.both_backends
def test_the_list_and_the_agenda_put_untreated_spasms_first(services: Services, fixed_clock: Any) -> None:
    fixed_clock(AS_OF)
    services.import_files(vignette_files())
    lines = services.list_cases()
    assert lines[0].mrn == "SYN-0006" and lines[0].alarms == ("untreated_spasms",)
    assert all(line.alarms == () for line in lines[1:])
    meeting = services.meetings.create_meeting(title="Conference", day=AS_OF)
    meeting, _ = services.meetings.add_cases(meeting.id, [line.mrn for line in reversed(lines)])
    assert meeting.agenda[0].mrn == "SYN-0006" and meeting.agenda[0].alarms == ("untreated_spasms",)


def test_a_database_from_before_the_alarm_is_re_evaluated_for_the_list(
    tmp_path: Path, fixed_clock: Any
) -> None:
    from sqlalchemy import text

    fixed_clock(AS_OF)
    services = Services.open(str(tmp_path / "a.db"))
    try:
        services.import_files(vignette_files())
        with services.database.writing() as session:  # as a row written before eval_alarms was kept
            session.execute(text("UPDATE case_record SET eval_alarms = '[]'"))
        assert services.list_cases()[0].alarms == ()  # the stored summary still holds…
        with services.database.writing() as session:
            session.execute(text("UPDATE case_record SET eval_as_of = NULL"))  # …until 0010 clears it
        assert services.list_cases()[0].mrn == "SYN-0006"
    finally:
        services.close()

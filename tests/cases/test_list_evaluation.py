"""The case list's status and urgency: kept beside each case at save, re-evaluated when stale."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import inspect

from conftest import vignette_files
from isconf import clock
from isconf.schema import parse_case_document
from isconf.services import Services
from isconf.store.database import open_database
from isconf.store.migrate import downgrade


def _candidate_with_a_running_trial(today: date) -> dict:
    """A focal lesion, one failed trial, and a second trial begun 10 days ago that is failing."""
    document = json.loads(next(f for f in vignette_files() if f.stem.startswith("fcd")).read_text("utf-8"))
    case = document["case"]
    case["mrn"] = "RUN-0001"
    second = case["treatments"][1]
    second["start_date"] = (today - timedelta(days=10)).isoformat()
    second["end_date"] = None
    second["outcome"] = "no_response"
    return document


@pytest.mark.both_backends
def test_a_summary_past_its_date_is_evaluated_afresh(services: Services) -> None:
    today = clock.today()
    services.create_case(parse_case_document(_candidate_with_a_running_trial(today)))
    (now,) = services.list_cases(as_of=today)
    # Rule 3: focal lesion, spasms going on, one failed trial: refer early.
    assert (now.status, now.urgent, now.weeks_since_drug_resistance) == ("refer_for_evaluation", True, None)
    (later,) = services.list_cases(as_of=today + timedelta(days=5))
    # The running trial reached 14 days on day 4: resistance established then; candidate.
    assert later.status == "candidate"
    assert later.weeks_since_drug_resistance == 0.1
    assert later.status == services.evaluate_case("RUN-0001", as_of=today + timedelta(days=5)).status


@pytest.mark.both_backends
def test_list_agrees_with_the_evaluation_of_every_case(services: Services) -> None:
    services.import_files(vignette_files())
    services.add_demo_cases()
    for summary in services.list_cases():
        evaluation = services.evaluate_case(summary.mrn)
        assert summary.status == evaluation.status, summary.mrn
        assert summary.pathway == evaluation.pathway, summary.mrn
        assert summary.urgent == evaluation.urgency.urgent, summary.mrn
        assert summary.weeks_since_drug_resistance == evaluation.urgency.weeks_since_drug_resistance


@pytest.mark.both_backends
def test_cases_saved_before_the_summary_existed_are_evaluated(db: str) -> None:
    """Cases stored under revision 0001 (no summary, no pseudonym) upgrade, list and export."""
    services = Services.open(db)
    try:
        services.import_files(vignette_files())
    finally:
        services.close()
    database = open_database(db)
    downgrade(database.engine, "0001")
    columns = {c["name"] for c in inspect(database.engine).get_columns("case_record")}
    database.close()
    assert "eval_status" not in columns and "pseudonym" not in columns
    services = Services.open(db)
    try:
        statuses = {s.mrn: s.status for s in services.list_cases()}
        pseudonyms = {services.export_deidentified(mrn)["case"]["pseudonym"] for mrn in statuses}
    finally:
        services.close()
    assert len(pseudonyms) == 6 and all(p.startswith("ANON-") for p in pseudonyms)
    assert statuses["SYN-0001"] == "candidate"
    assert statuses["SYN-0003"] == "palliative_candidate"
    assert statuses["SYN-0006"] == "incomplete"


@pytest.mark.both_backends
def test_the_database_judges_a_stored_summary_as_the_rules_say(services: Services, monkeypatch) -> None:
    """A summary holds when these rules made it, as of a day not after the list's day, and it is
    stable until a later day (or for good): the list's statement decides which cases to evaluate
    afresh, on the days around each limit."""
    from isconf.cases import records
    from isconf.rules import RULES_VERSION

    today = clock.today()
    services.create_case(parse_case_document(_candidate_with_a_running_trial(today)))
    services.add_demo_cases()
    asked: list[int] = []
    evaluate = records.evaluate_records
    monkeypatch.setattr(
        records,
        "evaluate_records",
        lambda session, ids, day: asked.extend(ids) or evaluate(session, ids, day),
    )
    summary = "SELECT id, eval_rules_version, eval_as_of, eval_stable_until FROM case_record"

    def stored() -> list[tuple[int, str, date, date | None]]:
        with services.database.reading() as session:
            rows = session.connection().exec_driver_sql(summary).all()
        day = lambda v: date.fromisoformat(v) if isinstance(v, str) else v  # noqa: E731 (SQLite: text)
        return [(r[0], r[1], day(r[2]), day(r[3])) for r in rows]

    with services.database.writing() as session:
        session.connection().exec_driver_sql("UPDATE case_record SET eval_rules_version = '0' WHERE id = 2")
    cases = stored()
    limits = {d for _, _, as_of, until in cases for d in (as_of, until) if d is not None}
    days = sorted({d + timedelta(days=k) for d in limits for k in (-1, 0, 1)})
    assert any(until is not None for *_, until in cases) and len(days) >= 6
    for day in days:
        asked.clear()
        services.list_cases(as_of=day)
        holds = {
            i
            for i, version, as_of, until in cases
            if version == RULES_VERSION and as_of <= day and (until is None or day < until)
        }
        assert sorted(asked) == sorted(i for i, *_ in cases if i not in holds), day

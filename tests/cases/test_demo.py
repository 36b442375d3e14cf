"""The demo cases: a resource dated relative to the day asked for (isconf.demo)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from isconf.datafiles import load_json
from isconf.demo import RESOURCE, demo_cases, resolve_dates
from isconf.rules import evaluate

STATUSES = {
    "DEMO-1001": "candidate",
    "DEMO-1002": "candidate",
    "DEMO-1003": "refer_for_evaluation",
    "DEMO-1004": "not_candidate",
    "DEMO-1005": "not_yet",
    "DEMO-1006": "incomplete",
    "DEMO-1007": "refer_for_evaluation",
    "DEMO-1008": "refer_for_evaluation",
}


@pytest.mark.parametrize("today", [date(2026, 12, 7), date(2024, 2, 29), date(2031, 1, 1)])
def test_the_demo_cases_keep_their_statuses_on_any_day(today: date) -> None:
    cases = demo_cases(today)
    assert {c.mrn: evaluate(c, today).status for c in cases} == STATUSES


def test_dates_are_days_before_the_day_asked_for() -> None:
    today = date(2026, 12, 7)
    first = demo_cases(today)[0]
    assert first.date_of_birth == today - timedelta(days=330)
    assert first.spasms.onset_date == today - timedelta(days=200)


def test_the_resource_holds_no_fixed_date() -> None:
    # A fixed date would make the demo infants older every day.
    def strings(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [s for item in value.values() for s in strings(item)]
        if isinstance(value, list):
            return [s for item in value for s in strings(item)]
        return [value] if isinstance(value, str) else []

    found = strings(load_json(RESOURCE)["cases"])
    assert not [s for s in found if re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s)]
    assert any(re.fullmatch(r"-[0-9]+d", s) for s in found)


def test_resolving_leaves_other_values_alone() -> None:
    today = date(2026, 1, 10)
    value = {"a": "-9d", "b": ["-0d", "9d", "x-1d", 3, None], "c": "Left frontal"}
    assert resolve_dates(value, today) == {
        "a": "2026-01-01",
        "b": ["2026-01-10", "9d", "x-1d", 3, None],
        "c": "Left frontal",
    }

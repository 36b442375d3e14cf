"""``outcomes due``: exactly the visits due or overdue on an --as-of, most overdue first."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from isconf.outcomes.schedule import add_months, window, windows_opened
from isconf.services import Services
from outcome_children import TODAY, add_child, child_document

AS_OF = date(2028, 6, 1)


@pytest.fixture(autouse=True)
def _today(fixed_clock: Any) -> None:
    fixed_clock(TODAY)


def test_months_are_added_by_the_calendar() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2027, 12, 15), 12) == date(2028, 12, 15)
    assert add_months(date(2027, 3, 15), -3) == date(2026, 12, 15)
    assert window(date(2027, 1, 15), 6).opens == date(2027, 6, 15)


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(0, 4000))
def test_the_windows_open_at_6_12_24_months_then_yearly(surgery: date, days: int) -> None:
    opened = windows_opened(surgery, date.fromordinal(surgery.toordinal() + days))
    months = [w.months for w in opened]
    assert months == [6, 12, 24, *range(36, 36 + 12 * max(0, len(months) - 3), 12)][: len(months)]
    for w in opened:
        assert w.opens < w.target < w.closes


@pytest.fixture
def scheduled(services: Services) -> Services:
    """Children whose visits stand, on 1 June 2028, as their MRN says."""
    children = {
        # surgery, visits (months after surgery)
        "DUE-6M-OPEN": (date(2027, 12, 10), ()),  # 6-month window 10 May – 10 Jul: due
        "DUE-6M-LATE": (date(2027, 10, 20), ()),  # window closed 20 May: 12 days overdue
        "DUE-12M-LATE": (date(2027, 4, 1), ((6, "IA", 1),)),  # 12-month window closed 1 May
        "DUE-24M-OPEN": (date(2026, 6, 20), ((6, "IA", 1), (12, "IA", 1))),  # 24 m opened 20 May
        "OK-6M-SEEN": (date(2027, 12, 1), ((6, "IA", 1),)),  # seen in its window
        "OK-NOT-YET": (date(2028, 1, 10), ()),  # 6-month window opens 10 Jun
        "OK-12M-SEEN": (date(2027, 6, 5), ((6, "IB", 1), (12, "IA", 1))),  # 12 m window open, seen
    }
    for mrn, (surgery, visits) in children.items():
        add_child(services, child_document(mrn, surgery, visits=visits))
    add_child(services, child_document("OK-NO-SURGERY", None))
    return services


def test_due_lists_exactly_the_visits_due_or_overdue_most_overdue_first(
    scheduled: Services, db: str, capsys: Any
) -> None:
    code, out, _ = run_cli(capsys, "outcomes", "due", "--json", "--as-of", AS_OF.isoformat(), "--db", db)
    assert code == 0
    document = json.loads(out)
    assert document["as_of"] == "2028-06-01"
    visits = [(v["mrn"], v["visit_months"], v["state"], v["days_overdue"]) for v in document["visits"]]
    assert visits == [
        ("DUE-12M-LATE", 12, "overdue", 31),
        ("DUE-6M-LATE", 6, "overdue", 12),
        ("DUE-6M-OPEN", 6, "due", 0),  # target 10 June
        ("DUE-24M-OPEN", 24, "due", 0),  # target 20 June
    ]
    assert document["visits"][0]["window"] == ["2028-03-01", "2028-05-01"]


def test_due_as_text(scheduled: Services, db: str, capsys: Any) -> None:
    code, out, _ = run_cli(capsys, "outcomes", "due", "--as-of", AS_OF.isoformat(), "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Follow-up visits due or overdue as of 2028-06-01 (most overdue first):"
    assert lines[1].split()[0] == "DUE-12M-LATE" and "31 days overdue" in lines[1]
    assert "Re-screening due as of 2028-06-01:" in lines


def test_a_missed_visit_gives_way_to_the_next(services: Services) -> None:
    add_child(services, child_document("MISSED", date(2027, 1, 10)))  # never seen
    [due] = services.outcomes.visits_due(as_of=date(2028, 1, 1))  # 12-month window open
    assert (due.months, due.state) == (12, "due")


def test_a_wrong_as_of_is_one_line(services: Services, db: str, capsys: Any) -> None:
    with pytest.raises(SystemExit) as caught:
        run_cli(capsys, "outcomes", "due", "--as-of", "June", "--db", db)
    assert caught.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "isconf: error: argument --as-of: 'June' is not a date (YYYY-MM-DD)"
    )

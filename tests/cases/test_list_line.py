"""A list line made as the list makes 10,000 (``CaseSummary.listed``) is the line the
dataclass's own constructor makes: equal, hashed, shown and ranked alike, and as frozen."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from isconf.cases.model import CaseSummary

VALUES = {
    "mrn": "IS-0001",
    "family_name": "Müller",
    "given_name": None,
    "date_of_birth": date(2025, 3, 1),
    "age_months": 9.2,
    "spasm_onset": date(2025, 9, 1),
    "spasms_ongoing": True,
    "spasm_weeks": 13.4,
    "status": "candidate",
    "pathway": "resective",
    "urgent": True,
    "weeks_since_drug_resistance": 4.1,
    "alarms": ("untreated_spasms",),
    "operated_on": None,
    "outcome": None,
}


def test_every_field_is_named_here() -> None:
    assert set(VALUES) == {f.name for f in dataclasses.fields(CaseSummary)}


def test_a_listed_line_is_the_constructed_line() -> None:
    listed, made = CaseSummary.listed(**VALUES), CaseSummary(**VALUES)
    assert listed == made
    assert hash(listed) == hash(made)
    assert repr(listed) == repr(made)
    assert dataclasses.asdict(listed) == dataclasses.asdict(made)
    assert listed.urgency_rank == made.urgency_rank == (0, 0, -4.1, -13.4)
    assert listed.display_name == "Müller"


def test_a_listed_line_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        CaseSummary.listed(**VALUES).mrn = "IS-0002"  # type: ignore[misc]

"""isconf.ages: a child's dates as ages, the one wording every de-identified output uses."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isconf.ages import WITHHELD, Ages

BORN = date(2025, 1, 14)
MEETING = date(2026, 2, 10)
AGES = Ages(birth=BORN, meeting=MEETING)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def test_a_day_is_the_childs_age_then() -> None:
    assert AGES.noun(date(2025, 7, 9)) == "age 5.8 months"
    assert AGES.at(date(2025, 7, 9)) == "at age 5.8 months"
    assert AGES.noun(BORN) == "age 0.0 months"
    assert AGES.noun(date(2025, 1, 2)) == "12 days before birth"
    assert AGES.days_from_birth(date(2025, 3, 19)) == 64


def test_a_trial_is_the_ages_it_ran_between() -> None:
    assert AGES.period(date(2025, 4, 2), date(2025, 5, 7)) == "age 2.6–3.7 months"
    assert AGES.period(date(2025, 4, 2), None) == "age 2.6 months – not recorded"


def test_a_deadline_is_counted_from_the_meeting() -> None:
    assert AGES.from_meeting(MEETING) == "the meeting day"
    assert AGES.from_meeting(date(2026, 2, 11)) == "1 day after the meeting"
    assert AGES.from_meeting(date(2026, 1, 31)) == "10 days before the meeting"
    assert AGES.moment("2026-02-10T13:05:00+01:00") == "the meeting day, 13:05 UTC+01:00"


def test_without_a_birth_date_only_the_meetings_own_date_stays() -> None:
    meeting_only = Ages(meeting=MEETING)
    assert meeting_only.noun(date(2025, 7, 9)) == WITHHELD
    text = "Conference of 10 Feb 2026, moved from 3 Feb 2026"
    assert meeting_only.scrub(text) == f"Conference of 10 Feb 2026, moved from {WITHHELD}"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        # the rules' own sentences
        (
            "2 first-line trials count as failed: Vigabatrin 150 mg/kg/day (2 Apr – 7 May 2025) and "
            "Prednisolone 40 mg/day (12 May – 16 Jun 2025). Drug resistance established on 16 Jun 2025.",
            "2 first-line trials count as failed: Vigabatrin 150 mg/kg/day (age 2.6–3.7 months) and "
            "Prednisolone 40 mg/day (age 3.9–5.0 months). Drug resistance established at age 5.0 months.",
        ),
        ("Latest MRI (9 Jul 2025): lesional", "Latest MRI (age 5.8 months): lesional"),
        (
            "Development is delayed (assessed 27 Aug 2025).",
            "Development is delayed (assessed at age 7.4 months).",
        ),
        ("Development on 27 Aug 2025: arrest", "Development at age 7.4 months: arrest"),
        ("X starts after 22 Oct 2025; not yet a trial.", "X starts after age 9.2 months; not yet a trial."),
        (
            "By the next possible surgery date (2025-11-26) the infant will have had",
            "By the next possible surgery date (age 10.4 months) the infant will have had",
        ),
        ("Vigabatrin (28 Dec – 7 Jan 2026)", "Vigabatrin (age 11.4–11.8 months)"),
        # free text, typed any way
        ("EEG 13/08/2025 reviewed", "EEG at age 6.9 months reviewed"),
        ("seen 13.08.25", "seen at age 6.9 months"),
        ("the MRI of 5 March 2025", "the MRI at age 1.6 months"),
        (
            "MRI March 5, 2025 and 5th March, 2025 and 05-Mar-2025",
            "MRI at age 1.6 months and age 1.6 months and age 1.6 months",
        ),
        ("spasms since March 2025", "spasms since age about 2 months"),
        ("In Mar 2025 they began", "At age about 2 months they began"),
        ("from 5 Feb to 10 Mar 2025", "from age 0.7 months to age 1.8 months"),
        ("2025-03-19: onset. 3 May 2025 MRI.", "Age 2.1 months: onset. Age 3.6 months MRI."),
        ("fetal MRI 2024-12-01", "fetal MRI 44 days before birth"),
    ],
)
def test_dates_in_text_read_as_ages(typed: str, shown: str) -> None:
    assert AGES.scrub(typed) == shown
    assert AGES.scrub(shown) == shown  # scrubbed once is scrubbed


@pytest.mark.parametrize(
    "typed",
    [
        "MRI 05/03/2025",  # 5 March or 3 May
        "repeat on 5 Mar",  # no year
        "seen May 12",
    ],
)
def test_a_date_that_cannot_be_told_is_withheld(typed: str) -> None:
    assert WITHHELD in AGES.scrub(typed)


@pytest.mark.parametrize(
    "text",
    [
        "Pellock et al., Epilepsia 2010, 51:2175; Kolosky et al., Epilepsia Open 2024",
        "150 IU/m²/day; ILAE 1–2; Engel IA; score 3-4-10; 08:00–08:15; +0:15–0:30; 1.2–2.4",
        "the team may 5 times review; Marching 2026; DQ 52",
        "ANON-3F2A1B9C0D; 116c44e4ba97bd1a17dcfcf5c2faba2c7811d71bc407222ceba00e07fbe89af2",
    ],
)
def test_text_without_a_date_is_left_as_it_is(text: str) -> None:
    assert AGES.scrub(text) == text


def spellings(day: date) -> list[str]:
    month, abbreviation = f"{day:%B}", MONTHS[day.month - 1]
    return [
        day.isoformat(),
        f"{day.day} {abbreviation} {day.year}",
        f"{day:%d/%m/%Y}",
        f"{day:%m/%d/%Y}",
        f"{day:%d.%m.%Y}",
        f"{month} {day.year}",
        f"{day.day} {month} {day.year}",
        f"{abbreviation} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day:%d-%b-%Y}",
    ]


@given(
    day=st.dates(date(1990, 1, 1), date(2039, 12, 31)),
    born=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2039, 12, 31))),
    index=st.integers(0, 9),
    before=st.sampled_from(["", "seen ", "on ", "(", "MRI of ", "since ", "Dr Jan Lee: "]),
)
def test_no_spelling_of_a_date_survives(day: date, born: date | None, index: int, before: str) -> None:
    typed = spellings(day)[index]
    shown = Ages(birth=born, meeting=MEETING).scrub(f"{before}{typed} and more")
    if day != MEETING or born is not None:
        for spelling in spellings(day):
            assert spelling not in shown, (typed, shown)

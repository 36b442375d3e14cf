"""A meeting's agenda is counted as of the meeting day: a past (or locked) meeting shows the
weeks the team saw that day, not weeks that grow every day after it."""

from __future__ import annotations

from datetime import date

from isconf import timeline
from isconf.services import Services

DAY = date(2026, 11, 30)


def _meeting(services: Services, day: date) -> int:
    meeting = services.meetings.create_meeting(title="Conference", day=day)
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1003"])
    return int(meeting.id)


def test_a_past_meetings_weeks_are_those_of_its_day(fixed_clock, services: Services) -> None:
    fixed_clock(date(2026, 12, 7))
    services.add_demo_cases()
    past = _meeting(services, DAY)
    meeting = services.meetings.get_meeting(past)
    assert meeting.as_of == DAY and meeting.as_of_words == "weeks as of the meeting day (30 Nov 2026)"
    entry = next(e for e in meeting.agenda if e.mrn == "DEMO-1001")
    spasms = services.get_case("DEMO-1001").case.spasms
    assert entry.spasm_weeks == timeline.spasm_weeks(spasms, DAY)
    assert entry.spasm_weeks != timeline.spasm_weeks(spasms, date(2026, 12, 7))
    # A month on, the agenda has not moved.
    fixed_clock(date(2027, 1, 7))
    again = services.meetings.get_meeting(past)
    assert [(e.mrn, e.spasm_weeks, e.weeks_since_drug_resistance) for e in again.agenda] == [
        (e.mrn, e.spasm_weeks, e.weeks_since_drug_resistance) for e in meeting.agenda
    ]


def test_a_meeting_still_ahead_counts_to_today(fixed_clock, services: Services) -> None:
    fixed_clock(date(2026, 12, 7))
    services.add_demo_cases()
    ahead = services.meetings.get_meeting(_meeting(services, date(2026, 12, 14)))
    assert ahead.as_of == date(2026, 12, 7) and ahead.as_of_words == "weeks as of today (7 Dec 2026)"
    entry = next(e for e in ahead.agenda if e.mrn == "DEMO-1001")
    spasms = services.get_case("DEMO-1001").case.spasms
    assert entry.spasm_weeks == timeline.spasm_weeks(spasms, date(2026, 12, 7))

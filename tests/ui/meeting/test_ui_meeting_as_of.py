"""The meetings window shows a closed (locked) meeting's agenda as of the meeting day."""

from __future__ import annotations

from datetime import date

from isconf import timeline
from isconf.services import Services
from ui.meeting.meeting_window import MeetingWindow
from ui.meeting.models import AgendaModel

DAY = date(2026, 11, 30)


def test_a_locked_meetings_agenda_shows_the_weeks_of_its_day(qtbot, fixed_clock, services: Services) -> None:
    fixed_clock(DAY)
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="Conference", day=DAY)
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    services.meetings.record_decision(
        meeting.id, "DEMO-1001", recommendation="further_evaluation", rationale="PET first"
    )
    services.meetings.set_status(meeting.id, "closed")
    fixed_clock(date(2027, 2, 1))  # opened two months later
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.open_meeting(meeting.id)
    model = window.agenda.agenda_model
    spasms = services.get_case("DEMO-1001").case.spasms
    shown = model.index(0, AgendaModel.SPASMS).data()
    assert shown == f"{timeline.spasm_weeks(spasms, DAY):g}"
    assert shown != f"{timeline.spasm_weeks(spasms, date(2027, 2, 1)):g}"
    assert "weeks as of the meeting day (30 Nov 2026)" in window.agenda.order_label.text()

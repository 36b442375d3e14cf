"""The meetings window's controller is plain Python: its state, validation, agenda undo and
the writes it hands out are tested without a widget (and without Qt imported)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from isconf import clock
from isconf.services import ConflictError, Services
from ui.meeting.controller import Details, MeetingController, Refused


@pytest.fixture
def controller(services: Services) -> MeetingController:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="Monday", day=clock.today())
    meeting, _ = services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002", "DEMO-1003"])
    c = MeetingController(services)
    assert c.show(meeting) == ""
    return c


def test_the_controller_imports_no_qt() -> None:
    code = "import sys, ui.meeting.controller; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_write_is_bound_to_the_version_shown(controller: MeetingController, services: Services) -> None:
    assert controller.meeting is not None
    write = controller.set_status("in_progress")
    services.meetings.set_status(controller.meeting.id, "in_progress")  # another workstation first
    with pytest.raises(ConflictError):
        write()


def test_details_are_validated_before_anything_is_sent(controller: MeetingController) -> None:
    assert controller.meeting is not None
    shown = Details("Monday", controller.meeting.date, "25:00", "", "", "")
    assert controller.details_changed(shown)
    with pytest.raises(Refused, match="not a time of day"):
        controller.save_details(shown)
    written = controller.save_details(Details("Tuesday", date(2026, 12, 8), "08:30", "4B", "", "Dr C"))()
    assert (written.title, written.start_time.isoformat(), written.chair) == ("Tuesday", "08:30:00", "Dr C")
    controller.show(written)
    assert not controller.details_changed(Details("Tuesday", date(2026, 12, 8), "08:30", "4B", "", "Dr C"))


def test_undo_puts_the_order_back_and_again_redoes_it(controller: MeetingController) -> None:
    assert controller.meeting is not None
    first = [item.mrn for item in controller.meeting.agenda]
    moved = controller.moved(first, first[2], -1)
    assert moved == [first[0], first[2], first[1]]
    assert controller.moved(first, first[0], -1) is None  # past the top
    controller.show(controller.set_order(moved, first)())
    assert controller.order_to_undo(moved) == first
    controller.show(controller.set_order(first, moved)())
    assert controller.order_to_undo(first) == moved
    with pytest.raises(Refused, match="changed since"):
        controller.order_to_undo(first[:2])


def test_what_a_state_allows(controller: MeetingController) -> None:
    assert controller.editable and controller.has_cases and not controller.locked and controller.idle
    controller.busy = True
    assert not controller.idle
    controller.busy = False
    closed = controller.set_status("closed")()
    controller.show(closed)
    assert not controller.editable
    assert controller.status_line() == "Closed — read-only; Reopen (Ctrl+Shift+O) to change it"
    assert controller.status_change_words().startswith("Meeting closed; 3 of 3 cases without a decision")

"""The attendance table of the meetings window stays put while people are added (walkthrough)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from isconf.services import Services
from ui.meeting.attendance_panel import ATTENDANCE_ROWS
from ui.meeting.meeting_window import A, MeetingWindow
from ui_helpers import settled, shown


@pytest.fixture
def window(qtbot, services: Services) -> MeetingWindow:
    return shown(qtbot, MeetingWindow(services), 1600, 950)


def _top(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, widget.rect().topLeft()).y()


def test_adding_people_leaves_the_buttons_where_they_are_and_six_rows_show(
    qtbot, window: MeetingWindow
) -> None:
    window.actions_[A.NEW_MEETING].trigger()
    settled(qtbot, window)
    qtbot.waitUntil(lambda: window.attendance.add_person.isEnabled())
    view = window.attendance.attendance_view
    where = (_top(window.attendance.add_person, window), _top(window.attendance.remove_person, window))
    for count in range(1, ATTENDANCE_ROWS + 2):
        window.attendance.add_person.click()
        settled(qtbot, window)
        qtbot.waitUntil(lambda count=count: window.attendance.attendance_model.rowCount() == count)
        qtbot.wait(1)
        assert (
            _top(window.attendance.add_person, window),
            _top(window.attendance.remove_person, window),
        ) == where
        assert window.attendance.add_person.isVisible()
        # The buttons sit under the table, never over it.
        assert where[0] >= _top(view, window) + view.height()
    # Everyone up to the sixth shows without scrolling; the seventh is one scroll away.
    last = ATTENDANCE_ROWS - 1
    view.scrollToTop()
    assert view.rowViewportPosition(last) + view.rowHeight(last) <= view.viewport().height()
    # The warning about the core disciplines went once they were all there, and nothing moved.
    assert not window.attendance.discipline_warning.isVisible()

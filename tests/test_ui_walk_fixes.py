"""Frictions found walking through sign-off in the real app at 1600×900, each fixed and checked
here by what the user sees."""

from __future__ import annotations

from PySide6.QtCore import QSize

from isconf.services import Services
from ui.meeting.meeting_window import FIRST_SIZE, MeetingWindow, first_size


def test_the_meetings_window_opens_no_taller_than_the_screen(qtbot, services: Services) -> None:
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    fitted = first_size(window, QSize(FIRST_SIZE.width(), room.height() + 200))
    assert fitted.height() < room.height()  # a title bar still fits above it
    assert fitted.width() <= room.width()
    assert first_size(window, QSize(100, 100)) == QSize(100, 100)  # a small size is left alone

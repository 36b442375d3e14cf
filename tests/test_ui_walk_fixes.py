"""Frictions found walking through sign-off in the real app at 1600×900, each fixed and checked
here by what the user sees."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt

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


def _locked_window(qtbot, services: Services) -> MeetingWindow:
    services.add_demo_cases()
    services.users.add_user("Dr Ada Chair", "epileptologist", "correct horse battery")
    m = services.meetings
    meeting = m.create_meeting(title="Spasms conference", day=date(2026, 11, 26), chair="Dr Ada Chair")
    m.add_cases(meeting.id, ["DEMO-1001"])
    m.set_status(meeting.id, "in_progress")
    m.record_decision(
        meeting.id, "DEMO-1001", recommendation="lobar_resection", rationale="Concordant lesion"
    )
    m.set_status(meeting.id, "closed")
    services.signing.sign(
        meeting.id, user="Dr Ada Chair", password="correct horse battery", meaning="approved"
    )
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    assert window.open_meeting(meeting.id)
    return window


def test_typing_into_a_locked_meeting_says_why_nothing_changes(qtbot, services: Services) -> None:
    window = _locked_window(qtbot, services)
    window.title_edit.setFocus()
    qtbot.keyClicks(window.title_edit, "X")
    assert window.title_edit.text() == "Spasms conference"
    message = window.statusBar().currentMessage()
    assert message.startswith("Not changed: signed and locked") and "Amend…" in message
    window.statusBar().clearMessage()
    window.select_case("DEMO-1001")
    qtbot.keyClick(window.decision.rationale, Qt.Key.Key_Backspace)
    assert window.decision.rationale.toPlainText() == "Concordant lesion"
    assert "Amend…" in window.statusBar().currentMessage()


def test_moving_about_a_locked_meeting_by_keyboard_says_nothing(qtbot, services: Services) -> None:
    window = _locked_window(qtbot, services)
    qtbot.keyClick(window.title_edit, Qt.Key.Key_End)
    qtbot.keyClick(window.title_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # copying is fine
    assert window.statusBar().currentMessage() == ""

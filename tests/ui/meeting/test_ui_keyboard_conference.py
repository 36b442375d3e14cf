"""The whole conference from the keyboard alone: open the meeting, move through the agenda,
present, come back, record the decision. Only key events; no click, no call on a widget."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from isconf.services import Services
from ui.meeting.meeting_window import MeetingWindow
from ui_helpers import settled

DAY = date(2026, 12, 7)
Key = Qt.Key


def _focus() -> QWidget | None:
    return QApplication.focusWidget()


def _press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed wherever the keyboard focus is now, as a user presses it."""
    target = _focus() or QApplication.activeWindow()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def test_a_conference_run_from_the_keyboard(qtbot, fixed_clock, services: Services) -> None:
    fixed_clock(DAY)
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="Infantile spasms surgery conference", day=DAY)
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002"])
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # F6: the meeting list; Home opens the first meeting.
    _press(qtbot, Key.Key_F6)
    assert _focus() is window.meeting_list.list_view
    _press(qtbot, Key.Key_Home)
    qtbot.waitUntil(lambda: window.meeting is not None and window.meeting.id == meeting.id)
    # F6 on to the agenda (details, attendance, agenda); Down and Up move through it.
    for _ in range(3):
        _press(qtbot, Key.Key_F6)
    assert _focus() is window.agenda.agenda_view
    first, second = window.agenda.mrns()
    _press(qtbot, Key.Key_Home)
    assert window.agenda.selected_mrn() == first
    _press(qtbot, Key.Key_Down)
    assert window.agenda.selected_mrn() == second
    _press(qtbot, Key.Key_Up)
    assert window.agenda.selected_mrn() == first

    # F5 presents from the selected case; Right to the next; Escape back, on that case.
    _press(qtbot, Key.Key_F5)
    presentation = window.outputs.presentation
    assert presentation is not None
    qtbot.waitUntil(presentation.isActiveWindow)
    assert presentation.current.mrn == first
    _press(qtbot, Key.Key_Right)
    assert presentation.current.mrn == second
    _press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.outputs.presentation is None and window.isActiveWindow())
    assert window.agenda.selected_mrn() == second

    # F6 to the decision: a recommendation by arrow keys, the rationale, Ctrl+Return records it.
    _press(qtbot, Key.Key_F6)
    form = window.decision
    assert _focus() is form.recommendation
    _press(qtbot, Key.Key_Down)
    chosen = form.recommendation.currentData()
    assert chosen
    _press(qtbot, Key.Key_L, Qt.KeyboardModifier.AltModifier)  # "Rationa&le"
    assert _focus() is form.rationale
    qtbot.keyClicks(_focus(), "Concordant lesion; resection without delay")
    _press(qtbot, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settled(qtbot, window)
    decided = services.meetings.get_meeting(meeting.id)
    entry = next(e for e in decided.agenda if e.mrn == second)
    assert entry.decision is not None
    assert entry.decision.recommendation == chosen
    assert entry.decision.rationale == "Concordant lesion; resection without delay"


def test_the_decision_form_gives_each_field_its_own_alt_letter(qtbot, services: Services) -> None:
    """Two fields on one Alt letter make Alt alternate between them: the rationale was hard to reach."""
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    labels = [label.text() for label in window.decision.findChildren(QLabel) if label.buddy() is not None]
    letters = [text[text.index("&") + 1].lower() for text in labels if "&" in text]
    assert len(letters) == len(set(letters)), labels

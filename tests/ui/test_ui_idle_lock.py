"""The idle lock (issue 21): after the idle time no patient detail shows, the password
unlocks, and the unsaved edit is still in the editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from isconf.services import Services
from ui.actions import ActionId
from ui.idle_lock import DEFAULT_MINUTES, IdleLock, LockScreen, idle_minutes
from ui.main_window import MainWindow

PASSWORD = "correct horse battery"


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.add_demo_cases()
    services.users.add_user("Dr Ada Chair", "epileptologist", PASSWORD)
    services.sign_in("Dr Ada Chair", PASSWORD)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def _only_the_lock_screen_shows(window: MainWindow, screen: LockScreen) -> bool:
    """Every point of the window is the lock screen or a widget on it: nothing else shows."""
    for x in range(5, window.width(), 40):
        for y in range(5, window.height(), 40):
            widget: QWidget | None = window.childAt(QPoint(x, y))
            while widget is not None and widget is not screen:
                widget = widget.parentWidget()
            if widget is not screen:
                return False
    return True


def test_after_the_idle_time_nothing_shows_and_the_password_unlocks_with_the_edit_kept(
    qtbot, window: MainWindow, services: Services
) -> None:
    window.open_case("DEMO-1003")
    edit = window.editor.fields["case.given_name"].focus_target()
    assert isinstance(edit, QLineEdit) and edit.text() == "Chiara"
    edit.selectAll()
    qtbot.keyClicks(edit, "Chiara Unsaved")
    window.editor.capture()
    window.idle_lock = lock = IdleLock(services, window, minutes=0.002)  # 120 ms
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    [screen] = lock.screens
    assert screen.isVisible() and screen.geometry() == window.rect()
    assert _only_the_lock_screen_shows(window, screen)
    assert not window.actions_[ActionId.AUDIT_TRAIL].isEnabled()  # no shortcut past it

    qtbot.keyClicks(screen.password, "a wrong guess")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert lock.is_locked and "wrong name or password" in screen.message.text()
    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked
    assert window.actions_[ActionId.AUDIT_TRAIL].isEnabled()
    assert edit.text() == "Chiara Unsaved"  # the unsaved edit is still there
    assert window.isWindowModified()


def test_another_member_may_sign_in_instead(qtbot, window: MainWindow, services: Services) -> None:
    services.users.add_user("Dr Sam Surg", "neurosurgeon", "another password", "clinician")
    window.idle_lock = lock = IdleLock(services, window)
    window.actions_[ActionId.LOCK].trigger()  # Lock now
    [screen] = lock.screens
    screen.name.setCurrentText("Dr Sam Surg")
    qtbot.keyClicks(screen.password, "another password")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not lock.is_locked and services.member is not None and services.member.name == "Dr Sam Surg"


def test_activity_keeps_it_unlocked_and_the_idle_time_is_configurable(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISCONF_IDLE_MINUTES", "2.5")
    assert idle_minutes() == 2.5
    monkeypatch.setenv("ISCONF_IDLE_MINUTES", "soon")
    assert idle_minutes() == DEFAULT_MINUTES
    lock = IdleLock(services, window, minutes=0.03)  # 1.8 s
    for _ in range(8):  # a presenter pressing a key every 0.3 s: 2.4 s in all
        qtbot.wait(300)
        qtbot.keyClick(window.search, Qt.Key.Key_Shift)
    assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)


def test_the_lock_of_a_closed_window_covers_and_disables_nothing(
    qtbot, window: MainWindow, services: Services
) -> None:
    # A lock outliving its window (closed, not yet deleted) once covered a later window and
    # disabled its actions, "Lock now" among them.
    gone = MainWindow(services)
    qtbot.addWidget(gone)
    gone.show()
    stale = IdleLock(services, gone, minutes=0.002)  # 120 ms
    gone.close()
    qtbot.wait(400)
    assert not stale.is_locked and not stale.timer.isActive()
    assert window.actions_[ActionId.LOCK].isEnabled() and window.actions_[ActionId.AUDIT_TRAIL].isEnabled()

"""Another member signing in at the idle lock (issue 21): the first member's unsaved edits are
set apart as their drafts (the second member neither sees nor saves them), and come back
when the first member signs in again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from isconf.services import Services
from ui import dialogs
from ui.actions import ActionId
from ui.idle_lock import IdleLock, watch
from ui.main_window import MainWindow

ADA, SAM = ("Dr Ada Chair", "ada password"), ("Dr Sam Surg", "sam password")


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.add_demo_cases()
    services.users.add_user(ADA[0], "epileptologist", ADA[1])
    services.sign_in(*ADA)
    services.users.add_user(SAM[0], "neurosurgeon", SAM[1], "clinician")
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def _given_name(window: MainWindow) -> QLineEdit:
    edit = window.editor.fields["case.given_name"].focus_target()
    assert isinstance(edit, QLineEdit)
    return edit


def _sign_in_at_the_lock(qtbot, lock: IdleLock, member: tuple[str, str]) -> None:
    [screen] = lock.screens
    screen.name.setCurrentText(member[0])
    qtbot.keyClicks(screen.password, member[1])
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not lock.is_locked


def test_the_first_members_edits_wait_as_their_drafts(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = watch(window, services)
    window.open_case("DEMO-1003")
    edit = _given_name(window)
    edit.selectAll()
    qtbot.keyClicks(edit, "Ada's unsaved edit")  # not captured yet: the lock captures it

    window.actions_[ActionId.LOCK].trigger()  # Lock now
    _sign_in_at_the_lock(qtbot, lock, SAM)
    # Sam sees the saved case, not Ada's edit, and nothing of hers is his to save.
    assert services.member is not None and services.member.name == SAM[0]
    assert _given_name(window).text() == "Chiara"
    assert not window.editor.is_dirty() and not window.isWindowModified()
    assert services.drafts.load("DEMO-1003") is None
    assert services.get_case("DEMO-1003").case.given_name == "Chiara"

    asked: list[str] = []

    def restore_it(_parent: object, what: str, _saved_at: object) -> bool:
        asked.append(what)
        return True

    monkeypatch.setattr(dialogs, "ask_restore_draft", restore_it)
    window.actions_[ActionId.LOCK].trigger()  # Lock now
    _sign_in_at_the_lock(qtbot, lock, ADA)
    assert asked == ["DEMO-1003"]  # offered back to Ada, as after a crash
    assert _given_name(window).text() == "Ada's unsaved edit"
    assert window.editor.is_dirty()


def test_the_same_member_unlocking_keeps_the_edits_in_place(
    qtbot, window: MainWindow, services: Services
) -> None:
    lock = watch(window, services)
    window.open_case("DEMO-1003")
    edit = _given_name(window)
    edit.selectAll()
    qtbot.keyClicks(edit, "Still here")
    lock.lock()
    _sign_in_at_the_lock(qtbot, lock, ADA)
    assert edit.text() == "Still here" and window.editor.is_dirty()

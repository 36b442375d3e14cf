"""The sign-in the app asks for once the database has team members (issue 21)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from isconf.services import Services
from ui.sign_in import SignInDialog, sign_in_if_needed


def test_no_team_no_sign_in(qtbot, services: Services) -> None:
    assert sign_in_if_needed(services)
    assert services.member is None


def test_a_wrong_password_is_said_in_the_dialog_and_the_right_one_signs_in(qtbot, services: Services) -> None:
    services.users.add_user("Dr Ada Chair", "epileptologist", "correct horse battery")
    dialog = SignInDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name.findText("Dr Ada Chair") == 0
    dialog.name.setCurrentText("Dr Ada Chair")
    qtbot.keyClicks(dialog.password, "a guess at it")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.message.isHidden()
    assert dialog.message.text() == "wrong name or password for 'Dr Ada Chair'; not signed in"
    assert dialog.password.text() == "" and services.member is None
    qtbot.keyClicks(dialog.password, "correct horse battery")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert services.member is not None and services.member.name == "Dr Ada Chair"
    assert services.member.role == "administrator"

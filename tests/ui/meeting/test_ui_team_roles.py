"""The team dialog shows each member's role in isconf and lets an administrator change it
(issue 21); the last administrator cannot be demoted, and a non-administrator is refused,
both said in the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from isconf.services import Services
from ui.meeting.team import ChangeAccessDialog, TeamDialog

ADMIN, CLINICIAN = ("Dr Ada Admin", "ada password"), ("Dr Sam Surg", "sam password")


@pytest.fixture
def team(qtbot, services: Services) -> TeamDialog:
    services.users.add_user(ADMIN[0], "epileptologist", ADMIN[1])
    services.sign_in(*ADMIN)
    services.users.add_user(CLINICIAN[0], "neurosurgeon", CLINICIAN[1], "clinician")
    dialog = TeamDialog(services)
    qtbot.addWidget(dialog)
    return dialog


def _roles(dialog: TeamDialog) -> list[str]:
    model = dialog.model
    return [f"{model.index(r, 0).data()}: {model.index(r, 2).data()}" for r in range(model.rowCount())]


def _select(dialog: TeamDialog, row: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    dialog.view.selectionModel().select(dialog.model.index(row, 0), flags)


def _change_to(monkeypatch: pytest.MonkeyPatch, role: str, said: list[str]) -> None:
    def exec_(dialog: ChangeAccessDialog) -> int:
        dialog.access.setCurrentText(role)
        dialog.ok.click()
        if not dialog.message.isHidden():
            said.append(dialog.message.text())
        return dialog.result()

    monkeypatch.setattr(ChangeAccessDialog, "exec", exec_)


def test_an_administrator_changes_a_role_in_the_team_dialog(
    qtbot, team: TeamDialog, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert team.model.headerData(2, Qt.Orientation.Horizontal) == "Role in isconf"
    assert _roles(team) == [f"{ADMIN[0]}: administrator", f"{CLINICIAN[0]}: clinician"]
    assert not team.access_button.isEnabled()  # nobody selected yet
    said: list[str] = []
    _change_to(monkeypatch, "chair", said)
    _select(team, 1)
    assert team.access_button.isEnabled()
    qtbot.mouseClick(team.access_button, Qt.MouseButton.LeftButton)
    assert said == [] and _roles(team)[1] == f"{CLINICIAN[0]}: chair"

    _change_to(monkeypatch, "coordinator", said)
    _select(team, 0)
    qtbot.mouseClick(team.access_button, Qt.MouseButton.LeftButton)
    assert said == [
        f"{ADMIN[0]} is the team's only administrator; make another member administrator first "
        "(the team must keep one)"
    ]
    assert _roles(team)[0] == f"{ADMIN[0]}: administrator"


def test_anyone_else_is_told_which_role_it_needs(
    qtbot, team: TeamDialog, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.sign_out()
    services.sign_in(*CLINICIAN)
    said: list[str] = []
    _change_to(monkeypatch, "administrator", said)
    _select(team, 1)
    qtbot.mouseClick(team.access_button, Qt.MouseButton.LeftButton)
    assert said == [f"user (update) needs an administrator or above ({CLINICIAN[0]} is a clinician)"]
    assert _roles(team)[1] == f"{CLINICIAN[0]}: clinician"

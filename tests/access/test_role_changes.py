"""Changing a member's role (issue 21): an administrator's act, audited, refused to anyone
else (and that refusal audited), and never leaving the team without an administrator."""

from __future__ import annotations

import pytest

from conftest import run_cli
from isconf.access import roles
from isconf.services import ServiceError, Services


def _team(services: Services) -> None:
    services.users.add_user("Dr Admin", "epileptologist", "admin-password")
    services.sign_in("Dr Admin", "admin-password")
    services.users.add_user("Dr Clinician", "neurologist", "clinician-pw", "clinician")


def _access(services: Services) -> dict[str, str | None]:
    return {u.name: u.access_role for u in services.users.list_users()}


@pytest.mark.both_backends
def test_an_administrator_changes_a_role_and_the_trail_says_so(services: Services) -> None:
    _team(services)
    assert services.set_access("dr clinician", "chair") == "clinician"  # names compare as elsewhere
    assert _access(services)["Dr Clinician"] == "chair"
    [event] = [e for e in services.audit_trail() if e.field == "access_role"]
    assert (event.actor, event.key, event.old, event.new) == (
        "Dr Admin",
        "Dr Clinician",
        "clinician",
        "chair",
    )
    services.sign_out()
    services.sign_in("Dr Clinician", "clinician-pw")
    assert services.member is not None and services.member.role == "chair"


@pytest.mark.both_backends
def test_anyone_else_is_refused_and_the_refusal_is_audited(services: Services) -> None:
    _team(services)
    services.sign_out()
    services.sign_in("Dr Clinician", "clinician-pw")
    with pytest.raises(roles.RoleRefused, match=r"user \(update\) needs an administrator"):
        services.set_access("Dr Clinician", "administrator")
    assert _access(services)["Dr Clinician"] == "clinician"
    refusal = services.audit_trail()[-1]
    assert (refusal.action, refusal.key) == ("refused", "Dr Clinician")
    assert "needs an administrator" in str(refusal.new)


def test_the_team_never_loses_its_last_administrator(services: Services) -> None:
    _team(services)
    with pytest.raises(ServiceError, match="only administrator; make another member administrator first"):
        services.set_access("Dr Admin", "chair")
    assert _access(services)["Dr Admin"] == "administrator"
    assert not [e for e in services.audit_trail() if e.field == "access_role"]  # rolled back whole
    services.set_access("Dr Clinician", "administrator")
    services.set_access("Dr Admin", "chair")  # now another administrator remains
    assert _access(services) == {"Dr Admin": "chair", "Dr Clinician": "administrator"}
    # Their own role changed: from their next write on they are a chair, not an administrator.
    assert services.member is not None and services.member.role == "chair"
    with pytest.raises(roles.RoleRefused):
        services.set_access("Dr Clinician", "coordinator")


def test_an_unknown_member_or_role_is_one_clear_problem(services: Services) -> None:
    _team(services)
    with pytest.raises(ServiceError, match="no user is named 'Dr Nobody'"):
        services.set_access("Dr Nobody", "chair")
    with pytest.raises(ServiceError, match="'superuser' is not a role"):
        services.set_access("Dr Clinician", "superuser")


def test_the_command_line_changes_a_role(
    db_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(db_path)
    monkeypatch.setenv("ISCONF_PASSWORD", "admin-password")
    monkeypatch.delenv("ISCONF_USER", raising=False)
    assert run_cli(capsys, "--db", db, "user", "add", "Dr Admin", "--role", "epileptologist")[0] == 0
    monkeypatch.setenv("ISCONF_USER", "Dr Admin")
    monkeypatch.setenv("ISCONF_NEW_PASSWORD", "clinician-pw")
    assert run_cli(capsys, "--db", db, "user", "add", "Dr Clin", "--role", "neurologist")[0] == 0
    code, out, _ = run_cli(capsys, "--db", db, "user", "access", "Dr Clin", "chair")
    assert (code, out.strip()) == (0, "Dr Clin: clinician → chair")
    code, out, err = run_cli(capsys, "--db", db, "user", "access", "Dr Admin", "coordinator")
    assert (code, out) == (1, "")
    assert err.strip().startswith("isconf: error: ROLE: Dr Admin is the team's only administrator")
    monkeypatch.setenv("ISCONF_USER", "Dr Clin")
    monkeypatch.setenv("ISCONF_PASSWORD", "clinician-pw")
    code, _, err = run_cli(capsys, "--db", db, "user", "access", "Dr Clin", "administrator")
    assert code == 1 and "needs an administrator or above (Dr Clin is a chair)" in err

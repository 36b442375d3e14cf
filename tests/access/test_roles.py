"""Team members' roles (issue 21): each role's refusals, audited; only an administrator
manages the team; names unique after normalisation, look-alikes refused; the audit trail
names the signed-in member and the OS login beside them."""

from __future__ import annotations

import getpass
import unicodedata
from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from isconf import clock
from isconf.access import names, roles
from isconf.meetings.model import ActionItem
from isconf.services import ServiceError, Services

PASSWORDS = {
    "Dr Admin": "admin-password",
    "Cora Coordinator": "coordinator-pw",
    "Dr Clinician": "clinician-pw",
    "Dr Chair": "chair-password",
}


def _team(services: Services) -> int:
    """Demo cases, a closed meeting chaired by Dr Chair, and one member of each role."""
    services.add_demo_cases()
    services.users.add_user("Dr Admin", "epileptologist", PASSWORDS["Dr Admin"])
    services.sign_in("Dr Admin", PASSWORDS["Dr Admin"])
    services.users.add_user("Cora Coordinator", "nurse", PASSWORDS["Cora Coordinator"], "coordinator")
    services.users.add_user("Dr Clinician", "neurologist", PASSWORDS["Dr Clinician"], "clinician")
    services.users.add_user("Dr Chair", "epileptologist", PASSWORDS["Dr Chair"], "chair")
    meeting = services.meetings.create_meeting(
        title="Spasms conference", day=clock.today(), start_time=time(8, 0), chair="Dr Chair"
    )
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    services.sign_out()
    return meeting.id


def _as(services: Services, name: str) -> None:
    services.sign_in(name, PASSWORDS[name])


def _decide(services: Services, meeting_id: int) -> None:
    services.meetings.record_decision(
        meeting_id,
        "DEMO-1001",
        recommendation="further_evaluation",
        rationale="PET to confirm",
        actions=[ActionItem("Book PET", "Dr Nuc", clock.today())],
    )


def _refusals(services: Services) -> list[tuple[str, str]]:
    return [(e.key, str(e.new)) for e in services.audit_trail() if e.action == "refused"]


@pytest.mark.both_backends
def test_each_role_is_refused_what_it_may_not_do_and_the_refusal_is_audited(services: Services) -> None:
    meeting_id = _team(services)

    _as(services, "Cora Coordinator")
    services.meetings.add_cases(meeting_id, ["DEMO-1003"])  # a coordinator builds the agenda
    with pytest.raises(roles.RoleRefused, match=r"decision .* needs a clinician or above"):
        _decide(services, meeting_id)
    with pytest.raises(roles.RoleRefused, match="user \\(create\\) needs an administrator"):
        services.users.add_user("Dr Mallory", "epileptologist", "mallory-password", "chair")

    _as(services, "Dr Clinician")
    _decide(services, meeting_id)
    services.meetings.set_status(meeting_id, "closed")
    with pytest.raises(roles.RoleRefused, match="needs a chair or above"):
        services.signing.set_required_signers(meeting_id, ["Dr Chair", "Dr Clinician"])
    with pytest.raises(roles.RoleRefused, match="an approving signature needs a chair"):
        services.signing.sign(meeting_id, user="Dr Clinician", password="clinician-pw", meaning="approved")
    with pytest.raises(roles.RoleRefused, match="needs an administrator"):
        services.reset_password("Dr Chair", "a-new-password")

    _as(services, "Dr Chair")
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    with pytest.raises(roles.RoleRefused, match="user \\(create\\) needs an administrator"):
        services.users.add_user("Dr Real Chair", "epileptologist", "impostor-pw", "chair")
    services.signing.amend(meeting_id, reason="A chair amends")

    refusals = _refusals(services)
    assert [key for key, _ in refusals] == [
        "Cora Coordinator",
        "Cora Coordinator",
        "Dr Clinician",
        "Dr Clinician",
        "Dr Clinician",
        "Dr Chair",
    ]
    assert all("needs" in words for _, words in refusals)
    assert "Dr Mallory" not in [u.name for u in services.users.list_users()]


@pytest.mark.both_backends
def test_every_write_names_the_signed_in_member_and_the_os_login(services: Services) -> None:
    meeting_id = _team(services)
    _as(services, "Dr Clinician")
    _decide(services, meeting_id)
    since = max(e.id for e in services.audit_trail() if e.action == "create" and e.entity == "user")
    written = [e for e in services.audit_trail() if e.id > since and e.action not in ("sign_in_refused",)]
    assert written, "the decision wrote nothing to the trail"
    by_admin = [e for e in written if e.actor == "Dr Admin"]
    by_clinician = [e for e in written if e.actor == "Dr Clinician"]
    assert by_admin and by_clinician and len(by_admin) + len(by_clinician) == len(written)
    assert {e.os_login for e in written} == {getpass.getuser()}
    decision = services.meetings.get_meeting(meeting_id).agenda[0].decision
    assert decision is not None and decision.decided_by == "Dr Clinician"


def test_once_a_team_exists_a_write_needs_a_signed_in_member(services: Services) -> None:
    services.add_demo_cases()
    services.users.add_user("Dr Admin", "epileptologist", "admin-password")
    with pytest.raises(roles.SignInRequired, match="needs a signed-in team member"):
        services.meetings.create_meeting(title="Conf", day=clock.today(), chair="Dr Admin")
    with pytest.raises(ServiceError, match="wrong name or password"):
        services.sign_in("Dr Admin", "a-guessed-password")
    assert services.member is None
    trail = services.audit_trail()
    assert [e.action for e in trail][-2:] == ["refused", "sign_in_refused"]
    assert "a-guessed-password" not in str([e.to_json() for e in trail])


def test_only_an_administrator_adds_members_or_resets_passwords(services: Services) -> None:
    first = services.users.add_user("Dr Admin", "epileptologist", "admin-password")
    assert first.access_role == "administrator"  # the first member creates the team
    with pytest.raises(roles.SignInRequired):
        services.users.add_user("Dr Real Chair", "epileptologist", "impostor-pw", "chair")
    services.sign_in("Dr Admin", "admin-password")
    added = services.users.add_user("Dr Real Chair", "epileptologist", "chair-password", "chair")
    assert added.access_role == "chair"
    assert services.users.add_user("Dr Later", "neurologist", "later-password").access_role == "clinician"
    services.reset_password("Dr Real Chair", "reset-password")
    services.sign_out()
    services.sign_in("Dr Real Chair", "reset-password")
    with pytest.raises(ServiceError, match="not a role"):
        services.users.add_user("Dr Odd", "neurologist", "odd-password", "superuser")


@pytest.mark.parametrize(
    ("taken", "again"),
    [
        ("Dr Chair", "ＤＲ ＣＨＡＩＲ"),  # full-width letters: the same after NFKC
        ("Dr Strauß", "DR STRAUSS"),  # case folding
        ("Dr José", "Dr Jose\u0301"),  # a combining accent
    ],
)
def test_a_name_is_unique_after_normalisation(services: Services, taken: str, again: str) -> None:
    services.users.add_user(taken, "epileptologist", "admin-password")
    services.sign_in(taken, "admin-password")
    with pytest.raises(ServiceError, match="exists already"):
        services.users.add_user(again, "neurologist", "other-password")


def test_a_look_alike_letter_from_another_script_is_refused(services: Services) -> None:
    services.users.add_user("Dr A Chair", "epileptologist", "admin-password")
    services.sign_in("Dr A Chair", "admin-password")
    with pytest.raises(ServiceError, match=r"CYRILLIC CAPITAL LETTER A.*look-alike"):
        services.users.add_user("Dr \u0410 Chair", "epileptologist", "impostor-pw", "chair")
    for name in ("Ана Петрова", "山田 太郎", "Dr Ｏlsen", "Dr Renée O'Brien-Smith"):
        assert names.look_alike_problems(name) == []


@given(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=20))
def test_a_name_in_one_script_is_never_called_a_look_alike(text: str) -> None:
    scripts = {names.script_of(c) for c in unicodedata.normalize("NFKC", text)} - {None}
    assert (names.look_alike_problems(text) == []) == (len(scripts) <= 1)


def test_the_command_line_signs_in_from_the_environment(
    db_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(db_path)
    monkeypatch.delenv("ISCONF_USER", raising=False)
    monkeypatch.setenv("ISCONF_PASSWORD", "admin-password")
    assert run_cli(capsys, "--db", db, "demo")[0] == 0
    assert run_cli(capsys, "--db", db, "user", "add", "Dr Admin", "--role", "epileptologist")[0] == 0
    code, out, err = run_cli(capsys, "--db", db, "meeting", "new", "--date", "2026-12-07", "--title", "T")
    assert (code, out) == (1, "")
    assert err.strip() == (
        "isconf: error: member: meeting (create) needs a signed-in team member "
        "(set ISCONF_USER to your name and ISCONF_PASSWORD, or answer the prompt)"
    )
    monkeypatch.setenv("ISCONF_NEW_PASSWORD", "mallory-password")
    code, _, err = run_cli(capsys, "--db", db, "user", "add", "Dr Real Chair", "--role", "x")
    assert code == 1 and "needs a signed-in team member" in err
    monkeypatch.setenv("ISCONF_USER", "Dr Admin")
    monkeypatch.setenv("ISCONF_NEW_PASSWORD", "coordinator-pw")
    added = run_cli(capsys, "--db", db, "user", "add", "Cora", "--role", "nurse", "--access", "coordinator")
    assert added[0] == 0 and added[1].strip() == "added user Cora (nurse; coordinator)"
    monkeypatch.setenv("ISCONF_USER", "Cora")
    monkeypatch.setenv("ISCONF_PASSWORD", "coordinator-pw")
    code, _, err = run_cli(capsys, "--db", db, "user", "reset", "Dr Admin")
    assert code == 1
    assert err.strip() == (
        "isconf: error: member: user (reset) needs an administrator or above (Cora is a coordinator)"
    )
    assert run_cli(capsys, "--db", db, "meeting", "new", "--date", "2026-12-07", "--title", "T")[0] == 0
    monkeypatch.setenv("ISCONF_PASSWORD", "not-her-password")
    code, out, err = run_cli(capsys, "--db", db, "list")
    assert (code, out) == (1, "")
    assert err.strip() == "isconf: error: password: wrong name or password for 'Cora'; not signed in"


def test_demo_team_has_one_member_per_role_and_prints_their_passwords(
    db_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ISCONF_USER", raising=False)
    code, out, _ = run_cli(capsys, "--db", str(db_path), "demo", "--team")
    assert code == 0
    lines = out.splitlines()[1:]
    assert [line.split()[1] for line in lines] == ["administrator", "chair", "clinician", "coordinator"]
    name, password = "Dr Demo Clinician", lines[2].rsplit(" ", 1)[1]
    monkeypatch.setenv("ISCONF_USER", name)
    monkeypatch.setenv("ISCONF_PASSWORD", password)
    code, _, _ = run_cli(
        capsys, "--db", str(db_path), "meeting", "new", "--date", "2026-12-07", "--title", "T"
    )
    assert code == 0
    code, _, err = run_cli(capsys, "--db", str(db_path), "demo", "--team")
    assert code == 2 or code == 1
    assert "has team members already" in err

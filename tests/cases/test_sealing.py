"""Issue 23: cases and members from before migration 0013 (no content hash, no signing key)
are reported by ``isconf check`` as not yet sealed, not passed silently nor failed;
``isconf check --seal`` seals the cases (audited), and a sealed case changed by SQL is then found."""

from __future__ import annotations

import pytest

from conftest import run_cli
from dbtools import errors_of, execute_on
from isconf.services import Services


@pytest.fixture(autouse=True)
def _signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sealing writes audited events: once the team exists, as its signed-in member (issue 21)."""
    monkeypatch.setenv("ISCONF_USER", "Dr Chair")
    monkeypatch.setenv("ISCONF_PASSWORD", "chair-password")


def _as_before_0013(services: Services, db: str) -> int:
    """Demo cases and a member, their hashes and keys taken away as 0013 found them."""
    services.add_demo_cases()
    services.users.add_user("Dr Chair", "epileptologist", "chair-password")
    cases = len(services.list_cases())
    services.close()
    execute_on(
        db,
        "UPDATE case_record SET content_sha256 = NULL",
        "UPDATE user_account SET public_key = NULL, private_key = NULL",
    )
    return cases


@pytest.mark.both_backends
def test_check_names_what_is_not_yet_sealed_and_seal_seals_the_cases(
    services: Services, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = _as_before_0013(services, db)
    code, out, err = run_cli(capsys, "check", "--db", db)
    assert (code, errors_of(err)) == (0, [])
    lines = out.splitlines()
    assert lines[-1] == "ok"
    assert lines[0].startswith(f"note: {cases} cases not yet sealed (saved before 0013")
    assert "case_record 1, 2," in lines[0] and "isconf check --seal" in lines[0]
    assert lines[1].startswith("note: 1 team member not yet sealed (added before 0013: no signing key)")
    assert "user_account 1;" in lines[1]

    code, out, err = run_cli(capsys, "check", "--seal", "--db", db)
    assert (code, errors_of(err)) == (0, [])
    lines = out.splitlines()
    assert lines[0] == f"sealed {cases} cases saved before 0013"
    assert [line for line in lines if "case" in line and line.startswith("note:")] == []
    assert lines[-2].startswith("note: 1 team member not yet sealed") and lines[-1] == "ok"

    # The seal is audited, and a sealed case changed by SQL is found.
    reopened = Services.open(db)
    try:
        assert sum(e.action == "seal" for e in reopened.audit_trail()) == cases
    finally:
        reopened.close()
    execute_on(db, "UPDATE case_record SET family_name = 'Other' WHERE id = 1")
    code, _, err = run_cli(capsys, "check", "--db", db)
    assert code == 1
    assert "case_record 1: its content no longer matches its hash (changed outside isconf)" in err


def test_a_case_with_a_value_outside_its_vocabulary_is_reported_and_never_sealed(
    services: Services, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _as_before_0013(services, db)
    execute_on(db, "UPDATE case_record SET sex = 'f''male' WHERE id = 2")
    code, out, err = run_cli(capsys, "check", "--seal", "--db", db)
    assert code == 1 and "sealed" not in out
    assert "case_record 2: case.sex: the stored value is not valid" in err
    execute_on(db, "UPDATE case_record SET sex = 'female' WHERE id = 2")
    code, out, _ = run_cli(capsys, "check", "--db", db)
    assert code == 0 and "case_record 1, 2," in out  # still not sealed


def test_check_shows_its_progress_on_standard_error(
    services: Services, db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from isconf import cli_maintenance

    monkeypatch.setattr(cli_maintenance.Progress, "EVERY", 2)
    cases = _as_before_0013(services, db)
    code, _, err = run_cli(capsys, "check", "--db", db)
    assert code == 0
    assert errors_of(err) == [f"isconf: checking cases: {n} of {cases}" for n in (*range(2, cases, 2), cases)]

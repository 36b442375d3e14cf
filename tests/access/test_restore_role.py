"""``isconf restore`` once the database has a team (issue 21): an administrator's act; anyone
else is refused in one line, the refusal is on the audit trail, and nothing is replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from isconf.services import Services


@pytest.fixture
def team_db(db_path: Path) -> Path:
    services = Services.open(str(db_path))
    services.add_demo_cases()
    services.users.add_user("Dr Admin", "epileptologist", "admin-password")
    services.sign_in("Dr Admin", "admin-password")
    services.users.add_user("Dr Chair", "epileptologist", "chair-password", "chair")
    services.close()
    return db_path


def _cases(db: Path) -> list[str]:
    services = Services.open(str(db))
    try:
        return sorted(s.mrn for s in services.list_cases())
    finally:
        services.close()


def _trail(db: Path) -> list:
    services = Services.open(str(db))
    try:
        return list(services.audit_trail())
    finally:
        services.close()


def _refusals(db: Path) -> list[tuple[str, str]]:
    services = Services.open(str(db))
    try:
        return [(e.key, str(e.new)) for e in services.audit_trail() if e.action == "refused"]
    finally:
        services.close()


def test_only_an_administrator_restores(
    team_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.db"
    assert run_cli(capsys, "backup", str(copy), "--db", str(team_db))[0] == 0
    monkeypatch.setenv("ISCONF_USER", "Dr Admin")
    monkeypatch.setenv("ISCONF_PASSWORD", "admin-password")
    services = Services.open(str(team_db))
    services.sign_in("Dr Admin", "admin-password")
    services.delete_case("DEMO-1001")
    services.close()
    before = _cases(team_db)

    # A chair is refused: restoring replaces every meeting, the team and the trail at once.
    monkeypatch.setenv("ISCONF_USER", "Dr Chair")
    monkeypatch.setenv("ISCONF_PASSWORD", "chair-password")
    code, out, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(team_db))
    assert (code, out) == (1, "")
    assert err.strip() == (
        "isconf: error: member: restoring a backup needs an administrator or above (Dr Chair is a chair)"
    )
    assert _cases(team_db) == before
    # Nobody signed in: refused too, saying how to sign in.
    monkeypatch.delenv("ISCONF_USER")
    code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(team_db))
    assert code == 1 and "restoring a backup needs a signed-in team member (set ISCONF_USER" in err
    assert [key for key, _ in _refusals(team_db)][-2:] == ["Dr Chair", _os_login()]
    assert not list((team_db.parent / "backups").glob("*-before-restore.db"))

    monkeypatch.setenv("ISCONF_USER", "Dr Admin")
    monkeypatch.setenv("ISCONF_PASSWORD", "admin-password")
    code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(team_db))
    assert code == 0, err
    assert "DEMO-1001" in _cases(team_db)
    # The copy's trail ends where the copy was made; the restore is its next event, chained.
    [kept] = (team_db.parent / "backups").glob("*-before-restore.db")
    last = _trail(team_db)[-1]
    assert (last.action, last.entity, last.key, last.actor) == (
        "restored",
        "database",
        "Dr Admin",
        "Dr Admin",
    )
    assert last.new == f"put in place from {copy}; the replaced database is kept as {kept}"
    assert not [
        e for e in _trail(team_db) if e.action == "refused"
    ]  # the refusals were on the replaced trail
    assert run_cli(capsys, "check", "--db", str(team_db))[0] == 0


def test_a_restore_without_a_team_names_the_os_login(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _demo_and_its_backup(db_path, tmp_path, capsys)
    assert run_cli(capsys, "restore", str(copy), "--yes", "--db", str(db_path))[0] == 0
    last = _trail(db_path)[-1]
    assert (last.action, last.key) == ("restored", _os_login())


def test_a_wrong_password_restores_nothing(
    team_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.db"
    assert run_cli(capsys, "backup", str(copy), "--db", str(team_db))[0] == 0
    monkeypatch.setenv("ISCONF_USER", "Dr Admin")
    monkeypatch.setenv("ISCONF_PASSWORD", "a guess")
    code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(team_db))
    assert code == 1 and "wrong name or password for 'Dr Admin'" in err
    assert not list((team_db.parent / "backups").glob("*-before-restore.db"))


def _demo_and_its_backup(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database of the demo cases without a team, and its backup copy."""
    services = Services.open(str(db))
    services.add_demo_cases()
    services.close()
    copy = tmp_path / "copy.db"
    assert run_cli(capsys, "backup", str(copy), "--db", str(db))[0] == 0
    return copy


def _os_login() -> str:
    from isconf.store.audit import os_login

    return os_login()


def test_a_restore_whose_record_cannot_be_written_says_so_and_succeeds(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from isconf.store.database import Database, DatabaseError

    copy = _demo_and_its_backup(db_path, tmp_path, capsys)

    def disk_full(*_: object) -> None:
        raise DatabaseError(f"{db_path}: nothing was saved (database or disk is full)")

    monkeypatch.setattr(Database, "record_restore", disk_full)  # a full disk, at that moment only
    code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(db_path))
    assert code == 0  # the restore itself is done: running it again is not what to do
    assert err.splitlines()[-1] == (
        f"isconf: note: restored, but the restore is not on the restored trail ({db_path}: nothing was "
        "saved (database or disk is full))"
    )

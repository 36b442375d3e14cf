"""Encryption at rest (issue 21): a database made with a passphrase holds no plaintext (file,
WAL, backups, daily copies, drafts), opens with that passphrase only, and ``isconf encrypt``
converts a plain database with everything intact."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path

import pytest

from conftest import run_cli
from isconf import clock
from isconf.services import Services
from isconf.store import cipher
from isconf.store.backup import backups_folder, daily_backup
from isconf.store.database import DatabaseError, open_database
from isconf.store.integrity import check_location

PASSPHRASE = "correct horse battery staple"
DAY = date(2026, 12, 7)


@pytest.fixture
def planted(fixed_clock: Callable[[date], None]) -> list[bytes]:
    """What must never be readable in an encrypted file: a name, an MRN and a birth date."""
    fixed_clock(DAY)
    return [b"Chiara", b"DEMO-1003", b"2025-10-23", "Chiara".encode("utf-16-le")]


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield PASSPHRASE


def _fill(db: str) -> Services:
    services = Services.open(db)
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(
        title="Spasms conference", day=clock.today(), start_time=time(8, 0), chair="Dr Chair"
    )
    services.meetings.add_cases(meeting.id, ["DEMO-1003"])
    services.meetings.record_decision(
        meeting.id, "DEMO-1003", recommendation="further_evaluation", rationale="PET for Chiara"
    )
    services.meetings.set_status(meeting.id, "closed")
    services.users.add_user("Dr Chair", "epileptologist", "chair-password")
    services.signing.sign(meeting.id, user="Dr Chair", password="chair-password", meaning="approved")
    return services


def _leaks(path: Path, planted: list[bytes]) -> list[str]:
    data = path.read_bytes()
    return [word.decode("latin-1") for word in planted if word in data]


def test_a_database_made_with_a_passphrase_holds_no_plaintext(
    passphrase: str, db_path: Path, planted: list[bytes], tmp_path: Path
) -> None:
    services = _fill(str(db_path))
    assert services.database.encrypted
    wal = Path(f"{db_path}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # still open: the last writes sit in the WAL
    services.drafts.save("DEMO-1003", 1, services.export_document("DEMO-1003"))
    drafts = list(services.drafts.folder.glob("*.json"))
    assert services.drafts.load("DEMO-1003") is not None  # and it reads back
    copy = tmp_path / "copy.db"
    assert run_cli_ok("backup", str(copy), "--db", str(db_path))
    daily = daily_backup(db_path, today=DAY)
    assert daily is not None
    for path in (db_path, wal, copy, daily, *drafts):
        assert not path.read_bytes().startswith(cipher.SQLITE_HEADER), path
        assert _leaks(path, planted) == [], path
    services.close()
    for path in (db_path, copy, daily):
        assert not path.read_bytes().startswith(cipher.SQLITE_HEADER)
        assert _leaks(path, planted) == [], path
    reopened = Services.open(str(copy))
    assert reopened.get_case("DEMO-1003").case.given_name == "Chiara"
    reopened.close()


def run_cli_ok(*argv: str) -> bool:
    from isconf import cli

    return cli.main(list(argv)) == 0


def test_only_the_right_passphrase_opens_it(
    passphrase: str, db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(str(db_path)).close()
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", "not the passphrase")
    with pytest.raises(DatabaseError, match="the passphrase does not open it"):
        open_database(str(db_path))
    code, out, err = run_cli(capsys, "list", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"isconf: error: {db_path}: the passphrase does not open it (wrong passphrase, or not an "
        "isconf database); it was left untouched"
    ]
    monkeypatch.delenv("ISCONF_DB_PASSPHRASE")
    code, _, err = run_cli(capsys, "list", "--db", str(db_path))
    assert code == 1 and len(err.splitlines()) == 1 and "give its passphrase in ISCONF_DB_PASSPHRASE" in err


def test_a_plain_database_still_opens_and_check_says_it_is_plain(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ISCONF_DB_PASSPHRASE", raising=False)
    services = Services.open(str(db_path))
    services.add_demo_cases()
    assert not services.database.encrypted
    services.close()
    assert db_path.read_bytes().startswith(cipher.SQLITE_HEADER)
    code, out, err = run_cli(capsys, "check", "--db", str(db_path))
    assert (code, out) == (0, "ok\n")
    assert err == (
        f"isconf: warning: {db_path}: is not encrypted: anyone who copies the file reads every record; "
        "encrypt it with: isconf encrypt\n"
    )


def test_encrypt_keeps_every_case_meeting_signature_and_audit_event(
    db_path: Path, planted: list[bytes], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ISCONF_DB_PASSPHRASE", raising=False)
    services = _fill(str(db_path))
    before = _everything(services)
    services.close()
    daily = daily_backup(db_path, today=DAY)
    assert daily is not None and _leaks(daily, planted)  # a plain copy: it reads
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", PASSPHRASE)
    code, out, err = run_cli(capsys, "encrypt", "--db", str(db_path))
    assert code == 0, err
    assert out.startswith(f"encrypted {db_path} and 1 automatic copy in backups/")
    for path in (db_path, daily):
        assert not path.read_bytes().startswith(cipher.SQLITE_HEADER)
        assert _leaks(path, planted) == [], path
    assert sorted(p.name for p in db_path.parent.iterdir() if "before-encrypt" in p.name) == []
    assert run_cli(capsys, "check", "--db", str(db_path)) == (0, "ok\n", "")
    reopened = Services.open(str(db_path))
    assert reopened.database.encrypted
    assert _everything(reopened) == before
    reopened.close()
    code, _, err = run_cli(capsys, "encrypt", "--db", str(db_path))
    assert code == 1 and "is encrypted already" in err
    assert list(backups_folder(db_path).glob("*.db")) == [daily]


def _everything(services: Services) -> tuple[object, ...]:
    trail = [(e.id, e.actor, e.action, e.field, e.new) for e in services.audit_trail()]
    with services.database.reading() as session:
        hashes = session.connection().exec_driver_sql("SELECT hash FROM audit_event ORDER BY id").all()
        signed = session.connection().exec_driver_sql("SELECT content_sha256 FROM signature").all()
    cases = [services.export_document(c.mrn) for c in services.list_cases()]
    meeting = services.meetings.get_meeting(1)
    return (trail, hashes, signed, cases, meeting.status, meeting.agenda[0].decision)


def test_rekey_changes_the_passphrase(
    passphrase: str, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(str(db_path)).close()
    monkeypatch.setenv("ISCONF_NEW_DB_PASSPHRASE", "a brand new passphrase")
    code, _, err = run_cli(capsys, "rekey", "--db", str(db_path))
    assert code == 0, err
    with pytest.raises(DatabaseError, match="the passphrase does not open it"):
        open_database(str(db_path))
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", "a brand new passphrase")
    database = open_database(str(db_path))
    assert check_location(database.location) == []
    database.close()


def test_an_encrypted_backup_is_restored_and_the_restore_is_on_its_trail(
    tmp_path: Path, passphrase: str, capsys: pytest.CaptureFixture[str], planted: list[bytes]
) -> None:
    db = tmp_path / "isconf.db"
    services = Services.open(str(db))
    services.add_demo_cases()
    services.close()
    copy = tmp_path / "copy.db"
    assert run_cli(capsys, "backup", str(copy), "--db", str(db))[0] == 0
    code, _, err = run_cli(capsys, "restore", str(copy), "--yes", "--db", str(db))
    assert code == 0 and "note" not in err, err
    restored = Services.open(str(db))
    try:
        assert [e.action for e in restored.audit_trail()][-1] == "restored"
    finally:
        restored.close()
    assert not _leaks(db, planted)  # written through the passphrase, never in the clear
    assert run_cli(capsys, "check", "--db", str(db))[0] == 0

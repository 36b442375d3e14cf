"""``isconf check`` finds what someone with the database in hand changed around isconf:
dropped or disabled triggers, a signature inserted by SQL, a case value outside its
vocabulary or changed from its hash; a damaged file is one line a problem, no traceback
and no patient data."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from certs import Pki, make_pki
from conftest import closed_meeting_with_signers, run_cli
from dbtools import errors_of, execute_on
from isconf.services import Services
from isconf.store.database import open_database

PAGE = 4096


def _check(capsys: pytest.CaptureFixture[str], db: str) -> tuple[int, list[str]]:
    code, _, err = run_cli(capsys, "check", "--db", db)
    assert "Traceback" not in err
    return code, errors_of(err)


def _signed_meeting(services: Services) -> int:
    meeting_id = closed_meeting_with_signers(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    return meeting_id


@pytest.mark.both_backends
def test_a_sound_database_with_a_signed_meeting_checks_ok(
    services: Services, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _signed_meeting(services)
    services.close()
    code, lines = _check(capsys, db)
    assert (code, lines) == (0, []), lines


@pytest.mark.both_backends
def test_dropped_or_disabled_triggers_are_reported(
    services: Services, db: str, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    services.add_demo_cases()
    services.close()
    if backend == "sqlite":
        execute_on(db, "DROP TRIGGER audit_event_no_update")
        expected = "trigger audit_event_no_update: is missing"
    else:
        execute_on(db, "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        expected = "trigger audit_event_append_only: is disabled"
    code, lines = _check(capsys, db)
    assert code == 1 and any(expected in line for line in lines), lines


def test_an_altered_trigger_is_reported(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Services.open(str(db_path)).close()
    execute_on(
        str(db_path),
        "DROP TRIGGER audit_event_no_delete",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event WHEN 0 BEGIN SELECT 1; END",
    )
    code, lines = _check(capsys, str(db_path))
    assert code == 1 and any("trigger audit_event_no_delete: differs" in line for line in lines), lines


@pytest.mark.both_backends
def test_a_signature_inserted_by_sql_is_reported(
    services: Services, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_id = _signed_meeting(services)
    services.close()
    execute_on(
        db,
        "INSERT INTO signature (meeting_id, revision, user_id, printed_name, role, meaning, signed_at, "
        "time_zone, content_sha256) SELECT meeting_id, revision, 2, 'Dr Surgeon', 'neurosurgeon', "
        f"'approved', signed_at, time_zone, content_sha256 FROM signature WHERE meeting_id = {meeting_id}",
    )
    code, lines = _check(capsys, db)
    assert code == 1
    assert any("has no sign event in the audit trail (added outside isconf)" in line for line in lines), lines


@pytest.mark.both_backends
def test_a_case_value_outside_its_vocabulary_is_reported_by_table_and_id(
    services: Services, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    services.add_demo_cases()
    services.close()
    execute_on(
        db, "UPDATE mri_lesion SET extent = 'h''mispheric' WHERE id = (SELECT min(id) FROM mri_lesion)"
    )
    code, lines = _check(capsys, db)
    assert code == 1
    assert any(
        ".lesions[0].extent: the stored value is not valid for the case format" in line for line in lines
    ), lines
    assert any("case_record " in line and "no longer matches its hash" in line for line in lines), lines
    assert not any("mispheric" in line for line in lines)


def test_a_valid_value_changed_outside_isconf_breaks_the_hash(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = Services.open(str(db_path))
    services.add_demo_cases()
    services.close()
    execute_on(str(db_path), "UPDATE case_record SET sex = 'male' WHERE sex = 'female'")
    code, lines = _check(capsys, str(db_path))
    assert code == 1 and any("no longer matches its hash" in line for line in lines), lines


# --- the damaged-file corpus ---------------------------------------------------------------------


def _patient_data(db_path: Path) -> list[str]:
    services = Services.open(str(db_path))
    try:
        found: list[str] = []
        for case in services.list_cases():
            stored = services.get_case(case.mrn).case
            found += [stored.mrn, stored.mrn.lower()]
            found += [name for name in (stored.family_name, stored.given_name) if name]
            if stored.date_of_birth is not None:
                found.append(stored.date_of_birth.isoformat())
        return found
    finally:
        services.close()


def _corpus(source: Path, folder: Path) -> list[Path]:
    data = source.read_bytes()
    rng = random.Random(23)
    copies: list[tuple[str, bytes]] = []
    for n in range(100):
        flipped = bytearray(data)
        at = rng.randrange(100, len(data))
        flipped[at] ^= 1 << rng.randrange(8)
        copies.append((f"flip{n}", bytes(flipped)))
    copies.append(("truncated", data[: len(data) // 2]))
    copies.append(("zeroed", data[:PAGE] + b"\0" * PAGE * 2 + data[PAGE * 3 :]))
    copies.append(("empty", b""))
    copies.append(("foreign", b"PK\x03\x04 not a database at all" * 10))
    paths = []
    for name, content in copies:
        path = folder / name / "isconf.db"
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        paths.append(path)
    return paths


def test_the_damaged_file_corpus_gives_no_traceback_and_no_patient_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISCONF_BACKUP_DAYS", "0")
    source = tmp_path / "source" / "isconf.db"
    services = Services.open(str(source))
    services.add_demo_cases()
    services.close()
    shutil.copy(source, tmp_path / "plain.db")  # the WAL is checkpointed at close
    secrets = [s for s in _patient_data(source) if len(s) >= 4]
    for path in _corpus(tmp_path / "plain.db", tmp_path / "corpus"):
        for command in ("check", "list"):
            code, _, err = run_cli(capsys, command, "--db", str(path))  # a traceback fails the test
            assert "Traceback" not in err, (path, command, err)
            leaked = [s for s in secrets if s in err]
            assert not leaked, (path.parent.name, command, err)
            if command == "check" and code == 0:
                continue
            assert code != 0 or command == "list"


# --- an event edited and the chain recomputed: only a hash kept outside the database tells -------


def _rewrite_history(db_path: Path) -> None:
    """What a forger with the file and isconf's source does: drop the triggers, edit the first
    event, recompute every later hash and the anchor, put the triggers back as they were."""
    from sqlmodel import Session, col, select

    from isconf.store.audit import event_hash
    from isconf.store.tables import AuditAnchorRecord, AuditEventRecord
    from isconf.store.tamper import _migrations

    execute_on(str(db_path), "DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete")
    database = open_database(str(db_path), migrate=False)
    try:
        with Session(database.engine) as session:
            previous = "0" * 64
            for event in session.exec(select(AuditEventRecord).order_by(col(AuditEventRecord.id))):
                if event.id == 1:
                    event.actor = "someone else"
                event.prev_hash = previous
                event.hash = event_hash(event)
                previous = event.hash
                session.add(event)
            anchor = session.get(AuditAnchorRecord, 1)
            assert anchor is not None
            anchor.last_hash = previous
            session.add(anchor)
            session.commit()
    finally:
        database.close()
    execute_on(str(db_path), *_migrations()[0].SQLITE_TRIGGERS)


def test_an_event_edited_and_rechained_is_found_against_a_summary_signed_before(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from isconf.summary.export import export_summary

    pki = session_pki_for(tmp_path)
    services = Services.open(str(db_path))
    meeting_id = _signed_meeting(services)
    summary = tmp_path / "summary.pdf"
    export_summary(services, meeting_id, summary, p12=pki.p12, passphrase=pki.passphrase)
    services.close()
    assert _check(capsys, str(db_path)) == (0, [])
    code, _, err = run_cli(capsys, "check", "--db", str(db_path), "--against", str(summary))
    assert (code, errors_of(err)) == (0, [])

    _rewrite_history(db_path)
    assert _check(capsys, str(db_path)) == (0, [])  # the chain holds together again
    code, _, err = run_cli(capsys, "check", "--db", str(db_path), "--against", str(summary))
    assert code == 1
    assert "the trail before that summary was rewritten" in err and len(errors_of(err)) == 1


def session_pki_for(folder: Path) -> Pki:  # a signer's certificate for this test only

    return make_pki(folder / "pki")


def test_against_an_unsigned_or_missing_summary_is_one_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Services.open(str(db_path)).close()
    code, _, err = run_cli(capsys, "check", "--db", str(db_path), "--against", str(tmp_path / "nowhere.pdf"))
    assert code == 1 and err.count("\n") == 1 and "nowhere.pdf: cannot be read" in err

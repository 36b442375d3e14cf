"""The issue's whole path on the command line: team members sign a closed meeting, which
locks it; the summary is written and signed with a certificate; ``isconf verify`` holds it
to its signatures, and fails once one byte changes."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from certs import Pki, session_pki
from conftest import run_cli
from isconf import clock
from isconf.services import Services
from isconf.summary.attachment import read_json
from isconf.summary.content import attachment_problems


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return session_pki(tmp_path_factory)


def _signed_meeting(db: Path) -> int:
    services = Services.open(str(db))
    try:
        services.add_demo_cases()
        meeting = services.meetings.create_meeting(
            title="Spasms surgery conference", day=clock.today(), start_time=time(8, 0), chair="Dr Chair"
        )
        services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1003"])
        services.meetings.record_decision(
            meeting.id, "DEMO-1001", recommendation="further_evaluation", rationale="PET first", tests=["pet"]
        )
        services.meetings.set_status(meeting.id, "closed")
        return meeting.id
    finally:
        services.close()


def test_sign_lock_export_sign_and_verify(
    db_path: Path, pki: Pki, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = _signed_meeting(db_path)
    db = ("--db", str(db_path))
    monkeypatch.setenv("ISCONF_PASSWORD", "chair's long password")
    assert run_cli(capsys, *db, "user", "add", "Dr Chair", "--role", "epileptologist")[0] == 0
    code, out, err = run_cli(
        capsys, *db, "meeting", "sign", str(meeting_id), "--user", "Dr Chair", "--meaning", "approved"
    )
    assert code == 0, err
    assert "locked" in (out + err).lower()
    refused = run_cli(capsys, *db, "meeting", "status", str(meeting_id), "reopen")
    assert refused[0] != 0 and "signed and locked" in refused[2]

    pdf = db_path.parent / "summary.pdf"
    monkeypatch.setenv("ISCONF_P12_PASSPHRASE", pki.passphrase.decode())
    code, _, err = run_cli(capsys, *db, "summary", str(meeting_id), "-o", str(pdf), "--p12", str(pki.p12))
    assert code == 0, err
    assert "signed off; PDF signed with the certificate" in err
    document = read_json(pdf.read_bytes())
    assert attachment_problems(document) == []
    assert [(s["name"], s["meaning"]) for s in document["signatures"]] == [("Dr Chair", "approved")]
    manifest_page = PdfReader(pdf).pages[-1].extract_text()
    assert "Dr Chair" in manifest_page and "Approved" in manifest_page and "epileptologist" in manifest_page

    code, out, _ = run_cli(capsys, "verify", str(pdf), "--trust", str(pki.ca_pem))
    assert code == 0, out
    assert out.rstrip().endswith("VERIFIED")

    data = bytearray(pdf.read_bytes())
    data[len(data) // 3] ^= 0x01
    changed = db_path.parent / "changed.pdf"
    changed.write_bytes(bytes(data))
    code, out, _ = run_cli(capsys, "verify", str(changed), "--trust", str(pki.ca_pem))
    assert code == 1 and "NOT VERIFIED" in out


def test_a_wrong_passphrase_writes_nothing(
    db_path: Path, pki: Pki, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = _signed_meeting(db_path)
    pdf = db_path.parent / "summary.pdf"
    monkeypatch.setenv("ISCONF_P12_PASSPHRASE", "not it")
    code, _, err = run_cli(
        capsys, "--db", str(db_path), "summary", str(meeting_id), "-o", str(pdf), "--p12", str(pki.p12)
    )
    assert code == 1 and "--p12" in err and "wrong passphrase" in err
    assert not pdf.exists()

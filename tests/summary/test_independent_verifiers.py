"""The signed summary checked by verifiers nobody here wrote (issue 18): pyHanko's own
command line and poppler's ``pdfsig`` accept a signed summary and reject a tampered copy,
``qpdf --check`` finds no structural error in the agenda and summary PDFs, and a PAdES
B-T timestamp from a local RFC 3161 authority is reported by ``isconf verify``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from tsa_server import TSA_NAME, local_tsa

from certs import make_ca, make_signer, p12_bytes
from conftest import run_cli
from isconf import clock
from isconf.meetings.agenda_pdf import agenda_pdf_bytes
from isconf.meetings.model import Attendee
from isconf.services import Services

PASSWORD = "chair's long password"
PASSPHRASE = b"signer passphrase"
MRNS = ("DEMO-1001", "DEMO-1002")


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, (
        f"{name} is not installed: see the README's test set-up (apt-get install qpdf poppler-utils)"
    )
    return found


def pyhanko() -> str:
    """The pyHanko command line of this environment (the pyhanko-cli package)."""
    found = Path(sys.executable).parent / "pyhanko"
    assert found.exists(), "pyhanko-cli is not installed: pip install -e '.[test]'"
    return str(found)


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A signed-off two-case meeting in a database, and a CA with a signer's PKCS#12."""
    folder = tmp_path_factory.mktemp("verifiers")
    ca_key, ca = make_ca("Synthetic Hospital Verifier CA")
    key, cert = make_signer(ca_key, ca, "Dr Verifier Chair")
    (folder / "signer.p12").write_bytes(p12_bytes(key, cert, [ca], PASSPHRASE))
    (folder / "ca.pem").write_bytes(ca.public_bytes(Encoding.PEM))
    db = folder / "isconf.db"
    with clock.fixed(datetime.combine(date(2026, 11, 26), time(9, 0), tzinfo=UTC)):
        services = Services.open(str(db))
        try:
            services.add_demo_cases()
            meeting = services.meetings.create_meeting(
                title="Spasms surgery conference", day=clock.today(), chair="Dr Chair"
            )
            services.meetings.add_cases(meeting.id, list(MRNS))
            services.meetings.set_attendance(meeting.id, [Attendee("Dr Chair", "epileptologist")])
            for mrn in MRNS:
                services.meetings.record_decision(
                    meeting.id, mrn, recommendation="further_evaluation", rationale="PET first."
                )
            services.users.add_user("Dr Chair", "epileptologist", PASSWORD)
            services.sign_in("Dr Chair", PASSWORD)  # the team's first member writes from now on
            services.meetings.set_status(meeting.id, "closed")
            services.signing.sign(meeting.id, user="Dr Chair", password=PASSWORD, meaning="approved")
            agenda = services.meetings.get_meeting(meeting.id)
            (folder / "agenda.pdf").write_bytes(agenda_pdf_bytes(agenda))
            (folder / "agenda-deidentified.pdf").write_bytes(agenda_pdf_bytes(agenda, deidentify=True))
            for name, options in (
                ("unsigned.pdf", {}),
                ("signed.pdf", {"p12": folder / "signer.p12", "passphrase": PASSPHRASE}),
                (
                    "deidentified.pdf",
                    {"p12": folder / "signer.p12", "passphrase": PASSPHRASE, "deidentify": True},
                ),
            ):
                services.export_summary(meeting.id, folder / name, **options)
            with local_tsa(ca_key, ca) as url:
                services.export_summary(
                    meeting.id,
                    folder / "timestamped.pdf",
                    p12=folder / "signer.p12",
                    passphrase=PASSPHRASE,
                    timestamp_url=url,
                )
        finally:
            services.close()
    signed = (folder / "signed.pdf").read_bytes()
    tampered = bytearray(signed)
    tampered[len(signed) // 3] ^= 0x01  # one bit inside the signed bytes
    (folder / "tampered.pdf").write_bytes(bytes(tampered))
    return {"folder": folder, "db": db, "meeting": meeting.id, "ca": folder / "ca.pem"}


def test_pyhankos_own_command_line_accepts_the_signed_summary(setup: dict[str, Any]) -> None:
    for name in ("signed.pdf", "deidentified.pdf", "timestamped.pdf"):
        result = run(
            pyhanko(),
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            str(setup["ca"]),
            str(setup["folder"] / name),
        )
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert "The signature is judged VALID" in result.stdout
        assert "The signature covers the entire file" in result.stdout
        assert "The signer's certificate is trusted" in result.stdout


def test_pyhankos_own_command_line_rejects_a_tampered_copy(setup: dict[str, Any]) -> None:
    result = run(
        pyhanko(), "sign", "validate", "--trust", str(setup["ca"]), str(setup["folder"] / "tampered.pdf")
    )
    assert result.returncode != 0
    assert "INVALID" in result.stdout and "INTACT" not in result.stdout


def test_poppler_pdfsig_accepts_the_signed_summary_whole(setup: dict[str, Any]) -> None:
    for name in ("signed.pdf", "deidentified.pdf", "timestamped.pdf"):
        result = run(tool("pdfsig"), str(setup["folder"] / name))
        assert result.returncode == 0, result.stderr
        assert "Signature Validation: Signature is Valid." in result.stdout, name
        assert "Total document signed" in result.stdout, name
        assert "Signer Certificate Common Name: Dr Verifier Chair" in result.stdout


def test_poppler_pdfsig_rejects_a_tampered_copy(setup: dict[str, Any]) -> None:
    result = run(tool("pdfsig"), str(setup["folder"] / "tampered.pdf"))
    assert "Signature is Valid" not in result.stdout
    assert "Digest Mismatch" in result.stdout


def test_qpdf_finds_no_structural_error_in_any_pdf(setup: dict[str, Any]) -> None:
    names = (
        "agenda.pdf",
        "agenda-deidentified.pdf",
        "unsigned.pdf",
        "signed.pdf",
        "deidentified.pdf",
        "timestamped.pdf",
    )
    for name in names:
        result = run(tool("qpdf"), "--check", str(setup["folder"] / name))
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert "No syntax or stream encoding errors found" in result.stdout, name


def test_isconf_verify_reports_the_timestamp(
    setup: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        capsys, "verify", str(setup["folder"] / "timestamped.pdf"), "--trust", str(setup["ca"])
    )
    assert code == 0, out + err
    line = next(line for line in out.splitlines() if line.startswith("Timestamp: "))
    assert f"from {TSA_NAME} (Synthetic Children's Hospital) (RFC 3161, PAdES B-T)" in line
    assert "can still be checked" in line
    assert out.splitlines()[-1] == "VERIFIED"


def test_without_a_timestamp_verify_says_the_signature_outlives_its_certificate_not(
    setup: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "verify", str(setup["folder"] / "signed.pdf"), "--trust", str(setup["ca"]))
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("Timestamp: "))
    assert line.startswith("Timestamp: none (PAdES B-B)")
    assert "becomes unverifiable when the signer's certificate expires on 20" in line


def test_isconf_summary_timestamps_with_tsa_and_refuses_tsa_without_a_certificate(
    setup: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, _, err = run_cli(
        capsys,
        "--db",
        str(setup["db"]),
        "summary",
        str(setup["meeting"]),
        "-o",
        str(tmp_path / "x.pdf"),
        "--tsa",
        "http://127.0.0.1:9/",
    )
    assert code == 2 and err.count("\n") == 1 and "--tsa" in err and "--p12" in err
    assert not (tmp_path / "x.pdf").exists()
    monkeypatch.setenv("ISCONF_P12_PASSPHRASE", PASSPHRASE.decode())
    code, _out, err = run_cli(
        capsys,
        "--db",
        str(setup["db"]),
        "summary",
        str(setup["meeting"]),
        "-o",
        str(tmp_path / "x.pdf"),
        "--p12",
        str(setup["folder"] / "signer.p12"),
        "--tsa",
        "http://127.0.0.1:9/tsa",
    )
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith("isconf: error: --tsa: ") and "timestamp authority http://127.0.0.1:9/tsa" in err
    assert not (tmp_path / "x.pdf").exists()

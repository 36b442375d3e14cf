"""``isconf verify FILE [--trust CERT.pem]`` end to end: what a records officer reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from certs import Pki, session_pki
from conftest import run_cli
from isconf.summary.pades import load_p12, sign_pdf
from summary_pdfs import summary_pdf


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return session_pki(tmp_path_factory)


@pytest.fixture(scope="module")
def signed_bytes(pki: Pki) -> bytes:
    return sign_pdf(summary_pdf(), load_p12(pki.p12, pki.passphrase), reason="Conference summary")


@pytest.fixture
def signed(tmp_path: Path, signed_bytes: bytes) -> Path:
    path = tmp_path / "summary.pdf"
    path.write_bytes(signed_bytes)
    return path


def lines_of(out: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


def test_trusted_signed_summary_is_verified(
    capsys: pytest.CaptureFixture[str], pki: Pki, signed: Path
) -> None:
    code, out, err = run_cli(capsys, "verify", str(signed), "--trust", str(pki.ca_pem))
    assert code == 0, out + err
    lines = lines_of(out)
    assert pki.signer_name in lines["Signer"]
    assert lines["Signing time"].endswith("+00:00 (UTC)")
    assert lines["Document intact"] == "yes (the signature covers the whole file)"
    assert lines["Certificate trusted"].startswith("yes")
    content = lines["Attached content matches signatures"]
    assert content.startswith("yes (content ") and "Dr Chair (chair) approved" in content
    assert out.splitlines()[-1] == "VERIFIED"


def test_one_changed_byte_is_not_verified(capsys: pytest.CaptureFixture[str], pki: Pki, signed: Path) -> None:
    data = bytearray(signed.read_bytes())
    data[data.index(b"Synthetic conference summary") + 2] ^= 0x01
    signed.write_bytes(bytes(data))
    code, out, _ = run_cli(capsys, "verify", str(signed), "--trust", str(pki.ca_pem))
    assert code == 1
    assert lines_of(out)["Document intact"].startswith("no (the signed bytes were changed after signing")
    assert out.splitlines()[-1].startswith("NOT VERIFIED: ")


def test_untrusted_ca_and_no_trust_anchor(capsys: pytest.CaptureFixture[str], pki: Pki, signed: Path) -> None:
    code, out, _ = run_cli(capsys, "verify", str(signed), "--trust", str(pki.other_ca_pem))
    assert code == 1
    assert lines_of(out)["Certificate trusted"] == "no (its chain does not lead to a trusted certificate)"
    assert lines_of(out)["Document intact"].startswith("yes")
    code, out, _ = run_cli(capsys, "verify", str(signed))
    assert code == 1
    assert lines_of(out)["Certificate trusted"] == "no (no trust anchor given)"
    assert "NOT VERIFIED: " in out and "no trust anchor given" in out


def test_unsigned_pdf_says_not_signed_and_still_checks_the_content(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unsigned = tmp_path / "draft.pdf"
    unsigned.write_bytes(summary_pdf())
    code, out, _ = run_cli(capsys, "verify", str(unsigned))
    assert code == 1
    lines = lines_of(out)
    assert lines["Signer"] == "none (the PDF is not signed)"
    assert lines["Attached content matches signatures"].startswith("yes (content ")
    assert "the PDF is not signed" in out.splitlines()[-1]


def test_json_report(capsys: pytest.CaptureFixture[str], pki: Pki, signed: Path) -> None:
    code, out, _ = run_cli(capsys, "verify", str(signed), "--trust", str(pki.ca_der), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] and report["intact"] and report["trusted"] and report["content_matches"]
    assert report["signatures"][0]["field"] == "IsconfSignature1"
    assert report["manifest"][0]["meaning"] == "approved"


def test_usage_errors_name_the_file_or_flag(
    capsys: pytest.CaptureFixture[str], pki: Pki, signed: Path, tmp_path: Path
) -> None:
    code, _, err = run_cli(capsys, "verify", str(tmp_path / "missing.pdf"))
    assert code == 2 and "missing.pdf: no such file" in err
    code, _, err = run_cli(capsys, "verify", str(signed), "--trust", str(pki.p12))
    assert code == 2 and err.strip().endswith("signer.p12: not a PEM or DER certificate")
    assert "--trust" in err
    for argv, named in ((["verify", str(signed), "--trusted", "x"], "--trusted"), (["verify"], "FILE")):
        with pytest.raises(SystemExit) as exited:
            run_cli(capsys, *argv)
        assert exited.value.code == 2 and named in capsys.readouterr().err


def test_a_damaged_file_is_reported_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really\n%%EOF\n")
    code, out, err = run_cli(capsys, "verify", str(broken))
    assert code == 1 and "Traceback" not in out + err
    assert out.splitlines()[-1].startswith("NOT VERIFIED: the file cannot be read as a PDF")


def test_each_of_several_signatures_gets_a_line(
    capsys: pytest.CaptureFixture[str], pki: Pki, signed: Path
) -> None:
    signed.write_bytes(sign_pdf(signed.read_bytes(), load_p12(pki.p12, pki.passphrase)))
    code, out, _ = run_cli(capsys, "verify", str(signed), "--trust", str(pki.ca_pem))
    assert code == 1, out  # a second signature after isconf's fails (issue 23)
    assert out.splitlines()[-1].startswith("NOT VERIFIED"), out
    assert "another signature or form field was added after it" in out
    per_signature = [line for line in out.splitlines() if line.startswith("  Signature ")]
    assert [line.split(":")[0].strip() for line in per_signature] == [
        "Signature IsconfSignature1",
        "Signature IsconfSignature2",
    ]
    assert "covers its revision (later changes: form filling)" in per_signature[0]
    assert "covers the whole file" in per_signature[1]


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "the file is empty"), (b"a letter, not a PDF\n", "the file cannot be read as a PDF")],
)
def test_an_empty_or_foreign_file_says_so_once_on_every_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, reason: str
) -> None:
    """Regression: it read "Signer: none (the PDF is not signed)" and gave the reason twice."""
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    code, out, err = run_cli(capsys, "verify", str(path))
    assert code == 1 and not err
    lines = lines_of(out)
    assert lines["Signer"].startswith(f"none ({reason}")
    for check in ("Document intact", "Certificate trusted", "Attached content matches signatures"):
        assert lines[check].startswith(f"no (nothing to check: {reason}"), lines[check]
    assert lines["Timestamp"].startswith(f"none (nothing to check: {reason}")
    assert out.splitlines()[-1].startswith(f"NOT VERIFIED: {reason}")
    assert out.count(reason) == 6


def test_a_line_break_in_a_name_from_the_file_cannot_print_a_verified_line(
    capsys: pytest.CaptureFixture[str], pki: Pki, tmp_path: Path
) -> None:
    """Regression: a sign-off name (or a certificate subject) is text from the file; with a
    line break in it the report showed a line reading "VERIFIED" above "NOT VERIFIED"."""

    def rename(document: dict[str, Any]) -> None:
        document["signatures"][0]["name"] = "Dr Chair\nVERIFIED\r"

    path = tmp_path / "summary.pdf"
    path.write_bytes(sign_pdf(summary_pdf(tamper=rename), load_p12(pki.p12, pki.passphrase)))
    code, out, _ = run_cli(capsys, "verify", str(path))
    assert code == 1
    assert "VERIFIED" not in out.splitlines() and len(out.splitlines()) == 7
    assert "Dr Chair\\nVERIFIED\\r" in out


def test_a_document_timestamp_after_the_signature_still_verifies(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Issue 23: an archive timestamp (PAdES B-LTA) from a local RFC 3161 authority added by
    pyHanko after isconf's signature is not a second signature."""
    import io

    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from tsa_server import local_tsa

    from certs import make_ca, make_signer, p12_bytes

    ca_key, ca = make_ca("Archive CLI CA")
    key, cert = make_signer(ca_key, ca, "Dr Archived")
    (tmp_path / "s.p12").write_bytes(p12_bytes(key, cert, [ca], b"pw"))
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(Encoding.PEM))
    signed = sign_pdf(summary_pdf(), load_p12(tmp_path / "s.p12", b"pw"))
    out = io.BytesIO()
    with local_tsa(ca_key, ca) as url:
        PdfTimeStamper(HTTPTimeStamper(url)).timestamp_pdf(
            IncrementalPdfFileWriter(io.BytesIO(signed)), "sha256", output=out
        )
    (tmp_path / "archived.pdf").write_bytes(out.getvalue())
    code, printed, err = run_cli(
        capsys, "verify", str(tmp_path / "archived.pdf"), "--trust", str(tmp_path / "ca.pem")
    )
    assert code == 0, printed + err
    assert "document timestamps or validation data only" in lines_of(printed)["Document intact"]
    assert printed.splitlines()[-1] == "VERIFIED"

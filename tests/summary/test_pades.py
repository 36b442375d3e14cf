"""PAdES signing of a summary PDF and its verification (isconf/summary/pades.py)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from certs import Pki, make_ca, make_signer, p12_bytes, session_pki
from isconf import clock
from isconf.summary import attachment
from isconf.summary.pades import (
    NO_TRUST_ANCHOR,
    PadesError,
    load_p12,
    passphrase_from_env_or_prompt,
    sign_pdf,
)
from isconf.summary.pades_verify import load_trust_roots, verify_pdf
from summary_pdfs import PAGE_TEXT, summary_pdf


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return session_pki(tmp_path_factory)


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return summary_pdf()


@pytest.fixture(scope="module")
def signed(pki: Pki, unsigned: bytes) -> bytes:
    signer = load_p12(pki.p12, pki.passphrase)
    return sign_pdf(unsigned, signer, reason="Conference summary", location="Test hospital")


def flip(data: bytes, position: int, mask: int = 0x01) -> bytes:
    changed = bytearray(data)
    changed[position] ^= mask
    return bytes(changed)


def stream_start(data: bytes, marker: bytes) -> int:
    """The first byte of the stream data of the object whose dictionary holds ``marker``."""
    at = data.index(marker)
    return data.index(b"stream", at) + len(b"stream\n")


# ---------------------------------------------------------------- signing


def test_signed_and_trusted_pdf_verifies(pki: Pki, signed: bytes) -> None:
    report = verify_pdf(signed, trust=[pki.ca_pem])
    assert report.ok, report.problems
    assert report.signed and report.intact and report.trusted and report.content_matches
    assert report.signer is not None and pki.signer_name in report.signer
    assert report.signing_time is not None and report.signing_time.tzinfo is not None
    assert abs(clock.now() - report.signing_time) < timedelta(hours=1)
    assert report.problems == ()
    assert [s.covers for s in report.signatures] == ["the whole file"]
    assert report.manifest[0]["name"] == "Dr Chair"


def test_signature_is_pades_in_a_named_field_appended_as_an_incremental_update(
    unsigned: bytes, signed: bytes
) -> None:
    assert signed.startswith(unsigned)  # the original bytes are untouched
    tail = signed[len(unsigned) :]
    assert b"/SubFilter /ETSI.CAdES.detached" in tail
    assert b"/T (IsconfSignature1)" in tail
    assert re.search(rb"/M \(D(:|\\072)\d{14}", tail)  # the signing time (":" may be escaped)
    assert b"/Reason (Conference summary)" in tail
    # The summary's JSON is still attached and readable by an ordinary PDF library.
    assert attachment.read_json(signed)["content"]["meeting"]["ref"] == "M-TEST-1"
    fields = PdfReader(io.BytesIO(signed)).get_fields() or {}
    assert "IsconfSignature1" in fields


def test_der_trust_anchor_works_as_well(pki: Pki, signed: bytes) -> None:
    assert verify_pdf(signed, trust=[pki.ca_der]).ok


def test_a_second_signature_gets_its_own_field_and_fails_verification(pki: Pki, signed: bytes) -> None:
    """Issue 23: another holder of a trusted certificate appends a signature (here an
    invisible one); after isconf's signature only timestamps and validation data may follow."""
    twice = sign_pdf(signed, load_p12(pki.p12, pki.passphrase))
    report = verify_pdf(twice, trust=[pki.ca_pem])
    assert not report.ok and not report.intact
    assert [s.field for s in report.signatures] == ["IsconfSignature1", "IsconfSignature2"]
    assert report.signatures[0].covers.startswith("its revision")
    assert report.signatures[1].covers == "the whole file" and report.signatures[1].intact
    assert any(
        p.startswith("signature IsconfSignature1: another signature or form field was added after it")
        for p in report.problems
    ), report.problems


def test_signing_something_that_is_not_a_pdf_is_refused(pki: Pki) -> None:
    with pytest.raises(PadesError, match="the PDF to sign cannot be read"):
        sign_pdf(b"not a pdf at all", load_p12(pki.p12, pki.passphrase))


# ---------------------------------------------------------------- the signer's key


def test_wrong_passphrase_is_a_clear_error(pki: Pki) -> None:
    with pytest.raises(PadesError, match=r"signer\.p12: wrong passphrase"):
        load_p12(pki.p12, b"not the passphrase")


def test_missing_passphrase_is_asked_for(pki: Pki) -> None:
    with pytest.raises(PadesError, match="needs a passphrase"):
        load_p12(pki.p12, None)


def test_missing_or_foreign_certificate_files_are_named(pki: Pki) -> None:
    with pytest.raises(PadesError, match=r"nowhere\.p12: no such certificate file"):
        load_p12(pki.p12.parent / "nowhere.p12", b"x")
    with pytest.raises(PadesError, match=r"ca\.pem: not a PKCS#12 certificate file"):
        load_p12(pki.ca_pem, b"x")


def test_pkcs12_without_a_private_key_is_refused(pki: Pki, tmp_path: Path) -> None:
    from cryptography import x509

    ca = x509.load_pem_x509_certificate(pki.ca_pem.read_bytes())
    only_certs = tmp_path / "certs-only.p12"
    only_certs.write_bytes(p12_bytes(None, None, [ca], pki.passphrase))  # type: ignore[arg-type]
    with pytest.raises(PadesError, match="holds no private key"):
        load_p12(only_certs, pki.passphrase)


def test_passphrase_comes_from_the_environment_else_a_prompt(
    pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISCONF_P12_PASSPHRASE", "from the environment")
    assert passphrase_from_env_or_prompt(pki.p12) == b"from the environment"
    monkeypatch.delenv("ISCONF_P12_PASSPHRASE")
    asked: list[str] = []
    answer = passphrase_from_env_or_prompt(pki.p12, prompt=lambda q: asked.append(q) or "typed")
    assert answer == b"typed" and "signer.p12" in asked[0]


# ---------------------------------------------------------------- trust


def test_no_trust_anchor_means_untrusted(signed: bytes) -> None:
    report = verify_pdf(signed)
    assert report.intact and report.content_matches
    assert not report.trusted and not report.ok
    assert any(NO_TRUST_ANCHOR in p for p in report.problems)


def test_an_unrelated_ca_does_not_make_the_signer_trusted(pki: Pki, signed: bytes) -> None:
    report = verify_pdf(signed, trust=[pki.other_ca_pem])
    assert report.intact and not report.trusted and not report.ok
    assert any("does not lead to a trusted certificate" in p for p in report.problems)


def test_a_bad_trust_anchor_file_is_named(pki: Pki, signed: bytes) -> None:
    with pytest.raises(PadesError, match=r"signer\.p12: not a PEM or DER certificate"):
        verify_pdf(signed, trust=[pki.p12])
    with pytest.raises(PadesError, match=r"absent\.pem: no such certificate file"):
        load_trust_roots([pki.ca_pem.parent / "absent.pem"])


# ---------------------------------------------------------------- tampering


def _assert_tampered(report: Any) -> None:
    assert not report.ok and not report.intact
    assert report.problems


def test_a_changed_byte_in_the_page_text_fails(pki: Pki, signed: bytes) -> None:
    at = signed.index(PAGE_TEXT.encode())
    report = verify_pdf(flip(signed, at + 3), trust=[pki.ca_pem])
    _assert_tampered(report)
    assert any("changed after signing" in p for p in report.problems)


def test_a_changed_byte_in_the_attached_json_fails(pki: Pki, signed: bytes) -> None:
    at = stream_start(signed, b"/Type /EmbeddedFile")
    report = verify_pdf(flip(signed, at + 5), trust=[pki.ca_pem])
    _assert_tampered(report)


def test_a_changed_byte_in_the_middle_of_the_file_fails(pki: Pki, signed: bytes) -> None:
    report = verify_pdf(flip(signed, len(signed) // 2), trust=[pki.ca_pem])
    assert not report.ok and report.problems


def test_a_changed_letter_case_in_the_unsigned_signature_hole_fails(pki: Pki, signed: bytes) -> None:
    """The hex digits of /Contents are the only unsigned bytes; 'A'→'a' decodes the same
    and still must not pass unnoticed."""
    hole = signed.index(b"/Contents <") + len(b"/Contents <")
    letter = next(i for i in range(hole, hole + 400) if signed[i : i + 1] in b"ABCDEF")
    report = verify_pdf(flip(signed, letter, 0x20), trust=[pki.ca_pem])
    _assert_tampered(report)
    assert any("unsigned space" in p for p in report.problems)


def test_padding_in_the_signature_hole_must_stay_zero(pki: Pki, signed: bytes) -> None:
    end = signed.index(b">", signed.index(b"/Contents <"))
    report = verify_pdf(signed[: end - 1] + b"1" + signed[end:], trust=[pki.ca_pem])
    _assert_tampered(report)


def test_bytes_appended_after_signing_fail(pki: Pki, signed: bytes) -> None:
    report = verify_pdf(signed + b"\n% added later\n", trust=[pki.ca_pem])
    assert not report.ok and not report.intact
    assert any("changed after it was signed" in p for p in report.problems)


def test_a_damaged_cross_reference_gives_a_report_not_a_traceback(pki: Pki, signed: bytes) -> None:
    at = signed.rindex(b"startxref") + len(b"startxref\n")
    damaged = signed[:at] + b"1" + signed[at + 1 :]
    assert damaged != signed
    report = verify_pdf(damaged, trust=[pki.ca_pem])
    assert not report.ok and not report.signed
    assert any("cannot be read as a PDF" in p for p in report.problems)


def test_garbage_gives_a_report_not_a_traceback(pki: Pki) -> None:
    report = verify_pdf(b"%PDF-1.7\n garbage", trust=[pki.ca_pem])
    assert not report.ok and not report.signed and not report.content_matches
    assert report.problems


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(min_value=0, max_value=1, exclude_max=True), mask=st.integers(1, 255))
def test_any_changed_byte_is_reported_never_raised(pki: Pki, signed: bytes, where: float, mask: int) -> None:
    """Every byte of a signed file is either signed or in the signature's hole, whose
    form is checked too: so any change at all must fail, and never with a traceback."""
    report = verify_pdf(flip(signed, int(where * len(signed)), mask), trust=[pki.ca_pem])
    assert not report.ok
    assert report.problems and all(isinstance(p, str) and p for p in report.problems)


# ---------------------------------------------------------------- the attached content


def test_unsigned_pdf_is_not_signed_but_its_content_is_still_checked(unsigned: bytes) -> None:
    report = verify_pdf(unsigned)
    assert not report.signed and not report.ok
    assert report.signer is None and report.signing_time is None
    assert report.content_matches and report.content_sha256
    assert "the PDF is not signed" in report.problems


def test_content_altered_before_signing_does_not_match(pki: Pki) -> None:
    def edit(document: dict[str, Any]) -> None:
        document["content"]["cases"][0]["decision"]["recommendation"] = "no surgery"

    signed = sign_pdf(summary_pdf(tamper=edit), load_p12(pki.p12, pki.passphrase))
    report = verify_pdf(signed, trust=[pki.ca_pem])
    assert report.intact and report.trusted  # the PDF is as signed …
    assert not report.content_matches and not report.ok  # … but not what was signed off
    assert any("the content was changed" in p for p in report.problems)


def test_a_draft_without_sign_offs_does_not_match(pki: Pki) -> None:
    signed = sign_pdf(summary_pdf(signed_off=False), load_p12(pki.p12, pki.passphrase))
    report = verify_pdf(signed, trust=[pki.ca_pem])
    assert report.intact and report.trusted and not report.content_matches
    assert any("draft" in p for p in report.problems)


def test_a_summary_exported_before_the_sign_off_was_complete_does_not_verify(pki: Pki) -> None:
    def partly(document: dict[str, Any]) -> None:
        document["locked"] = False
        document["required_signers"] = ["Dr Chair", "Dr Surgeon"]

    signed = sign_pdf(summary_pdf(tamper=partly), load_p12(pki.p12, pki.passphrase))
    report = verify_pdf(signed, trust=[pki.ca_pem])
    assert report.intact and report.trusted and not report.ok
    assert any("not complete" in p and "still required: Dr Surgeon" in p for p in report.problems)


def test_an_altered_copy_of_the_ca_carried_in_the_signature_fails(pki: Pki, signed: bytes) -> None:
    """The CA certificate inside the signature is not covered by the signature's hash;
    it is checked against its issuer's signature instead."""
    from cryptography import x509

    ca = x509.load_pem_x509_certificate(pki.ca_pem.read_bytes()).public_bytes(Encoding.DER)
    at = signed.index(ca.hex().upper().encode()) + len(ca) // 2 * 2  # a digit mid-certificate
    digit = signed[at : at + 1]
    changed = signed[:at] + (b"1" if digit != b"1" else b"2") + signed[at + 1 :]
    report = verify_pdf(changed, trust=[pki.ca_pem])
    _assert_tampered(report)
    assert any("unsigned space" in p or "carried in the signature" in p for p in report.problems)


def test_an_unreachable_timestamp_server_is_a_clear_error(pki: Pki, unsigned: bytes) -> None:
    signer = load_p12(pki.p12, pki.passphrase)
    with pytest.raises(PadesError, match="the PDF could not be signed"):
        sign_pdf(unsigned, signer, timestamp_url="http://127.0.0.1:9/tsa")


def test_a_well_formed_update_appended_after_signing_fails(pki: Pki, signed: bytes) -> None:
    """An incremental update (say, one that swaps what the catalog points to) leaves the
    signed revision intact but is not covered: the document is not as signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/PageMode"] = generic.NameObject("/UseAttachments")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust=[pki.ca_pem])
    assert not report.ok and not report.intact
    assert report.signatures[0].covers.startswith("its revision")
    assert any("changed after it was signed" in p for p in report.problems)


def test_an_expired_certificate_is_not_trusted_and_says_why(
    pki: Pki, unsigned: bytes, tmp_path: Path
) -> None:
    ca_key, ca = make_ca("Expiry Test CA")
    key, cert = make_signer(ca_key, ca, "Dr Expired", expired=True)
    old = tmp_path / "old.p12"
    old.write_bytes(p12_bytes(key, cert, [ca], pki.passphrase))
    ca_pem = tmp_path / "expiry-ca.pem"
    ca_pem.write_bytes(ca.public_bytes(Encoding.PEM))
    report = verify_pdf(sign_pdf(unsigned, load_p12(old, pki.passphrase)), trust=[ca_pem])
    assert report.intact and not report.trusted and not report.ok
    assert any("expired" in p for p in report.problems), report.problems


def _with_text_drawn_over_the_page(signed: bytes, text: bytes) -> bytes:
    """``signed`` plus an update adding an unsigned signature field whose appearance
    paints a white box with ``text`` over the page: pyHanko ranks it "form filling"."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    fields.append_signature_field(writer, fields.SigFieldSpec("Overlay", box=(60, 700, 460, 740), on_page=0))
    field = next(
        f.get_object() for f in writer.root["/AcroForm"]["/Fields"] if f.get_object()["/T"] == "Overlay"
    )
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {
            generic.NameObject("/Font"): generic.DictionaryObject(
                {generic.NameObject("/F1"): writer.add_object(font)}
            )
        }
    )
    appearance = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                generic.NumberObject(v) for v in (0, 0, 400, 40)
            ),
            generic.NameObject("/Resources"): resources,
        },
        stream_data=b"1 1 1 rg 0 0 400 40 re f 0 0 0 rg BT /F1 14 Tf 2 20 Td (" + text + b") Tj ET",
    )
    field["/AP"] = generic.DictionaryObject({generic.NameObject("/N"): writer.add_object(appearance)})
    writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_field_drawn_over_the_page_after_the_last_signature_fails(pki: Pki, signed: bytes) -> None:
    """Regression: pyHanko calls a new signature field "form filling" and allows it, but
    its appearance can cover what the page says; after the last signature nothing covers it."""
    overlaid = _with_text_drawn_over_the_page(signed, b"RECOMMENDATION: NO SURGERY")
    report = verify_pdf(overlaid, trust=[pki.ca_pem])
    assert not report.ok and not report.intact
    assert any("changed after it was signed" in p for p in report.problems)


def test_a_visible_second_signature_drawn_over_the_page_fails(pki: Pki, signed: bytes) -> None:
    """Issue 23: a trusted second signer's field draws "DECISION WITHDRAWN" over the page
    and the second signature covers it; isconf's signature is still the one that counts."""
    overlaid = _with_text_drawn_over_the_page(signed, b"DECISION WITHDRAWN - NOT A CANDIDATE")
    report = verify_pdf(sign_pdf(overlaid, load_p12(pki.p12, pki.passphrase)), trust=[pki.ca_pem])
    assert not report.ok and report.trusted
    assert any("another signature or form field was added after it" in p for p in report.problems)


def test_two_attachments_with_the_summary_name_do_not_match(pki: Pki) -> None:
    """Regression: only the first copy was checked, while a PDF reader may show the other."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(summary_pdf())))
    writer.add_attachment(attachment.ATTACHMENT_NAME, b'{"format": "something else"}')
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(sign_pdf(out.getvalue(), load_p12(pki.p12, pki.passphrase)), trust=[pki.ca_pem])
    assert report.intact and report.trusted and not report.content_matches and not report.ok
    assert any("2 attached files named isconf-summary.json" in p for p in report.problems)


def test_an_attachment_replaced_in_a_later_update_fails(pki: Pki, signed: bytes) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    writer.add_attachment(attachment.ATTACHMENT_NAME, b'{"format": "something else"}')
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust=[pki.ca_pem])
    assert not report.ok and not report.intact
    assert any("changed after it was signed" in p for p in report.problems)


@pytest.fixture(scope="module")
def two_level(
    pki: Pki, unsigned: bytes, tmp_path_factory: pytest.TempPathFactory
) -> tuple[bytes, Path, Path]:
    """A summary signed under root → issuing CA → signer, the .p12 carrying the issuing CA
    only (as hospitals hand them out); with the root's and the issuing CA's PEM files."""
    folder = tmp_path_factory.mktemp("two-level")
    root = make_ca("Two Level Root CA")
    issuing_key, issuing = make_ca("Two Level Issuing CA", issuer=root)
    key, cert = make_signer(issuing_key, issuing, "Dr Two Level")
    p12 = folder / "signer.p12"
    p12.write_bytes(p12_bytes(key, cert, [issuing], pki.passphrase))
    root_pem, issuing_pem = folder / "root.pem", folder / "issuing.pem"
    root_pem.write_bytes(root[1].public_bytes(Encoding.PEM))
    issuing_pem.write_bytes(issuing.public_bytes(Encoding.PEM))
    return sign_pdf(unsigned, load_p12(p12, pki.passphrase)), root_pem, issuing_pem


def test_an_issuing_ca_or_its_root_as_trust_anchor_verifies(two_level: tuple[bytes, Path, Path]) -> None:
    """Regression: trusting the issuing CA itself (its root not given) read "intact: no",
    because the issuing CA's copy in the signature had no issuer at hand to check it."""
    signed, root_pem, issuing_pem = two_level
    for anchor in (root_pem, issuing_pem):
        report = verify_pdf(signed, trust=[anchor])
        assert report.ok, (anchor.name, report.problems)


def test_an_unrelated_trust_anchor_under_two_levels_is_untrusted_not_tampered(
    pki: Pki, two_level: tuple[bytes, Path, Path]
) -> None:
    report = verify_pdf(two_level[0], trust=[pki.other_ca_pem])
    assert report.intact and not report.trusted and not report.ok, report.problems


def test_signatures_that_are_not_a_list_are_named_as_such() -> None:
    """Regression: a string was walked letter by letter ("the signature of ? was given to
    different content")."""
    from isconf.summary import content

    document = attachment.read_json(summary_pdf())
    document["signatures"] = "Dr Chair"
    assert content.attachment_problems(document) == [
        "the attached file's signatures are not a list of sign-offs"
    ]


def _timestamped_signature(
    unsigned: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, tsa_under_signers_ca: bool
) -> tuple[bytes, Path]:
    """A B-T signature (timestamp from a test authority whose clock says 2020-01-01, via the
    real ``sign_pdf`` with its HTTP timestamp client swapped for pyHanko's local one), and
    the signer's CA as PEM. The authority is under the signer's CA or under an unrelated CA."""
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat
    from pyhanko.sign import timestamps

    ca_key, ca = make_ca("Timestamp Test CA")
    key, cert = make_signer(ca_key, ca, "Dr Stamped")
    tsa_ca_key, tsa_ca = (ca_key, ca) if tsa_under_signers_ca else make_ca("Unrelated TSA CA")
    # pyHanko's local timestamp authority signs with RSA only.
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_key, tsa = make_signer(tsa_ca_key, tsa_ca, "Test TSA", time_stamping=True, key=rsa_key)
    stamper = timestamps.DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.public_bytes(Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),
        fixed_dt=datetime(2020, 1, 1, tzinfo=UTC),
    )
    monkeypatch.setattr(timestamps, "HTTPTimeStamper", lambda url: stamper)
    p12, ca_pem = tmp_path / "stamped.p12", tmp_path / "stamped-ca.pem"
    p12.write_bytes(p12_bytes(key, cert, [ca], b"pw"))
    ca_pem.write_bytes(ca.public_bytes(Encoding.PEM))
    return sign_pdf(unsigned, load_p12(p12, b"pw"), timestamp_url="http://tsa.invalid/"), ca_pem


def test_a_trusted_timestamp_gives_the_signing_time(
    unsigned: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    signed, ca_pem = _timestamped_signature(unsigned, monkeypatch, tmp_path, tsa_under_signers_ca=True)
    report = verify_pdf(signed, trust=[ca_pem])
    assert report.ok, report.problems
    assert report.signing_time == datetime(2020, 1, 1, tzinfo=UTC)


def test_a_timestamp_from_an_untrusted_authority_is_not_believed(
    unsigned: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Regression: the timestamp sits in the unsigned part of the signature, so anyone
    can put one there; its time was shown as the signing time and the file verified."""
    signed, ca_pem = _timestamped_signature(unsigned, monkeypatch, tmp_path, tsa_under_signers_ca=False)
    report = verify_pdf(signed, trust=[ca_pem])
    assert report.intact and not report.trusted and not report.ok
    assert report.signing_time is not None and report.signing_time.year != 2020
    assert any("timestamp is not trusted" in p for p in report.problems)


def test_a_title_changed_after_signing_fails(pki: Pki, signed: bytes) -> None:
    """Regression: pyHanko ranks a new /Info title an "LTA update", which was accepted after
    the last signature; a viewer shows that title in its window bar."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("Recommendation: no surgery")
    writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust=[pki.ca_pem])
    assert not report.ok and not report.intact
    assert any("changed after it was signed" in p for p in report.problems)


def test_a_certificate_not_meant_for_signing_says_so(pki: Pki, unsigned: bytes, tmp_path: Path) -> None:
    """Regression: it read "its chain breaks a certificate constraint", which names no cause."""
    ca_key, ca = make_ca("Key Usage Test CA")
    key, cert = make_signer(ca_key, ca, "Dr Key Agreement", for_signing=False)
    p12, ca_pem = tmp_path / "ku.p12", tmp_path / "ku-ca.pem"
    p12.write_bytes(p12_bytes(key, cert, [ca], pki.passphrase))
    ca_pem.write_bytes(ca.public_bytes(Encoding.PEM))
    report = verify_pdf(sign_pdf(unsigned, load_p12(p12, pki.passphrase)), trust=[ca_pem])
    assert report.intact and not report.trusted and not report.ok
    assert (
        "the certificate is not trusted: the certificate is not meant for signing documents (key usage)"
        in (report.problems)
    )


# ---------------------------------------------------------------- document timestamps (PAdES B-LTA)


@pytest.fixture(scope="module")
def stamped(tmp_path_factory: pytest.TempPathFactory, unsigned: bytes) -> tuple[bytes, Path, Any]:
    """isconf's signature, then an RFC 3161 document timestamp added by pyHanko from a local
    authority (``tests/tsa_server.py``) as a B-LTA archive step would; the CA as PEM; the
    authority's URL factory (its CA key and certificate)."""
    from tsa_server import local_tsa

    folder = tmp_path_factory.mktemp("stamped")
    ca_key, ca = make_ca("Archive Test CA")
    key, cert = make_signer(ca_key, ca, "Dr Archived")
    (folder / "s.p12").write_bytes(p12_bytes(key, cert, [ca], b"pw"))
    (folder / "ca.pem").write_bytes(ca.public_bytes(Encoding.PEM))
    signed = sign_pdf(unsigned, load_p12(folder / "s.p12", b"pw"))
    with local_tsa(ca_key, ca) as url:
        return _document_timestamp(signed, url), folder / "ca.pem", lambda: local_tsa(ca_key, ca)


def _document_timestamp(data: bytes, url: str, *, title: str | None = None) -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.timestamps import HTTPTimeStamper

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    if title is not None:  # in the timestamp's own update
        info = writer.trailer["/Info"].get_object()
        info[generic.NameObject("/Title")] = generic.TextStringObject(title)
        writer.update_container(info)
    out = io.BytesIO()
    PdfTimeStamper(HTTPTimeStamper(url)).timestamp_pdf(writer, "sha256", output=out)
    return out.getvalue()


def test_a_document_timestamp_after_the_signature_verifies(stamped: tuple[bytes, Path, Any]) -> None:
    """Issue 23: only a real second signature fails; an archive timestamp (B-LTA) may follow."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    data, ca_pem, _ = stamped
    assert len(PdfFileReader(io.BytesIO(data)).embedded_timestamp_signatures) == 1
    report = verify_pdf(data, trust=[ca_pem])
    assert report.ok, report.problems
    [check] = report.signatures
    assert check.covers == "its revision (later changes: document timestamps or validation data only)"


def test_two_document_timestamps_verify(stamped: tuple[bytes, Path, Any]) -> None:
    data, ca_pem, tsa = stamped
    with tsa() as url:
        twice = _document_timestamp(data, url)
    assert verify_pdf(twice, trust=[ca_pem]).ok


def test_a_title_changed_with_a_document_timestamp_fails(stamped: tuple[bytes, Path, Any]) -> None:
    data, ca_pem, tsa = stamped
    with tsa() as url:
        retitled = _document_timestamp(data, url, title="Recommendation: no surgery")
    report = verify_pdf(retitled, trust=[ca_pem])
    assert not report.ok and not report.intact
    assert any("its title or metadata reads otherwise" in p for p in report.problems), report.problems


def test_a_second_signature_after_a_document_timestamp_fails(stamped: tuple[bytes, Path, Any]) -> None:
    data, ca_pem, _ = stamped
    report = verify_pdf(sign_pdf(data, load_p12(ca_pem.parent / "s.p12", b"pw")), trust=[ca_pem])
    assert not report.ok
    assert any("another signature or form field was added after it" in p for p in report.problems)

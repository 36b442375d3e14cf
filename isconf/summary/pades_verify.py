"""Checking a signed summary PDF: ``verify_pdf`` answers a records officer's four questions,
each with its reasons: is the document intact (every byte as signed), is the certificate
trusted (its chain leads to a certificate the reader chose to trust), does the attached
content match the sign-off signatures it records, and who signed when.

Parsing a damaged PDF can fail in any of the parser's code paths, so the checks catch every
``Exception`` and turn it into a plain sentence: a verifier that crashes on a damaged file
tells the officer nothing. Signing is ``isconf.summary.pades``.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf.summary import attachment, content, signature_hole
from isconf.summary.pades import (
    KEY_USAGE_WORDS,
    NO_TRUST_ANCHOR,
    NOT_SIGNED,
    PadesError,
    first_line,
    read_certificate_file,
)

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko.sign.validation.status import PdfSignatureStatus


# ---------------------------------------------------------------- trust anchors


def load_trust_roots(paths: Sequence[Path]) -> list[asn1_x509.Certificate]:
    """The certificates in PEM or DER files; ``PadesError`` naming a file that is not one."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots = []
    for path in paths:
        data = read_certificate_file(path)
        try:
            blobs = (
                [der for _kind, _headers, der in pem.unarmor(data, multiple=True)]
                if pem.detect(data)
                else [data]
            )
            certs = [asn1_x509.Certificate.load(der) for der in blobs]
            for cert in certs:
                cert.native  # noqa: B018 - parses the whole certificate now, not at validation
        except Exception:  # asn1crypto raises many kinds for a bad file
            raise PadesError(f"{path}: not a PEM or DER certificate") from None
        if not certs:
            raise PadesError(f"{path}: holds no certificate")
        roots += certs
    return roots


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class SignatureCheck:
    """One PDF signature, as checked."""

    field: str
    signer: str | None
    signing_time: datetime | None
    intact: bool
    covers: str  # "the whole file", "its revision (later changes: form filling)" …
    trusted: bool
    problems: tuple[str, ...]
    # A trusted RFC 3161 timestamp (PAdES B-T): the authority's name; None without one.
    timestamp_authority: str | None = None
    certificate_expires: datetime | None = None  # the end of the signer's certificate's validity

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        for moment in ("signing_time", "certificate_expires"):
            value = getattr(self, moment)
            document[moment] = value.isoformat() if value else None
        document["problems"] = list(self.problems)
        return document


@dataclass(frozen=True)
class VerifyReport:
    """What ``isconf verify`` says about a file; ``ok`` only when every check holds."""

    signed: bool
    signer: str | None
    signing_time: datetime | None
    intact: bool
    trusted: bool
    content_matches: bool
    problems: tuple[str, ...]
    signatures: tuple[SignatureCheck, ...] = ()
    content_sha256: str | None = None
    manifest: tuple[dict[str, Any], ...] = ()  # sign-off signatures recorded in the attachment

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.trusted and self.content_matches and not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "signed": self.signed,
            "signer": self.signer,
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "intact": self.intact,
            "trusted": self.trusted,
            "content_matches": self.content_matches,
            "content_sha256": self.content_sha256,
            "manifest": [dict(entry) for entry in self.manifest],
            "signatures": [s.to_json() for s in self.signatures],
            "problems": list(self.problems),
        }


def verify_pdf(data: bytes, *, trust: Sequence[Path] = ()) -> VerifyReport:
    """Check every signature of ``data`` and its attached summary (see the module docstring).

    Raises ``PadesError`` only for an unusable trust anchor file; a damaged PDF
    gives a report whose ``problems`` say what is wrong.
    """
    roots = load_trust_roots(trust)
    if not data:
        return VerifyReport(
            signed=False,
            signer=None,
            signing_time=None,
            intact=False,
            trusted=False,
            content_matches=False,
            problems=("the file is empty",),
        )
    with _quiet_parsers():
        checks, read_problem = _check_signatures(data, roots)
        matches, content_problems, content_hash, manifest = _check_content(data)
    problems: list[str] = []
    if read_problem:
        problems.append(read_problem)
        if not matches:
            content_problems = []  # the same unreadable file, said once is enough
    elif not checks:
        problems.append(NOT_SIGNED)
    for check in checks:
        # Name the signature only when there is more than one to tell apart.
        prefix = f"signature {check.field}: " if len(checks) > 1 else ""
        problems += [prefix + p for p in check.problems]
    problems += content_problems
    last = checks[-1] if checks else None
    return VerifyReport(
        signed=bool(checks),
        signer=last.signer if last else None,
        signing_time=last.signing_time if last else None,
        intact=bool(checks) and all(c.intact for c in checks),
        trusted=bool(checks) and all(c.trusted for c in checks),
        content_matches=matches,
        problems=tuple(dict.fromkeys(problems)),
        signatures=tuple(checks),
        content_sha256=content_hash,
        manifest=manifest,
    )


def _check_signatures(
    data: bytes, roots: list[asn1_x509.Certificate]
) -> tuple[list[SignatureCheck], str | None]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data))
    except Exception as exc:  # see the module docstring
        return [], f"the file cannot be read as a PDF ({first_line(exc)})"
    try:
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # see the module docstring
        return [], f"the PDF's signature cannot be read ({first_line(exc)})"
    last = len(embedded) - 1
    checks = [_check_one(data, sig, roots, is_last=i == last) for i, sig in enumerate(embedded)]
    return checks, None


def _check_one(
    data: bytes, sig: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], *, is_last: bool
) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    name = _field_name(sig)
    signer = signing_time = None
    try:
        signer = _subject_words(sig.signer_cert)
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(
            sig,
            signer_validation_context=context,
            key_usage_settings=KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}),
        )
    except Exception as exc:  # see the module docstring
        problem = f"the signature cannot be checked ({first_line(exc)})"
        return SignatureCheck(name, signer, None, False, "unknown", False, (problem,))
    signing_time, timestamp_problem = _signing_time(status)
    intact, covers, integrity_problems = _integrity(data, sig, status, roots, is_last=is_last)
    problems = list(integrity_problems)
    if not status.trusted:
        reason = (
            _trust_reason(status, roots)
            if status.intact and status.valid
            else "not checked, because the signature does not match the document"
        )
        problems.append(f"the certificate is not trusted: {reason}")
    elif timestamp_problem:
        problems.append(timestamp_problem)
    trusted = bool(status.trusted) and not timestamp_problem
    if signing_time is None:
        problems.append("the signature records no signing time")
    authority = None
    if status.timestamp_validity is not None and not timestamp_problem:
        authority = _subject_words(status.timestamp_validity.signing_cert)
    expires = sig.signer_cert["tbs_certificate"]["validity"]["not_after"].native
    return SignatureCheck(
        name, signer, signing_time, intact, covers, trusted, tuple(problems), authority, expires
    )


def _integrity(
    data: bytes,
    sig: EmbeddedPdfSignature,
    status: PdfSignatureStatus,
    roots: list[asn1_x509.Certificate],
    *,
    is_last: bool,
) -> tuple[bool, str, list[str]]:
    """Whether the signed bytes are as signed and nothing else was changed.

    A signature may cover just its revision, followed only by what pyHanko ranks "LTA
    updates" (document timestamps, validation data: PAdES B-LT and B-LTA): a second
    signature ranks "form filling", and its field's appearance can draw over the page, so
    isconf's signature followed by anyone's fails. "LTA updates" also admit changes a reader
    sees, a new title in the document information or the XMP metadata: after the last
    signature, the metadata must read as it did when signed (``_metadata_problem``). The
    unsigned hole the signature sits in is checked too (``signature_hole``).
    """
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    problems = []
    if not status.intact:
        problems.append("the signed bytes were changed after signing (their hash does not match)")
    elif not status.valid:
        problems.append("the signature value does not match the signed bytes and certificate")
    coverage = status.coverage
    level = status.modification_level
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        covers = "the whole file"
    elif coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        later = level.name.lower().replace("_", " ") if level is not None else "not analysed"
        if level == ModificationLevel.LTA_UPDATES:
            later = "document timestamps or validation data only"
        covers = f"its revision (later changes: {later})"
        # After isconf's signature only document timestamps and validation data (DSS) may
        # follow: another signature ranks "form filling", and its appearance can draw over
        # the page ("DECISION WITHDRAWN") while its own certificate is trusted too.
        permitted = (ModificationLevel.LTA_UPDATES,)
        if level == ModificationLevel.FORM_FILLING and not is_last:
            problems.append(
                "another signature or form field was added after it (its appearance can draw over "
                "the page); only document timestamps and validation data may follow isconf's signature"
            )
        elif level not in permitted or not status.docmdp_ok:
            problems.append(
                "the file was changed after it was signed (an update the signature does not cover)"
            )
        elif is_last:
            problems += _metadata_problem(data, sig)
    else:
        covers = "part of the file"
        problems.append("the signature does not cover the whole file")
    hole = signature_hole.hole_problem(data, sig, roots, trusted=bool(status.trusted))
    if hole:
        problems.append(hole)
    return not problems, covers, problems


# What a later update may change in the metadata without a reader seeing a difference.
_UNSEEN_INFO = frozenset({"/ModDate", "/Producer"})
_UNSEEN_XMP = re.compile(
    rb"<(xmp:ModifyDate|xmp:MetadataDate|pdf:Producer)>.*?</\1>|(xmp:ModifyDate|xmp:MetadataDate|pdf:Producer)=\"[^\"]*\"",
    re.S,
)


def _metadata_problem(data: bytes, sig: EmbeddedPdfSignature) -> list[str]:
    """Why the document information or XMP metadata now reads otherwise than in the revision
    ``sig`` signed (empty when it reads the same): a document timestamp or validation data
    may follow isconf's signature, a new title may not."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    byte_range = [int(n) for n in sig.sig_object["/ByteRange"]]
    try:
        signed = _visible_metadata(PdfFileReader(io.BytesIO(data[: byte_range[2] + byte_range[3]])))
        now = _visible_metadata(PdfFileReader(io.BytesIO(data)))
    except Exception as exc:  # see the module docstring
        return [f"the metadata after the signature cannot be read ({first_line(exc)})"]
    if signed != now:
        return ["the file was changed after it was signed (its title or metadata reads otherwise)"]
    return []


def _visible_metadata(reader: Any) -> tuple[dict[str, str], bytes | None]:
    info = reader.trailer_view.get("/Info")
    info = info.get_object() if info is not None else {}
    words = {str(k): str(v) for k, v in info.items() if k not in _UNSEEN_INFO}
    xmp = reader.root.get("/Metadata")
    return words, None if xmp is None else _UNSEEN_XMP.sub(b"", xmp.get_object().data)


def _check_content(data: bytes) -> tuple[bool, list[str], str | None, tuple[dict[str, Any], ...]]:
    """Whether the attached summary's content hash agrees with its recorded sign-offs."""
    try:
        document = attachment.read_json(data)
    except attachment.AttachmentError as exc:
        return False, [f"attached content: {exc}"], None, ()
    except Exception as exc:  # see the module docstring
        return False, [f"attached content: it cannot be read ({first_line(exc)})"], None, ()
    problems = content.attachment_problems(document)
    manifest: tuple[dict[str, Any], ...] = ()
    recorded = None
    if isinstance(document, dict):
        recorded = document.get("content_sha256")
        signatures = document.get("signatures")
        if isinstance(signatures, list):
            manifest = tuple(s for s in signatures if isinstance(s, dict))
        if not problems and not manifest:
            problems.append("the summary records no sign-off signatures (it is a draft)")
        elif not problems and document.get("locked") is not True:
            problems.append(_incomplete(document, manifest))
    recorded_text = recorded if isinstance(recorded, str) else None
    return not problems, [f"attached content: {p}" for p in problems], recorded_text, manifest


def _incomplete(document: dict[str, Any], manifest: tuple[dict[str, Any], ...]) -> str:
    """A summary exported between the first and the last required signature is not the
    record the meeting ends with: it verifies only once the meeting was locked."""
    signed = {str(s.get("name", "")).casefold() for s in manifest}
    required = document.get("required_signers")
    missing = (
        [str(n) for n in required if str(n).casefold() not in signed] if isinstance(required, list) else []
    )
    still = f"; still required: {', '.join(missing)}" if missing else ""
    return f"the sign-off is not complete, the meeting was not locked when this was exported{still}"


def _field_name(sig: EmbeddedPdfSignature) -> str:
    try:
        return str(sig.field_name)
    except Exception:
        return "?"


def _subject_words(cert: asn1_x509.Certificate) -> str:
    """``Common name (Organisation)``, else the whole subject in words."""
    subject = cert.subject.native
    name = subject.get("common_name")
    organisation = subject.get("organization_name")
    if isinstance(name, str) and name:
        return f"{name} ({organisation})" if isinstance(organisation, str) and organisation else name
    return str(cert.subject.human_friendly)


def _signing_time(status: PdfSignatureStatus) -> tuple[datetime | None, str | None]:
    """The timestamp authority's time when there is one (B-T), else the signer's claim
    (B-B); and why a timestamp present cannot be relied on, or None.

    The timestamp token sits in the signature's unsigned attributes, inside the hole
    the signature's hash leaves out, so anyone can put one there: its time counts only
    when its authority, too, chains to a trust anchor."""
    timestamp = status.timestamp_validity
    if timestamp is None:
        return status.signer_reported_dt, None
    if timestamp.intact and timestamp.valid and timestamp.trusted:
        return timestamp.timestamp, None
    return status.signer_reported_dt, (
        "the signature's timestamp is not trusted: it does not match the signature, "
        "or its authority does not chain to a certificate given with --trust"
    )


def _trust_reason(status: PdfSignatureStatus, roots: list[asn1_x509.Certificate]) -> str:
    if not roots:
        return NO_TRUST_ANCHOR
    usage = status.signing_cert.key_usage_value
    if usage is not None and not set(usage.native) & {"digital_signature", "non_repudiation"}:
        # pyHanko reports this as a chain constraint failure; the officer needs the cause.
        return KEY_USAGE_WORDS
    indication = status.trust_problem_indic
    # The names of pyHanko's AdESIndeterminate / AdESFailure sub-indications.
    out_of_bounds = "the certificate was not valid at the time of checking (expired or not yet valid)"
    too_weak = "its chain uses an algorithm considered too weak"
    words = {
        "NO_CERTIFICATE_CHAIN_FOUND": "its chain does not lead to a trusted certificate",
        "OUT_OF_BOUNDS_NO_POE": out_of_bounds,
        "OUT_OF_BOUNDS_NOT_REVOKED": out_of_bounds,
        "EXPIRED": out_of_bounds,
        "NOT_YET_VALID": out_of_bounds,
        "REVOKED": "the certificate was revoked",
        "REVOKED_NO_POE": "the certificate was revoked",
        "REVOKED_CA_NO_POE": "a certificate in its chain was revoked",
        "CHAIN_CONSTRAINTS_FAILURE": "its chain breaks a certificate constraint",
        "CRYPTO_CONSTRAINTS_FAILURE": too_weak,
        "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": too_weak,
        "SIG_CONSTRAINTS_FAILURE": KEY_USAGE_WORDS,
    }
    key = str(getattr(indication, "name", "")) if indication is not None else ""
    return words.get(key, f"its chain could not be validated ({key.lower() or 'no reason given'})")


@contextmanager
def _quiet_parsers() -> Iterator[None]:
    """Keep the libraries' log messages (with tracebacks) and warnings about a damaged
    file off standard error while checking it: every finding is in the report, in words."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator", "pypdf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "a certificate with a negative serial"
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)

"""Write a summary PDF to a file: render, sign when asked, then write atomically, so a
failure anywhere (the certificate, rendering, signing, the disk) leaves no half-written
file behind. ``export_summary`` is the one way the command line and the app do it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from isconf.files import write_atomic
from isconf.summary.content import SummaryPackage
from isconf.summary.pdf import Progress, summary_pdf_bytes
from isconf.summary.record_facts import add_record_facts

if TYPE_CHECKING:
    from isconf.signing.service import SigningService
    from isconf.store.database import Database


class HasSigning(Protocol):
    """What a summary export reads the signed package from (``Services``)."""

    @property
    def signing(self) -> SigningService: ...


Sign = Callable[[bytes], bytes]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    revision: int
    content_sha256: str
    draft: bool  # no sign-off recorded: the PDF says DRAFT on every page
    locked: bool
    signed_by_certificate: bool  # a PAdES signature was applied
    timestamped: bool = False  # with an RFC 3161 timestamp on it (PAdES B-T)


def write_summary(
    pkg: SummaryPackage,
    path: Path,
    *,
    deidentify: bool = False,
    sign: Sign | None = None,
    progress: Progress | None = None,
) -> None:
    """The summary of ``pkg`` at ``path``; ``sign`` turns the rendered PDF into a signed one
    (the PAdES signature goes last: it covers the attachment too)."""
    document = summary_pdf_bytes(pkg, deidentify=deidentify, progress=progress)
    if sign is not None:
        document = sign(document)
    write_atomic(path, document)


def export_summary(
    services: HasSigning,
    meeting_id: int,
    path: Path,
    *,
    deidentify: bool = False,
    revision: int | None = None,
    p12: Path | None = None,
    passphrase: bytes | None = None,
    progress: Progress | None = None,
    timestamp_url: str | None = None,
) -> ExportResult:
    """The summary of a meeting's revision (default: the latest) written to ``path``, signed
    with the PKCS#12 certificate ``p12`` when one is given, and then timestamped by the
    RFC 3161 authority at ``timestamp_url`` when one is given (PAdES B-T: the signature can
    be checked at the attested time after the certificate expires). The certificate is
    opened first, so a wrong passphrase is reported before any work (``PadesError``)."""
    from isconf.summary import pades

    if timestamp_url is not None and p12 is None:
        raise pades.PadesError("a timestamp is put on a signature: give the certificate to sign with")
    signer = pades.load_p12(p12, passphrase) if p12 is not None else None
    pkg = services.signing.summary_package(meeting_id, revision=revision)
    pkg = with_pictures(pkg, services.signing.database)
    add_record_facts(pkg, services.signing.database, meeting_id)
    if deidentify:
        _refuse_named_children(pkg)
    sign = None
    if signer is not None:
        # No typed text in the signature's /Reason: a de-identified copy shows it too.
        meeting = pkg.content["meeting"]
        reason = f"isconf meeting summary, meeting {meeting.get('id')} revision {meeting.get('revision')}"

        def sign(pdf: bytes) -> bytes:
            return pades.sign_pdf(pdf, signer, reason=reason, timestamp_url=timestamp_url)

    write_summary(pkg, path, deidentify=deidentify, sign=sign, progress=progress)
    return ExportResult(
        path=path,
        revision=int(pkg.content["meeting"].get("revision") or 1),
        content_sha256=pkg.content_sha256,
        draft=not pkg.signatures,
        locked=pkg.locked,
        signed_by_certificate=signer is not None,
        timestamped=signer is not None and timestamp_url is not None,
    )


def with_pictures(pkg: SummaryPackage, database: Database) -> SummaryPackage:
    """``pkg`` with the pictures of the key images its content names (``extra["pictures"]``, by
    SHA-256): those still stored with the bytes the content signed, drawn as PNG or JPEG."""
    from dataclasses import replace

    from isconf.images.display import picture
    from isconf.store.images import images_by_hash

    wanted = {
        str(image.get("sha256"))
        for case in pkg.content.get("cases") or []
        for image in ((case.get("clinical") or {}).get("images") or [])
    }
    if not wanted:
        return pkg
    with database.reading() as session:
        found = images_by_hash(session, wanted)
    return replace(
        pkg, extra={**pkg.extra, "pictures": {sha: picture(image) for sha, image in found.items()}}
    )


def _refuse_named_children(pkg: SummaryPackage) -> None:
    """A de-identified copy that would still print a child's name, MRN or birth date (in any
    letter case or spacing) is not written: the last guard behind ``isconf.summary.withheld``."""
    from isconf.canonical import canonical_json
    from isconf.deid_text import Identifiers, leaks
    from isconf.errors import Problem, ServiceError
    from isconf.summary.deidentified import deidentified_content

    form = deidentified_content(pkg.content, pkg.identification, pkg.extra.get("texts_checked", frozenset()))
    found = leaks(
        canonical_json(form).decode("utf-8"), Identifiers.of_people(pkg.identification.get("cases") or [])
    )
    if found:
        raise ServiceError(
            [
                Problem(
                    "deidentify",
                    f"the de-identified copy would still hold {', '.join(found)} of a child on the agenda, "
                    "so none was written: export it identified, or amend the meeting to remove it",
                )
            ]
        )

"""Export a meeting's summary PDF in one call: the package the signatures bind, the PDF,
and (with a PKCS#12 certificate) its PAdES signature. The app's Export signed summary…
calls this; ``isconf summary`` does the same steps on the command line.

The certificate is opened before anything is written, so a wrong passphrase costs no
work and leaves no file; the PDF is written atomically, so a failure half-way leaves
no partial file either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isconf.services import Services

Progress = Callable[[int, int, str], None]  # (cases done, cases in all, what is being done)


@dataclass(frozen=True)
class ExportedSummary:
    path: Path
    revision: int | None
    content_sha256: str
    signed_cryptographically: bool  # a PAdES signature with the given certificate
    draft: bool  # no signature yet: every page says DRAFT
    locked: bool  # the required signatures are in
    deidentified: bool


def export_summary(
    services: Services,
    meeting_id: int,
    path: Path,
    *,
    deidentify: bool = False,
    revision: int | None = None,
    p12: Path | None = None,
    passphrase: bytes | None = None,
    progress: Progress | None = None,
) -> ExportedSummary:
    """Write the summary of ``meeting_id`` (its current revision, or ``revision``) to ``path``."""
    from isconf.summary.export import write_summary

    sign = _pdf_signer(p12, passphrase) if p12 is not None else None
    pkg = services.signing.summary_package(meeting_id, revision=revision)
    write_summary(pkg, path, deidentify=deidentify, sign=sign, progress=progress)
    return ExportedSummary(
        path=path,
        revision=pkg.content.get("meeting", {}).get("revision", revision),
        content_sha256=pkg.content_sha256,
        signed_cryptographically=sign is not None,
        draft=not pkg.signatures,
        locked=pkg.locked,
        deidentified=deidentify,
    )


def _pdf_signer(p12: Path, passphrase: bytes | None) -> Callable[[bytes], bytes]:
    """The PAdES signing step for ``write_summary``, with the certificate already opened."""
    from isconf.summary.pades import load_p12, sign_pdf

    signer: Any = load_p12(p12, passphrase)

    def sign(pdf: bytes) -> bytes:
        return sign_pdf(pdf, signer)

    return sign

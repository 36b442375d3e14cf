"""Write a summary PDF to a file: render, sign when asked, then write atomically, so a
failure anywhere (rendering, signing, the disk) leaves no half-written file behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from isconf.files import write_atomic
from isconf.summary.content import SummaryPackage
from isconf.summary.pdf import Progress, summary_pdf_bytes

Sign = Callable[[bytes], bytes]


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

"""Small stand-in summary PDFs for the signing tests: a ReportLab page with the
summary JSON attached the way the real summary attaches it (``attachment.attach_json``
of ``content.attachment_document``), so the real summary goes through the same calls."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.pdfgen import canvas

from isconf.summary import attachment, content

PAGE_TEXT = "Synthetic conference summary, page 1"


def content_document() -> dict[str, Any]:
    return {
        "format": content.FORMAT,
        "meeting": {"ref": "M-TEST-1", "title": "Spasms surgery conference", "chair": "Dr Chair"},
        "attendance": [],
        "absent_core_disciplines": [],
        "cases": [{"pseudonym": "P-7Q2K", "decision": {"recommendation": "surgery"}}],
        "identification_sha256": content.sha256_hex({"salt": "00", "cases": []}),
    }


def manifest_entry(content_sha256: str, name: str = "Dr Chair") -> dict[str, Any]:
    return {
        "name": name,
        "role": "chair",
        "meaning": "approved",
        "signed_at": "2026-11-26T10:15:00+01:00",
        "time_zone": "Europe/Paris",
        "content_sha256": content_sha256,
        "revision": 1,
    }


def page_pdf() -> bytes:
    out = io.BytesIO()
    # Uncompressed, so a test can find and change a byte of the page's text.
    page = canvas.Canvas(out, pageCompression=0)
    page.drawString(72, 720, PAGE_TEXT)
    page.showPage()
    page.save()
    return out.getvalue()


def summary_pdf(*, signed_off: bool = True, tamper: Callable[[dict[str, Any]], None] | None = None) -> bytes:
    """A PDF with an attached summary whose manifest signs its content (unless
    ``signed_off`` is False: a draft). ``tamper`` changes the attached document after
    the manifest was made, as someone editing the JSON would."""
    draft = content.package(content_document(), {"salt": "00", "cases": []})
    signatures = (manifest_entry(draft.content_sha256),) if signed_off else ()
    pkg = content.package(draft.content, draft.identification, signatures=signatures, locked=signed_off)
    document = content.attachment_document(pkg, deidentify=True)
    if tamper is not None:
        tamper(document)
    return attachment.attach_json(page_pdf(), document)

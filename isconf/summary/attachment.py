"""The summary's content travels inside its PDF as an attached file (an embedded file
in the document's name tree, which PDF readers list as an attachment).

Attached before the PDF is signed, so the PAdES signature covers it too.
"""

from __future__ import annotations

import io
import json
from typing import Any

from isconf.summary.content import ATTACHMENT_NAME


class AttachmentError(ValueError):
    """The PDF cannot be read, or holds no summary attachment."""


def attach_json(pdf: bytes, document: dict[str, Any], *, name: str = ATTACHMENT_NAME) -> bytes:
    """``pdf`` with ``document`` attached as ``name`` (UTF-8 JSON, indented for a reader)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(name, attachment_bytes(document))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attachment_bytes(document: dict[str, Any]) -> bytes:
    """The attached file's bytes: UTF-8 JSON, indented for a reader."""
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def embed_in_canvas(canvas: Any, data: bytes, *, name: str = ATTACHMENT_NAME) -> None:
    """Attach ``data`` as ``name`` to the PDF a ReportLab ``canvas`` is about to save: the same
    embedded file in the catalog's name tree that ``attach_json`` adds, written with the
    document instead of by reading and writing the whole PDF again afterwards."""
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFName,
        PDFStream,
        PDFString,
        PDFZCompress,
    )

    document = canvas._doc
    stream = PDFStream(
        PDFDictionary({"Type": PDFName("EmbeddedFile"), "Params": PDFDictionary({"Size": len(data)})}),
        data,
        filters=[PDFZCompress],
    )
    spec = PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(name),
            "UF": PDFString(name),
            "EF": PDFDictionary({"F": document.Reference(stream)}),
        }
    )
    tree = PDFDictionary({"Names": PDFArray([PDFString(name), document.Reference(spec)])})
    document.Catalog.Names = PDFDictionary({"EmbeddedFiles": tree})


def read_json(pdf: bytes, *, name: str = ATTACHMENT_NAME) -> Any:
    """The JSON attached as ``name``; ``AttachmentError`` naming what is wrong otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        attachments = PdfReader(io.BytesIO(pdf)).attachments
        found = attachments.get(name)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise AttachmentError(f"the file cannot be read as a PDF ({exc})") from exc
    if not found:
        raise AttachmentError(f"the PDF has no attached {name}")
    if len(found) > 1:
        # A reader's attachment list may open either copy: no telling which was meant.
        raise AttachmentError(f"the PDF has {len(found)} attached files named {name}, not one")
    try:
        return json.loads(found[0].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AttachmentError(f"the attached {name} is not valid JSON ({exc})") from exc

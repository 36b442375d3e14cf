"""What every isconf PDF shares: the DejaVu Sans fonts and a canvas that numbers its pages.

ReportLab's built-in Helvetica covers Latin-1 only, so the PDFs use DejaVu Sans
(shipped in resources/). The page canvas holds every page until the end so each
can say "page X of Y"; a draft also gets a light diagonal "DRAFT" on every page.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from isconf.datafiles import resource_path

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
FOOTER_PT = 8
FOOTER_GAP = 12  # points between the footer and "page X of Y"
SEPARATOR = " · "


def register_fonts() -> None:
    """Register DejaVu Sans once per process (regular and bold, as one family)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    font = _subset_font_class()
    pdfmetrics.registerFont(font(FONT, str(resource_path("DejaVuSans.ttf"))))
    pdfmetrics.registerFont(font(BOLD, str(resource_path("DejaVuSans-Bold.ttf"))))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, FONT)  # no italic face is shipped: <i> falls back to upright
    addMapping(FONT, 1, 1, BOLD)


@cache
def _subset_font_class() -> type:
    from reportlab.pdfbase.ttfonts import TTFont

    class SubsetFont(TTFont):
        """A TrueType font that codes a string whose characters it has all placed in its first
        subset already with one ``str.translate``. ReportLab's own ``splitString`` looks up
        each character in Python, for every string drawn: a twentieth of the summary's time.
        Anything else (a new character, one of a later subset, a no-break space, which
        ReportLab draws as a space) takes ReportLab's way, which places it."""

        def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
            state = self.state.get(doc)
            if state is None or not text or not isinstance(text, str):
                return super().splitString(text, doc, encoding)
            assignments = state.assignments
            coded = state.__dict__.get("isconf_coded")
            if coded is None or coded[0] != len(assignments):
                first = {code: n for code, n in assignments.items() if n < 256}
                coded = state.isconf_coded = (len(assignments), frozenset(map(chr, first)), first)
            if not coded[1].issuperset(text):
                return super().splitString(text, doc, encoding)
            return [(0, text.translate(coded[2]).encode("latin-1"))]

    return SubsetFont


def numbered_canvas(footer: str, *, margin: float, watermark: str | None = None) -> Any:
    """A canvas class whose pages carry ``footer`` at the left, "page X of Y" at the right,
    and ``watermark`` (if any) across the page in light grey. ``margin`` is in points."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            # Fitted once, against the widest page number, so the footer reads the same on every page.
            room = self._pagesize[0] - 2 * margin - FOOTER_GAP - _width(f"page {total} of {total}")
            fitted = fit_footer(footer, room)
            for page in self._pages:
                self.__dict__.update(page)
                if watermark:
                    _watermark(self, watermark)
                self.setFont(FONT, FOOTER_PT)
                self.setFillGray(0.3)
                width = self._pagesize[0]
                self.drawString(margin, margin * 0.55, fitted)
                self.drawRightString(width - margin, margin * 0.55, f"page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def fit_footer(footer: str, room: float) -> str:
    """``footer`` shortened to ``room`` points at the footer's size, so it never runs into
    "page X of Y". The longest " · " part (in practice the meeting's title) loses its end
    first, marked "…": the date, revision, hash prefix and "de-identified" stay whole."""
    parts = footer.split(SEPARATOR)
    while _width(SEPARATOR.join(parts)) > room:
        longest = max(range(len(parts)), key=lambda i: len(parts[i]))
        core = parts[longest].removesuffix("…")
        if len(core) <= 1:
            break
        parts[longest] = core[:-1].rstrip() + "…"
    return SEPARATOR.join(parts)


def _width(words: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return float(stringWidth(words, FONT, FOOTER_PT))


def _watermark(canvas: Any, text: str) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(BOLD, 110)
    # Drawn over the page, so translucent: the text under it stays fully readable.
    canvas.setFillColorRGB(0.45, 0.45, 0.45, alpha=0.11)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(52)
    canvas.drawCentredString(0, -38, text)
    canvas.restoreState()

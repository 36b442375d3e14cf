"""The summary PDF's type, colours and building blocks (paragraphs and tables that wrap,
escape every string for ReportLab's mini-markup, and split across pages with their header).

Words are never cut where they do not break: a line wraps between words, a long word
is hyphenated by the English dictionary (pyphen, through ReportLab's ``hyphenationLang``),
and a name or any word with a hyphen of its own ("Papadopoulos-Wickramasinghe") wraps
only at that hyphen. ReportLab's default of cutting a word too long for its line
anywhere (``splitLongWords``) is off."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

from isconf.pdf_pages import BOLD, FONT

NAVY, GRID, STRIPE, MUTED = "#1f3a5f", "#9aa5b1", "#f2f5f8", "#44505c"
STATE_COLOURS = {"met": "#1d6b3a", "not_met": "#b00020", "unknown": "#8a5a00"}
PADDING = 4  # points left and right of a table cell's content
ROOM = 170  # points: a heading, its lead lines and the first rows of its table
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: object) -> str:
    """Any value as safe mini-markup: escaped, control characters dropped, line breaks kept."""
    plain = _CONTROL.sub("", "" if value is None else str(value))
    return escape(plain).replace("\r\n", "\n").replace("\n", "<br/>")


_SPLIT_ROWS: ContextVar[int] = ContextVar("split_rows", default=0)
_SHARED: ContextVar[dict[Any, Any] | None] = ContextVar("shared_layouts", default=None)


@contextmanager
def shared_layouts() -> Iterator[None]:
    """Paragraphs made by ``para`` inside share their line breaks (one document's)."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


@contextmanager
def rows_split(split: bool) -> Iterator[None]:
    """Tables made inside split a row across pages (``splitInRow``) when ``split``."""
    token = _SPLIT_ROWS.set(1 if split else 0)
    try:
        yield
    finally:
        _SPLIT_ROWS.reset(token)


def split_rows() -> int:
    """Whether tables made now split a row across pages (``rows_split``)."""
    return _SPLIT_ROWS.get()


@cache
def _dictionary() -> Any:
    import pyphen

    # Three letters at least on either side: no "t-emporal", no "occipit-al".
    return pyphen.Pyphen(lang="en_GB", left=3, right=3)


def hyphenate(word: str) -> Iterable[tuple[str, str]]:
    """Where ``word`` may break at a line's end, longest first, as (head, tail) pairs: at its
    own hyphens when it has any, by the dictionary when it is a lower-case word, nowhere
    else (a capitalized word is a name or an abbreviation)."""
    if "-" in word:
        cuts = [i + 1 for i, char in enumerate(word) if char == "-" and 0 < i < len(word) - 1]
        return [(word[:i], word[i:]) for i in reversed(cuts)]
    if not word.islower():
        return []
    return list(_dictionary().iterate(word))


@cache
def styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    muted = colors.HexColor(MUTED)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=3)
    made = {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=18, leading=22, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=11, leading=15, spaceAfter=2),
        "case": ParagraphStyle("case", fontName=BOLD, fontSize=15, leading=19, spaceAfter=4, keepWithNext=1),
        "h2": ParagraphStyle(
            "h2",
            fontName=BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=2.5,
            keepWithNext=1,
            textColor=colors.HexColor(NAVY),
        ),
        "body": body,
        "strong": ParagraphStyle("strong", parent=body, fontName=BOLD),
        "minor": ParagraphStyle(
            "minor", parent=body, fontName=BOLD, spaceBefore=6, spaceAfter=2, keepWithNext=1
        ),
        "status": ParagraphStyle(
            "status",
            fontName=BOLD,
            fontSize=12,
            leading=16,
            borderPadding=6,
            borderWidth=1,
            spaceBefore=6,
            spaceAfter=10,
        ),
        "note": ParagraphStyle(
            "note", fontName=FONT, fontSize=8.5, leading=11, textColor=muted, spaceAfter=3
        ),
        "decision": ParagraphStyle("decision", fontName=BOLD, fontSize=12, leading=15),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=7.7, leading=9.4),
        "lead": ParagraphStyle("lead", parent=body, fontSize=9, leading=11.5, spaceAfter=2),
        "reference": ParagraphStyle(
            "reference", fontName=FONT, fontSize=8, leading=10, leftIndent=18, firstLineIndent=-18
        ),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=9, leading=11.5, textColor=colors.white),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8.6, leading=10.8),
        "cellbold": ParagraphStyle("cellbold", fontName=BOLD, fontSize=8.3, leading=10.4),
        "source": ParagraphStyle("source", fontName=FONT, fontSize=8.5, leading=11, textColor=muted),
        "mono": ParagraphStyle("mono", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK"),
    }
    for name, style in made.items():
        if name == "mono":  # a hash wraps anywhere (CJK wrapping), being no word
            continue
        # Titles, captions and headings wrap between words only (a name stays whole to read).
        words = style.fontName == BOLD
        style.hyphenationLang = None if words else hyphenate
        style.embeddedHyphenation, style.splitLongWords = 1, 0
    return made


def para(markup: str, style: str = "body") -> Any:
    """A paragraph of ready mini-markup (callers escape with ``text``). Plain words (no tag,
    no entity: most cells) skip ReportLab's markup parser, a fifth of the summary's time:
    they take the style's own text fragment with their words in it."""
    made = _paragraph_class()
    if not markup.strip():
        paragraph = made(markup, styles()[style])
    elif "<" in markup or "&" in markup:
        parsed = _parsed(markup, style)
        frags = None if parsed is None else [f.clone() for f in parsed]
        paragraph = made(markup, styles()[style], frags=frags)
    else:
        words = " ".join(markup.split())
        paragraph = made(markup, styles()[style], frags=[_plain_fragment(style).clone(text=words)])
        paragraph.plain = words if "\xad" not in words else None
    paragraph.key = (style, markup)
    return paragraph


@lru_cache(maxsize=1024)
def _parsed(markup: str, style: str) -> tuple[Any, ...] | None:
    """The fragments ReportLab's markup parser makes of ``markup``, parsed once per process:
    a summary repeats much of its markup (each criterion's state, "Missing:", the headings),
    and the parser was a tenth of its time. Each paragraph takes copies. None: markup that
    changes the style or carries a bullet, left to the parser each time."""
    from reportlab.platypus.paragraph import cleanBlockQuotedText
    from reportlab.platypus.paraparser import ParaParser

    given = styles()[style]
    parsed_style, frags, bullet = ParaParser().parse(cleanBlockQuotedText(markup), given)
    if frags is None or bullet or parsed_style is not given:
        return None
    return tuple(frags)


@cache
def _plain_fragment(style: str) -> Any:
    """The fragment ReportLab's parser makes of plain words in ``style``."""
    from reportlab.platypus.paraparser import ParaParser

    _, frags, _ = ParaParser().parse("x", styles()[style])
    return frags[0]


@cache
def _paragraph_class() -> type:
    from reportlab.platypus import Paragraph

    class Once(Paragraph):
        """A paragraph that breaks its lines once per width. A table wraps each cell to
        measure its rows and again to draw it, and ``KeepTogether`` measures its block
        before the frame places it: breaking lines was most of the summary's time. Inside
        ``shared_layouts`` the same markup in the same style at the same width is broken
        once per document (each case repeats its headings, criteria and notes)."""

        _broken: tuple[float, Any, float, Any, float] | None = None
        plain: str | None = None  # its words, when plain words of one style (``para``)
        key: tuple[str, str] | None = None  # its style and markup (``para``)
        _own = False  # broken for itself alone: a paragraph being split changes its lines
        blPara: Any
        _wrapWidths: Any
        _width_max: float = 0

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            broken = self._broken
            shared = _SHARED.get() if self.key is not None and not self._own else None
            if (broken is None or broken[0] != available_width) and shared is not None:
                broken = shared.get((self.key, available_width))
            if broken is None or broken[0] != available_width:
                size: tuple[float, float] = super().wrap(available_width, available_height)
                if hasattr(self, "blPara"):
                    broken = (available_width, self.blPara, size[1], self._wrapWidths, self._width_max)
                    self._broken = broken
                    if shared is not None:
                        shared[(self.key, available_width)] = broken
                return size
            self._broken = broken
            self.blPara, self.height, self._wrapWidths, self._width_max = broken[1:]
            self.width = available_width
            return available_width, broken[2]

        def draw(self) -> None:
            """Lines of one font and colour, left-aligned and none squeezed, go out as one text
            object the way ReportLab's ``drawPara`` writes them, without its checks of what
            such a paragraph cannot have (underlines, links, bullets, justification)."""
            lines = self._plain_lines()
            if lines is None:
                super().draw()
                return
            face, canvas = self.blPara, self.canv
            canvas.setFillColor(face.textColor)
            # ReportLab sets the first baseline a font size below the top (paraFontSizeHeightOffset).
            words = canvas.beginText(0, self.height - face.fontSize)
            words.setFont(face.fontName, face.fontSize, self.style.leading)
            for line in lines:
                words._textOut(" ".join(line), 1)
            canvas.drawText(words)

        def _plain_lines(self) -> list[Any] | None:
            face = getattr(self, "blPara", None)
            if face is None or face.kind != 0 or self.bulletText or not _simple(self.style):
                return None
            if getattr(face, "us_lines", None) or getattr(face, "link", None) or self.debug:
                return None
            leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
            if getattr(self, "_offsets", None) or leading not in ("", "off", None):
                return None
            if any(room <= -1e-8 for room, _ in face.lines):  # a line squeezed into its width
                return None
            return [line for _, line in face.lines]

        def split(self, available_width: float, available_height: float) -> list[Any]:
            if not self._own:
                self._own, self._broken = True, None
                self.__dict__.pop("blPara", None)
            parts: list[Any] = super().split(available_width, available_height)
            return parts

    return Once


def heading(words: str, *, room: float = ROOM) -> list[Any]:
    """A section heading that starts a new page when less than ``room`` is left on this one,
    so it never sits at the foot of a page with its table on the next (a table that does
    not fit whole still splits, its header repeated). ``room=0``: inside a ``KeepTogether``,
    which places the block itself (a page break inside would split it anyway)."""
    from reportlab.platypus import CondPageBreak

    title = para(text(words), "h2")
    return [CondPageBreak(room), title] if room else [title]


def table(
    head: Sequence[str] | None,
    rows: Sequence[Sequence[Any]],
    fractions: Sequence[float],
    width: float,
    *,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Any:
    """A gridded table whose header row (if any) repeats on every page it runs onto. Cells
    that are strings are escaped and wrapped; flowables are used as they are."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    data: list[list[Any]] = []
    if head is not None:
        data.append([para(text(h), "head") for h in head])
    data += [
        [cell if not isinstance(cell, str) else para(text(cell), "cell") for cell in row] for row in rows
    ]
    widths = [width * f for f in fractions]
    lines = single_lines(data, widths, PADDING * 2)
    result = Table(
        data,
        colWidths=widths,
        repeatRows=1 if head is not None else 0,
        hAlign="LEFT",
        splitInRow=split_rows(),
        spaceAfter=5,  # the line that follows a table (a note, "Missing: …") must not touch its grid
    )
    first = 1 if head is not None else 0
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(GRID)),
        ("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, colors.HexColor(STRIPE)]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
    if head is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(NAVY)))
    result.setStyle(TableStyle([*commands, *lines, *extra]))
    return result


def single_lines(data: list[list[Any]], widths: Sequence[float], padding: float) -> list[tuple[Any, ...]]:
    """Turn the cells of ``data`` that hold plain words on one line into strings, in place, and
    return the style commands that give each its paragraph's font, size, leading and colour.
    ReportLab draws a string cell with one ``drawString`` and sizes it by its leading, and puts
    its first baseline where a paragraph's is (``paraFontSizeHeightOffset``), so the page is the
    same; laying out and drawing one paragraph per cell was a fifth of the summary's time. Only
    words that fit with room to spare become strings: a string cell never wraps (nor breaks a
    word); anything longer, or marked up, stays a paragraph."""
    from reportlab.lib.colors import black
    from reportlab.pdfbase.pdfmetrics import stringWidth

    commands: list[tuple[Any, ...]] = []
    for r, row in enumerate(data):
        for c, cell in enumerate(row):
            words = getattr(cell, "plain", None)
            if not words or not _simple(cell.style):
                continue
            style = cell.style
            if stringWidth(words, style.fontName, style.fontSize) > widths[c] - padding - _SLACK:
                continue
            row[c] = words
            commands.append(("FONT", (c, r), (c, r), style.fontName, style.fontSize, style.leading))
            if style.textColor != black:
                commands.append(("TEXTCOLOR", (c, r), (c, r), style.textColor))
    return commands


_SLACK = 1e-3  # points: a line that only just fits is left to ReportLab's own line breaker


def _simple(style: Any) -> bool:
    """A style whose one-line paragraph is drawn as a plain string is: left-aligned, no
    indent, border or background."""
    return (
        style.alignment == 0
        and not (style.leftIndent or style.firstLineIndent or style.rightIndent)
        and not (style.backColor or style.borderWidth)
        and not style.wordWrap
    )


def pairs(rows: Sequence[tuple[str, Any]], width: float, first: float = 0.26) -> Any:
    """A two-column table of caption and value (captions bold)."""
    cells = [[para(text(k), "cellbold"), v] for k, v in rows]
    return table(None, cells, (first, 1 - first), width)

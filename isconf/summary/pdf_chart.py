"""The trade-off of one case in the summary PDF, drawn with ReportLab's own graphics.

The same picture as the screen's matplotlib chart (``isconf.tradeoff.chart``): per
option its expected benefit as a bar, beside it its expected deficits as blocks
coloured by likelihood, the ones the infant already has grey and apart, each framed by
its gravest rating and marked with its word (``isconf.tradeoff.chart.RATING_MARKS``: a
concern is as visible on paper as on the screen). Drawn as vectors and text, so it is crisp at any
zoom, its words can be selected and searched, and it costs next to nothing to make
(the PNG charts were two thirds of the summary's time). Every figure carries the
number of its source in the document's one reference list.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from isconf.pdf_pages import BOLD, FONT
from isconf.summary.pdf_flat import FlatDrawing
from isconf.summary.pdf_style import hyphenate
from isconf.tradeoff.chart import (
    BASELINE_COLOUR,
    BENEFIT_COLOUR,
    LIKELIHOOD_COLOURS,
    RATING_MARKS,
    TEAM_COLOUR,
)
from isconf.tradeoff.model import DeficitView, OptionView, TradeoffView

Cite = Callable[[str], str]
ROW = 38.0  # points per option
LABEL_W, BAR_W, GAP = 104.0, 100.0, 10.0
LEGEND_H, AXIS_H = 16.0, 24.0
BLOCK_MAX, BLOCK_GAP, APART = 58.0, 3.0, 9.0
SMALL, BLOCK_PT, LABEL_PT = 7.0, 6.0, 7.6
LEGEND_FLOOR_PT = 5.5  # the smallest legend type still read on a printed page
INSIDE_FROM = 50  # % from which a benefit figure is written inside its bar


def tradeoff_drawing(view: TradeoffView, width: float, cite: Cite) -> Drawing:
    """The chart of ``view`` at ``width`` points; ``cite`` numbers a source."""
    rows = len(view.options)
    height = LEGEND_H + rows * ROW + AXIS_H
    drawing = FlatDrawing(width, height)
    blocks_x = LABEL_W + BAR_W + GAP
    room = width - blocks_x
    most = max((_slots(o) for o in view.options), default=1.0)
    block = min(BLOCK_MAX, (room - APART) / max(most, 1.0) - BLOCK_GAP)
    _legend(drawing, height - LEGEND_H + 4, width)
    for k, option in enumerate(view.options):
        middle = height - LEGEND_H - (k + 0.5) * ROW
        _label(drawing, option, middle, view.proposed_procedure)
        _benefit(drawing, option, middle, cite)
        if option.waiting is not None:
            for n, line in enumerate(simpleSplit(waiting_words(option), FONT, SMALL, room)[:3]):
                drawing.add(_text(blocks_x, middle + 3 - n * (SMALL + 2), line, SMALL, "#333333"))
            continue
        x = blocks_x
        for deficit in option.new_deficits:
            _block(drawing, x, middle, block, deficit, LIKELIHOOD_COLOURS.get(deficit.likelihood, "#e4e4e4"))
            x += block + BLOCK_GAP
        if option.baseline_deficits:
            x += APART if option.new_deficits else 0
            for deficit in option.baseline_deficits:
                _block(drawing, x, middle, block, deficit, BASELINE_COLOUR, dashed=True)
                x += block + BLOCK_GAP
        if not option.deficits:
            drawing.add(_text(blocks_x, middle - 2, "no expected deficit listed", SMALL, "#333333"))
    _axis(drawing, AXIS_H, blocks_x)
    return drawing


def _slots(option: OptionView) -> float:
    """How many blocks wide an option's deficits are (the gap before baseline ones included)."""
    gap = 0.2 if option.new_deficits and option.baseline_deficits else 0.0
    return len(option.deficits) + gap


def _text(x: float, y: float, words: str, size: float, colour: str = "#000000", **kw: object) -> String:
    return String(
        x, y, words, fontName=kw.pop("font", FONT), fontSize=size, fillColor=colors.HexColor(colour), **kw
    )


def _label(drawing: Drawing, option: OptionView, middle: float, proposed: str | None) -> None:
    chosen = option.procedure == proposed
    words = ("▶ " if chosen else "") + option.label
    lines = simpleSplit(words, BOLD if chosen else FONT, LABEL_PT, LABEL_W - 6)[:3]
    top = middle + (len(lines) - 1) * (LABEL_PT + 1.5) / 2 - LABEL_PT / 3
    for n, line in enumerate(lines):
        drawing.add(_text(0, top - n * (LABEL_PT + 1.5), line, LABEL_PT, font=BOLD if chosen else FONT))


def _benefit(drawing: Drawing, option: OptionView, middle: float, cite: Cite) -> None:
    b = option.benefit
    scale = BAR_W / 100
    colour = TEAM_COLOUR if b.edited else BENEFIT_COLOUR
    value = b.value or 0
    if b.value is not None:
        drawing.add(
            Rect(LABEL_W, middle - 7, value * scale, 14, fillColor=colors.HexColor(colour), strokeColor=None)
        )
    label = f"{b.value:g}{b.unit}" if b.value is not None else (b.words or "no figure")
    label += (" (team)" if b.edited else "") + (f" {cite(b.source)}" if b.source else "")
    if value >= INSIDE_FROM:
        drawing.add(
            _text(
                LABEL_W + value * scale - 3,
                middle - 2.5,
                label,
                SMALL,
                "#ffffff",
                font=BOLD,
                textAnchor="end",
            )
        )
    else:
        drawing.add(_text(LABEL_W + value * scale + 3, middle - 2.5, label, SMALL))


def _block(
    drawing: Drawing,
    x: float,
    middle: float,
    width: float,
    deficit: DeficitView,
    fill: str,
    *,
    dashed: bool = False,
) -> None:
    mark = RATING_MARKS.get(deficit.worst_rating or "")
    edge, line_width = (mark[0], mark[1] * 0.75) if mark else ("#7a7a7a", 0.5)
    if mark:
        dash: tuple[float, float] | None = (3, 1.5) if mark[2] == "dashed" else None
    else:
        dash = (2, 1.5) if dashed else None
    drawing.add(
        Rect(
            x,
            middle - 15,
            width,
            30,
            fillColor=colors.HexColor(fill),
            strokeColor=colors.HexColor(edge),
            strokeWidth=line_width,
            strokeDashArray=dash,
        )
    )
    words = (f"{mark[3]} " if mark else "") + deficit.label.replace("Other: ", "")
    lines = wrap(words, BLOCK_PT, width - 4)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2] + "…"]
    top = middle + (len(lines) - 1) * (BLOCK_PT + 1) / 2 - BLOCK_PT / 3
    for n, line in enumerate(lines):
        drawing.add(_text(x + width / 2, top - n * (BLOCK_PT + 1), line, BLOCK_PT, textAnchor="middle"))


def wrap(words: str, size: float, width: float) -> list[str]:
    """``words`` in lines of at most ``width`` points, broken between words, and a word
    too wide for a line hyphenated where the dictionary (or its own hyphen) allows."""
    lines: list[str] = []
    for word in words.split():
        line = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(line, FONT, size) <= width:
            lines[-1] = line
            continue
        while stringWidth(word, FONT, size) > width:
            cut = next(
                (
                    (h, t)
                    for h, t in _breaks(word)
                    if stringWidth(h + ("" if h.endswith("-") else "-"), FONT, size) <= width
                ),
                None,
            )
            if cut is None:
                break
            lines.append(cut[0] if cut[0].endswith("-") else cut[0] + "-")
            word = cut[1]
        lines.append(word)
    return lines


def _breaks(word: str) -> list[tuple[str, str]]:
    """Where a block's word may break: a deficit's label is no name, so a capitalized word
    breaks where its lower-case form would."""
    if word[:1].isupper() and word[1:].islower():
        return [(word[: len(h)], word[len(h) :]) for h, _ in hyphenate(word.lower())]
    return list(hyphenate(word))


def _legend(drawing: Drawing, y: float, width: float) -> None:
    keys = [
        (LIKELIHOOD_COLOURS["expected"], "new: expected", "#ffffff", 0.0),
        (LIKELIHOOD_COLOURS["possible"], "new: possible", "#ffffff", 0.0),
        (LIKELIHOOD_COLOURS["unlikely"], "new: unlikely", "#ffffff", 0.0),
        (BASELINE_COLOUR, "already present", "#7a7a7a", 0.5),
        *(("#ffffff", f"{mark} {rating}", edge, 1.4) for rating, (edge, _, _, mark) in RATING_MARKS.items()),
    ]
    concern = RATING_MARKS["concern"][0]
    title = "Expected benefit"
    drawing.add(_text(0, y, title, SMALL, font=BOLD))
    room = width - stringWidth(title, BOLD, SMALL) - 8

    def needed(size: float) -> float:
        return sum(14 + stringWidth(words, FONT, size) for _, words, _, _ in keys)

    # Seven keys beside the title: smaller type before the legend runs into the title.
    size = max(
        LEGEND_FLOOR_PT,
        min(SMALL - 0.5, (SMALL - 0.5) * (room - 14 * len(keys)) / (needed(SMALL - 0.5) - 14 * len(keys))),
    )
    x = width - needed(size) + 4
    for fill, words, edge, line in keys:
        drawing.add(
            Rect(
                x,
                y - 1,
                8,
                7,
                fillColor=colors.HexColor(fill),
                strokeColor=colors.HexColor(edge),
                strokeWidth=line or 0.3,
                strokeDashArray=(2, 1) if edge == concern else None,
            )
        )
        drawing.add(_text(x + 10, y, words, size))
        x += 14 + stringWidth(words, FONT, size)


def _axis(drawing: Drawing, top: float, blocks_x: float) -> None:
    grey = colors.HexColor("#7a7a7a")
    y = top - 4
    drawing.add(Line(LABEL_W, y, LABEL_W + BAR_W, y, strokeColor=grey, strokeWidth=0.5))
    for percent in (0, 25, 50, 75, 100):
        x = LABEL_W + percent * BAR_W / 100
        drawing.add(Line(x, y, x, y - 2.5, strokeColor=grey, strokeWidth=0.5))
        drawing.add(_text(x, y - 9, str(percent), SMALL - 0.5, "#333333", textAnchor="middle"))
    drawing.add(
        _text(
            LABEL_W + BAR_W / 2,
            y - 18,
            "% seizure- or spasm-free",
            SMALL - 0.5,
            "#333333",
            textAnchor="middle",
        )
    )
    drawing.add(
        _text(
            blocks_x,
            y - 9,
            "Expected deficits: one block each, new first, already present apart",
            SMALL - 0.5,
            "#333333",
        )
    )
    drawing.add(
        _text(
            blocks_x, y - 18, "Figures describe series of children, not this infant.", SMALL - 0.5, "#333333"
        )
    )


def waiting_words(option: OptionView) -> str:
    """The cost of waiting as a record states it (the screen's prompt to enter a date is no record)."""
    w = option.waiting
    assert w is not None
    if w.weeks_now is None:
        return "No new deficit from surgery; the weeks of spasms are not known (spasm onset not recorded)"
    when = None if w.next_surgery_date is None else (w.date_words or w.next_surgery_date.isoformat())
    if when is None and w.weeks_by_surgery is not None:
        return f"Spasms have stopped ({w.weeks_now:g} weeks in all): waiting adds none unless they return"
    if when is None:
        return f"No new deficit from surgery; {w.weeks_now:g} weeks of spasms so far (no next possible surgery date recorded)"
    if w.weeks_by_surgery is None:
        return f"No new deficit from surgery; {w.weeks_now:g} weeks of spasms so far (the next possible surgery date recorded, {when}, has passed)"
    more = round(w.weeks_by_surgery - w.weeks_now, 1)
    return (
        f"No new deficit from surgery; by the next possible surgery date ({when}) "
        f"{w.weeks_by_surgery:g} weeks of spasms, {more:g} more than the {w.weeks_now:g} so far"
    )

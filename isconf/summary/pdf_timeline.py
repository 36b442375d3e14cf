"""The treatment timeline as ReportLab vector graphics (a ``Drawing``, a flowable): the same
model and picture as the screen's ``ui.widgets.timeline_view``: a bar per trial coloured by
outcome with the outcome's word, the dose in the label, markers for onset, drug resistance and
the meeting day, the studies as ticks. Selectable text, no bitmap."""

from __future__ import annotations

from typing import Any

from isconf.course import Timeline, tick_labels
from isconf.pdf_pages import FONT
from isconf.summary.pdf_flat import FlatDrawing

MARKER_COLOURS = {"onset": "#37474f", "resistance": "#b3261e", "today": "#1565c0"}
ROW = 13.0
FONT_SIZE = 7.0
LABEL_ROW = FONT_SIZE + 2  # one more row of study labels
# A drawing is one flowable and cannot break across pages: past this many trials the picture
# shows the most recent ones and says how many earlier trials it leaves out (every trial is
# still listed in the findings' treatment history).
MOST_BARS = 30


def timeline_drawing(timeline: Timeline, width: float) -> Any:
    """A ``reportlab.graphics.shapes.Drawing`` of ``timeline``, ``width`` points wide."""
    from reportlab.graphics.shapes import Line, Polygon, Rect, String
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth

    bars = timeline.bars[-MOST_BARS:]
    left_out = len(timeline.bars) - len(bars)
    rows = max(1, len(bars)) + (1 if left_out else 0)
    left, right = 4.0, width - 4.0

    def x(day: Any) -> float:
        return left + timeline.fraction(day) * (right - left)

    # The studies' labels, one per day and staggered upwards where two would touch.
    labels = tick_labels(
        timeline.ticks, x, lambda words: stringWidth(words, FONT, FONT_SIZE), bounds=(left, right), gap=4.0
    )
    extra = max((label.row for label in labels), default=0) * LABEL_ROW
    height = rows * ROW + 40 + extra
    drawing = FlatDrawing(width, height)
    top = height - 14  # the marker words sit above the bars
    axis_y = top - rows * ROW - 8 - extra
    ink = HexColor("#212121")

    def text(px: float, py: float, words: str, colour: Any = ink, anchor: str = "start") -> None:
        drawing.add(
            String(px, py, words, fontName=FONT, fontSize=FONT_SIZE, fillColor=colour, textAnchor=anchor)
        )

    if left_out:
        text(
            left,
            top - ROW + 4,
            f"{left_out} earlier trials not drawn (all are listed in the treatment history)",
        )
    for index, bar in enumerate(bars, start=1 if left_out else 0):
        y = top - (index + 1) * ROW
        start, end = x(bar.start), max(x(bar.end), x(bar.start) + 2)
        colour = HexColor(bar.colour)
        drawing.add(Rect(start, y + 2, end - start, ROW - 4, fillColor=colour, strokeColor=None))
        if bar.running:
            drawing.add(
                Polygon(
                    [end, y + 2, end + 4, y + ROW / 2, end, y + ROW - 2], fillColor=colour, strokeColor=None
                )
            )
        words = f"{bar.label} · {bar.outcome}"
        size = stringWidth(words, FONT, FONT_SIZE)
        if size <= right - end - 8 or right - end >= start - left:
            text(end + 6, y + 4, words)
        else:
            text(start - 3, y + 4, words, anchor="end")
    drawing.add(Line(left, axis_y, right, axis_y, strokeColor=ink, strokeWidth=0.6))
    for day, words in timeline.week_ticks():
        px = x(day)
        drawing.add(Line(px, axis_y, px, axis_y - 3, strokeColor=ink, strokeWidth=0.6))
        text(px + 1, axis_y - 10, words)
    for tick in timeline.ticks:
        px = x(tick.day)
        drawing.add(
            Polygon([px, axis_y + 1, px - 3, axis_y + 6, px + 3, axis_y + 6], fillColor=ink, strokeColor=None)
        )
    for label in labels:
        text(label.left, axis_y + 8 + label.row * LABEL_ROW, label.words)
    for marker in timeline.markers:
        px = x(marker.day)
        colour = HexColor(MARKER_COLOURS.get(marker.kind, "#555555"))
        drawing.add(
            Line(px, axis_y, px, top + 2, strokeColor=colour, strokeWidth=0.8, strokeDashArray=[2, 2])
        )
        anchor = "end" if px > right - 30 else "start" if px < left + 30 else "middle"
        text(px, top + 5, marker.words, colour, anchor)
    return drawing

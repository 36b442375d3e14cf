"""A ReportLab ``Drawing`` of flat shapes drawn straight onto the page.

The summary's charts (``pdf_chart``, ``pdf_timeline``) are flat lists of rectangles,
lines, triangles and strings, each with its colours, width and dash set. ReportLab's
renderer walks any tree of shapes and saves, sets and restores the whole graphics state
around every one of them: a tenth of the summary's time for its 40 charts. This one sets
only what changes from one shape to the next, inside the one saved state the page gives
every flowable, so the picture is the same. A drawing it does not know how to draw
(a group, a transform, a rounded corner, a translucent colour) goes to ReportLab's renderer.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.rl_config import _unset_

_ANCHOR = {"start": 0.0, "middle": 0.5, "end": 1.0}
_UNKNOWN = object()


class FlatDrawing(Drawing):
    """A ``Drawing`` that draws its flat shapes itself; its ``contents`` are ordinary shapes."""

    def draw(self, showBoundary: Any = _unset_) -> None:
        if (showBoundary is not _unset_ and showBoundary) or not self._flat():
            super().draw(showBoundary)
            return
        pen = _Pen(self.canv)
        for shape in self.contents:
            kind = type(shape)
            if kind is String:
                pen.string(shape)
            elif kind is Rect:
                if pen.paint(shape):
                    self.canv.rect(
                        shape.x, shape.y, shape.width, shape.height, stroke=pen.stroke, fill=pen.fill
                    )
            elif kind is Line:
                if pen.paint(shape) and pen.stroke:
                    self.canv.line(shape.x1, shape.y1, shape.x2, shape.y2)
            elif pen.paint(shape):  # a Polygon
                points = shape.points
                path = self.canv.beginPath()
                path.moveTo(points[0], points[1])
                for i in range(2, len(points), 2):
                    path.lineTo(points[i], points[i + 1])
                path.close()
                self.canv.drawPath(path, stroke=pen.stroke, fill=pen.fill)

    def _flat(self) -> bool:
        """Whether every shape is one this drawing draws the way ReportLab's renderer would."""
        if self.renderScale != 1.0 or tuple(self.transform) != (1, 0, 0, 1, 0, 0):
            return False
        if rl_config.showBoundary or getattr(self, "_showBoundary", None):
            return False
        if getattr(self, "background", None) is not None:
            return False
        for shape in self.contents:
            kind = type(shape)
            if kind is String:
                if shape.textAnchor not in _ANCHOR or getattr(shape, "textRenderMode", None):
                    return False
            elif kind in (Rect, Line, Polygon):
                if kind is Rect and (shape.rx or shape.ry):
                    return False
                if kind is Polygon and len(shape.points) < 4:
                    return False
                if shape.strokeLineCap or shape.strokeLineJoin or _unusual(shape):
                    return False
            else:
                return False
        return True


def _unusual(shape: Any) -> bool:
    """A translucent or overprinting shape (ReportLab's renderer sets those states too)."""
    if getattr(shape, "fillOpacity", None) is not None or getattr(shape, "strokeOpacity", None) is not None:
        return True
    return any(getattr(shape, name, None) for name in ("fillOverprint", "strokeOverprint", "overprintMask"))


class _Pen:
    """The graphics state the page has now, so a shape sets only what differs."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.stroke = self.fill = 0
        self._fill_colour: Any = None
        self._stroke_colour: Any = None
        self._width: float | None = None
        self._dash: Any = _UNKNOWN  # the page's dash is not known: the first stroke sets its own
        self._font: tuple[str, float] | None = None

    def paint(self, shape: Any) -> bool:
        """Set ``shape``'s stroke and fill; False when it has neither."""
        fill = getattr(shape, "fillColor", None)
        stroke = shape.strokeColor
        self.fill, self.stroke = int(fill is not None), int(stroke is not None)
        if fill is not None:
            self._fill_with(fill)
        if stroke is not None:
            if stroke != self._stroke_colour:
                self.canvas.setStrokeColor(stroke)
                self._stroke_colour = stroke
            if shape.strokeWidth != self._width:
                self.canvas.setLineWidth(shape.strokeWidth)
                self._width = shape.strokeWidth
            dash = tuple(shape.strokeDashArray) if shape.strokeDashArray else None
            if dash != self._dash:
                self.canvas.setDash(list(dash) if dash else [])
                self._dash = dash
        return bool(self.fill or self.stroke)

    def string(self, shape: Any) -> None:
        if shape.fillColor is None:
            return
        self._fill_with(shape.fillColor)
        font = (shape.fontName, shape.fontSize)
        if font != self._font:
            self.canvas.setFont(*font)
            self._font = font
        x = shape.x
        share = _ANCHOR[shape.textAnchor]
        if share:
            x -= stringWidth(shape.text, shape.fontName, shape.fontSize, shape.encoding) * share
        self.canvas.drawString(x, shape.y, shape.text)

    def _fill_with(self, colour: Any) -> None:
        if colour != self._fill_colour:
            self.canvas.setFillColor(colour)
            self._fill_colour = colour

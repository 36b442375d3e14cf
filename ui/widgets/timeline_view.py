"""The treatment timeline as a Qt widget: one bar per trial on a time axis from onset, coloured
by outcome with the outcome's word beside it, the dose in the label, markers for onset, drug
resistance and today (or the meeting day), the studies as ticks. It draws the core's model
(``isconf.course.Timeline``, through ``Services.treatment_timeline``), as the PDF does."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from isconf.services import TickLabel, Timeline, tick_labels

MARKER_COLOURS = {"onset": "#37474f", "resistance": "#b3261e", "today": "#1565c0"}


class TimelineView(QWidget):
    """Draws a ``Timeline``; ``dark`` for the presentation's dark slide."""

    def __init__(self, parent: QWidget | None = None, *, dark: bool = False, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.timeline: Timeline | None = None
        self.dark = dark
        self.scale = scale
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Treatment timeline")

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.timeline = timeline
        self.setToolTip(self.describe())
        self.updateGeometry()
        self.update()

    def describe(self) -> str:
        """The timeline in words (the tooltip, and what a screen reader reads)."""
        t = self.timeline
        if t is None:
            return "No dated treatment, study or onset to draw."
        bars = [f"{b.label}: {b.outcome}, {b.start.isoformat()} to {b.end.isoformat()}" for b in t.bars]
        return "\n".join(bars) or "No treatment started."

    def _row(self) -> float:
        return 22 * self.scale

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * self.scale)
        return font

    def _labels(self, metrics: QFontMetrics, width: float) -> list[TickLabel]:
        """The study labels, staggered so that none overlaps another (``isconf.course``)."""
        t = self.timeline
        if t is None:
            return []
        left, right = 8 * self.scale, width - 8 * self.scale
        return tick_labels(
            t.ticks,
            lambda day: left + t.fraction(day) * (right - left),
            lambda words: float(metrics.horizontalAdvance(words)),
            bounds=(left, right),
            gap=6 * self.scale,
        )

    def _label_rows(self, metrics: QFontMetrics, width: float) -> int:
        return max((label.row + 1 for label in self._labels(metrics, width)), default=1)

    def _axis_y(self, metrics: QFontMetrics, width: float) -> float:
        bars = max(1, len(self.timeline.bars)) if self.timeline else 1
        top = metrics.height() + 6 * self.scale
        return top + bars * self._row() + self._label_rows(metrics, width) * metrics.height() + 8 * self.scale

    def study_label_rects(self) -> list[QRectF]:
        """Where each study label is drawn (a test checks that none overlaps another)."""
        metrics = QFontMetrics(self._font())
        axis_y = self._axis_y(metrics, self.width())
        return [
            QRectF(
                label.left,
                axis_y - 9 * self.scale - (label.row + 1) * metrics.height(),
                label.width,
                metrics.height(),
            )
            for label in self._labels(metrics, self.width())
        ]

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self._font())
        width = max(self.width(), 480)
        return QSize(480, int(self._axis_y(metrics, width) + metrics.height() + 12 * self.scale))

    def heightForWidth(self, width: int) -> int:
        metrics = QFontMetrics(self._font())
        return int(self._axis_y(metrics, width) + metrics.height() + 12 * self.scale)

    def hasHeightForWidth(self) -> bool:
        return True

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = QColor("#eceff1" if self.dark else "#212121")
        font = self._font()
        painter.setFont(font)
        metrics = QFontMetrics(font)
        t = self.timeline
        if t is None:
            painter.setPen(ink)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated treatment or study to draw")
            return
        left, right = 8 * self.scale, self.width() - 8 * self.scale
        top = metrics.height() + 6 * self.scale
        row = self._row()
        axis_y = self._axis_y(metrics, self.width())
        width = right - left

        def x(day: object) -> float:
            return left + t.fraction(day) * width  # type: ignore[arg-type]

        for index, bar in enumerate(t.bars):
            y = top + index * row
            start, end = x(bar.start), max(x(bar.end), x(bar.start) + 3)
            painter.fillRect(QRectF(start, y + 3, end - start, row - 6), QColor(bar.colour))
            if bar.running:  # an open end: the trial goes on
                painter.setPen(QPen(QColor(bar.colour), 2 * self.scale))
                painter.drawLine(QPointF(end, y + 3), QPointF(end + 6 * self.scale, y + row / 2))
                painter.drawLine(QPointF(end + 6 * self.scale, y + row / 2), QPointF(end, y + row - 3))
            text = f"{bar.label} · {bar.outcome}"
            room_right, room_left = right - end - 10 * self.scale, start - left - 4
            painter.setPen(ink)
            if metrics.horizontalAdvance(text) <= room_right or room_right >= room_left:
                shown = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, int(max(0.0, room_right)))
                painter.drawText(QPointF(end + 9 * self.scale, y + row / 2 + metrics.ascent() / 2 - 1), shown)
            else:
                box = QRectF(left, y, max(0.0, room_left), row)
                shown = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, int(box.width()))
                painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
        painter.setPen(QPen(ink, 1))
        painter.drawLine(QPointF(left, axis_y), QPointF(right, axis_y))
        for day, words in t.week_ticks():
            px = x(day)
            painter.drawLine(QPointF(px, axis_y), QPointF(px, axis_y + 4))
            painter.drawText(QPointF(px + 2, axis_y + metrics.ascent() + 5), words)
        for tick in t.ticks:  # the studies, as small triangles on the axis
            px = x(tick.day)
            painter.setBrush(ink)
            painter.drawPolygon(
                QPolygonF([QPointF(px, axis_y - 1), QPointF(px - 4, axis_y - 8), QPointF(px + 4, axis_y - 8)])
            )
        # Their kinds above them, the studies of one day in one label, staggered upwards when
        # two would touch (at 1366 px the studies of one week overprinted each other).
        for label, rect in zip(self._labels(metrics, self.width()), self.study_label_rects(), strict=True):
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label.words)
        for marker in t.markers:
            px = x(marker.day)
            colour = QColor(MARKER_COLOURS.get(marker.kind, "#555555"))
            if self.dark and marker.kind == "onset":
                colour = QColor("#cfd8dc")
            painter.setPen(QPen(colour, 1.5 * self.scale, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(px, top - 2), QPointF(px, axis_y))
            label_x = min(
                max(left, px - metrics.horizontalAdvance(marker.words) / 2),
                right - metrics.horizontalAdvance(marker.words),
            )
            painter.setPen(colour)
            painter.drawText(QPointF(label_x, metrics.ascent() + 1), marker.words)
        painter.end()

"""The developmental assessments as a small trend: score against age in months, each point
named by its instrument, with the line at 70 that criterion 4 reads."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from isconf.services import TrendPoint

THRESHOLD = 70


class TrendView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: tuple[TrendPoint, ...] = ()
        self.setAccessibleName("Development trend")

    def set_points(self, points: tuple[TrendPoint, ...]) -> None:
        self.points = points
        self.setToolTip(
            "\n".join(f"{p.age_months:g} months: {p.instrument} {p.kind} {p.score:g}" for p in points)
            or "No scored assessment"
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 150)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        if not self.points:
            painter.drawText(self.rect().adjusted(4, 4, -4, -4), 0, "No scored assessment to draw")
            return
        left, right = 34.0, self.width() - 10.0
        top, bottom = 8.0, self.height() - metrics.height() - 8.0
        ages = [p.age_months for p in self.points]
        low_age, high_age = min(ages), max(max(ages), min(ages) + 1)
        low, high = 40.0, 130.0

        def at(age: float, score: float) -> QPointF:
            fx = (age - low_age) / (high_age - low_age) if high_age > low_age else 0.5
            fy = (min(max(score, low), high) - low) / (high - low)
            return QPointF(left + fx * (right - left), bottom - fy * (bottom - top))

        painter.setPen(QPen(QColor("#9e9e9e"), 1))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        painter.drawLine(QPointF(left, top), QPointF(left, bottom))
        for score in (50, 70, 100, 130):
            y = at(low_age, score).y()
            painter.drawText(QPointF(2, y + metrics.ascent() / 2), str(score))
        painter.setPen(QPen(QColor("#b3261e"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(
            QPointF(left, at(low_age, THRESHOLD).y()), QPointF(right, at(low_age, THRESHOLD).y())
        )
        painter.setPen(QPen(QColor("#1565c0"), 2))
        for a, b in zip(self.points, self.points[1:], strict=False):
            painter.drawLine(at(a.age_months, a.score), at(b.age_months, b.score))
        painter.setPen(QColor("#212121"))
        for p in self.points:
            point = at(p.age_months, p.score)
            painter.setBrush(QColor("#1565c0"))
            painter.drawEllipse(point, 3.5, 3.5)
            words = f"{p.score:g} {p.instrument}"
            width = metrics.horizontalAdvance(words)
            shift = 5 if point.x() + 5 + width <= self.width() else -5 - width
            painter.drawText(point + QPointF(max(shift, 2 - point.x()), -5), words)
        painter.drawText(QPointF(left, self.height() - 4), f"age {low_age:g}–{high_age:g} months")
        painter.end()

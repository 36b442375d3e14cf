"""The centre's seizure-free rates with their 95% intervals against the literature figures,
painted as the report PDF draws them (a square and a line; an orange diamond)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from isconf.services import OutcomeReport, percent, procedure_words

CENTRE, LITERATURE, GRID = QColor("#1f3a5f"), QColor("#b35900"), QColor("#c5ccd3")
ROW, LABEL, TOP, BOTTOM = 26, 230, 30, 40


class OutcomeChart(QWidget):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.report: OutcomeReport | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Seizure-free rates with 95% intervals against the literature")

    def set_report(self, report: OutcomeReport) -> None:
        self.report = report
        rows = sum(len(p.horizons) for p in report.procedures)
        self.setFixedHeight(TOP + BOTTOM + ROW * max(1, rows))
        self.update()

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        width = self.width() - LABEL - 20
        bottom = self.height() - BOTTOM

        def x(fraction: float) -> float:
            return LABEL + width * fraction

        painter.setPen(QPen(GRID, 1))
        for tick in range(0, 101, 20):
            painter.drawLine(QPointF(x(tick / 100), TOP), QPointF(x(tick / 100), bottom))
            painter.setPen(Qt.GlobalColor.black)
            painter.drawText(
                QRectF(x(tick / 100) - 20, bottom + 2, 40, 16), Qt.AlignmentFlag.AlignCenter, f"{tick}%"
            )
            painter.setPen(QPen(GRID, 1))
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(
            QRectF(LABEL, bottom + 18, width, 18), Qt.AlignmentFlag.AlignCenter, "% of children seizure-free"
        )
        self._legend(painter, x)
        rows = [(p, h) for p in self.report.procedures for h in p.horizons] if self.report else []
        if not rows:
            painter.drawText(
                QRectF(LABEL, TOP, width, ROW), Qt.AlignmentFlag.AlignCenter, "No child operated yet"
            )
        for index, (p, h) in enumerate(rows):
            y = TOP + ROW * (index + 0.5)
            painter.setPen(Qt.GlobalColor.black)
            label = f"{procedure_words(p.procedure)}, {h.months} mo (n={h.followed})"
            painter.drawText(QRectF(6, y - 10, LABEL - 10, 20), Qt.AlignmentFlag.AlignVCenter, label)
            ci, rate = h.ci95, h.rate
            if ci is not None and rate is not None:
                painter.setPen(QPen(CENTRE, 2))
                painter.drawLine(QPointF(x(ci[0]), y), QPointF(x(ci[1]), y))
                for end in ci:
                    painter.drawLine(QPointF(x(end), y - 5), QPointF(x(end), y + 5))
                painter.fillRect(QRectF(x(rate) - 4, y - 4, 8, 8), CENTRE)
                painter.drawText(
                    QRectF(x(rate) - 30, y - 20, 60, 14), Qt.AlignmentFlag.AlignCenter, percent(rate)
                )
            else:
                painter.setPen(QColor("#6b7480"))
                painter.drawText(
                    QRectF(x(0) + 4, y - 10, 200, 20), Qt.AlignmentFlag.AlignVCenter, "no child followed yet"
                )
            if p.literature is not None and p.literature.value is not None:
                # Hollow: today's figure, no decision having kept the one it saw.
                _diamond(painter, x(p.literature.value / 100), y, hollow=not p.literature.at_decision)
        painter.end()

    def _legend(self, painter: QPainter, x: Any) -> None:
        painter.fillRect(QRectF(x(0), 8, 8, 8), CENTRE)
        painter.drawText(
            QRectF(x(0) + 14, 2, 260, 20), Qt.AlignmentFlag.AlignVCenter, "this centre, 95% interval"
        )
        _diamond(painter, x(0.45), 12)
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(
            QRectF(x(0.45) + 10, 2, 420, 20),
            Qt.AlignmentFlag.AlignVCenter,
            "literature figure seen at decision (hollow: today's; sources below)",
        )


def _diamond(painter: QPainter, cx: float, cy: float, r: float = 6, *, hollow: bool = False) -> None:
    painter.setPen(QPen(LITERATURE, 1.5))
    painter.setBrush(QColor("white") if hollow else LITERATURE)
    painter.drawPolygon(
        QPolygonF([QPointF(cx, cy - r), QPointF(cx + r, cy), QPointF(cx, cy + r), QPointF(cx - r, cy)])
    )
    painter.setBrush(Qt.BrushStyle.NoBrush)

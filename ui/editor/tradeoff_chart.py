"""The trade-off chart of the workspace: drawn at the width it is shown at and at the screen's
pixel ratio, so its text keeps its size and stays sharp at 150 % scaling."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from isconf.services import TradeoffView, tradeoff_chart_content, tradeoff_chart_png

# Drawing the chart takes about a tenth of a second: like the editor's capture, a burst of
# edits (ratings clicked in a row, a date typed) draws it once, after the last one.
CHART_DELAY_MS = 250
# Narrower than this the chart's words would crowd: it is drawn this wide and scaled down.
MIN_CHART_WIDTH = 960


def chart_pixmap(view: TradeoffView, width: int, ratio: float) -> QPixmap:
    """The chart ``width`` wide in Qt's units, drawn with ``ratio`` device pixels to each:
    at 150 % a 960-unit chart is drawn 1440 pixels wide, its text 1.5 times as large,
    rather than drawn at 960 and enlarged (blurred) by the screen."""
    pixmap = QPixmap()
    pixmap.loadFromData(tradeoff_chart_png(view, width_px=width, scale=ratio), "PNG")
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class TradeoffChart(QLabel):
    """The picture of the latest view, redrawn only when what it shows or its width changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="tradeoffChart")
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Trade-off chart")
        self.drawn_pixmap: QPixmap | None = None  # as drawn; the label shows it scaled to fit
        self._view: TradeoffView | None = None
        self._drawn: Any = None  # what the picture on screen shows, at which width and ratio
        self._timer = QTimer(self, singleShot=True, interval=CHART_DELAY_MS)
        self._timer.timeout.connect(self.draw)

    def show_view(self, view: TradeoffView) -> None:
        self._view = view
        if self.isVisible():  # a hidden workspace draws when it is shown, not on every edit elsewhere
            self._timer.start()

    def draw(self) -> None:
        """Draw now, if something on the chart, its width or the screen's ratio changed."""
        self._timer.stop()
        view = self._view
        if view is None or not self.isVisible():
            return
        width = max(self.width(), MIN_CHART_WIDTH)
        ratio = self.devicePixelRatioF()
        key = (tradeoff_chart_content(view), width, ratio)
        if key == self._drawn:
            return
        self._drawn = key
        self.drawn_pixmap = chart_pixmap(view, width, ratio)
        self.fit()

    def fit(self) -> None:
        """The picture scaled to the label's width (a sharp one follows once resizing stops)."""
        pixmap = self.drawn_pixmap
        if pixmap is None or pixmap.isNull():
            return
        ratio = pixmap.devicePixelRatio()
        width = max(self.width(), 600)
        shown = pixmap.scaledToWidth(
            min(round(width * ratio), pixmap.width()), Qt.TransformationMode.SmoothTransformation
        )
        shown.setDevicePixelRatio(ratio)
        self.setPixmap(shown)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.draw()  # at once: the user has just opened the workspace

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()
        if self.isVisible():
            self._timer.start()

"""Boxes side by side where the page is wide enough, one under the other where it is not
(a 1366×768 laptop, a 150 % desktop): a field is never hidden behind a sideways scroll."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget


class ResponsiveRow(QWidget):
    def __init__(self, *boxes: QWidget) -> None:
        super().__init__()
        self.boxes = boxes
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        for box in boxes:
            self.row.addWidget(box, 1)

    def side_by_side_width(self) -> int:
        return sum(box.sizeHint().width() for box in self.boxes) + self.row.spacing() * (len(self.boxes) - 1)

    def minimumSizeHint(self) -> QSize:
        # The narrowest it can be is one box's width, stacked: the row's own layout would say
        # the sum of them while side by side, and the page could never become narrow.
        width = max(box.minimumSizeHint().width() for box in self.boxes)
        stacked = sum(box.minimumSizeHint().height() for box in self.boxes)
        return QSize(width, stacked if self._stacked() else super().minimumSizeHint().height())

    def _stacked(self) -> bool:
        return self.row.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= self.side_by_side_width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if direction != self.row.direction():
            self.row.setDirection(direction)
            self.updateGeometry()

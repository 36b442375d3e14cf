"""Panels that scroll when the window is smaller than they are (a 1366×768 laptop, a 150 %
desktop) instead of holding the window taller than the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget


def scrolling(panel: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Up and down only: as wide as the panel's narrowest, so no field hides to the right.
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(panel.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
    return area


class ScrollingTabs(QTabWidget):
    """Tabs whose pages scroll; pages are named by the panel, not by its scroll area."""

    def add_panel(self, panel: QWidget, title: str, *, scroll: bool = True) -> int:
        return self.addTab(scrolling(panel) if scroll else panel, title)

    def setCurrentWidget(self, widget: QWidget) -> None:
        for n in range(self.count()):
            area = self.widget(n)
            if area is widget or (isinstance(area, QScrollArea) and area.widget() is widget):
                self.setCurrentIndex(n)
                return

    def currentWidget(self) -> QWidget:
        area = super().currentWidget()
        return area.widget() if isinstance(area, QScrollArea) else area

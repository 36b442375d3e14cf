"""A word-wrapped label that remembers its height for each width.

Qt lays a wrapped label's text out afresh for every ``heightForWidth`` a layout asks, and a
layout pass asks each label several times, at a few widths (the scroll area's width with and
without its scroll bar). A selectable label lays out a whole text document each time: in the
checklist that was half of opening a case (open_case_ms, docs/performance.md). The height
depends only on the text, its format and the label's style, so it is kept until one of them
changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(text, parent)
        if objectName:
            self.setObjectName(objectName)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}
        self._heights_of: tuple[str, int] | None = None

    def heightForWidth(self, width: int) -> int:
        key = (self.text(), self.textFormat().value)
        if key != self._heights_of:
            self._heights_of, self._heights = key, {}
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        self._heights_of = None  # a new font, style sheet or margins: measured again
        super().changeEvent(event)


@contextmanager
def layouts_paused(*widgets: QWidget) -> Iterator[None]:
    """Change many labels of ``widgets`` at once, laid out once afterwards.

    Qt lays out a widget's parent at once, synchronously, whenever the widget is shown or hidden;
    a panel that shows one label and hides another per card laid each card out several times
    per update. Paused, the layouts wait, and lay out once when the event loop next runs.
    """
    layouts = [w.layout() for w in widgets if w.layout() is not None and w.layout().isEnabled()]
    for layout in layouts:
        layout.setEnabled(False)
    try:
        yield
    finally:
        for layout in layouts:
            layout.setEnabled(True)
            layout.invalidate()

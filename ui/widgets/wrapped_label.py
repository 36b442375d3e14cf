"""A word-wrapped label that remembers its height for each width.

Qt lays a wrapped label's text out afresh for every ``heightForWidth`` a layout asks, and a
layout pass asks each label several times, at a few widths (the scroll area's width with and
without its scroll bar). A selectable label lays out a whole text document each time: in the
checklist that was half of opening a case (open_case_ms, docs/performance.md). The height
depends only on the text, its format and the label's style, so it is kept until one of them
changes.

A label that fills its row (``fills_row``: nothing beside it shares the row's width) also skips
Qt's size hints. For a word-wrapped label Qt works out a "golden ratio" shape, its longest word
and its one-line height by laying the text out about nine times (a selectable label: a whole
text document each time) on every text change; in a box layout inside a resizable scroll area
none of them decides any geometry (its width is the row's, its height its height for that
width), and the checklist's reasons and evidence lists were ~3 ms of opening a case.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtGui import Qt, QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QLabel, QWidget


class WrappedLabel(QLabel):
    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, objectName: str = "", fills_row: bool = False
    ) -> None:
        super().__init__(text, parent)
        if objectName:
            self.setObjectName(objectName)
        self.setWordWrap(True)
        self.fills_row = fills_row
        self._heights: dict[int, int] = {}
        self._heights_of: tuple[str, int] | None = None
        self._least: tuple[tuple[str, int], QSize] | None = None

    def minimumSizeHint(self) -> QSize:
        if not self.fills_row:
            return super().minimumSizeHint()
        key = (self.text(), self.textFormat().value)
        if self._least is None or self._least[0] != key:
            self._least = key, self._least_size()
        return self._least[1]

    def sizeHint(self) -> QSize:
        if not self.fills_row:
            return super().sizeHint()
        least = self.minimumSizeHint()
        width = max(self.width(), least.width())
        return QSize(width, self.heightForWidth(width))

    def _least_size(self) -> QSize:
        """Its longest word on one line, measured without a text document."""
        text = self.text()
        if self.textFormat() == Qt.TextFormat.RichText or (
            self.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
        ):
            text = QTextDocumentFragment.fromHtml(text).toPlainText()
        metrics = self.fontMetrics()
        word = metrics.boundingRect(QRect(0, 0, 0, 0), Qt.TextFlag.TextWordWrap, text).width() if text else 0
        margins = self.contentsMargins()
        extra = 2 * self.margin() + max(self.indent(), 0)
        return QSize(
            word + margins.left() + margins.right() + extra,
            metrics.height() + margins.top() + margins.bottom() + 2 * self.margin(),
        )

    def heightForWidth(self, width: int) -> int:
        key = (self.text(), self.textFormat().value)
        if key != self._heights_of:
            self._heights_of, self._heights = key, {}
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        self._heights_of = self._least = None  # a new font, style sheet or margins: measured again
        super().changeEvent(event)


class RowFrame(QFrame):
    """A frame of word-wrapped labels alone in its row of a resizable scroll area.

    Its preferred size is its size at the width it has. Qt's own asks its layout for the height
    at the widest of its parts' preferred widths (~640 px, a width it is never shown at), which
    laid out every label whose text had changed once more, for nothing.
    """

    def sizeHint(self) -> QSize:
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return super().sizeHint()
        width = max(self.width(), self.minimumSizeHint().width())
        return QSize(width, self.heightForWidth(width))


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

"""Under a dark palette every view stays readable: the text sampled from labels, buttons and
table cells contrasts at least 4.5:1 with what is behind it (WCAG AA), as it does in light."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableView, QWidget

from layout_cases import LONG_MRN, conference
from ui import theme
from ui.layout_check import _visible_rect
from ui.screenshot import build_view, render

DAY = "2026-12-07"
AA = 4.5
SIZE = (1366, 768)


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_contrast(image: QImage, rect: QRect) -> float | None:
    """The background is the commonest colour in ``rect``; the text, the colour furthest from it."""
    rect = rect.intersected(image.rect())
    if rect.width() < 6 or rect.height() < 6:
        return None
    counts: Counter[int] = Counter(
        image.pixel(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )
    background = QColor(counts.most_common(1)[0][0])
    best = max((contrast(QColor(pixel), background) for pixel in counts), default=1.0)
    return best if best > 1.05 else None  # no text drawn there


def _samples(window: QWidget) -> Iterator[tuple[str, QRect]]:
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled():
            continue  # WCAG leaves disabled controls out
        if (
            isinstance(widget, QLabel)
            and widget.text().strip()
            and (widget.pixmap() is None or widget.pixmap().isNull())
        ):
            yield f"label {widget.text()[:30]!r}", _visible_rect(widget, window)
        elif isinstance(widget, QAbstractButton) and widget.text().strip() and widget.icon().isNull():
            yield f"button {widget.text()[:30]!r}", _visible_rect(widget, window)
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(3, model.rowCount())):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    if widget.isColumnHidden(column) or not str(index.data() or "").strip():
                        continue
                    cell = widget.visualRect(index)
                    top_left = widget.viewport().mapTo(window, cell.topLeft())
                    visible = QRect(top_left, cell.size()).intersected(
                        _visible_rect(widget.viewport(), window)
                    )
                    yield f"cell {str(index.data())[:30]!r}", visible


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    theme.apply_theme(qapp, theme.DARK)
    yield
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


@pytest.mark.parametrize("view", ["case", "checklist", "tradeoff", "meeting", "present"])
def test_every_view_reads_at_aa_contrast_under_a_dark_palette(
    qapp, dark, fixed_clock, services, view
) -> None:
    fixed_clock(DAY)
    conference(services)
    failures = []
    for mrn in ("DEMO-1001", LONG_MRN):
        widget = build_view(services, view, mrn, None, SIZE)
        qapp.setStyleSheet(qapp.styleSheet())  # build_view styled it light: the theme again
        theme.apply_theme(qapp, theme.DARK)
        image, _ = render(qapp, widget, SIZE, check_layout=False)
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        for what, rect in _samples(widget):
            ratio = text_contrast(image, rect)
            if ratio is not None and ratio < AA:
                failures.append(f"{view} {mrn}: {what} at {rect.x()},{rect.y()}: {ratio:.2f}:1")
        window_colour = image.pixelColor(image.width() // 2, image.height() - 4)
        assert luminance(window_colour) < 0.2, f"{view}: the window is not dark"
        widget.close()
        widget.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert failures == []

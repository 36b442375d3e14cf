"""Word-wrapped labels that fill their row show their whole text at the width they are given,
after every change of text, without Qt's own size hints (open_case_ms, docs/performance.md)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.widgets.wrapped_label import RowFrame, WrappedLabel, layouts_paused

LONG = " ".join(["Vigabatrin 150 mg/kg/day (15 Feb – 7 Mar 2025): no response after 20 days;"] * 6)


def _panel(qtbot: Any, width: int) -> tuple[QScrollArea, RowFrame, WrappedLabel, WrappedLabel]:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget()
    card = RowFrame()
    plain = WrappedLabel("short", fills_row=True)
    rich = WrappedLabel("", fills_row=True)
    rich.setTextFormat(Qt.TextFormat.RichText)
    for label in (plain, rich):
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    column = QVBoxLayout(card)
    column.addWidget(plain)
    column.addWidget(rich)
    outer = QVBoxLayout(body)
    outer.addWidget(card)
    outer.addStretch(1)
    area.setWidget(body)
    qtbot.addWidget(area)
    area.resize(width, 300)
    area.show()
    qtbot.waitExposed(area)
    return area, card, plain, rich


def _shows_all_of(label: QLabel) -> bool:
    return label.width() > 0 and label.height() >= label.heightForWidth(label.width())


def test_a_label_that_fills_its_row_shows_all_of_each_new_text(qtbot: Any) -> None:
    area, card, plain, rich = _panel(qtbot, 360)
    with layouts_paused(card):
        plain.setText(LONG)
        rich.setText("<ul>" + "".join(f"<li>{part}</li>" for part in LONG.split(";")) + "</ul>")
    qtbot.waitUntil(lambda: _shows_all_of(plain) and _shows_all_of(rich))
    assert plain.height() > 4 * plain.fontMetrics().height()  # wrapped onto many lines
    assert area.widget().width() == area.viewport().width()  # never wider than its panel

    plain.setText("One line")
    qtbot.waitUntil(lambda: plain.height() == plain.heightForWidth(plain.width()))
    assert plain.height() < 2 * plain.fontMetrics().height() + 2 * plain.margin() + 2


def test_its_size_hints_are_its_size_at_its_width_and_its_longest_word(qtbot: Any) -> None:
    area, card, plain, _ = _panel(qtbot, 420)
    plain.setText(LONG)
    qtbot.waitUntil(lambda: _shows_all_of(plain))
    assert plain.sizeHint().width() == plain.width()
    assert plain.sizeHint().height() == plain.heightForWidth(plain.width())
    qt = QLabel(LONG)  # what Qt's own would ask: its longest word on one line
    qt.setWordWrap(True)
    qt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    assert abs(plain.minimumSizeHint().width() - qt.minimumSizeHint().width()) <= 3
    assert card.sizeHint().width() == card.width()
    assert card.sizeHint().height() == card.heightForWidth(card.width())
    assert area.isVisible()

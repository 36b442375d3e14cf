"""The style sheet as a user sees it: what it draws must stay readable."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox


# Opening a popup offscreen: the platform says it cannot raise it or grab the keyboard.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_the_highlighted_entry_of_a_drop_down_list_stands_out(qtbot, app_style) -> None:
    combo = QComboBox()
    combo.addItems(["Unanimous", "Majority", "No consensus"])
    qtbot.addWidget(combo)
    combo.show()
    combo.showPopup()
    view = combo.view()
    second = combo.model().index(1, 0)
    view.setCurrentIndex(second)
    view.selectionModel().select(second, view.selectionModel().SelectionFlag.ClearAndSelect)
    qtbot.wait(20)
    picture = view.viewport().grab().toImage()
    rect = view.visualRect(second)
    # The row's background, left of its text: the highlight colour, not the popup's white.
    colour = QColor(picture.pixel(rect.left() + 2, rect.center().y()))
    assert colour.name() == "#cfe3f7"
    combo.hidePopup()


def test_the_style_turns_qts_fill_threads_off_before_the_first_paint(qapp, monkeypatch) -> None:
    # Qt reads QT_NO_GUI_THREADPOOL once, at its first threaded fill: the app and the benchmark
    # both set the style before any window paints (ui.app.serial_fills).
    from ui.app import set_style

    monkeypatch.delenv("QT_NO_GUI_THREADPOOL", raising=False)
    set_style(qapp)
    assert os.environ["QT_NO_GUI_THREADPOOL"] == "1"

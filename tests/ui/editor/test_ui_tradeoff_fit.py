"""The trade-off workspace on a 1366×768 laptop: rating beside the deficit, what is rated said
beside criterion 5, labels wrapped, the alarm in its status line, the chart sharp at 150 %."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from conftest import vignette_files
from isconf.services import Services
from ui.editor.tradeoff_chart import chart_pixmap
from ui.main_window import MainWindow
from ui_helpers import _click_row, _open_tradeoff, _rate, shown


@pytest.fixture
def laptop(qtbot, services: Services) -> MainWindow:
    services.import_files(vignette_files())
    return shown(qtbot, MainWindow(services), 1366, 768)


def _on_screen(widget: QWidget, window: QWidget) -> QRect:
    """Where ``widget`` is in the window, clipped to what its scroll area shows."""
    shown = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(window, shown.topLeft()), shown.size())


def _workspace(qtbot, window: MainWindow, mrn: str):
    page = _open_tradeoff(qtbot, window, mrn)
    window.show_tradeoff_view()
    qtbot.waitUntil(lambda: page.rate_buttons["concern"].visibleRegion().boundingRect().width() > 0)
    return page


def test_the_rating_buttons_stand_beside_the_deficits_on_the_first_screen(qtbot, laptop: MainWindow) -> None:
    page = _workspace(qtbot, laptop, "SYN-0001")
    # Once the layout has settled, as it has by the time a user looks.
    qtbot.waitUntil(lambda: page.rating.x() > page.deficits_view.x() + page.deficits_view.width())
    table = _on_screen(page.deficits_view, laptop)
    for button in page.rate_buttons.values():
        shown = _on_screen(button, laptop)
        assert shown.size() == button.size(), button.text()  # whole, without scrolling the page
        assert shown.left() > table.right() and table.top() <= shown.top() <= table.bottom()
    # They name what a press rates.
    _click_row(qtbot, page.deficits_view, "Language")
    assert page.rating.target.text() == "Rate: Language (Lobar resection)"
    assert page.deficit_why.text().startswith("Why, for Language:")


def test_criterion_5_says_how_many_deficits_its_met_rests_on(qtbot, laptop: MainWindow) -> None:
    page = _workspace(qtbot, laptop, "SYN-0001")
    text = page.verdict.text()
    assert "Criterion 5, acceptable function loss: ✓ MET" in text
    assert "1 of 5 deficits of lobar resection rated; not yet rated: fine motor hand function" in text
    _rate(qtbot, page, "Lobar resection", "Language", "Family", "concern")
    qtbot.waitUntil(lambda: "2 of 5 deficits of lobar resection rated" in page.verdict.text())


def test_the_untreated_spasms_alarm_is_in_the_workspaces_status_line(
    qtbot, fixed_clock, laptop: MainWindow
) -> None:
    fixed_clock(date(2026, 11, 24))
    page = _workspace(qtbot, laptop, "SYN-0006")
    assert page.alarm.isVisible() and page.alarm.objectName() == "alarmBanner"
    assert page.alarm.text().startswith("⚠ Untreated spasms:")
    assert page.alarm.y() < page.verdict.y()  # above the verdict, in the status line's box
    page = _workspace(qtbot, laptop, "SYN-0001")
    assert not page.alarm.isVisible()


def test_a_long_deficit_label_wraps_in_its_row(qtbot, laptop: MainWindow) -> None:
    page = _workspace(qtbot, laptop, "SYN-0003")
    _click_row(qtbot, page.options_view, "Corpus callosotomy")
    view = page.deficits_view
    label = view.model().index(0, 0).data()
    assert label == "Other: disconnection signs, speech output"
    metrics = QFontMetrics(view.font())
    assert metrics.horizontalAdvance(label) > view.columnWidth(0)  # too long for one line
    needed = metrics.boundingRect(0, 0, view.columnWidth(0) - 6, 1000, Qt.TextFlag.TextWordWrap, label)
    assert view.rowHeight(0) >= needed.height() >= 2 * metrics.lineSpacing()
    assert view.wordWrap() and view.textElideMode() is not None
    assert view.height() >= view.horizontalHeader().height() + view.rowHeight(0)  # no scrolling inside


def test_the_chart_is_drawn_at_the_screens_pixel_ratio(qtbot, laptop: MainWindow, services: Services) -> None:
    page = _workspace(qtbot, laptop, "SYN-0001")
    qtbot.waitUntil(lambda: page.chart_pixmap is not None)
    assert page.chart_pixmap.devicePixelRatio() == page.chart.devicePixelRatioF()
    # At 150 %, a chart 960 units wide is drawn with 1440 pixels, not enlarged from 960.
    sharp = chart_pixmap(services.tradeoff("SYN-0001"), 960, 1.5)
    assert sharp.width() == 1440 and sharp.deviceIndependentSize().width() == pytest.approx(960)
    plain = chart_pixmap(services.tradeoff("SYN-0001"), 960, 1.0)
    assert sharp.deviceIndependentSize().height() == pytest.approx(plain.height(), abs=1)

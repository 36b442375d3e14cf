"""What the team stumbled on while rating deficits in the trade-off workspace (user walkthrough)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from test_ui_tradeoff import _open_tradeoff, _rate, window  # noqa: F401  (the fixture)

from isconf.services import Services
from ui.main_window import MainWindow


def _visible_headers(view: QTableView) -> list[str]:
    model = view.model()
    return [
        str(model.headerData(c, Qt.Orientation.Horizontal))
        for c in range(model.columnCount())
        if not view.isColumnHidden(c)
    ]


def test_the_ratings_show_who_rated_what_without_scrolling_sideways(
    qtbot,
    window: MainWindow,  # noqa: F811
    services: Services,
) -> None:
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _rate(qtbot, page, "Hemispherectomy", "Language", "Family", "acceptable", "if the spasms stop")
    _rate(qtbot, page, "Hemispherectomy", "Language", "Neurosurgeon", "concern", "left side")
    view = page.ratings_view
    assert _visible_headers(view) == ["Deficit", "Rating", "Rated by", "Comment"]
    header = view.horizontalHeader()
    rated_by = _visible_headers(view).index("Rated by")
    column = [c for c in range(view.model().columnCount()) if not view.isColumnHidden(c)][rated_by]
    assert header.sectionViewportPosition(column) + header.sectionSize(column) <= view.viewport().width()


def test_a_rating_says_what_was_recorded(qtbot, window: MainWindow) -> None:  # noqa: F811
    page = _open_tradeoff(qtbot, window, "SYN-0002")
    _rate(qtbot, page, "Hemispherectomy", "Language", "Neurosurgeon", "concern", "left side")
    assert page.rate_done.isVisible()
    assert page.rate_done.text() == "✓ Neurosurgeon: concern — Language (Hemispherectomy). Ctrl+Z undoes it."

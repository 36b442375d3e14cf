"""At 1366×768 the editor's tables fit their width (the widest word columns narrowed, dates and
numbers kept), and the Outcome page does not scroll sideways (issues 16 and 20)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QScrollArea

from clinical_files import long_document
from isconf.schema import parse_case_document
from isconf.services import Services
from outcome_children import child_document
from ui.editor.fit_columns import FLOOR, fitted_widths
from ui.main_window import MainWindow


def test_columns_keep_their_widths_while_they_fit_and_the_widest_give_way_first() -> None:
    assert fitted_widths([150, 95, 88], [True, True, False], 400) == [150, 95, 88]
    assert fitted_widths([150, 95, 88], [True, True, False], 260) == [86, 86, 88]
    assert fitted_widths([150, 60, 88], [True, True, False], 260) == [112, 60, 88]
    assert fitted_widths([150, 88], [True, False], 100) == [FLOOR, 88]  # never below the floor


@given(
    st.lists(st.tuples(st.integers(20, 300), st.booleans()), min_size=1, max_size=9), st.integers(100, 1500)
)
def test_fitted_widths_fit_when_they_can_and_never_grow(columns: list[tuple[int, bool]], room: int) -> None:
    preferred, shrinks = [w for w, _ in columns], [s for _, s in columns]
    widths = fitted_widths(preferred, shrinks, room)
    assert all(w <= p for w, p in zip(widths, preferred, strict=True))
    assert all(w == p for w, p, s in zip(widths, preferred, shrinks, strict=True) if not s)
    assert all(w >= min(p, FLOOR) for w, p in zip(widths, preferred, strict=True))
    floor = sum(p if not s else min(p, FLOOR) for p, s in zip(preferred, shrinks, strict=True))
    if floor <= room:
        assert sum(widths) <= room


@pytest.fixture
def window(qtbot, services: Services, fixed_clock: Any) -> MainWindow:
    fixed_clock("2026-12-07")
    services.create_case(parse_case_document(long_document()))
    document = child_document(
        "OP-0001", date(2026, 5, 15), visits=((6, "IB", 2),), new_deficits=("language",)
    )
    services.import_document(document)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def test_the_treatment_and_eeg_tables_fit_at_1366(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0001")
    editor = window.editor
    for tab, table in ((1, "case.treatments"), (3, "case.eeg"), (2, "case.mri")):
        editor.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        view = editor.tables[table].view
        assert view.horizontalScrollBar().maximum() == 0, table
        header = view.horizontalHeader()
        assert sum(header.sectionSize(i) for i in range(header.count())) <= view.viewport().width() + 1


def test_the_outcome_page_does_not_scroll_sideways_at_1366(qtbot, window: MainWindow) -> None:
    window.open_case("OP-0001")
    editor = window.editor
    editor.tabs.setCurrentIndex(7)
    qtbot.wait(10)
    page = editor.tabs.currentWidget()
    assert isinstance(page, QScrollArea)
    assert page.horizontalScrollBar().maximum() == 0

"""The case list: search as you type, sorting, and the models' contracts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from conftest import vignette_files
from isconf.services import Services
from ui.case_list import CaseListModel
from ui.editor.layout import TREATMENT_COLUMNS
from ui.editor.record_table import RecordModel
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.import_files(vignette_files())
    services.add_demo_cases()
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    return win


def _mrns(window: MainWindow) -> list[str]:
    return [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]


def test_list_shows_columns_of_every_case(window: MainWindow) -> None:
    headers = [window.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["MRN", "Name", "Age (mo)", "Onset", "Weeks"]
    assert len(_mrns(window)) == 14
    row = _mrns(window).index("SYN-0005")
    assert window.proxy.index(row, 1).data() == "Synthetic, Eli"
    assert window.proxy.index(row, 3).data() == "2026-07-01"
    assert window.proxy.index(row, 4).data() == "2.7 (stopped)"
    assert window.count_label.text() == "14 cases"


def test_search_as_you_type(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "synth")
    assert len(_mrns(window)) == 6
    qtbot.keyClicks(window.search, " ada")
    assert _mrns(window) == ["SYN-0001"]
    assert window.count_label.text() == "1 of 14 cases match"
    window.search.clear()
    qtbot.keyClicks(window.search, "demo-100")
    assert len(_mrns(window)) == 8
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.editor.original_mrn == _mrns(window)[0]


def test_sorting_by_header_click(qtbot, window: MainWindow) -> None:
    header = window.case_view.horizontalHeader()
    header.sectionClicked.emit(4)  # weeks of spasms
    window.case_view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    weeks = [window.proxy.index(r, 4).data() for r in range(window.proxy.rowCount())]
    numbers = [float(w.split()[0]) for w in weeks if w]
    assert numbers == sorted(numbers, reverse=True)
    window.case_view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    ages = [float(window.proxy.index(r, 2).data()) for r in range(window.proxy.rowCount())]
    assert ages == sorted(ages)


def test_models_pass_qt_model_tester(qtmodeltester, services: Services) -> None:
    services.import_files(vignette_files())
    model = CaseListModel()
    model.set_cases(services.list_cases())
    qtmodeltester.check(model)
    records = RecordModel(TREATMENT_COLUMNS)
    records.set_records([records.blank_record(), {"agent": "vigabatrin", "dose": 150}])
    qtmodeltester.check(records)

"""The case list: search as you type, sorting, and the models' contracts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt

from conftest import vignette_files
from isconf.services import Services
from ui.case_list import (
    AGE_COLUMN,
    MRN_COLUMN,
    NAME_COLUMN,
    ONSET_COLUMN,
    RESISTANT_COLUMN,
    STATUS_COLUMN,
    URGENCY_COLUMN,
    WEEKS_COLUMN,
    CaseListModel,
)
from ui.editor.layout import TREATMENT_COLUMNS
from ui.editor.record_table import RecordModel
from ui.main_window import MainWindow
from ui_helpers import PAINTED_ROLES, painted


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
    headers = [window.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headers == ["MRN", "Name", "Status", "Urgent", "Resist. wk", "Spasm wk", "Age (mo)", "Onset"]
    assert len(_mrns(window)) == 14
    row = _mrns(window).index("SYN-0005")
    assert window.proxy.index(row, NAME_COLUMN).data() == "Synthetic, Eli"
    assert window.proxy.index(row, ONSET_COLUMN).data() == "2026-07-01"
    assert window.proxy.index(row, WEEKS_COLUMN).data() == "2.7 (stopped)"
    assert window.proxy.index(row, STATUS_COLUMN).data() == "Not yet"
    assert window.proxy.index(row, URGENCY_COLUMN).data() == ""
    assert window.count_label.text() == "14 cases"


def test_status_and_urgency_columns_sorted_most_urgent_first(qtbot, services: Services) -> None:
    services.import_files(vignette_files())
    win = MainWindow(services)
    qtbot.addWidget(win)
    # Untreated spasms (SYN-0006) first, whatever the status (issue 16); then urgent cases.
    assert _mrns(win) == ["SYN-0006", "SYN-0003", "SYN-0002", "SYN-0001", "SYN-0004", "SYN-0005"]
    statuses = [win.proxy.index(r, STATUS_COLUMN).data() for r in range(6)]
    assert statuses == [
        "⚠ Incomplete",
        "Palliative candidate",
        "Candidate",
        "Candidate",
        "Not a candidate",
        "Not yet",
    ]
    urgency = [win.proxy.index(r, URGENCY_COLUMN).data() for r in range(6)]
    assert urgency == ["⚠ UNTREATED SPASMS"] + ["URGENT"] * 3 + [""] * 2
    resistant = [win.proxy.index(r, RESISTANT_COLUMN).data() for r in range(6)]
    assert resistant[0] == "" and all(resistant[1:5]) and resistant[5] == ""
    assert [float(w) for w in resistant[1:4]] == sorted((float(w) for w in resistant[1:4]), reverse=True)
    # Another sort and back: the Urgency column restores the ranking.
    win.case_view.sortByColumn(MRN_COLUMN, Qt.SortOrder.AscendingOrder)
    assert _mrns(win)[0] == "SYN-0001"
    win.case_view.horizontalHeader().setSortIndicator(URGENCY_COLUMN, Qt.SortOrder.AscendingOrder)
    assert _mrns(win)[:2] == ["SYN-0006", "SYN-0003"]


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
    header.sectionClicked.emit(WEEKS_COLUMN)
    window.case_view.sortByColumn(WEEKS_COLUMN, Qt.SortOrder.DescendingOrder)
    weeks = [window.proxy.index(r, WEEKS_COLUMN).data() for r in range(window.proxy.rowCount())]
    numbers = [float(w.split()[0]) for w in weeks if w]
    assert numbers == sorted(numbers, reverse=True)
    window.case_view.sortByColumn(AGE_COLUMN, Qt.SortOrder.AscendingOrder)
    ages = [float(window.proxy.index(r, AGE_COLUMN).data()) for r in range(window.proxy.rowCount())]
    assert ages == sorted(ages)


def test_models_pass_qt_model_tester(qtmodeltester, services: Services) -> None:
    services.import_files(vignette_files())
    model = CaseListModel()
    model.set_cases(services.list_cases())
    qtmodeltester.check(model)
    records = RecordModel(TREATMENT_COLUMNS)
    records.set_records([records.blank_record(), {"agent": "vigabatrin", "dose": 150}])
    qtmodeltester.check(records)


def test_a_save_reads_again_only_the_line_it_changed(qtbot, window: MainWindow, monkeypatch) -> None:
    before = {window.proxy.index(r, 0).data(): window.proxy.index(r, NAME_COLUMN).data() for r in range(14)}
    asked: list[object] = []
    listing = window.services.list_cases
    monkeypatch.setattr(
        window.services, "list_cases", lambda **kw: asked.append(kw.get("mrns")) or listing(**kw)
    )
    window.open_case("SYN-0001", offer_draft=False)
    window.editor.fields["case.family_name"].focus_target().setText("Renamedfamily")
    window.editor.capture()
    assert window.save()
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert asked == [frozenset({"SYN-0001"})]  # one line read again, not the whole list
    after = {window.proxy.index(r, 0).data(): window.proxy.index(r, NAME_COLUMN).data() for r in range(14)}
    assert after.pop("SYN-0001").startswith("Renamedfamily")
    before.pop("SYN-0001")
    assert after == before
    assert window.case_view.currentIndex().data() == "SYN-0001"


def test_a_painted_cell_shows_what_the_model_says_in_every_sort_and_search(window: MainWindow) -> None:
    proxy, model = window.proxy, window.case_model
    for column, order in (
        (NAME_COLUMN, Qt.SortOrder.DescendingOrder),
        (URGENCY_COLUMN, Qt.SortOrder.AscendingOrder),
    ):
        window.case_view.sortByColumn(column, order)
        for text in ("", "syn", "demo"):
            window.search.setText(text)
            assert proxy.rowCount() == model.rowCount() > 0
            for r in range(proxy.rowCount()):
                for c in range(proxy.columnCount()):
                    index = proxy.index(r, c)
                    assert proxy.mapToSource(index) == model.index(r, c)  # the proxy maps nothing
                    assert painted(index) == [index.data(role) for role in PAINTED_ROLES]
                    assert index.flags() == model.flags(model.index(r, c))
    alarm = next(
        r for r in range(proxy.rowCount()) if "UNTREATED" in str(proxy.index(r, URGENCY_COLUMN).data())
    )
    font, _, colour, *_ = painted(proxy.index(alarm, URGENCY_COLUMN))
    assert font.bold() and colour.name() == "#b3261e"
    nothing = QModelRoleData(Qt.ItemDataRole.DisplayRole)
    nothing.setData("a cell of another row")
    proxy.multiData(QModelIndex(), QModelRoleDataSpan(nothing))
    assert nothing.data() is None


def test_the_search_column_is_made_once_the_list_is_painted(qtbot, services: Services) -> None:
    services.add_demo_cases()
    win = MainWindow(services)
    qtbot.addWidget(win)
    assert not win.case_model.search_prepared  # not before the list is seen
    win.show()
    qtbot.waitUntil(lambda: win.case_model.search_prepared)
    win.search.setText("demo-100")
    assert win.proxy.rowCount() == 8
    win.search.clear()
    win.refresh_cases()  # the lines read again, no search typed: a new column after the next paint
    assert not win.case_model.search_prepared
    win.case_view.viewport().update()
    qtbot.waitUntil(lambda: win.case_model.search_prepared)
    win.search.setText("demo-100")
    assert win.proxy.rowCount() == 8

"""The editor's Surgery & outcome page (tab 8): rows and columns from the declarations of
``surgery`` and ``follow_up[]``, entered by keyboard and saved, a wrong value named by row and
column."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from conftest import vignette_files
from isconf.services import Services
from ui.actions import ActionId
from ui.editor.case_editor import TAB_TITLES
from ui.main_window import MainWindow
from ui_helpers import _edit_cell, _line_edit, _pick, _type, settled, shown

OUTCOME = TAB_TITLES.index("&8 Outcome")


@pytest.fixture
def window(qtbot, services: Services, fixed_clock: Any) -> MainWindow:
    fixed_clock("2026-12-07")
    services.import_files(vignette_files())
    return shown(qtbot, MainWindow(services), 1366, 768)


def test_surgery_and_a_visit_are_entered_and_saved(qtbot, window: MainWindow, services: Services) -> None:
    assert window.open_case("SYN-0001")
    window.editor.show_section(OUTCOME)
    assert window.editor.tabs.currentIndex() == OUTCOME
    _type(qtbot, _line_edit(window, "case.surgery.date"), "2026-10-01")
    _pick(window, "case.surgery.procedure", "lobar_resection")
    _pick(window, "case.surgery.completeness", "complete")
    _type(qtbot, _line_edit(window, "case.surgery.pathology"), "FCD IIb")
    table = window.editor.tables["case.follow_up"]
    table.add_button.click()
    _edit_cell(qtbot, window, "case.follow_up", 0, "date", "2026-12-01")
    _edit_cell(qtbot, window, "case.follow_up", 0, "engel", "IA")
    _edit_cell(qtbot, window, "case.follow_up", 0, "ilae", "1")
    _edit_cell(qtbot, window, "case.follow_up", 0, "development.instrument", "vineland_3")
    _edit_cell(qtbot, window, "case.follow_up", 0, "development.standard_score", "64")
    window.editor.capture()
    assert window.editor.problems == []
    window.actions_[ActionId.SAVE].trigger()
    settled(qtbot, window)
    assert not window.editor.is_dirty(), window.editor.problems
    case = services.get_case("SYN-0001").case
    assert (case.surgery.date, case.surgery.procedure, case.surgery.pathology) == (
        date(2026, 10, 1),
        "lobar_resection",
        "FCD IIb",
    )
    [visit] = case.follow_up
    assert (visit.engel, visit.ilae, visit.development.instrument, visit.development.standard_score) == (
        "IA",
        1,
        "vineland_3",
        64,
    )
    headers = [table.model.headerData(i, Qt.Orientation.Horizontal) for i in range(table.model.columnCount())]
    assert headers[-3:] == ["Dev. instrument", "Dev. domain", "Dev. score"]
    assert table.model.index(0, 1).data() == "Engel IA"


def test_a_wrong_score_is_named_by_visit_and_column(qtbot, window: MainWindow, services: Services) -> None:
    assert window.open_case("SYN-0001")
    window.editor.show_section(OUTCOME)
    _type(qtbot, _line_edit(window, "case.surgery.date"), "2026-10-01")
    window.editor.tables["case.follow_up"].add_button.click()
    _edit_cell(qtbot, window, "case.follow_up", 0, "date", "2026-09-01")
    _edit_cell(qtbot, window, "case.follow_up", 0, "development.standard_score", "300")
    window.editor.capture()
    lines = window.editor.problem_model.stringList()
    assert any(line.startswith("Visit 1, Dev. score:") for line in lines), lines
    assert any(line.startswith("Visit 1, Date:") and "surgery" in line for line in lines), lines
    model = window.editor.tables["case.follow_up"].model
    assert model.index(0, model.columnCount() - 1).data(Qt.ItemDataRole.ToolTipRole)
    assert not window.save()
    assert services.get_case("SYN-0001").case.follow_up == ()

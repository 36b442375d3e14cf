"""The Outcomes window as a user meets it: opened by its action, the worklist most overdue
first, Enter opens the case, another as-of day, the report with its chart and sources, and the
PDF and registry CSV it writes."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from isconf.schema import parse_case_document
from isconf.services import Changes, Services
from outcome_children import TODAY, add_child, child_document, decide
from ui.actions import ActionId
from ui.main_window import MainWindow
from ui.ops import change_bus
from ui.outcomes.window import OutcomeAction, OutcomesWindow
from ui_helpers import shown


@pytest.fixture
def window(qtbot, services: Services, fixed_clock: Any) -> MainWindow:
    fixed_clock(TODAY)
    # On 1 June 2029: OUT-A's 12-month visit (target 20 April) 12 days overdue, OUT-LATE's (target
    # 1 March) 61 days; OUT-SEEN seen in its open 12-month window; MED-1 re-screen due 10 April.
    add_child(services, child_document("OUT-A", date(2028, 4, 20), visits=()))
    add_child(services, child_document("OUT-LATE", date(2028, 3, 1), visits=((6, "IA", 1),)))
    add_child(services, child_document("OUT-SEEN", date(2028, 5, 20), visits=((6, "IA", 1), (12, "IB", 1))))
    add_child(services, child_document("OUT-HEMI", date(2026, 12, 15), "hemispherotomy", ((24, "IA", 1),)))
    add_child(services, child_document("MED-1", None))
    decide(services, "MED-1", date(2029, 1, 10), "continue_medical")
    return shown(qtbot, MainWindow(services), 1366, 768)


def outcomes_of(qtbot, window: MainWindow) -> OutcomesWindow:
    window.actions_[ActionId.OUTCOMES].trigger()
    found: OutcomesWindow = window.outcomes_window
    qtbot.waitExposed(found)
    return found


def column(view: Any, index: int) -> list[str]:
    model = view.model()
    return [model.index(row, index).data() for row in range(model.rowCount())]


def test_the_worklist_lists_visits_and_rescreens_most_overdue_first(qtbot, window: MainWindow) -> None:
    assert window.actions_[ActionId.OUTCOMES].shortcut().toString() == "Ctrl+Shift+O"
    outcomes = outcomes_of(qtbot, window)
    assert column(outcomes.work_view, 1) == ["OUT-LATE", "MED-1", "OUT-A"]
    assert column(outcomes.work_view, 0) == ["Visit overdue", "Re-screen", "Visit overdue"]
    assert "3 months since the decision" in outcomes.work_view.model().index(1, 6).data()
    assert (
        "1 visit" not in outcomes.work_caption.text()
        and "2 visits due or overdue" in outcomes.work_caption.text()
    )


def test_enter_on_a_line_opens_the_case(qtbot, window: MainWindow) -> None:
    outcomes = outcomes_of(qtbot, window)
    outcomes.work_view.setFocus()
    outcomes.work_view.setCurrentIndex(outcomes.work_view.model().index(0, 0))
    qtbot.keyClick(outcomes.work_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor.original_mrn == "OUT-LATE")


def test_another_day_is_read_from_the_as_of_field(qtbot, window: MainWindow) -> None:
    outcomes = outcomes_of(qtbot, window)
    outcomes.as_of.setFocus()
    qtbot.keyClicks(outcomes.as_of, "2028-10-01")
    qtbot.keyClick(outcomes.as_of, Qt.Key.Key_Return)
    # OUT-A's 6-month visit is due then, OUT-HEMI's 12-month one long overdue; MED-1 not yet decided
    assert column(outcomes.work_view, 1) == ["OUT-HEMI", "OUT-A"]
    outcomes.as_of.clear()
    qtbot.keyClicks(outcomes.as_of, "next week")
    qtbot.keyClick(outcomes.as_of, Qt.Key.Key_Return)
    assert "is not a date" in outcomes.statusBar().currentMessage()


def test_the_report_shows_rates_intervals_the_literature_and_writes_files(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    outcomes = outcomes_of(qtbot, window)
    procedures = column(outcomes.report_view, 0)
    assert procedures == ["Lobar resection", "Hemispherotomy"]
    row = procedures.index("Lobar resection")
    model = outcomes.report_view.model()
    assert model.index(row, 2).data() == "1 of 1 seizure-free, 100.0% (95% CI 20.7–100.0%)"
    assert "Kolosky et al." in model.index(row, 4).data()
    assert outcomes.chart.height() > 100 and not outcomes.chart.grab().isNull()
    assert "Moosa et al., Neurology 2013" in outcomes.sources.text()
    assert outcomes.write_pdf(tmp_path / "report.pdf")
    assert "Lobar resection" in PdfReader(tmp_path / "report.pdf").pages[0].extract_text()
    assert outcomes.write_registry(tmp_path / "registry.csv")
    with (tmp_path / "registry.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 4
    assert "Wrote 4 operated children" in outcomes.statusBar().currentMessage()
    assert outcomes.actions_[OutcomeAction.REFRESH].shortcut().toString() == "F5"


def test_a_saved_case_elsewhere_refreshes_the_worklist(qtbot, window: MainWindow, services: Services) -> None:
    outcomes = outcomes_of(qtbot, window)
    document = child_document("OUT-A", date(2028, 4, 20), visits=((12, "IA", 1),))
    version = services.get_case("OUT-A").version
    services.save_case(parse_case_document(document), original_mrn="OUT-A", expected_version=version)
    change_bus().changed.emit(Changes.of(cases=["OUT-A"]), None)
    assert "OUT-A" not in column(outcomes.work_view, 1)

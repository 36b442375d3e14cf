"""File ▸ Import from FHIR…: the preview shows the case before anything is saved; Import saves it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from isconf.services import Services
from ui.actions import ActionId
from ui.main_window import MainWindow

EHR = Path(__file__).parent.parent / "data" / "fhir" / "ehr_west_syndrome.json"


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    return win


def _rows(dialog) -> dict[str, str]:
    proxy = dialog.proxy
    return {proxy.index(r, 1).data(): proxy.index(r, 2).data() for r in range(proxy.rowCount())}


def test_the_preview_shows_the_case_and_import_saves_it(
    qtbot, window: MainWindow, services: Services, monkeypatch, fixed_clock
) -> None:
    fixed_clock(date(2026, 7, 1))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(EHR), ""))
    action = window.actions_[ActionId.IMPORT_FHIR]
    assert action in window.menuBar().actions()[0].menu().actions()  # File ▸ Import from FHIR…
    action.trigger()
    dialog = window.files.fhir_dialog
    assert dialog is not None and dialog.isVisible()
    rows = _rows(dialog)
    assert rows["mrn"] == "EHR-4711" and rows["spasms.onset_date"] == "2026-03-20"
    assert rows["treatments[0].agent"] == "vigabatrin" and rows["treatments[0].dose_unit"] == "mg/kg/day"
    text = dialog.notes.toPlainText()
    assert "Not mapped (2): Observation/o-3, Immunization/i-1" in text
    assert "first line failed: met (2 first-line trials count as failed" in text
    assert services.cases.count_cases() == 0  # a preview saves nothing
    qtbot.keyClicks(dialog.search, "treatments[2]")
    assert set(_rows(dialog)) == {
        f"treatments[2].{k}" for k in ("agent", "name", "dose", "dose_unit", "start_date", "outcome")
    }
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_model.rowCount() == 1, timeout=10000)
    assert services.export_document("EHR-4711")["case"]["given_name"] == "Noah"
    assert "Imported EHR-4711 from FHIR" in window.statusBar().currentMessage()


def test_a_patient_with_a_problem_cannot_be_imported(
    qtbot, window: MainWindow, services: Services, monkeypatch, tmp_path: Path
) -> None:
    bundle = json.loads(EHR.read_text(encoding="utf-8"))
    bundle["entry"][3]["resource"]["dosage"][0]["doseAndRate"][0]["doseQuantity"]["code"] = "mg"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bad), ""))
    window.actions_[ActionId.IMPORT_FHIR].trigger()
    dialog = window.files.fhir_dialog
    assert not dialog.import_button.isEnabled()
    assert "Will NOT be imported" in dialog.notes.toPlainText()
    assert (
        "Bundle.entry[3].resource.dosage[0].doseAndRate[0].doseQuantity: 'mg'" in dialog.notes.toPlainText()
    )
    dialog.reject()
    assert services.cases.count_cases() == 0

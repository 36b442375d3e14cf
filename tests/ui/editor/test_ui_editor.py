"""The case editor, driven as a user drives it: type, pick, add rows, save, reopen."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from conftest import vignette_files
from isconf import clock
from isconf.services import Services
from ui import dialogs
from ui.actions import ActionId
from ui.main_window import MainWindow
from ui_helpers import _edit_cell, _line_edit, _pick, _type, open_cell_editor, settled, shown


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.import_files(vignette_files())
    return shown(qtbot, MainWindow(services), 1280, 800)


def test_type_add_treatment_save_reopen(qtbot, window: MainWindow, services: Services) -> None:
    assert window.open_case("SYN-0001")
    _type(qtbot, _line_edit(window, "case.referring_center"), "Synthetic Regional Centre")
    window.editor.tabs.setCurrentIndex(1)
    window.editor.tables["case.treatments"].add_button.click()
    _edit_cell(qtbot, window, "case.treatments", 2, "agent", "acth")
    _edit_cell(qtbot, window, "case.treatments", 2, "dose", "150")
    _edit_cell(qtbot, window, "case.treatments", 2, "dose_unit", "IU/m2/day")
    _edit_cell(qtbot, window, "case.treatments", 2, "start_date", "2026-06-21")
    _edit_cell(qtbot, window, "case.treatments", 2, "end_date", "2026-07-20")
    _edit_cell(qtbot, window, "case.treatments", 2, "outcome", "no_response")
    window.editor.capture()
    assert window.editor.is_dirty()
    assert window.isWindowModified()
    window.actions_[ActionId.SAVE].trigger()
    settled(qtbot, window)
    assert not window.editor.is_dirty(), window.editor.problems

    stored = services.get_case("SYN-0001").case
    assert stored.referring_center == "Synthetic Regional Centre"
    assert len(stored.treatments) == 3
    assert stored.treatments[2].agent == "acth"
    assert stored.treatments[2].dose == 150
    assert stored.treatments[2].end_date == date(2026, 7, 20)

    window.open_case("SYN-0002")
    window.open_case("SYN-0001")
    assert _line_edit(window, "case.referring_center").text() == "Synthetic Regional Centre"
    model = window.editor.tables["case.treatments"].model
    assert model.rowCount() == 3
    assert model.index(2, 0).data() == "ACTH / tetracosactide"


def test_ctrl_s_saves(qtbot, window: MainWindow, services: Services) -> None:
    window.open_case("SYN-0005")
    _type(qtbot, _line_edit(window, "case.given_name"), "Elias")
    window.activateWindow()
    qtbot.keyClick(_line_edit(window, "case.given_name"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: services.get_case("SYN-0005").case.given_name == "Elias")


def test_invalid_value_is_named_and_not_saved(qtbot, window: MainWindow, services: Services) -> None:
    window.open_case("SYN-0001")
    future = (clock.today() + timedelta(days=30)).isoformat()
    _type(qtbot, _line_edit(window, "case.date_of_birth"), future)
    window.editor.capture()
    lines = window.editor.problem_model.stringList()
    assert any(line.startswith("Date of birth:") and "in the future" in line for line in lines), lines
    assert window.editor.problem_view.isVisible()
    assert _line_edit(window, "case.date_of_birth").property("invalid") is True
    assert not window.save()
    assert services.get_case("SYN-0001").case.date_of_birth == date(2025, 12, 1)


def test_invalid_dose_in_table_names_row_and_column(qtbot, window: MainWindow, services: Services) -> None:
    window.open_case("SYN-0001")
    window.editor.tabs.setCurrentIndex(1)
    _edit_cell(qtbot, window, "case.treatments", 0, "dose", "400")
    window.editor.capture()
    lines = window.editor.problem_model.stringList()
    assert any(line.startswith("Treatment 1, Dose:") and "implausible" in line for line in lines), lines
    model = window.editor.tables["case.treatments"].model
    assert "implausible" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert not window.save()
    assert services.get_case("SYN-0001").case.treatments[0].dose == 150


def test_undo_and_redo_unsaved_edits(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0003")
    edit = _line_edit(window, "case.family_name")
    _type(qtbot, edit, "Changed")
    window.editor.capture()
    _pick(window, "case.sex", "unknown")
    window.editor.capture()
    window.actions_[ActionId.UNDO].trigger()
    assert window.editor.fields["case.sex"].value() == "female"
    assert edit.text() == "Changed"
    window.actions_[ActionId.UNDO].trigger()
    assert edit.text() == "Synthetic"
    assert not window.editor.is_dirty()
    window.actions_[ActionId.REDO].trigger()
    assert edit.text() == "Changed"
    window.actions_[ActionId.REVERT].trigger()
    assert edit.text() == "Synthetic"


def test_switching_case_asks_about_unsaved_changes(qtbot, window: MainWindow, monkeypatch) -> None:
    window.open_case("SYN-0001")
    _type(qtbot, _line_edit(window, "case.given_name"), "Adele")
    asked: list[str] = []

    def answer(choice: dialogs.Unsaved):
        def ask(_parent, what: str) -> dialogs.Unsaved:
            asked.append(what)
            return choice

        return ask

    monkeypatch.setattr(dialogs, "ask_unsaved", answer(dialogs.Unsaved.CANCEL))
    row = window.proxy.mapFromSource(window.case_model.index(window.case_model.row_of("SYN-0002"), 0))
    window.case_view.setCurrentIndex(row)
    assert asked == ["SYN-0001"]
    assert window.editor.original_mrn == "SYN-0001"
    assert _line_edit(window, "case.given_name").text() == "Adele"

    monkeypatch.setattr(dialogs, "ask_unsaved", answer(dialogs.Unsaved.DISCARD))
    window.case_view.setCurrentIndex(row)
    assert window.editor.original_mrn == "SYN-0002"
    window.open_case("SYN-0001")
    assert _line_edit(window, "case.given_name").text() == "Ada"


def test_close_with_unsaved_changes_prompts(qtbot, window: MainWindow, monkeypatch) -> None:
    window.open_case("SYN-0001")
    _type(qtbot, _line_edit(window, "case.given_name"), "Adele")
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_: dialogs.Unsaved.CANCEL)
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_: dialogs.Unsaved.SAVE)
    window.close()  # the save runs off the UI thread; the window closes once it is done
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.services.get_case("SYN-0001").case.given_name == "Adele"


def test_new_case_is_entered_and_listed(qtbot, window: MainWindow, services: Services) -> None:
    window.actions_[ActionId.NEW_CASE].trigger()
    assert window.editor.is_new()
    assert not window.save()  # the MRN is required
    assert any(line.startswith("MRN:") for line in window.editor.problem_model.stringList())
    _type(qtbot, _line_edit(window, "case.mrn"), "SYN-0100")
    _type(qtbot, _line_edit(window, "case.family_name"), "Synthetic")
    _type(qtbot, _line_edit(window, "case.given_name"), "Noor")
    _type(qtbot, _line_edit(window, "case.date_of_birth"), "2026-03-03")
    _pick(window, "case.sex", "female")
    _pick(window, "case.spasms.ongoing", True)
    assert window.save(), window.editor.problem_model.stringList()
    settled(qtbot, window)
    assert services.get_case("SYN-0100").case.spasms.ongoing is True
    assert window.case_model.row_of("SYN-0100") >= 0
    assert window.windowTitle().startswith("isconf — SYN-0100")


def test_duplicate_mrn_is_refused_in_the_editor(qtbot, window: MainWindow, services: Services) -> None:
    window.actions_[ActionId.NEW_CASE].trigger()
    _type(qtbot, _line_edit(window, "case.mrn"), "SYN-0001")
    assert window.save()  # sent; the services refuse it
    settled(qtbot, window)
    assert window.editor.is_new() and window.statusBar().currentMessage().startswith("Not saved")
    assert any("already belongs to another case" in line for line in window.editor.problem_model.stringList())
    assert services.get_case("SYN-0001").case.given_name == "Ada"


def test_lesions_follow_the_selected_mri(qtbot, window: MainWindow, services: Services) -> None:
    window.open_case("SYN-0002")
    window.editor.tabs.setCurrentIndex(2)
    lesions = window.editor.lesions
    assert lesions.model.rowCount() == 1
    lesions.add_button.click()
    table = lesions.view
    for key, value in (("type", "porencephaly"), ("side", "right"), ("extent", "focal")):
        column = [c.key for c in lesions.model.columns].index(key)
        index = lesions.model.index(1, column)
        table.setCurrentIndex(index)
        combo = open_cell_editor(table, index)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(value))
        combo.activated.emit(combo.currentIndex())
    assert window.save(), window.editor.problem_model.stringList()
    settled(qtbot, window)
    stored = services.get_case("SYN-0002").case
    assert [x.type for x in stored.mri[0].lesions] == ["hemimegalencephaly", "porencephaly"]
    assert window.editor.tables["case.mri"].model.index(0, 3).data() == "2"


def test_tab_moves_through_every_identification_field(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0001")
    order = [
        "case.mrn",
        "case.family_name",
        "case.given_name",
        "case.date_of_birth",
        "case.sex",
        "case.referring_center",
        "case.spasms.onset_date",
        "case.spasms.ongoing",
        "case.spasms.last_seen_date",
        "case.spasms.clusters_per_day",
        "case.spasms.hypsarrhythmia",
    ]
    targets = [window.editor.fields[p].focus_target() for p in order]
    targets[0].setFocus()
    qtbot.waitUntil(targets[0].hasFocus)
    for expected in targets[1:]:
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        assert window.focusWidget() is expected, window.focusWidget()


def test_screenshot_command_writes_png(window: MainWindow, db_path: Path, tmp_path: Path) -> None:
    from isconf import cli

    png = tmp_path / "case.png"
    assert (
        cli.main(
            ["gui", "--db", str(db_path), "--screenshot", str(png), "--view", "case", "--case", "SYN-0001"]
        )
        == 0
    )
    assert png.read_bytes().startswith(b"\x89PNG")
    assert cli.main(["gui", "--db", str(db_path), "--screenshot", str(png), "--case", "NOPE"]) == 1


def test_semiology_rows_come_from_its_declaration(qtbot, window: MainWindow, services: Services) -> None:
    assert window.open_case("SYN-0001")
    paths = [f"case.spasms.semiology.{key}" for key in ("type", "asymmetric", "side", "focal_seizures")]
    assert all(path in window.editor.fields for path in paths)
    _pick(window, "case.spasms.semiology.type", "flexor")
    _pick(window, "case.spasms.semiology.asymmetric", True)
    _pick(window, "case.spasms.semiology.side", "left")
    window.editor.capture()
    window.actions_[ActionId.SAVE].trigger()
    settled(qtbot, window)
    assert not window.editor.is_dirty(), window.editor.problems
    semiology = services.get_case("SYN-0001").case.spasms.semiology
    assert (semiology.type, semiology.asymmetric, semiology.side) == ("flexor", True, "left")

"""The case editor's input: drafts, numbers with commas, cell keys, suggestions, sections."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit

from conftest import vignette_files
from isconf.services import Services
from ui import dialogs
from ui.actions import ActionId
from ui.editor.fields import parse_number
from ui.main_window import MainWindow
from ui_helpers import _edit_cell, open_cell_editor, settled


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.import_files(vignette_files())
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    return win


def _type_given_name(qtbot, window: MainWindow, text: str) -> None:
    edit = window.editor.fields["case.given_name"].focus_target()
    assert isinstance(edit, QLineEdit)
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    window.editor.capture()


def test_discarding_edits_does_not_offer_them_back(
    qtbot, window: MainWindow, services: Services, monkeypatch
) -> None:
    window.open_case("SYN-0001")
    _type_given_name(qtbot, window, "Adeline")
    offered: list[str] = []
    monkeypatch.setattr(dialogs, "ask_restore_draft", lambda _p, what, _w: offered.append(what) or True)
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_: dialogs.Unsaved.DISCARD)
    window.actions_[ActionId.NEW_CASE].trigger()
    window.open_case("SYN-0001")
    assert offered == []
    assert services.drafts.load("SYN-0001") is None


def test_screenshot_of_a_case_with_a_draft_does_not_wait_for_an_answer(
    qtbot, window: MainWindow, db_path: Path, tmp_path: Path
) -> None:
    from isconf import cli

    window.open_case("SYN-0002")
    _type_given_name(qtbot, window, "Benedict")
    png = tmp_path / "shot.png"
    args = ["gui", "--db", str(db_path), "--screenshot", str(png), "--view", "case", "--case", "SYN-0002"]
    assert cli.main(args) == 0
    assert png.stat().st_size > 0


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,5", 1.5),
        ("150", 150),
        ("1.5", 1.5),
        ("1,500", "1,500"),
        ("1.500,5", "1.500,5"),
        ("abc", "abc"),
        ("", None),
    ],
)
def test_numbers_are_read_without_guessing(typed: str, value: object) -> None:
    assert parse_number(typed) == value


def test_thousands_comma_in_a_dose_is_refused_by_name(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0001")
    window.editor.show_section(1)
    _edit_cell(qtbot, window, "case.treatments", 0, "dose", "1,500")
    window.editor.capture()
    assert any(
        line.startswith("Treatment 1, Dose: '1,500' is text, not a number")
        for line in window.editor.problem_model.stringList()
    )


def test_export_asks_to_settle_unsaved_edits_first(
    qtbot, window: MainWindow, services: Services, tmp_path: Path, monkeypatch
) -> None:
    window.open_case("SYN-0004")
    _type_given_name(qtbot, window, "Darya")
    target = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_: dialogs.Unsaved.CANCEL)
    window.actions_[ActionId.EXPORT].trigger()
    settled(qtbot, window)
    assert not target.exists()
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_: dialogs.Unsaved.SAVE)
    window.actions_[ActionId.EXPORT].trigger()
    settled(qtbot, window)
    assert '"given_name": "Darya"' in target.read_text(encoding="utf-8")


def test_delete_empties_a_cell_and_ctrl_delete_removes_the_row(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0001")
    window.editor.show_section(1)
    table = window.editor.tables["case.treatments"]
    table.view.setCurrentIndex(table.model.index(0, 2))
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert table.model.rowCount() == 2
    assert table.records()[0]["dose"] is None
    qtbot.keyClick(table.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert table.model.rowCount() == 1
    assert table.records()[0]["agent"] == "prednisolone"


def test_rated_by_offers_roles_and_accepts_others(qtbot, window: MainWindow, services: Services) -> None:
    window.open_case("SYN-0001")
    window.editor.show_section(5)
    table = window.editor.tables["case.tradeoff.assessments"]
    column = [c.key for c in table.model.columns].index("rated_by")
    assert table.model.index(0, column).data() == "Family"
    editor = open_cell_editor(table.view, table.model.index(0, column))
    assert isinstance(editor, QComboBox) and editor.isEditable()
    assert editor.findData("neurosurgeon") >= 0
    editor.setEditText("Neurosurgeon")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)
    assert table.records()[0]["rated_by"] == "neurosurgeon"
    editor = open_cell_editor(table.view, table.model.index(0, column))
    editor.setEditText("occupational therapist")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)
    assert table.records()[0]["rated_by"] == "occupational therapist"
    assert window.save()
    settled(qtbot, window)
    assert services.get_case("SYN-0001").case.tradeoff.assessments[0].rated_by == "occupational therapist"


def test_sections_are_actions_with_alt_number(window: MainWindow) -> None:
    window.open_case("SYN-0001")
    action = window.actions_[ActionId.GO_MRI]
    assert action.shortcut().toString() == "Alt+3"
    action.trigger()
    assert window.editor.tabs.currentIndex() == 2


def test_long_note_shows_whole_in_a_tooltip(window: MainWindow) -> None:
    window.open_case("SYN-0001")
    table = window.editor.tables["case.eeg"]
    column = [c.key for c in table.model.columns].index("note")
    table.model.setData(table.model.index(0, column), "Left frontal " * 20)
    assert table.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole) == "Left frontal " * 20

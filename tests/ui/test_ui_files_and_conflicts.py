"""Import, export and delete from the window, and two workstations saving one case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLineEdit

from conftest import vignette_files
from isconf.services import Services
from ui import dialogs
from ui.actions import ActionId
from ui.main_window import MainWindow
from ui_helpers import settled


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    return win


def _given_name(window: MainWindow) -> QLineEdit:
    edit = window.editor.fields["case.given_name"].focus_target()
    assert isinstance(edit, QLineEdit)
    return edit


def test_import_from_the_window_reports_each_file(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "isconf-case/1", "case": {"mrn": "SYN-9", "sex": "f"}}', encoding="utf-8")
    files = [str(p) for p in vignette_files()] + [str(bad)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: (files, ""))
    reports: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, text, details="": reports.append((text, details)))
    window.actions_[ActionId.IMPORT].trigger()
    qtbot.waitUntil(lambda: bool(reports), timeout=10000)
    assert window.case_model.rowCount() == 6
    text, details = reports[-1]
    assert text.startswith("Imported 6 of 7 file(s).")
    assert "case.sex: 'f' is not one of" in details
    assert window.count_label.text() == "6 cases"


def test_export_from_the_window_writes_the_case_file(
    window: MainWindow, services: Services, tmp_path: Path, monkeypatch
) -> None:
    services.import_files(vignette_files())
    window.refresh_cases()
    window.open_case("SYN-0002")
    target = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    window.actions_[ActionId.EXPORT].trigger()
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["case"]["mrn"] == "SYN-0002"
    assert document == services.export_document("SYN-0002")
    assert target.stat().st_mode & 0o777 == 0o600


def test_delete_asks_then_removes_the_case(
    qtbot, window: MainWindow, services: Services, monkeypatch
) -> None:
    services.import_files(vignette_files())
    window.refresh_cases()
    window.open_case("SYN-0004")
    monkeypatch.setattr(dialogs, "confirm", lambda *_: False)
    window.actions_[ActionId.DELETE_CASE].trigger()
    settled(qtbot, window)
    assert window.case_model.row_of("SYN-0004") >= 0
    monkeypatch.setattr(dialogs, "confirm", lambda *_: True)
    window.actions_[ActionId.DELETE_CASE].trigger()
    settled(qtbot, window)
    assert window.case_model.row_of("SYN-0004") < 0
    assert sorted(s.mrn for s in services.list_cases()) == [
        "SYN-0001",
        "SYN-0002",
        "SYN-0003",
        "SYN-0005",
        "SYN-0006",
    ]
    assert not window.actions_[ActionId.SAVE].isEnabled()


def test_second_save_is_refused_and_shows_what_changed(
    qtbot, window: MainWindow, services: Services, db_path: Path, monkeypatch
) -> None:
    services.import_files(vignette_files())
    window.refresh_cases()
    window.open_case("SYN-0001")
    other = Services.open(str(db_path))  # a second workstation on the same database
    try:
        theirs = other.get_case("SYN-0001")
        from dataclasses import replace

        other.save_case(
            replace(theirs.case, family_name="Synthetic-Other"), original_mrn="SYN-0001", expected_version=1
        )
    finally:
        other.close()

    shown: list[list[str]] = []

    def reload_after(_parent, _mrn, changes: list[str]) -> bool:
        shown.append(changes)
        return True

    monkeypatch.setattr(dialogs, "ask_reload_after_conflict", reload_after)
    edit = _given_name(window)
    edit.selectAll()
    qtbot.keyClicks(edit, "Adeline")
    assert window.save()  # sent; the services refuse it as stale
    settled(qtbot, window)
    assert window.statusBar().currentMessage().startswith("Not saved")
    assert shown == [["case.family_name: Synthetic → Synthetic-Other"]]
    # Reloaded: their change is shown, mine is gone, and nothing was overwritten.
    assert services.get_case("SYN-0001").case.family_name == "Synthetic-Other"
    assert services.get_case("SYN-0001").case.given_name == "Ada"
    assert _given_name(window).text() == "Ada"
    assert not window.editor.is_dirty()


def test_a_code_this_version_does_not_know_is_kept_visible(window: MainWindow) -> None:
    field = window.editor.fields["case.sex"]
    field.set_value("intersex")
    assert field.value() == "intersex"
    assert "intersex (unknown)" in field.focus_target().currentText()


def test_problem_click_goes_to_the_field(qtbot, window: MainWindow, services: Services) -> None:
    services.import_files(vignette_files())
    window.refresh_cases()
    window.open_case("SYN-0001")
    window.editor.tabs.setCurrentIndex(2)
    window.editor.fields["case.development.status"].set_value(None)
    edit = window.editor.fields["case.development.assessed_on"].focus_target()
    assert isinstance(edit, QLineEdit)
    edit.setText("2026-02-30")
    window.editor.capture()
    view = window.editor.problem_view
    assert window.editor.problem_model.stringList() == [
        "Assessed on: '2026-02-30' is not a real calendar date"
    ]
    view.clicked.emit(window.editor.problem_model.index(0))
    assert window.editor.tabs.currentIndex() == 4
    qtbot.waitUntil(edit.hasFocus)
    assert edit.property("invalid") is True
    assert window.editor.tabs.tabIcon(4).isNull() is False
    assert window.editor.tabs.tabIcon(0).isNull()


def test_edits_survive_a_crash_as_a_draft(qtbot, services: Services, db_path: Path, monkeypatch) -> None:
    services.import_files(vignette_files())
    first = MainWindow(services)
    qtbot.addWidget(first)
    first.open_case("SYN-0001")
    edit = _given_name(first)
    edit.selectAll()
    qtbot.keyClicks(edit, "Adeline")
    first.editor.capture()
    # isconf dies here: no save, no close event. A new session opens the same database.
    first.editor.blockSignals(True)
    later = Services.open(str(db_path))
    try:
        second = MainWindow(later)
        qtbot.addWidget(second)
        offered: list[str] = []

        def restore(_parent, what: str, _when) -> bool:
            offered.append(what)
            return True

        monkeypatch.setattr(dialogs, "ask_restore_draft", restore)
        second.open_case("SYN-0001")
        assert offered == ["SYN-0001"]
        assert _given_name(second).text() == "Adeline"
        assert second.editor.is_dirty()
        assert later.get_case("SYN-0001").case.given_name == "Ada"
        assert second.save()
        settled(qtbot, second)
        assert later.get_case("SYN-0001").case.given_name == "Adeline"
        assert later.drafts.load("SYN-0001") is None
    finally:
        later.close()


def test_declined_draft_is_discarded(qtbot, window: MainWindow, services: Services, monkeypatch) -> None:
    services.import_files(vignette_files())
    window.refresh_cases()
    window.open_case("SYN-0002")
    edit = _given_name(window)
    edit.selectAll()
    qtbot.keyClicks(edit, "Benjamin")
    window.editor.capture()
    assert services.drafts.load("SYN-0002") is not None
    window.editor.load(services.get_case("SYN-0002"))  # the default answer declines the draft
    assert services.drafts.load("SYN-0002") is None
    assert _given_name(window).text() == "Ben"

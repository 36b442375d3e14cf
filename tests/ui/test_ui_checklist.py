"""The checklist panel as a clinician reads it, and as it follows the edits."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from conftest import vignette_files
from isconf import cli
from isconf.services import DatabaseError, Services
from ui.actions import ActionId
from ui.main_window import MainWindow
from ui_helpers import _edit_cell, _line_edit, _pick, _type, settled, shown


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.import_files(vignette_files())
    return shown(qtbot, MainWindow(services), 1600, 900)


def _badges(window: MainWindow) -> dict[str, str]:
    return {cid: card.badge.text() for cid, card in window.editor.checklist.cards.items()}


def _texts(window: MainWindow) -> str:
    panel = window.editor.checklist
    return "\n".join(label.text() for label in panel.findChildren(QLabel) if label.isVisibleTo(panel))


def test_candidate_reads_with_words_reasons_and_sources(window: MainWindow) -> None:
    window.open_case("SYN-0001")
    panel = window.editor.checklist
    assert "Surgical candidate" in panel.status_label.text()
    assert panel.pathway_label.text() == "Pathway: lobar resection"
    assert panel.urgent_badge.isVisibleTo(panel) and panel.urgent_badge.text() == "URGENT"
    assert set(_badges(window).values()) == {"✓  MET"}
    card = panel.cards["first_line_failed"]
    assert "Vigabatrin 150 mg/kg/day (10 May – 25 May 2026)" in card.reason.text()
    assert card.source.text().startswith("Source: Go et al., Neurology 2012 (AAN/CNS guideline)")
    text = _texts(window)
    assert "O'Callaghan et al., Epilepsia 2011" in text and "3.9 points lower" in text
    assert "four IQ points" not in text.lower()
    assert "UKISS category 3 (15–30 days)" in panel.urgency_values["lead_time"].text()


def test_not_yet_and_incomplete_cases(window: MainWindow) -> None:
    window.open_case("SYN-0005")
    panel = window.editor.checklist
    assert "Not yet" in panel.status_label.text()
    assert _badges(window)["first_line_failed"] == "✗  NOT MET"
    assert (
        "responded to Prednisolone; no further first-line trial"
        in panel.cards["first_line_failed"].reason.text()
    )
    assert not panel.urgent_badge.isVisibleTo(panel)
    window.open_case("SYN-0006")
    assert "Incomplete" in panel.status_label.text()
    missing = panel.cards["developmental_impact"].missing
    assert missing.isVisibleTo(panel) and missing.text() == "Missing: no developmental assessment"


def test_checklist_follows_edits_before_saving(qtbot, window: MainWindow, services: Services) -> None:
    window.open_case("SYN-0001")
    panel = window.editor.checklist
    window.editor.tabs.setCurrentIndex(1)
    _edit_cell(qtbot, window, "case.treatments", 0, "dose", "50")
    qtbot.waitUntil(lambda: "Not yet" in panel.status_label.text() or "Refer" in panel.status_label.text())
    reason = panel.cards["first_line_failed"].reason.text()
    evidence = panel.cards["first_line_failed"].evidence.text()
    assert "1 first-line trial counts as failed" in reason
    assert "Vigabatrin 50 mg/kg/day (10 May – 25 May 2026) is below the adequate 100 mg/kg/day" in reason
    assert "Prednisolone 40 mg/day (26 May – 20 Jun 2026): relapse after 25 days" in evidence
    # Rule 3: focal lesion, spasms going on, one failed trial: refer early.
    assert "Refer for surgical evaluation" in panel.status_label.text()
    assert services.get_case("SYN-0001").case.treatments[0].dose == 150  # nothing saved yet


def test_problems_mark_the_checklist_out_of_date(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0001")
    panel = window.editor.checklist
    _type(qtbot, _line_edit(window, "case.mrn"), "")
    window.editor.capture()
    assert panel.stale.isVisibleTo(panel)
    assert "Not up to date" in panel.stale.text()
    assert "Surgical candidate" in panel.status_label.text()  # the last verdict stays, marked stale
    _type(qtbot, _line_edit(window, "case.mrn"), "SYN-0001")
    window.editor.capture()
    assert not panel.stale.isVisibleTo(panel)


def test_warnings_are_shown_as_warnings(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0001")
    panel = window.editor.checklist
    assert not panel.warnings.isVisibleTo(panel)
    window.editor.tabs.setCurrentIndex(3)
    _edit_cell(qtbot, window, "case.eeg", 0, "lateralization", "right")
    window.editor.capture()
    assert panel.warnings.isVisibleTo(panel)
    assert "WARNING" in panel.warnings.text() and "Discordance" in panel.warnings.text()


def test_development_pick_changes_the_status(window: MainWindow) -> None:
    window.open_case("SYN-0001")
    _pick(window, "case.development.status", "normal")
    window.editor.capture()
    # The quotient of 50 still says delay: met by the quotient alone.
    card = window.editor.checklist.cards["developmental_impact"]
    assert card.badge.text() == "✓  MET"
    assert "quotient 50 is below 70" in card.reason.text()


def test_screenshot_of_the_checklist_view(window: MainWindow, db_path: Path, tmp_path: Path) -> None:
    png = tmp_path / "checklist.png"
    args = [
        "gui",
        "--db",
        str(db_path),
        "--screenshot",
        str(png),
        "--view",
        "checklist",
        "--case",
        "SYN-0003",
    ]
    assert cli.main(args) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1600, 900)
    assert png.stat().st_mode & 0o777 == 0o600  # it shows names: owner-only
    assert cli.main(["gui", "--db", str(db_path), "--screenshot", str(png), "--view", "checklist"]) == 2


def test_case_history_dialog(window: MainWindow, services: Services) -> None:
    window.open_case("SYN-0005")
    stored = services.get_case("SYN-0005")
    services.save_case(
        dataclasses.replace(stored.case, given_name="Elias"), original_mrn="SYN-0005", expected_version=1
    )
    window.actions_[ActionId.CASE_HISTORY].trigger()
    dialog = window.audit_dialog
    rows = [[dialog.proxy.index(r, c).data() for c in range(7)] for r in range(dialog.proxy.rowCount())]
    assert [r[2] for r in rows] == ["create", "update"]
    assert rows[1][4:] == ["given_name", "Eli", "Elias"]
    dialog.search.setText("elias")
    assert dialog.proxy.rowCount() == 1
    dialog.close()


def test_f9_hides_and_shows_the_checklist(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0001")
    panel = window.editor.checklist
    assert panel.isVisible()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert not panel.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert panel.isVisible()


def test_a_save_the_database_refuses_keeps_the_edits(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import dialogs
    from ui_helpers import _line_edit, _type

    told: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _parent, title, _text, details="": told.append(details))
    window.open_case("SYN-0005")
    _type(qtbot, _line_edit(window, "case.given_name"), "Elias")

    def refused(*_args: object, **_kwargs: object) -> None:
        raise DatabaseError("isconf.db: nothing was saved (database is locked)")

    with monkeypatch.context() as patch:
        patch.setattr(services, "save_case", refused)
        assert window.save() is True  # sent off the UI thread; the database refuses it there
        settled(qtbot, window)
    assert told == ["isconf.db: nothing was saved (database is locked)"]
    assert window.editor.is_dirty()
    assert window.save() is True
    settled(qtbot, window)
    assert services.get_case("SYN-0005").case.given_name == "Elias"


def test_a_new_case_never_shows_the_previous_case_verdict(window: MainWindow) -> None:
    window.open_case("SYN-0001")
    assert "Surgical candidate" in window.editor.checklist.status_label.text()
    window.new_case()
    panel = window.editor.checklist
    assert panel.status_label.text() == "No evaluation yet"
    assert not any(card.isVisibleTo(panel) for card in panel.cards.values())
    assert not panel.urgency_box.isVisibleTo(panel) and not panel.urgent_badge.isVisibleTo(panel)
    assert panel.banner.property("status") == ""

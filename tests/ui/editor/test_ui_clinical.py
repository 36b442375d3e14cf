"""The editor's clinical content (issue 16), as a user sees and types it: key images added from
a DICOM file (identifiers removed and named), the family's priorities in the order ticked, the
developmental assessments, the timeline and the concordance row; the list's red alarm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from clinical_files import PLANTED, dicom_bytes, full_document, long_document
from conftest import vignette_files
from isconf import clock
from isconf.schema import parse_case_document
from isconf.services import Services, case_concordance
from ui.case_list import STATUS_COLUMN, URGENCY_COLUMN
from ui.editor.case_editor import TAB_TITLES
from ui.main_window import MainWindow
from ui_helpers import settled

MRI_SECTION = TAB_TITLES.index("&3 MRI")


@pytest.fixture
def window(qtbot, services: Services, fixed_clock: Any) -> MainWindow:
    from datetime import date

    fixed_clock(date(2026, 11, 24))
    services.import_files([f for f in vignette_files() if "fcd" not in f.name])
    services.create_case(parse_case_document(long_document()))
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def test_a_dicom_file_added_in_the_editor_loses_its_identifiers(
    qtbot, window: MainWindow, services: Services, tmp_path: Path
) -> None:
    window.open_case("SYN-0001")
    editor = window.editor
    file = tmp_path / "axial.dcm"
    file.write_bytes(dicom_bytes())
    assert editor.images.add_file(file)
    note = editor.images.note.text()
    assert note.startswith("Added axial.dcm. Removed on import: ")
    assert "DICOM PatientName" in note and "DICOM PatientID" in note and "DICOM InstitutionName" in note
    editor.capture()
    assert editor.save()
    settled(qtbot, window)
    images = services.get_case("SYN-0001").case.images
    assert len(images) == 4 and images[-1].caption == "axial" and images[-1].media_type == "application/dicom"
    for planted in PLANTED:
        assert planted not in images[-1].data
    editor.show_section(MRI_SECTION)  # the key images are on the MRI tab
    assert editor.images.strip_layout.count() == 5  # four thumbnails and the stretch


def test_a_file_that_is_no_image_is_refused_in_words(window: MainWindow, tmp_path: Path) -> None:
    window.open_case("SYN-0001")
    file = tmp_path / "notes.txt"
    file.write_text("x")
    assert not window.editor.images.add_file(file)
    assert window.editor.images.note.text() == "notes.txt: is not a PNG, JPEG or DICOM file"


def test_priorities_keep_the_order_they_were_ticked(qtbot, window: MainWindow, services: Services) -> None:
    window.open_case("SYN-0001")
    field = window.editor.fields["case.family.priorities"]
    assert field.value() == ["seizure_freedom", "development", "walking"]
    assert field.boxes["development"].text() == "2. Development"
    field.boxes["seizure_freedom"].click()  # untick the first: the others move up
    field.boxes["hand_use"].click()
    assert field.value() == ["development", "walking", "hand_use"]
    assert field.boxes["hand_use"].text() == "3. Hand use"
    window.editor.capture()
    assert window.editor.save()
    settled(qtbot, window)
    assert services.get_case("SYN-0001").case.family.priorities == ("development", "walking", "hand_use")


def test_the_views_show_the_timeline_concordance_and_trend(window: MainWindow) -> None:
    window.open_case("SYN-0001")
    editor = window.editor
    views = editor.views
    editor.show_section(TAB_TITLES.index("&2 Treatments"))  # each is drawn on its tab
    assert views.timeline.timeline is not None and len(views.timeline.timeline.bars) == 8
    assert "Vigabatrin 150 mg/kg/day: No response" in views.timeline.toolTip()
    editor.show_section(MRI_SECTION)
    assert views.concordance.text().startswith("Concordant, left")
    editor.show_section(TAB_TITLES.index("&5 Etiology"))
    assert [p.score for p in views.trend.points] == [74, 58, 55]
    tables = window.editor.tables
    assert len(tables["case.development.assessments"].records()) == 3
    assert tables["case.mri"].model.columns[-1].key == "report"


def test_the_list_shows_untreated_spasms_first_in_red(window: MainWindow) -> None:
    model = window.case_model
    index = model.index(0, URGENCY_COLUMN)
    assert model.data(index) == "⚠ UNTREATED SPASMS"
    assert model.data(model.index(0, STATUS_COLUMN)) == "⚠ Incomplete"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"


def test_a_full_document_opens_without_problems(qtbot, window: MainWindow, services: Services) -> None:
    document = full_document()
    document["case"]["mrn"] = "SYN-0100"
    services.create_case(parse_case_document(document))
    window.refresh_cases()
    window.open_case("SYN-0100")
    assert window.editor.problems == []
    assert window.editor.fields["case.etiology.genetic.gene"].value() == "TSC2"
    assert window.editor.fields["case.spasms.semiology.description"].value().startswith("clusters on waking")


def test_a_report_is_typed_in_its_own_box_for_the_selected_study(
    qtbot, window: MainWindow, services: Services
) -> None:
    window.open_case("SYN-0001")
    eeg = window.editor.tables["case.eeg"]
    eeg.view.setCurrentIndex(eeg.model.index(2, 0))
    box = next(
        b
        for b in window.editor.findChildren(QPlainTextEdit)
        if b.accessibleName() == "Report of the selected EEG"
    )
    assert box.toPlainText().startswith("Left fronto-central maximum")
    box.selectAll()
    qtbot.keyClicks(box, "Right temporal spikes")
    window.editor.capture()
    assert window.editor.save()
    settled(qtbot, window)
    assert services.get_case("SYN-0001").case.eeg[2].report == "Right temporal spikes"


def _thumbnail_tips(editor: Any) -> list[str]:
    strip = editor.images.strip_layout
    items = (strip.itemAt(i).widget() for i in range(strip.count()))
    return [box.findChild(QLabel).toolTip() for box in items if box is not None]


def test_the_thumbnails_are_made_when_their_tab_is_shown(qtbot, window: MainWindow) -> None:
    window.open_case("SYN-0001")
    editor = window.editor
    assert editor.tabs.currentIndex() == 0 and not editor.images.isVisible()
    editor.show_section(MRI_SECTION)
    tips = _thumbnail_tips(editor)
    assert len(tips) == 3 and tips[0].startswith("Image 1: ")
    qtbot.waitUntil(lambda: all(box.isVisible() for box in editor.images.strip.findChildren(QLabel)))
    editor.show_section(0)
    window.open_case("SYN-0002")  # another case opened while the images are out of sight
    editor.show_section(MRI_SECTION)
    assert len(_thumbnail_tips(editor)) == len(editor.tables["case.images"].records())


def test_a_view_on_another_tab_is_drawn_for_the_case_shown_when_its_tab_opens(window: MainWindow) -> None:
    editor = window.editor
    window.open_case("SYN-0001")
    editor.show_section(MRI_SECTION)
    assert editor.views.concordance.text().startswith("Concordant, left")
    editor.show_section(0)
    window.open_case("SYN-0002")  # opened while the concordance row is out of sight
    editor.show_section(MRI_SECTION)
    stored = window.services.get_case("SYN-0002").case
    assert editor.views.concordance.text() == case_concordance(stored, clock.today()).words
    assert not editor.views.concordance.text().startswith("Concordant, left")

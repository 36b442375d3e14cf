"""An image file dropped on the EEG or PET section (or the MRI studies) is added as a key image
of that kind: a real drop, with a QMimeData of file URLs, sent where a user lets go (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from clinical_files import long_document, png_bytes
from isconf.schema import parse_case_document
from isconf.services import Services
from ui.main_window import MainWindow
from ui_helpers import settled


@pytest.fixture
def window(qtbot, services: Services, fixed_clock: Any) -> MainWindow:
    fixed_clock("2026-11-24")
    services.create_case(parse_case_document(long_document()))
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.open_case("SYN-0001")
    return win


def drop(widget: QWidget, files: list[Path]) -> bool:
    """Drag ``files`` over the middle of ``widget`` and let go; whether the drop was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    at = QPointF(widget.rect().center())
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at.toPoint(), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    let_go = QDropEvent(at, Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(widget, let_go)
    return let_go.isAccepted()


@pytest.mark.parametrize(
    ("tab", "table", "modality"), [(3, "case.eeg", "eeg"), (3, "case.pet", "pet"), (2, "case.mri", "mri")]
)
def test_an_image_dropped_on_a_study_section_is_added_as_its_kind(
    qtbot, window: MainWindow, services: Services, tmp_path: Path, tab: int, table: str, modality: str
) -> None:
    editor = window.editor
    editor.tabs.setCurrentIndex(tab)
    file = tmp_path / f"{modality}-key.png"
    file.write_bytes(png_bytes())
    before = len(editor.images.table.records())
    # Let go over the studies table: the drop goes up to the section that takes it.
    assert drop(editor.tables[table].view.viewport(), [file])
    records = editor.images.table.records()
    assert len(records) == before + 1
    assert records[-1]["modality"] == modality and records[-1]["caption"] == f"{modality}-key"
    notes = [
        w for w in editor.tabs.widget(tab).findChildren(QWidget) if w.objectName() == "hint" and w.isVisible()
    ]
    assert any(n.text().startswith(f"Added {modality}-key.png. Removed on import:") for n in notes)
    editor.capture()
    assert editor.save()
    settled(qtbot, window)
    assert services.get_case("SYN-0001").case.images[-1].modality == modality


def test_a_dropped_file_that_is_no_image_is_refused_in_the_section(
    window: MainWindow, tmp_path: Path
) -> None:
    editor = window.editor
    editor.tabs.setCurrentIndex(3)
    file = tmp_path / "notes.txt"
    file.write_text("x")
    before = len(editor.images.table.records())
    assert drop(editor.tables["case.pet"].view.viewport(), [file])
    assert len(editor.images.table.records()) == before
    notes = [
        w.text()
        for w in editor.tabs.widget(3).findChildren(QWidget)
        if w.objectName() == "hint" and w.isVisible()
    ]
    assert any(n.startswith("notes.txt: is not a PNG, JPEG or DICOM file") for n in notes)


def test_a_drop_without_files_is_not_taken(window: MainWindow) -> None:
    window.editor.tabs.setCurrentIndex(3)
    target = window.editor.tables["case.eeg"].view.viewport()
    mime = QMimeData()
    mime.setText("just words")
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert not enter.isAccepted()

"""Key images in the editor: their list (modality, study date, caption: edited like any table),
thumbnails, and adding a PNG, JPEG or DICOM file by the Add image button (Ctrl+Shift+K) or by
dropping it on the panel (or on the MRI, EEG or PET studies: ``ui.editor.image_drop``). The import removes the file's identifiers and says which."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QPixmap, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from isconf import vocab
from isconf.services import KeyImage, ServiceError, image_entry, image_picture
from ui.editor.fields import fill_choices
from ui.editor.record_table import RecordTable

THUMBNAIL = 96
FILE_FILTER = "Images (*.png *.jpg *.jpeg *.dcm *.dicom);;All files (*)"


class ImagesPanel(QWidget):
    """The images table and its thumbnails; ``edited`` when an image is added."""

    edited = Signal()

    def __init__(self, table: RecordTable) -> None:
        super().__init__()
        self.table = table
        table.add_button.hide()  # an image comes from a file, never as a blank row
        self.modality = QComboBox()
        fill_choices(self.modality, vocab.IMAGE_MODALITY)
        self.modality.removeItem(0)  # a new image has a modality
        self.modality.setAccessibleName("Modality of the image to add")
        self.add_button = QPushButton("Add &image…")
        self.add_button.setToolTip("Add a PNG, JPEG or DICOM file (Ctrl+Shift+K), or drop it here")
        self.add_button.clicked.connect(self.choose_file)
        QShortcut(QKeySequence("Ctrl+Shift+K"), self, self.choose_file)
        self.note = QLabel(objectName="hint")
        self.note.setWordWrap(True)
        self.strip = QWidget()
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        scroller = QScrollArea()
        scroller.setWidget(self.strip)
        scroller.setWidgetResizable(True)
        scroller.setFixedHeight(THUMBNAIL + 52)
        row = QHBoxLayout()
        row.addWidget(QLabel("New image is:"))
        row.addWidget(self.modality)
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroller)
        layout.addWidget(table)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setAcceptDrops(True)
        self._stale = False  # the images changed while the panel was out of sight
        table.model.modelReset.connect(self.show_thumbnails)
        table.model.rowsInserted.connect(self.show_thumbnails)
        table.model.rowsRemoved.connect(self.show_thumbnails)
        table.model.dataChanged.connect(self.show_thumbnails)

    # --- adding -------------------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Add a key image", "", FILE_FILTER)
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path, *, modality: str | None = None) -> bool:
        """Import ``path`` into the case's images, as ``modality`` (else the one chosen here);
        False (with the reason shown) when refused."""
        try:
            data = path.read_bytes()
            kind = modality or self.modality.currentData()
            entry, removed = image_entry(data, modality=kind, caption=path.stem)
        except OSError as exc:
            self.note.setText(f"{path.name}: cannot be read ({exc.strerror or exc})")
            return False
        except ServiceError as exc:
            self.note.setText(f"{path.name}: {'; '.join(p.message for p in exc.problems)}")
            return False
        self.table.model.append_record(entry)
        said = ", ".join(removed) if removed else "nothing (no identifiers found)"
        self.note.setText(f"Added {path.name}. Removed on import: {said}.")
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.add_file(Path(url.toLocalFile()))
        event.acceptProposedAction()

    # --- showing ------------------------------------------------------------------------------

    def show_thumbnails(self, *_: Any) -> None:
        # Made when the panel is shown, not at each case opened on another tab: building the
        # thumbnails' widgets was ~1 ms of opening a case with three images (open_case_ms).
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        while self.strip_layout.count():
            item = self.strip_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for index, record in enumerate(self.table.records()):
            self.strip_layout.addWidget(_thumbnail(index, record))
        self.strip_layout.addStretch(1)

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.show_thumbnails()
        super().showEvent(event)


# Thumbnails by what they show (type and bytes): decoding and scaling the pictures again was a
# fifth of opening a case with three images (open_case_ms, docs/performance.md). Bounded, so a
# long session does not keep every picture it ever showed.
_THUMBNAILS: dict[tuple[str, str, str], QPixmap | None] = {}
_THUMBNAILS_KEPT = 48


def _thumbnail_pixmap(record: dict[str, Any]) -> QPixmap | None:
    key = (
        record.get("modality") or "other",
        record.get("media_type") or "image/png",
        record.get("data") or "",
    )
    if key in _THUMBNAILS:
        return _THUMBNAILS[key]
    pixmap = QPixmap()
    try:
        image = KeyImage(modality=key[0], media_type=key[1], data=base64.b64decode(key[2]))
        pixmap.loadFromData(image_picture(image))
    except (ServiceError, ValueError):
        pass
    scaled = None
    if not pixmap.isNull():
        scaled = pixmap.scaled(
            THUMBNAIL,
            THUMBNAIL,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    if len(_THUMBNAILS) >= _THUMBNAILS_KEPT:
        _THUMBNAILS.pop(next(iter(_THUMBNAILS)))
    _THUMBNAILS[key] = scaled
    return scaled


def _thumbnail(index: int, record: dict[str, Any]) -> QWidget:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    caption = record.get("caption") or vocab.label(vocab.IMAGE_MODALITY, record.get("modality"))
    pixmap = _thumbnail_pixmap(record)
    if pixmap is None:
        label.setText(f"{index + 1}\n(no picture)")
    else:
        label.setPixmap(pixmap)
    label.setToolTip(f"Image {index + 1}: {caption}")
    label.setAccessibleName(f"Image {index + 1}: {caption}")
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(2, 2, 2, 2)
    column.addWidget(label)
    words = QLabel(objectName="hint")
    words.setText(
        words.fontMetrics().elidedText(f"{index + 1}. {caption}", Qt.TextElideMode.ElideRight, THUMBNAIL + 16)
    )
    words.setFixedWidth(THUMBNAIL + 20)
    column.addWidget(words)
    return box

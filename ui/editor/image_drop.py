"""A study section that takes a dropped image file as a key image of its own modality (the EEG
section an EEG image, the PET section a PET image), through the key-images panel's import, which
removes the file's identifiers and says which; the section shows what became of the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget

from ui.editor.images_panel import ImagesPanel

_DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove)


class ImageDrop(QObject):
    """Makes ``target`` accept image files dropped on it, added as ``modality`` images; ``note``
    shows what the import did (the images themselves are listed on the MRI page)."""

    def __init__(self, target: QWidget, panel: ImagesPanel, modality: str, note: QLabel) -> None:
        super().__init__(target)
        self.panel, self.modality, self.note = panel, modality, note
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() in _DRAGS and event.mimeData().hasUrls():
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop and event.mimeData().hasUrls():
            said = []
            for url in event.mimeData().urls():
                if url.isLocalFile():
                    self.panel.add_file(Path(url.toLocalFile()), modality=self.modality)
                    said.append(self.panel.note.text())
            elsewhere = "" if self.modality == "mri" else " The key images are listed on the MRI page."
            self.note.setText(" ".join(said) + elsewhere if said else "")
            self.note.setVisible(bool(said))
            event.acceptProposedAction()
            return True
        return False

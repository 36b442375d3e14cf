"""The lesions of the MRI study selected on the MRI page: a table of their own, editing the
study's ``lesions`` list in place, with the problems placed on that study's lesions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel

from ui.editor import layout as sections
from ui.editor.record_table import RecordTable


class MriLesions:
    """Follows the MRI table's selection; ``errors`` by MRI row, then (lesion row, key)."""

    def __init__(self, mri: RecordTable, on_edited: Callable[[], None]) -> None:
        self.mri, self._on_edited = mri, on_edited
        self.table = RecordTable("lesions", sections.LESION_COLUMNS, noun="lesion")
        self.caption = QLabel(objectName="hint")
        self.errors: dict[int, dict[tuple[int, str], str]] = {}
        mri.view.selectionModel().currentRowChanged.connect(lambda _current, _previous: self.show())
        mri.model.modelReset.connect(self.show)
        mri.model.rowsRemoved.connect(self.show)
        mri.model.rowsInserted.connect(self.show)
        self.table.edited.connect(self._edited)

    def _current_row(self) -> int:
        index = self.mri.view.currentIndex()
        rows = self.mri.records()
        return index.row() if index.isValid() and index.row() < len(rows) else -1

    def show(self) -> None:
        row = self._current_row()
        rows = self.mri.records()
        if row < 0 and rows:
            row = 0
        if row < 0:
            self.table.set_records([])
            self.table.setEnabled(False)
            self.caption.setText("Add an MRI study, then its lesions.")
            return
        study = rows[row]
        lesions = study.setdefault("lesions", [])
        if self.table.records() is not lesions:
            self.table.set_records(lesions)
        self.table.model.set_errors(self.errors.get(row, {}))
        self.table.setEnabled(True)
        when = study.get("date") or "undated"
        self.caption.setText(f"MRI {row + 1} ({when})")

    def _edited(self) -> None:
        """The study's row is told its lesions changed (its Lesions column counts them)."""
        row = max(self._current_row(), 0)
        column = [c.key for c in self.mri.model.columns].index("lesions")
        self.mri.model.dataChanged.emit(self.mri.model.index(row, column), self.mri.model.index(row, column))
        self._on_edited()

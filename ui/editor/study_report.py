"""The report of the study selected in a studies table (MRI, EEG), in a text box big enough to
read and type a radiologist's or neurophysiologist's report: the table's Report cell shows only
its start. Editing here edits that cell (one undo step, like any cell)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ui.editor.record_table import RecordTable

KEY = "report"


class StudyReport(QWidget):
    def __init__(self, table: RecordTable, noun: str, on_edited: Callable[[], None]) -> None:
        super().__init__()
        self.table, self.noun, self._on_edited = table, noun, on_edited
        self.label = QLabel()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)  # Tab leaves the box: the form stays keyboard-navigable
        self.text.setAccessibleName(f"Report of the selected {noun}")
        self.text.setMaximumHeight(90)
        self.label.setBuddy(self.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.text)
        self._loading = False
        table.view.selectionModel().currentRowChanged.connect(lambda _current, _previous: self.show_row())
        for signal in (table.model.modelReset, table.model.rowsRemoved, table.model.rowsInserted):
            signal.connect(self.show_row)
        self.text.textChanged.connect(self._typed)

    def _row(self) -> int:
        index = self.table.view.currentIndex()
        rows = self.table.records()
        if index.isValid() and index.row() < len(rows):
            return index.row()
        return 0 if rows else -1

    def show_row(self) -> None:
        row = self._row()
        self._loading = True
        try:
            if row < 0:
                self.label.setText(f"&Report (add a {self.noun} first)")
                self.text.setPlainText("")
                self.text.setEnabled(False)
                return
            record = self.table.records()[row]
            self.label.setText(f"&Report of {self.noun} {row + 1} ({record.get('date') or 'undated'})")
            if self.text.toPlainText() != (record.get(KEY) or ""):
                self.text.setPlainText(record.get(KEY) or "")
            self.text.setEnabled(True)
        finally:
            self._loading = False

    def _typed(self) -> None:
        row = self._row()
        if self._loading or row < 0:
            return
        column = [c.key for c in self.table.model.columns].index(KEY)
        self.table.model.setData(self.table.model.index(row, column), self.text.toPlainText())

"""Marking a meeting's typed texts "checked for identifiers": a de-identified agenda,
summary or presentation prints a typed text only once someone read it and found no name,
MRN, date, phone or address in it (an edit of the text unmarks it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from isconf.services import Services
from ui.meeting.actions import action_button
from ui.meeting.models import ColumnsModel
from ui.ops import OpRunner
from ui.tables import read_only_table

if TYPE_CHECKING:
    from isconf.meetings.text_checks import CheckedText

Index = QModelIndex | QPersistentModelIndex


class CheckedTextsModel(ColumnsModel):
    """The meeting's typed texts, one a row, with their mark."""

    COLUMNS = ("Where", "Text", "Checked for identifiers")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[CheckedText, ...] = ()

    def set_rows(self, rows: list[CheckedText]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row(self, index: int) -> CheckedText | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        if index.column() == 0:
            return row.where
        if index.column() == 1:
            return row.text if role == Qt.ItemDataRole.ToolTipRole else " ".join(row.text.split())[:120]
        return "checked" if row.checked else "not checked (withheld when de-identified)"


class TextChecksDialog(QDialog):
    """The texts, and Mark checked for the selected one (an audited write, off the UI thread)."""

    def __init__(self, services: Services, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.meeting_id = services, meeting_id
        self.setWindowTitle("Texts checked for identifiers")
        self.model = CheckedTextsModel(self)
        self.view = read_only_table(self.model, "Typed texts of the meeting")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        note = QLabel(
            "Read each text: mark it checked only when it names no child, parent, MRN, date of birth, "
            "phone, email or address. De-identified outputs print checked texts (scrubbed once more) "
            "and withhold the others; editing a text unmarks it.",
            objectName="hint",
            wordWrap=True,
        )
        self.mark = QAction("&Mark checked", self)
        self.mark.setToolTip("I read the selected text and it holds no identifier")
        self.mark.setShortcut("Ctrl+K")
        self.mark.triggered.connect(self.mark_selected)
        self.addAction(self.mark)
        self.ops = OpRunner(self, "Mark checked")
        self.ops.busyChanged.connect(lambda _busy: self._enable())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(action_button(self.mark))
        row.addStretch(1)
        row.addWidget(self.ops.indicator)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        selected = self.view.currentIndex().row()
        meeting = self.services.meetings.get_meeting(self.meeting_id)
        self.model.set_rows(self.services.text_checks.listing(meeting))
        if self.model.rowCount():
            self.view.selectRow(max(0, min(selected, self.model.rowCount() - 1)))
        self._enable()

    def mark_selected(self) -> None:
        row = self.model.row(self.view.currentIndex().row())
        if row is None or row.checked or self.ops.busy:
            return
        meeting = self.services.meetings.get_meeting(self.meeting_id)
        self.ops.run(
            lambda: self.services.text_checks.mark_checked(meeting, row.where),
            on_success=lambda _changes: self.refresh(),
        )

    def _enable(self) -> None:
        row = self.model.row(self.view.currentIndex().row())
        self.mark.setEnabled(row is not None and not row.checked and not self.ops.busy)

    def reject(self) -> None:
        if not self.ops.busy:
            super().reject()

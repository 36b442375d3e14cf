"""The audit trail in the app: who changed what and when, for one case or all."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from isconf.services import AuditEntry, shown
from ui.tables import ColumnsModel, searchable_table

ModelIndex = QModelIndex | QPersistentModelIndex


def _value(value: Any) -> str:
    return "" if value is None else shown(value)


class AuditModel(ColumnsModel):
    """One row per audit event, oldest first."""

    COLUMNS = ("When (UTC)", "Who", "Action", "Case", "Field", "Old value", "New value")

    def __init__(self, entries: list[AuditEntry], parent: Any = None) -> None:
        super().__init__(parent)
        self._entries = entries

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self._entries[index.row()]
        whole = e.field == "*"
        values = (
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.action,
            e.key,
            "(whole record)" if whole else e.field,
            "" if whole and e.action == "create" else _value(e.old),
            "" if whole and e.action == "delete" else _value(e.new),
        )
        text = values[index.column()]
        if role == Qt.ItemDataRole.DisplayRole and len(text) > 120:
            return text[:117] + "…"  # the tooltip holds all of it
        return text


class AuditDialog(QDialog):
    """Read-only: the trail can be searched, never edited."""

    def __init__(self, entries: list[AuditEntry], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1100, 560)
        self.model = AuditModel(entries, self)
        table = searchable_table(self.model, "Audit trail", "Filter by person, field or value", self)
        self.proxy, self.search, self.view = table.proxy, table.search, table.view
        note = QLabel(
            f"{len(entries)} event(s). The trail is append-only: the database refuses any change to it.",
            objectName="hint",
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

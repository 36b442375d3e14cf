"""The Add cases dialog's list with the children due for re-screening first (issue 20): in
every sort, due children lead, marked ↻ with the reason as the MRN's tooltip."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt

from isconf.services import CaseSummary
from ui.case_list import CaseListModel

MARK = "↻ "


class RescreenFirstModel(CaseListModel):
    def __init__(self, due: Mapping[str, str], parent: Any = None) -> None:
        """``due``: the MRN of each child due for re-screening, and why."""
        super().__init__(parent)
        self.due = dict(due)

    def _in_order(self, rows: list[CaseSummary], column: int, order: Qt.SortOrder) -> list[CaseSummary]:
        ordered = super()._in_order(rows, column, order)
        return [r for r in ordered if r.mrn in self.due] + [r for r in ordered if r.mrn not in self.due]

    def painted(self, row: CaseSummary, column: int) -> dict[int, Any]:
        shown = super().painted(row, column)
        if column == 0 and row.mrn in self.due:
            shown[Qt.ItemDataRole.DisplayRole] = MARK + str(shown[Qt.ItemDataRole.DisplayRole])
        return shown

    def cell(self, row: CaseSummary, column: int, role: int) -> Any:
        why = self.due.get(row.mrn)
        if column == 0 and why is not None and role == Qt.ItemDataRole.ToolTipRole:
            return f"Re-screen due: {why}"
        return super().cell(row, column, role)

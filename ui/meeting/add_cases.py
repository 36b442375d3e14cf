"""Picking cases for the agenda: the case list with its search, several rows at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
)

from isconf.services import Services
from ui.case_list import MRN_ROLE, URGENCY_COLUMN, CaseFilterProxy, CaseListModel


class AddCasesDialog(QDialog):
    """Search by MRN or name; Ctrl/Shift-click (or Ctrl+A) picks several cases."""

    def __init__(self, services: Services, on_agenda: set[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add cases to the agenda")
        self.resize(900, 520)
        cases = [c for c in services.list_cases() if c.mrn not in on_agenda]
        self.model = CaseListModel(self)
        self.model.set_cases(cases)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search MRN or name")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_query)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(URGENCY_COLUMN, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setAccessibleName("Cases not on the agenda")
        self.view.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to agenda")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        hint = (
            "Every case is already on the agenda." if not cases else "Most urgent first; pick one or several."
        )
        layout.addWidget(QLabel(hint, objectName="hint"))
        layout.addWidget(buttons)

    def selected_mrns(self) -> list[str]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.proxy.index(row, 0).data(MRN_ROLE) for row in rows]

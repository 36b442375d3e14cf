"""Picking cases for the agenda: the case list with its search, several rows at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent
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
from ui.case_list import MRN_ROLE, URGENCY_COLUMN, CaseFilterProxy
from ui.meeting.rescreen_first import MARK, RescreenFirstModel


class AddCasesDialog(QDialog):
    """Search by MRN or name; Ctrl/Shift-click (or Ctrl+A) picks several cases."""

    def __init__(self, services: Services, on_agenda: set[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add cases to the agenda")
        self.resize(900, 520)
        cases = [c for c in services.list_cases() if c.mrn not in on_agenda]
        self.due = {
            r.mrn: "; ".join(r.reasons) for r in services.outcomes.rescreens_due() if r.mrn not in on_agenda
        }
        self.model = RescreenFirstModel(self.due, self)
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
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.hint = QLabel(objectName="hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self._any_cases = bool(cases)
        self.search.installEventFilter(self)
        self.search.textChanged.connect(self._update)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.proxy.modelReset.connect(self._update)
        self.proxy.layoutChanged.connect(self._update)
        self.proxy.rowsInserted.connect(self._update)
        self.proxy.rowsRemoved.connect(self._update)
        self._update()

    def _update(self, *_: object) -> None:
        """The button says how many cases it adds (none: it is off); the hint says why a
        list is empty."""
        count = len(self.selected_mrns())
        self.add_button.setEnabled(count > 0)
        self.add_button.setText("Add to agenda" if count < 2 else f"Add {count} cases to agenda")
        if not self._any_cases:
            self.hint.setText("Every case is already on the agenda.")
        elif self.proxy.rowCount() == 0:
            self.hint.setText(f"No case matches “{self.search.text().strip()}” (MRN or name).")
        else:
            due = len(self.due)
            first = (
                f"{due} {'child' if due == 1 else 'children'} due for re-screening first ({MARK.strip()}, "
                "the reason on the MRN's tip), then the most urgent"
                if due
                else "Most urgent first"
            )
            self.hint.setText(
                f"{first}; pick one or several (Ctrl/Shift-click, or ↓ from the search then "
                "Shift+↓, Ctrl+A for all)."
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓ in the search goes to the list, on its first case."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount() > 0
        ):
            self.view.setFocus()
            if not self.view.selectionModel().hasSelection():
                self.view.selectionModel().setCurrentIndex(
                    self.proxy.index(0, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
            return True
        return super().eventFilter(watched, event)

    def selected_mrns(self) -> list[str]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.proxy.index(row, 0).data(MRN_ROLE) for row in rows]

"""Table models and views shared by the windows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView

ModelIndex = QModelIndex | QPersistentModelIndex


class ColumnsModel(QAbstractTableModel):
    """A table model whose columns are the headings in ``COLUMNS``."""

    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


def read_only_table(model: Any, name: str) -> QTableView:
    """A view of whole rows, one selected at a time, edited elsewhere (by actions or a form)."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    # A heading narrower than its words ends in "…" rather than losing letters at both ends.
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    return view


@dataclass
class SearchableTable:
    """A read-only table of ``model`` with a search box filtering every column as one types."""

    proxy: QSortFilterProxyModel
    search: QLineEdit
    view: QTableView


def searchable_table(model: Any, name: str, placeholder: str, parent: QObject) -> SearchableTable:
    """Rows of ``model`` behind a case-insensitive filter over all columns, columns fitted to their
    contents, the last one stretched (the audit trail, the FHIR import's preview)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    search = QLineEdit(placeholderText=placeholder)
    search.setClearButtonEnabled(True)
    search.textChanged.connect(proxy.setFilterFixedString)
    view = read_only_table(proxy, name)
    view.setWordWrap(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return SearchableTable(proxy, search, view)

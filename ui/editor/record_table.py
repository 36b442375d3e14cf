"""Editable tables of case-file records (treatments, studies, lesions, assessments).

``RecordModel`` is a ``QAbstractTableModel`` over the list of JSON objects the
case file holds for that list; ``RecordDelegate`` gives each column the right
editor (a picker for a vocabulary, check boxes for lobes, text for dates and
numbers); ``RecordTable`` adds the Add and Remove buttons.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isconf import vocab
from ui.editor.fields import CodesField, fill_choices, format_number, parse_number, select_choice
from ui.editor.fit_columns import SHRINKING, FitColumns
from ui.theme import themed

ModelIndex = QModelIndex | QPersistentModelIndex
ERROR_BACKGROUND = "#fde2e2"


@dataclass(frozen=True)
class Column:
    """One column: the record key, its heading, and how it is edited."""

    key: str
    title: str
    kind: str = "text"  # text | date | number | choice | suggest | yesno | codes | count | binary
    vocabulary: vocab.Vocabulary = ()
    width: int = 0
    tip: str = ""

    @property
    def editable(self) -> bool:
        return self.kind not in ("count", "binary")


class RecordModel(QAbstractTableModel):
    """The records of one list in the case file, one row each."""

    edited = Signal()

    def __init__(self, columns: list[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._rows: list[dict[str, Any]] = []
        self._errors: dict[tuple[int, str], str] = {}

    # --- content -------------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        return self._rows

    def set_records(self, rows: list[dict[str, Any]]) -> None:
        """Show ``rows`` (the list itself is kept, so edits land in it)."""
        self.beginResetModel()
        self._rows = rows
        self._errors = {}
        self.endResetModel()

    def blank_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for c in self.columns:
            set_cell(record, c.key, [] if c.kind in ("codes", "count") else None)
        return record

    def append_record(self, record: dict[str, Any] | None = None) -> int:
        """Add ``record`` (a blank one by default) at the end; its row."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(record if record is not None else self.blank_record())
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_record(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.edited.emit()

    def set_errors(self, errors: dict[tuple[int, str], str]) -> None:
        if errors == self._errors:
            return
        self._errors = errors
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, len(self.columns) - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole],
            )

    # --- Qt model interface ----------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or None
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = cell(self._rows[index.row()], column.key)
        error = self._errors.get((index.row(), column.key))
        if role == Qt.ItemDataRole.DisplayRole:
            return display_value(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return copy.deepcopy(value)
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return QBrush(themed(ERROR_BACKGROUND))
        if role == Qt.ItemDataRole.ToolTipRole:
            # The problem, else the whole text of a cell too narrow to show it.
            return error or (display_value(column, value) if column.kind in SHRINKING and value else None)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        record = self._rows[index.row()]
        new = normalise(column, value)
        if cell(record, column.key) == new:
            return False
        set_cell(record, column.key, new)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


def cell(record: dict[str, Any], key: str) -> Any:
    """A record's value at ``key``; a dotted key reads inside an object of the record (a
    visit's ``development.standard_score``)."""
    value: Any = record
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def set_cell(record: dict[str, Any], key: str, value: Any) -> None:
    *above, last = key.split(".")
    for part in above:
        inner = record.get(part)
        if not isinstance(inner, dict):
            inner = record[part] = {}
        record = inner
    record[last] = value


def normalise(column: Column, value: Any) -> Any:
    """The JSON value an editor's content stands for."""
    if column.kind == "number":
        return parse_number(value) if isinstance(value, str) else value
    if column.kind in ("text", "date"):
        text = (value or "").strip() if column.kind == "date" else (value or "")
        return text if text.strip() else None
    return value


def display_value(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind in ("choice", "suggest"):
        return vocab.label(column.vocabulary, value)
    if column.kind == "yesno":
        return "Yes" if value is True else "No" if value is False else str(value)
    if column.kind == "codes":
        return ", ".join(vocab.label(column.vocabulary, v) for v in value)
    if column.kind == "count":
        return str(len(value)) if isinstance(value, list) else ""
    if column.kind == "binary":  # base64 in the document: about 3 bytes for every 4 characters
        size = len(value) * 3 / 4 / 1024 if isinstance(value, str) else None
        return "" if size is None else f"{size:.1f} kB" if size < 10 else f"{size:.0f} kB"
    if column.kind == "number":
        return format_number(value)
    return str(value)


def suggested_value(column: Column, text: str) -> str | None:
    """A suggestion's code when its label (or code) was typed, else the text itself."""
    typed = text.strip()
    for code, label in column.vocabulary:
        if typed.casefold() in (code.casefold(), label.casefold()):
            return code
    return typed or None


class RecordDelegate(QStyledItemDelegate):
    """The editor each column kind needs; pickers commit as soon as a choice is made."""

    def __init__(self, columns: list[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:
        column = self.columns[index.column()]
        if column.kind in ("choice", "yesno"):
            combo = QComboBox(parent)
            if column.kind == "choice":
                fill_choices(combo, column.vocabulary)
            else:
                for text, data in (("—", None), ("Yes", True), ("No", False)):
                    combo.addItem(text, data)
            combo.activated.connect(lambda _i, c=combo: self._commit(c))
            return combo
        if column.kind == "suggest":
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for code, text in column.vocabulary:
                combo.addItem(text, code)
            # Typed text is committed by Return or by leaving the cell, as in any
            # text cell; a suggestion picked from the list is committed at once.
            combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
            return combo
        if column.kind == "codes":
            field = CodesField("", column.vocabulary)
            field.setParent(parent)
            field.setAutoFillBackground(True)
            field.edited.connect(lambda f=field: self.commitData.emit(f))
            return field
        edit = QLineEdit(parent)
        if column.kind == "date":
            edit.setPlaceholderText("YYYY-MM-DD")
        return edit

    def _commit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        # The closing editor would otherwise commit once more when it loses focus,
        # after the view has already let it go.
        editor.removeEventFilter(self)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox) and editor.isEditable():
            editor.setEditText(display_value(self.columns[index.column()], value))
        elif isinstance(editor, QComboBox):
            select_choice(editor, value)
        elif isinstance(editor, CodesField):
            editor.set_value(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(format_number(value) if value is not None else "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox) and editor.isEditable():
            model.setData(index, suggested_value(self.columns[index.column()], editor.currentText()))
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, CodesField):
            model.setData(index, editor.value())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        rect = option.rect  # type: ignore[attr-defined]
        if isinstance(editor, CodesField):
            rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)


class RecordTable(QWidget):
    """A record list with Add (Insert) and Remove (Delete)."""

    edited = Signal()

    def __init__(self, path: str, columns: list[Column], *, noun: str) -> None:
        super().__init__()
        self.path = path
        self.noun = noun
        self.model = RecordModel(columns, self)
        self.model.edited.connect(self.edited)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(RecordDelegate(columns, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        # Tab leaves the table (arrow keys move between cells), so the form
        # stays navigable by keyboard.
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        self.fit = FitColumns(self.view, [c.width for c in columns], [c.kind for c in columns])
        self.view.setAccessibleName(noun.capitalize() + " list")

        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setToolTip(f"Add a {noun} (Insert)")
        self.add_button.clicked.connect(self.add_record)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip(f"Remove the selected {noun} (Ctrl+Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        # Keys local to the table (not window actions): they act on its cells.
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self.view, self.add_record)
        QShortcut(QKeySequence("Ctrl+Delete"), self.view, self.remove_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view, self.clear_cell)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.setFocusProxy(self.view)

    def records(self) -> list[dict[str, Any]]:
        return self.model.records()

    def set_records(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_records(rows)

    def add_record(self) -> None:
        row = self.model.append_record()
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()

    def clear_cell(self) -> None:
        """Empty the current cell ("not recorded"), as Delete does in a spreadsheet."""
        index = self.view.currentIndex()
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
            column = self.model.columns[index.column()]
            self.model.setData(index, [] if column.kind == "codes" else None)

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_record(index.row())

    def select_cell(self, row: int, key: str) -> None:
        keys = [c.key for c in self.model.columns]
        column = keys.index(key) if key in keys else 0
        index = self.model.index(row, column)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        self.view.setFocus()

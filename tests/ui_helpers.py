"""Driving the editor's widgets as a user does: type into a field, pick, edit a table cell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ui.main_window import MainWindow


def _line_edit(window: MainWindow, path: str) -> QLineEdit:
    widget = window.editor.fields[path].focus_target()
    assert isinstance(widget, QLineEdit)
    return widget


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def _pick(window: MainWindow, path: str, code: object) -> None:
    combo = window.editor.fields[path].focus_target()
    assert isinstance(combo, QComboBox)
    index = combo.findData(code)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _edit_cell(qtbot, window: MainWindow, table_path: str, row: int, key: str, value: object) -> None:
    """Open the cell's editor as a double-click would, then type or pick like a user."""
    table = window.editor.tables[table_path]
    column = [c.key for c in table.model.columns].index(key)
    index = table.model.index(row, column)
    table.view.setCurrentIndex(index)
    editor = open_cell_editor(table.view, index)
    if isinstance(editor, QComboBox):
        position = editor.findData(value)
        editor.setCurrentIndex(position)
        editor.activated.emit(position)
    else:
        assert isinstance(editor, QLineEdit)
        editor.selectAll()
        qtbot.keyClicks(editor, str(value))
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)  # let the view finish closing the editor, as between a user's keystrokes


def open_cell_editor(view, index) -> QWidget:
    """Start editing a cell (as a double-click does) and return its editor widget."""
    view.edit(index)
    editors = [
        w for w in view.viewport().findChildren(QWidget) if w.isVisible() and w.parent() is view.viewport()
    ]
    assert len(editors) == 1, editors
    return editors[0]


def settled(qtbot, window) -> None:
    """Wait until the window's write, run off the UI thread, has finished and shown its result."""
    qtbot.waitUntil(lambda: not window.ops.busy)

"""Driving the editor's widgets as a user does: type into a field, pick, edit a table cell, rate a deficit."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView, QWidget

from ui.actions import ActionId
from ui.main_window import MainWindow

Window = TypeVar("Window", bound=QWidget)


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


# --- the trade-off page -------------------------------------------------------------------------


def _click_row(qtbot, view: QTableView, text: str) -> None:
    """Click the row whose first cell shows ``text`` (as a user picks a line)."""
    model = view.model()
    rows = [r for r in range(model.rowCount()) if text in str(model.index(r, 0).data())]
    assert rows, f"no row {text!r}"
    index = model.index(rows[0], 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def _open_tradeoff(qtbot, window: MainWindow, mrn: str) -> object:
    window.open_case(mrn)
    window.actions_[ActionId.GO_TRADEOFF].trigger()
    assert window.editor.tabs.tabText(window.editor.tabs.currentIndex()) == "&7 Trade-off"
    return window.editor.tradeoff


def _rate(qtbot, page, option: str, deficit: str, rater: str, rating: str, comment: str = "") -> None:
    _click_row(qtbot, page.options_view, option)
    _click_row(qtbot, page.deficits_view, deficit)
    page.rater.setCurrentIndex(page.rater.findText(rater))
    if comment:
        qtbot.keyClicks(page.comment, comment)
    qtbot.mouseClick(page.rate_buttons[rating], Qt.MouseButton.LeftButton)


def settled(qtbot, window) -> None:
    """Wait until the window's write, run off the UI thread, has finished and shown its result."""
    qtbot.waitUntil(lambda: not window.ops.busy)


def shown(qtbot, window: Window, width: int, height: int) -> Window:
    """``window`` at ``width``×``height``, shown and exposed, closed when the test ends."""
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


# The roles a table's delegate reads of each cell it paints, in one multiData call.
PAINTED_ROLES = (
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.BackgroundRole,
)


def painted(index: QModelIndex, roles: tuple[Qt.ItemDataRole, ...] = PAINTED_ROLES) -> list[object]:
    """What a view painting ``index`` reads of it, by ``multiData`` as the delegate reads it."""
    asked = [QModelRoleData(role) for role in roles]
    model = index.model()
    for one in asked:
        model.multiData(index, QModelRoleDataSpan(one))
    return [one.data() for one in asked]

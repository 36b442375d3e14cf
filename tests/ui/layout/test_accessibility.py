"""Every control a screen reader reaches has a name and a role: a walk over each window's
accessibility tree (``QAccessible.queryAccessibleInterface``), as assistive technology sees it."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

from layout_cases import LONG_MRN, VIEWS, conference
from ui.screenshot import build_view, render

DAY = "2026-12-07"
R = QAccessible.Role
# What a user operates or reads as one thing: each must say what it is.
NAMED = {
    R.PushButton,
    R.CheckBox,
    R.RadioButton,
    R.ComboBox,
    R.EditableText,
    R.SpinBox,
    R.Table,
    R.List,
    R.PageTab,
    R.ButtonMenu,
    R.ButtonDropDown,
    R.Slider,
    R.ProgressBar,
    R.Graphic,
}


def _walk(interface: QAccessibleInterface, depth: int = 0):
    yield interface
    if depth > 40:
        return
    for n in range(interface.childCount()):
        child = interface.child(n)
        if child is not None and child.isValid():
            yield from _walk(child, depth + 1)


def unnamed(window: QWidget) -> list[str]:
    """Each visible control in ``window`` without an accessible name, or with no role."""
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.isValid()
    problems = []
    for interface in _walk(root):
        state = interface.state()
        if state.invisible or state.offscreen:
            continue
        role = interface.role()
        widget = interface.object()
        where = f"{type(widget).__name__} {widget.objectName() if widget is not None else ''!r}"
        if hasattr(widget, "placeholderText"):
            where += f" ({widget.placeholderText()!r})"
        if role == R.NoRole:
            problems.append(f"{where}: no role")
        elif role in NAMED and not interface.text(QAccessible.Text.Name).strip():
            problems.append(f"{where} ({role.name}): no name")
    return problems


def test_every_control_in_every_view_has_a_name_and_a_role(qapp, fixed_clock, services) -> None:
    fixed_clock(DAY)
    conference(services)
    problems = []
    for view in VIEWS:
        for mrn in ("DEMO-1001", LONG_MRN):
            widget = build_view(services, view, mrn, None, (1366, 768))
            render(qapp, widget, (1366, 768), check_layout=False)
            problems += [f"{view} {mrn}: {p}" for p in unnamed(widget)]
            widget.close()
            widget.deleteLater()
            qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert sorted(set(problems)) == []

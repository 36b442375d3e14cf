"""The main window's menus and toolbar, built from the declared actions (``ui.actions``)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar

from ui.actions import SECTION_ACTIONS, ActionId

A = ActionId
# Each menu's actions in order; None: a separator.
MENUS: tuple[tuple[str, tuple[ActionId | None, ...]], ...] = (
    (
        "&File",
        (
            A.NEW_CASE,
            A.IMPORT,
            A.IMPORT_FHIR,
            A.EXPORT,
            None,
            A.ADD_DEMO,
            A.AUDIT_TRAIL,
            A.MEETINGS,
            A.OUTCOMES,
            None,
            A.LOCK,
            A.QUIT,
        ),
    ),
    ("&Edit", (A.UNDO, A.REDO, A.REVERT, None, A.FIND)),
    ("&Go", SECTION_ACTIONS),
    ("&View", (A.SHOW_CHECKLIST, None, A.THEME_SYSTEM, A.THEME_LIGHT, A.THEME_DARK)),
    ("&Case", (A.SAVE, A.CASE_HISTORY, None, A.DELETE_CASE)),
    ("&Help", (A.ABOUT,)),
)
TOOLBAR = (A.NEW_CASE, A.IMPORT, A.SAVE, A.UNDO, A.REDO, A.EXPORT)


def build_menus(window: QMainWindow, actions: Mapping[ActionId, QAction]) -> None:
    menu_bar = window.menuBar()
    for title, ids in MENUS:
        menu = menu_bar.addMenu(title)
        for action_id in ids:
            if action_id is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[action_id])
    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action_id in TOOLBAR:
        toolbar.addAction(actions[action_id])
    window.addToolBar(toolbar)

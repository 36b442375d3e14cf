"""The meetings window's toolbar and menus, built from the declared actions."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QMainWindow, QToolBar, QToolButton

from ui.meeting.actions import MEETING_SPECS, SIGNOFF_ACTIONS, MeetingAction

A = MeetingAction
# None: a separator. The de-identify choice follows Agenda PDF, which it is for.
TOOLBAR = (A.NEW_MEETING, A.SAVE_DETAILS, None, A.START, A.CLOSE, A.REOPEN, None, A.AGENDA_PDF)
TOOLBAR_END = (A.PRESENT, None, A.SIGN, A.EXPORT_SUMMARY)


def build_menus_and_toolbar(
    window: QMainWindow, actions: Mapping[MeetingAction, QAction], deidentify_pdf: QCheckBox
) -> None:
    toolbar = QToolBar("Meeting")
    toolbar.setObjectName("meetingToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    _add(toolbar, actions, TOOLBAR)
    toolbar.addWidget(deidentify_pdf)
    toolbar.addSeparator()
    _add(toolbar, actions, TOOLBAR_END)
    window.addToolBar(toolbar)
    # Qt's own "»" for the actions a narrow window cannot show has no name for a screen reader.
    for more in toolbar.findChildren(QToolButton, "qt_toolbar_ext_button"):
        more.setAccessibleName("More toolbar actions")
    menu = window.menuBar().addMenu("&Meeting")
    for action_id in MEETING_SPECS:
        if action_id not in SIGNOFF_ACTIONS:
            menu.addAction(actions[action_id])
    signoff_menu = window.menuBar().addMenu("Sign-&off")
    for action_id in SIGNOFF_ACTIONS:
        signoff_menu.addAction(actions[action_id])


def _add(
    toolbar: QToolBar, actions: Mapping[MeetingAction, QAction], ids: tuple[MeetingAction | None, ...]
) -> None:
    for action_id in ids:
        if action_id is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[action_id])

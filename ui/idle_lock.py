"""The idle lock (issue 21; HIPAA's automatic logoff, 45 CFR 164.312(a)(2)(iii)).

After ``ISCONF_IDLE_MINUTES`` (default 10) without a key press, click or wheel anywhere in
the app, every window is covered by a lock screen that shows no patient detail and asks
for the signed-in member's password; another member may sign in instead. Nothing under it
is closed or reset, so unsaved edits are still there on unlocking (and kept as drafts by
the editor meanwhile). When another member signs in instead, the first one's unsaved edits
are set apart as that member's drafts (``Services.drafts`` keeps each member's apart): the
editor shows the saved case to the new member, and offers the edits back to the first member
when they sign in again. The meetings window's unsaved details and decisions typed and not
recorded go the same way (``ui.meeting.kept_details``). The presentation window is advanced by key presses and clicks, which
count as activity: it does not lock while it is being presented. A database without team
members has no password to ask for, so the app does not lock there.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isconf.services import ServiceError, Services

if TYPE_CHECKING:
    from ui.editor.case_editor import CaseEditor
    from ui.main_window import MainWindow
    from ui.meeting.meeting_window import MeetingWindow

IDLE_ENV = "ISCONF_IDLE_MINUTES"
DEFAULT_MINUTES = 10.0
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def idle_minutes() -> float:
    """``ISCONF_IDLE_MINUTES`` when it is a positive number, else 10."""
    try:
        minutes = float(os.environ.get(IDLE_ENV, ""))
    except ValueError:
        return DEFAULT_MINUTES
    return minutes if minutes > 0 else DEFAULT_MINUTES


class IdleLock(QObject):
    """Watches the whole app's input; locks every window after the idle time."""

    locking = Signal()  # about to cover the windows: the edits so far are kept as drafts
    memberChanged = Signal()  # another member signed in at the lock screen

    def __init__(self, services: Services, window: QWidget, minutes: float | None = None) -> None:
        # Owned by the main window: it stops watching (and locking) when the window goes.
        super().__init__(window)
        app = QApplication.instance()
        self.services = services
        self.window = window
        self.screens: list[LockScreen] = []
        self._disabled: list[QAction] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int((minutes or idle_minutes()) * 60_000))
        self.timer.timeout.connect(self.lock)
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return bool(self.screens)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.is_locked:
            self.timer.start()  # restarts the countdown
        elif event.type() == QEvent.Type.Resize and self.is_locked:
            for screen in self.screens:
                if screen.parentWidget() is watched:
                    screen.cover()
        return False

    def lock(self) -> None:
        """Cover every window now (the "Lock now" action, or the idle time ran out)."""
        if self.is_locked or self.services.member is None:
            return
        if not self.window.isVisible():
            # Its window is closed (or not shown yet): it guards nothing, and must not cover
            # or disable the windows of another (a later test's window, once this one closed).
            self.timer.stop()
            return
        self.locking.emit()
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not isinstance(window, LockScreen) and not window.isHidden():
                self.screens.append(LockScreen(self, window))
        # Shortcuts and menus would still reach the windows' actions (the audit trail, a case).
        for window in QApplication.topLevelWidgets():
            for action in window.findChildren(QAction):
                if action.isEnabled():
                    action.setEnabled(False)
                    self._disabled.append(action)
        if self.screens:
            self.screens[0].password.setFocus()

    def unlock(self, name: str, password: str) -> str | None:
        """Sign ``name`` in and uncover the windows; the refusal's words when it fails."""
        before = self.services.member
        try:
            self.services.sign_in(name, password)
        except ServiceError as exc:
            return exc.problems[0].message
        for screen in self.screens:
            screen.hide()
            screen.deleteLater()
        self.screens = []
        for action in self._disabled:
            if shiboken6.isValid(action):  # a dialog's actions may be gone with it
                action.setEnabled(True)
        self._disabled = []
        self.timer.start()
        member = self.services.member
        if before is not None and member is not None and member.ref != before.ref:
            self.memberChanged.emit()
        return None


def watch(window: MainWindow, services: Services, minutes: float | None = None) -> IdleLock:
    """The idle lock over ``window`` (and every other window of the app), with the editor's
    unsaved edits kept under the member who typed them."""
    lock = IdleLock(services, window, minutes)
    window.idle_lock = lock
    lock.locking.connect(lambda: _keep_drafts(window))
    lock.memberChanged.connect(lambda: _set_apart(window))
    return lock


def _meetings_window(window: QWidget) -> MeetingWindow | None:
    # Opened from the main window when first asked for (never imported here: startup_s).
    meetings: MeetingWindow | None = getattr(window, "meeting_window", None)
    return meetings


def _editors(window: QWidget) -> list[CaseEditor]:
    # The editor is built when first needed: none yet, nothing was edited (nor is it imported
    # here at start: the app's start time, docs/performance.md).
    from ui.editor.case_editor import CaseEditor

    return window.findChildren(CaseEditor)


def _keep_drafts(window: QWidget) -> None:
    for editor in _editors(window):
        editor.capture()  # the last keystrokes too, as the signed-in member's draft
    if (meetings := _meetings_window(window)) is not None:
        meetings.drafts.keep()


def _set_apart(window: MainWindow) -> None:
    """The first member's edits stay in their drafts: the open case is shown as saved to the
    member now signed in (or with their own draft of it, which the editor offers)."""
    for editor in _editors(window):
        if not editor.isVisibleTo(window):
            continue
        if editor.original_mrn is None or not window.open_case(editor.original_mrn):
            editor.load(None)
    if (meetings := _meetings_window(window)) is not None:
        meetings.drafts.set_apart()


class LockScreen(QFrame):
    """An opaque cover over one window: who was signed in, and a password to go on."""

    def __init__(self, lock: IdleLock, window: QWidget) -> None:
        super().__init__(window)
        self.lock = lock
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#lockScreen { background: #2b3440; } QLabel { color: white; }")
        member = lock.services.member
        title = QLabel("isconf is locked", objectName="lockTitle")
        title.setStyleSheet("font-size: 20pt; color: white;")
        who = member.name if member is not None else ""
        minutes = lock.timer.interval() / 60_000
        hint = QLabel(
            f"Locked after {minutes:.3g} minute(s) without use; patient details are hidden. "
            f"{who} types the password again to go on, or another team member signs in "
            f"(then {who}'s unsaved edits wait as their drafts until they sign in again)."
        )
        hint.setWordWrap(True)
        hint.setFixedWidth(500)  # wrapped at a set width: its height is then right (no cut last line)
        self.name = QComboBox(editable=True)
        self.name.addItems([u.name for u in lock.services.users.list_users()])
        self.name.setCurrentText(who)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.unlock)
        self.message = QLabel(objectName="lockMessage", wordWrap=True)
        self.message.setStyleSheet("color: #ffb3b3;")
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.clicked.connect(self.unlock)
        box = QFrame(self)
        form = QFormLayout()
        form.addRow(QLabel("Team member"), self.name)
        form.addRow(QLabel("Password"), self.password)
        inner = QVBoxLayout(box)
        # As tall as its wrapped hint needs (aligned in the cover, the box gets its size hint,
        # which at a set box width left the hint's last lines cut).
        inner.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        for widget in (title, hint):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        window.installEventFilter(lock)
        self.cover()
        self.show()

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
            self.raise_()

    def unlock(self) -> None:
        refused = self.lock.unlock(self.name.currentText().strip(), self.password.text())
        if refused is not None:
            self.message.setText(refused)
            self.password.clear()
            self.password.setFocus()

"""The team members who can sign: the list, adding one with a password, and (an
administrator's) changing a member's role in isconf."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isconf.meetings import vocab
from isconf.services import ROLES, ServiceError, Services
from isconf.signing.model import UserProfile
from ui.meeting.models import ColumnsModel
from ui.ops import OpRunner
from ui.tables import read_only_table

Index = QModelIndex | QPersistentModelIndex


class UsersModel(ColumnsModel):
    """Team members as the users service lists them (name, role, since when)."""

    COLUMNS = ("Name", "Role", "Role in isconf", "Added")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._users: tuple[UserProfile, ...] = ()

    def set_users(self, users: list[UserProfile]) -> None:
        self.beginResetModel()
        self._users = tuple(users)
        self.endResetModel()

    def names(self) -> list[str]:
        return [u.name for u in self._users]

    def users(self) -> tuple[UserProfile, ...]:
        return self._users

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._users)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        user = self._users[index.row()]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            return user.name
        if index.column() == 1:
            return user.role
        if index.column() == 2:
            return user.access_role or "none"
        return f"{user.created_at:%Y-%m-%d}"


def roles() -> list[str]:
    """The conference's roles (``resources/conference_v1.json``); any other can be typed."""
    return [*vocab.disciplines().core, *vocab.disciplines().others]


class TeamDialog(QDialog):
    """Who can sign meetings; Add… makes a new team member with a password."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Team members")
        self.model = UsersModel(self)
        self.view = read_only_table(self.model, "Team members")
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            "No team members yet: Add… one for each person who signs meetings.",
            objectName="hint",
            wordWrap=True,
        )
        self.add_button = QPushButton("&Add…")
        self.add_button.clicked.connect(self.add_user)
        self.access_button = QPushButton("Change role in &isconf…")
        self.access_button.setToolTip("An administrator's: what the selected member may do in isconf")
        self.access_button.clicked.connect(self.change_access)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.access_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        self.resize(560, 360)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_users(self.services.users.list_users())
        self.empty.setVisible(self.model.rowCount() == 0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.access_button.setEnabled(self.selected() is not None)

    def selected(self) -> UserProfile | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.users()[rows[0].row()] if rows else None

    def add_user(self) -> None:
        dialog = AddUserDialog(self.services, self)
        if dialog.exec():
            self.refresh()

    def change_access(self) -> None:
        user = self.selected()
        if user is not None and ChangeAccessDialog(self.services, user, self).exec():
            self.refresh()


class ChangeAccessDialog(QDialog):
    """A member's role in isconf; the service's refusal (not an administrator, the team's last
    administrator) is said here and nothing changes."""

    def __init__(self, services: Services, user: UserProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.user = services, user
        self.setWindowTitle(f"Role of {user.name} in isconf")
        self.access = QComboBox()
        self.access.addItems(list(ROLES))
        self.access.setCurrentText(user.access_role or "")
        hint = QLabel(
            "coordinator: cases, agendas, attendance · clinician: also decisions · chair: also "
            "approving and amending · administrator: also the team",
            objectName="hint",
            wordWrap=True,
        )
        self.message = _message_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Change", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.clicked.connect(self.change)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Role in &isconf", self.access)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def change(self) -> None:
        try:
            self.services.set_access(self.user.name, self.access.currentText())
        except ServiceError as exc:
            self.message.setText(exc.problems[0].message)
            self.message.show()
            return
        self.accept()


class AddUserDialog(QDialog):
    """Name, role and a password typed twice; the service's objections show beside each field."""

    FIELDS = ("name", "role", "password")

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.added: UserProfile | None = None
        self.setWindowTitle("Add team member")
        self.name = QLineEdit(placeholderText="Printed name, as on a signature (e.g. Dr Ada Epi)")
        self.role = QComboBox(editable=True)
        self.role.addItems(roles())
        self.role.setCurrentText("")
        self.role.lineEdit().setPlaceholderText("Pick or type a role")
        self.access = QComboBox()
        self.access.addItems(["(default)", *ROLES])
        self.access.setToolTip(
            "What they may do in isconf: coordinator (cases, agendas, attendance), clinician (also "
            "decisions), chair (also approving and amending), administrator (also the team). "
            "By default the first member is the administrator, later ones clinicians."
        )
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.messages = {key: _message_label() for key in (*self.FIELDS, "repeat")}
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("", self.messages["name"])
        form.addRow("&Role", self.role)
        form.addRow("", self.messages["role"])
        form.addRow("Role in &isconf", self.access)
        form.addRow("&Password", self.password)
        form.addRow("", self.messages["password"])
        form.addRow("Password a&gain", self.repeat)
        form.addRow("", self.messages["repeat"])
        self.other = _message_label()
        note = QLabel(
            "The password is kept only as a salted slow hash; nobody can read it back. "
            "It is asked each time this person signs.",
            objectName="hint",
            wordWrap=True,
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.other)
        layout.addWidget(note)
        self.ops = OpRunner(self, "Add team member")
        self.ops.busyChanged.connect(lambda busy: self.add_button.setEnabled(not busy))  # one at a time
        layout.addWidget(self.ops.indicator)
        layout.addWidget(buttons)
        self.add_button.setDefault(True)  # once in the dialog: set before, the dialog forgot it
        # Grows with each problem shown: at a set height, a problem of two lines was cut.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        note.setFixedWidth(500)
        self.setMinimumWidth(520)

    def add(self) -> None:
        self._clear_messages()
        if self.password.text() != self.repeat.text():
            self._show("repeat", "The two passwords differ; type the same password twice")
            self.repeat.clear()
            self.repeat.setFocus()
            return
        name, role, password = self.name.text().strip(), self.role.currentText().strip(), self.password.text()
        access = self.access.currentText() if self.access.currentIndex() > 0 else None

        def added(user: UserProfile) -> None:
            self.added = user
            self.accept()

        # Off the UI thread: the password's slow hash takes a moment.
        self.ops.run(
            lambda: self.services.users.add_user(name, role, password, access),
            on_success=added,
            on_refused=self._refused,
        )

    def _refused(self, exc: ServiceError) -> None:
        for problem in reversed(exc.problems):  # the first named field ends up with the focus
            self._show(problem.path, problem.message)

    def reject(self) -> None:
        """Not while the member is being added: the outcome is shown here first."""
        if not self.ops.busy:
            super().reject()

    def _clear_messages(self) -> None:
        for label in (*self.messages.values(), self.other):
            label.clear()
            label.hide()

    def _show(self, path: str, message: str) -> None:
        key = next((f for f in self.messages if path.lower().startswith(f)), None)
        label = self.messages[key] if key else self.other
        # "Password is 5 character(s); …": the service's words follow the field's name.
        words = f"{FIELD_NAMES[key]} {message}" if key in FIELD_NAMES else message
        label.setText(words if key else f"{path.capitalize()}: {message}")
        label.show()
        focus = {"name": self.name, "role": self.role, "password": self.password, "repeat": self.repeat}
        if key:
            focus[key].setFocus()


FIELD_NAMES = {"name": "Name", "role": "Role", "password": "Password"}


def _message_label() -> QLabel:
    label = QLabel(objectName="fieldProblem", wordWrap=True)
    label.hide()
    return label

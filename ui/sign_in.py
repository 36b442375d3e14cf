"""The sign-in asked when the app starts on a database that has team members (issue 21).

Every write afterwards is checked against the member's role and audited under their name
(``Services.sign_in``). A database with no team member opens without it, as before.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from isconf.services import ServiceError, Services


class SignInDialog(QDialog):
    """Team member and password; a wrong one is said in the dialog, which stays open."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Sign in to isconf")
        self.name = QComboBox(editable=True)
        self.name.addItems([user.name for user in services.users.list_users()])
        self.name.setCurrentText("")
        self.name.lineEdit().setPlaceholderText("Your name, as on your signature")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="fieldProblem", wordWrap=True)
        self.message.hide()
        form = QFormLayout()
        form.addRow("&Team member", self.name)
        form.addRow("&Password", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = buttons.addButton("Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Each change you make is recorded under your name.", objectName="hint", wordWrap=True)
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.sign_in_button.setDefault(True)
        self.setMinimumWidth(420)

    def sign_in(self) -> None:
        try:
            self.services.sign_in(self.name.currentText().strip(), self.password.text())
        except ServiceError as exc:
            self.message.setText(exc.problems[0].message)
            self.message.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


def sign_in_if_needed(services: Services, parent: QWidget | None = None) -> bool:
    """True when the app may open: nobody has to sign in, or someone did."""
    if services.member is not None or not services.team_exists():
        return True
    return SignInDialog(services, parent).exec() == QDialog.DialogCode.Accepted

"""The database passphrase, asked before the app opens its database (issue 21).

A new database: encrypt it with a passphrase typed twice, or make a plain file (said in
words on its own button, never by leaving a field empty). An encrypted one: its passphrase,
checked here, so a typing mistake is said in the dialog and asked again rather than ending
the app. Where a desktop keyring answers, a tick keeps the passphrase there, and the next
start opens the database without asking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isconf.services import passphrase_opens

MIN_LENGTH = 8


class PassphraseDialog(QDialog):
    """``need`` is "create" (a new file) or "open" (an encrypted one); after it is accepted,
    ``passphrase`` holds the passphrase (None: a plain file) and ``keep`` the keyring tick."""

    def __init__(self, path: Path, need: str, keyring: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.need = path, need
        self.passphrase: str | None = None
        creating = need == "create"
        self.setWindowTitle("isconf: protect the new database" if creating else "isconf: open the database")
        if creating:
            words = (
                f"isconf is making a new database for its records:\n{path}\n\n"
                f"Choose a passphrase to encrypt it ({MIN_LENGTH} characters or more). isconf asks for "
                "it each time it starts; nobody can recover a forgotten passphrase.\n\n"
                "Only trying isconf with its synthetic demo cases? A plain file will do: it is not "
                "encrypted, and the app says so on every start. Never keep real patients in one."
            )
        else:
            words = f"This database is encrypted:\n{path}\n\nType its passphrase to open it."
        self.explain = QLabel(words, objectName="passphraseText", wordWrap=True)
        self.entry = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&Passphrase", self.entry)
        if creating:
            form.addRow("&Again", self.again)
        self.keep = QCheckBox("&Keep it in this computer's keyring")
        self.keep.setToolTip(f"{keyring}: isconf then opens this database without asking")
        self.keep_hint = QLabel(
            f"The desktop keyring ({keyring}) unlocks with your login; isconf then opens this "
            "database on this computer without asking.",
            objectName="hint",
            wordWrap=True,
        )
        for widget in (self.keep, self.keep_hint):
            widget.setVisible(keyring is not None)
        self.message = QLabel(objectName="fieldProblem", wordWrap=True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(
            "&Encrypt and create" if creating else "&Open", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.plain: QPushButton | None = None
        if creating:
            self.plain = buttons.addButton("Create a &plain file", QDialogButtonBox.ButtonRole.ActionRole)
            self.plain.clicked.connect(self.choose_plain)
        self.ok.clicked.connect(self.choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.keep)
        layout.addWidget(self.keep_hint)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.ok.setDefault(True)
        # Wrapped labels at a set width, the dialog as tall as they need (a dialog of a set
        # height cut the last lines of the explanation off).
        for label in (self.explain, self.keep_hint, self.message):
            label.setFixedWidth(540)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

    def choose(self) -> None:
        text = self.entry.text()
        if self.need == "create":
            if len(text) < MIN_LENGTH:
                self._refuse(
                    f"The passphrase needs at least {MIN_LENGTH} characters (or create a plain file)"
                )
                return
            if self.again.text() != text:
                self.again.clear()
                self._refuse("The two passphrases differ; type the same one twice")
                self.again.setFocus()
                return
        elif not passphrase_opens(self.path, text):
            self._refuse("This passphrase does not open the database; try again")
            return
        self.passphrase = text
        self.accept()

    def choose_plain(self) -> None:
        self.passphrase = None
        self.keep.setChecked(False)
        self.accept()

    def _refuse(self, words: str) -> None:
        self.message.setText(words)
        self.message.show()
        self.entry.selectAll()
        self.entry.setFocus()

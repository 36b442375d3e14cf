"""What the app says and asks about the database's protection (issue 21): the passphrase of
an encrypted file (or of a new one), and a banner while the database is a plain file."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QSizePolicy, QToolBar

from isconf.services import (
    DatabaseError,
    Services,
    cipher_passphrase_needed,
    keyring_store,
    passphrase_opens,
    remember_passphrase,
)

PLAIN_WARNING = (
    "This database is not encrypted: anyone who copies its file can read every child's record. "
    "Close isconf and run “isconf encrypt” to protect it."
)


def add_plain_banner(window: QMainWindow, services: Services) -> QLabel | None:
    """A banner above the window while the database is a plain SQLite file."""
    if not services.plain_file:
        return None
    banner = QLabel(PLAIN_WARNING, objectName="plainBanner", wordWrap=True)
    banner.setStyleSheet("QLabel#plainBanner { background: #fff3cd; color: #664d03; padding: 6px; }")
    banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar = QToolBar("Database protection", objectName="protectionBar")
    bar.setMovable(False)
    bar.addWidget(banner)
    # A row of its own across the window: beside the main toolbar it was squeezed into a
    # narrow column of four lines.
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return banner


def ask_passphrase(path: Path) -> None:
    """Before the database opens: an encrypted file's passphrase (from the desktop keyring when
    one keeps it, else asked), or a new file's choice of passphrase or plain file
    (``ui.passphrase``); cancelled, nothing is opened or created."""
    need = cipher_passphrase_needed(path)
    if need is None:
        return
    if need == "open":
        kept = keyring_store.saved_passphrase(path)
        if kept is not None and passphrase_opens(path, kept):
            remember_passphrase(path, kept)
            return
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    from ui.passphrase import PassphraseDialog

    dialog = PassphraseDialog(path, need, keyring_store.backend_name())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        nothing = "nothing was created" if need == "create" else "nothing was opened"
        raise DatabaseError(f"{path}: no passphrase was given; {nothing}")
    if dialog.passphrase is None:
        return  # a plain file, chosen in words; the banner says so on every start
    remember_passphrase(path, dialog.passphrase)
    if dialog.keep.isChecked():
        refused = keyring_store.keep_passphrase(path, dialog.passphrase)
        if refused is not None:
            print(
                f"isconf: warning: the passphrase was not kept: {refused}; it is asked next time",
                file=sys.stderr,
            )

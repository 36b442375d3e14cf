"""What the app says and asks about the database's protection (issue 21): the passphrase of
an encrypted file (or of a new one), and a banner while the database is a plain file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QLineEdit, QMainWindow, QToolBar

from isconf.services import DatabaseError, Services, cipher_passphrase_needed, remember_passphrase

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
    bar = QToolBar("Database protection", objectName="protectionBar")
    bar.setMovable(False)
    bar.addWidget(banner)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return banner


def ask_passphrase(path: Path) -> None:
    """Before the database opens: ask for an encrypted file's passphrase, or offer one for a
    new file (left empty, the new database is plain, and the banner says so)."""
    need = cipher_passphrase_needed(path)
    if need is None:
        return
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    if need == "create":
        label = (
            f"A new database will be made at {path}.\nChoose a passphrase to encrypt it (at least 8 "
            "characters; nobody can recover it), or leave it empty for a plain, unencrypted file:"
        )
    else:
        label = f"{path} is encrypted. Its passphrase:"
    text, ok = QInputDialog.getText(None, "isconf: database passphrase", label, QLineEdit.EchoMode.Password)
    if not ok:
        raise DatabaseError(f"{path}: no passphrase was given; nothing was opened")
    if need == "create" and not text:
        return
    if need == "create" and len(text) < 8:
        raise DatabaseError("passphrase: needs at least 8 characters; nothing was created")
    remember_passphrase(path, text)

"""Questions the application asks the user, in one place (tests replace them)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget, what: str) -> Unsaved:
    """Save, discard or keep editing the unsaved changes to ``what``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"{what} has unsaved changes.")
    box.setInformativeText("Save them before you go on?")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return Unsaved.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL


def ask_reload_after_conflict(parent: QWidget, mrn: str, changes: list[str]) -> bool:
    """Tell the user someone else saved the case first; True to reload their version."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Case changed elsewhere")
    box.setText(f"{mrn} was saved on another workstation after you opened it. Your edits were not saved.")
    box.setInformativeText(
        "Reload to see the current version (your unsaved edits will be lost), "
        "or keep editing and copy what you need first."
    )
    box.setDetailedText("Changed meanwhile:\n" + ("\n".join(changes) or "(no field-level differences)"))
    reload_button = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is reload_button


def ask_restore_draft(parent: QWidget, what: str, saved_at: datetime) -> bool:
    """Offer back edits that were never saved (isconf closed first); True to restore."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved edits found")
    local = saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
    box.setText(f"{what} has edits from {local} that were never saved (isconf closed first).")
    box.setInformativeText("Restore them as unsaved changes? You can review, undo or save them.")
    restore = box.addButton("Restore edits", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard them", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.exec()

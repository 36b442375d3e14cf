"""The sign-off of the open meeting: its revision and status, the content hash the signatures
bind, who signed it and who still has to, and the revisions signed before."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isconf.signing.model import SignatureView, SigningState
from ui.meeting.actions import action_button
from ui.meeting.models import ColumnsModel
from ui.meeting.signing_words import NOT_FROZEN, meaning_label, signed_at_words, status_words, time_zone_words
from ui.tables import read_only_table

Index = QModelIndex | QPersistentModelIndex
SIGN_WHEN_CLOSED = "Close the meeting (Ctrl+Shift+C) to sign it."  # one line: the panel has no room to spare


class SignaturesModel(ColumnsModel):
    """The signatures of the shown revision, in the order they were given."""

    COLUMNS = ("Printed name", "Role", "Signed", "Meaning")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[SignatureView, ...] = ()

    def set_signatures(self, signatures: tuple[SignatureView, ...]) -> None:
        self.beginResetModel()
        self._rows = tuple(signatures)
        self.endResetModel()

    def signatures(self) -> tuple[SignatureView, ...]:
        return self._rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        signature = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return signature.name
        if column == 1:
            return signature.role
        if column == 2:
            if role == Qt.ItemDataRole.ToolTipRole:
                return time_zone_words(signature)
            return signed_at_words(signature, "\n")  # two lines: the name keeps its room
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Bound to content SHA-256 {signature.content_sha256} (revision {signature.revision})"
        return meaning_label(signature.meaning)


class SignOffPanel(QWidget):
    """What a signer reads before signing and what the record shows after; ``show_state`` fills it."""

    def __init__(self, actions: tuple[QAction, ...], parent: QWidget | None = None) -> None:
        """``actions``: the window's sign-off actions, as buttons under the panel."""
        super().__init__(parent)
        self.heading = QLabel(objectName="panelHeading", wordWrap=True)
        self.amendment = QLabel(objectName="hint", wordWrap=True)
        self.hash_edit = QLineEdit(readOnly=True)
        self.hash_edit.setAccessibleName("Content SHA-256")
        self.hash_edit.setToolTip("The SHA-256 of the meeting's canonical content: every signature binds it")
        self.copy_hash = QPushButton("Copy")
        self.copy_hash.setToolTip("Copy the whole SHA-256 to the clipboard")
        self.copy_hash.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.hash_edit.text()))
        self.model = SignaturesModel(self)
        self.view = read_only_table(self.model, "Signatures")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(96)  # the header and two signatures of two lines each
        self.required = QLabel(wordWrap=True)
        self.missing = QLabel(wordWrap=True)
        self.earlier = QLabel(wordWrap=True)
        # Why Sign… is greyed out: a meeting still running cannot be signed.
        self.sign_hint = QLabel(SIGN_WHEN_CLOSED, objectName="hint", wordWrap=True)
        for label in (self.required, self.missing, self.earlier, self.amendment):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        box = QGroupBox("Signatures")
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.view, 1)
        form = QFormLayout()
        form.addRow("Required", self.required)
        form.addRow("Still to sign", self.missing)
        form.addRow("Signed before", self.earlier)
        box_layout.addLayout(form)

        hash_row = QHBoxLayout()
        hash_row.addWidget(self.hash_edit, 1)
        hash_row.addWidget(self.copy_hash)
        top = QFormLayout()
        top.addRow("Content SHA-256", hash_row)

        # Two a row: the panel is no wider than the decision form it shares the tabs with,
        # so the agenda beside it keeps its width.
        buttons = QGridLayout()
        for n, action in enumerate(actions):
            buttons.addWidget(action_button(action), n // 2, n % 2)
        buttons.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.amendment)
        layout.addLayout(top)
        layout.addWidget(box, 1)
        layout.addWidget(self.sign_hint)
        layout.addLayout(buttons)
        self.show_state(None)

    def show_state(self, state: SigningState | None, members: frozenset[str] = frozenset()) -> None:
        """``state``: the meeting's ``SigningState``, or None with no meeting open; ``members``:
        the team members' names (a required signer who is none of them can never sign)."""
        self.sign_hint.setVisible(state is not None and not state.locked and not state.can_sign)
        if state is None:
            self.heading.setText("Sign-off (open a meeting)")
            self.amendment.hide()
            self.hash_edit.clear()
            self.copy_hash.setEnabled(False)
            self.model.set_signatures(())
            for label in (self.required, self.missing, self.earlier):
                label.setText("—")
            return
        self.heading.setText(f"Revision {state.revision} · {status_words(state)}")
        if state.amends_revision is not None:
            self.amendment.setText(f"Amendment of revision {state.amends_revision}: {state.amendment_reason}")
        self.amendment.setVisible(state.amends_revision is not None)
        self.hash_edit.setText(state.content_sha256 or "")
        self.hash_edit.setPlaceholderText(NOT_FROZEN)
        self.hash_edit.setCursorPosition(0)  # the prefix in view, as on every page of the PDF
        self.copy_hash.setEnabled(bool(state.content_sha256))
        self.model.set_signatures(tuple(state.signatures))
        self.required.setText(
            ", ".join(state.required_signers) or "nobody yet: name the chair, or choose Required signers…"
        )
        if state.missing_signers:
            self.missing.setText(
                ", ".join(
                    name if name in members else f"{name} (not a team member yet: Team members… adds them)"
                    for name in state.missing_signers
                )
            )
        else:
            self.missing.setText("nobody: every required signature is in" if state.required_signers else "—")
        earlier = [r for r in state.signed_revisions if r != state.revision]
        self.earlier.setText(
            ", ".join(f"revision {r} (signed, kept as it was)" for r in earlier) if earlier else "none"
        )

"""Signing a meeting, choosing who must sign it, and amending a signed one.

Each dialog calls the signing service itself, off the UI thread (``ui.ops``: checking a
password takes a moment), and stays open on a refusal, with the service's words in it;
``state`` holds the meeting's sign-off after a success.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from isconf.meetings.model import Meeting
from isconf.services import ServiceError, Services
from isconf.signing.model import SigningState
from ui.meeting.signing_words import MEANINGS, hash_html
from ui.meeting.team import UsersModel
from ui.ops import OpRunner
from ui.tables import read_only_table


def problem_words(exc: ServiceError) -> str:
    """The service's reasons as sentences: "Wrong password for Dr Ada Chair; nothing was signed"."""
    return "\n".join(p.message[:1].upper() + p.message[1:] for p in exc.problems)


class _SigningDialog(QDialog):
    """What the three dialogs share: the meeting they act on, a problem line, and one
    service call that closes the dialog on success and shows the refusal on failure."""

    def __init__(self, services: Services, meeting: Meeting, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.services, self.meeting_id = services, meeting.id
        self.state: SigningState | None = None
        self.problems = QLabel(objectName="warningBox", wordWrap=True)
        self.problems.hide()
        self.ops = OpRunner(self, self.windowTitle() or "Sign-off")

    def show_problem(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.show()

    def lay_out(
        self, words: QLabel, form: QFormLayout, accept_text: str, accepted: Callable[[], None]
    ) -> QPushButton:
        """``words`` above ``form``, the problem line and the buttons; the accept button."""
        buttons, accept = _buttons(self, accept_text)
        buttons.accepted.connect(accepted)
        self.ops.busyChanged.connect(lambda busy: accept.setEnabled(not busy))  # one call at a time
        layout = QVBoxLayout(self)
        layout.addWidget(words)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.ops.indicator)
        layout.addWidget(buttons)
        # As tall as its words at this width, growing with a problem shown: the dialog's own
        # guess left gaps around the words, and at a set height a problem cut them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        words.setFixedWidth(500)
        _make_default(accept)
        self.setMinimumWidth(520)
        return accept

    def run(self, call: Callable[[], SigningState], refused: Callable[[], None] | None = None) -> None:
        """Start ``call`` off the UI thread: its state is kept and the dialog accepted; on a
        refusal the reasons are shown, then ``refused`` runs."""

        def done(state: SigningState) -> None:
            self.state = state
            self.accept()

        def problem(words: str) -> None:
            self.show_problem(words)
            if refused is not None:
                refused()

        self.ops.run(call, on_success=done, on_problem=problem, words=problem_words)

    def reject(self) -> None:
        """Not while the call runs: its outcome is shown here, then the dialog can be left."""
        if not self.ops.busy:
            super().reject()


def _make_default(button: QPushButton) -> None:
    """Return presses ``button``: set once it is in the dialog (set before, the dialog forgot it)."""
    button.setDefault(True)


def _buttons(dialog: QDialog, accept_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    accept = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.rejected.connect(dialog.reject)
    return buttons, accept


class SignDialog(_SigningDialog):
    """A team member signs the meeting's current revision with their password."""

    def __init__(
        self, services: Services, meeting: Meeting, state: SigningState, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, meeting, parent)
        self.setWindowTitle(f"Sign meeting {meeting.id}")
        users = services.users.list_users()
        self.roles = {u.name: u.role for u in users}
        # The hash the signer reads here is the one they sign: the service refuses the
        # signature if the meeting or a case changed since (the draft's hash is stable).
        self.reviewed = state.content_sha256 or services.signing.summary_package(meeting.id).content_sha256
        what = QLabel(
            f"<b>{meeting.title}</b> of {meeting.date.isoformat()}, chaired by {meeting.chair or '—'}<br>"
            f"Revision {state.revision} · content SHA-256 {hash_html(self.reviewed)}<br>"
            "Your signature binds this exact content: any later change needs an amendment "
            "and new signatures.",
            wordWrap=True,
        )
        what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        what.setToolTip(f"Content SHA-256 {self.reviewed}")
        self.user = QComboBox(editable=True)
        self.user.addItems(list(self.roles))
        self.user.setCurrentText(_first_to_sign(state, list(self.roles)))
        self.user.lineEdit().setPlaceholderText("Your name as a team member")
        self.role = QLabel(objectName="hint")
        self.user.currentTextChanged.connect(self._show_role)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.meaning = QComboBox()
        for code, label in MEANINGS:
            self.meaning.addItem(label, code)
        self.meaning.setCurrentIndex(self.meaning.findData("approved"))
        form = QFormLayout()
        form.addRow("&Signer", self.user)
        form.addRow("", self.role)
        form.addRow("&Password", self.password)
        form.addRow("&Meaning", self.meaning)
        self.sign_button = self.lay_out(what, form, "Sign", self.sign)
        self._show_role(self.user.currentText())
        self.password.setFocus()

    def _show_role(self, name: str) -> None:
        role = self.roles.get(name.strip())
        self.role.setText(f"Signs as {role}" if role else "Not a team member yet (Team members… adds one)")

    def sign(self) -> None:
        password = self.password.text()
        self.password.clear()  # kept no longer than the call, whatever its outcome
        user, meaning = self.user.currentText().strip(), str(self.meaning.currentData())
        self.run(
            lambda: self.services.signing.sign(
                self.meeting_id, user=user, password=password, meaning=meaning, reviewed_sha256=self.reviewed
            ),
            refused=self.password.setFocus,
        )


def _first_to_sign(state: SigningState, names: list[str]) -> str:
    """The first required signer still missing who is a team member; else the first member."""
    return next((n for n in state.missing_signers if n in names), names[0] if names else "")


class RequiredSignersDialog(_SigningDialog):
    """Whose signatures lock the meeting: the chair (the default) or the team members picked."""

    def __init__(
        self, services: Services, meeting: Meeting, state: SigningState, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, meeting, parent)
        self.setWindowTitle("Required signers")
        self.chair = QRadioButton(f"The &chair (default): {meeting.chair or 'the chair, once named'}")
        self.picked = QRadioButton("These &team members (click, or Space in the list, to pick one or more):")
        self.model = UsersModel(self)
        self.model.set_users(services.users.list_users())
        self.view = read_only_table(self.model, "Team members")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        required = set(state.required_signers)
        default = not required or required == {meeting.chair}
        (self.chair if default else self.picked).setChecked(True)
        selection = self.view.selectionModel()
        for row, name in enumerate(self.model.names()):
            if name in required and not default:
                flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                selection.select(self.model.index(row, 0), flags)
        selection.selectionChanged.connect(lambda *_: self.picked.setChecked(True))
        buttons, set_button = _buttons(self, "Set")
        buttons.accepted.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chair)
        layout.addWidget(self.picked)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        _make_default(set_button)
        self.resize(520, 380)

    def names(self) -> list[str]:
        if self.chair.isChecked():
            return []
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.model.names()[row] for row in rows]

    def apply(self) -> None:
        names = self.names()
        if self.picked.isChecked() and not names:
            self.show_problem("Select at least one team member, or choose the chair")
            return
        self.run(lambda: self.services.signing.set_required_signers(self.meeting_id, names))


class AmendDialog(_SigningDialog):
    """Open a signed meeting as a new revision, for a reason that is recorded with it."""

    def __init__(
        self, services: Services, meeting: Meeting, state: SigningState, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, meeting, parent)
        self.setWindowTitle(f"Amend meeting {meeting.id}")
        explain = QLabel(
            f"Revision {state.revision} stays signed exactly as it is. The amendment is revision "
            f"{state.revision + 1}: it can be edited, then must be signed again. The reason is printed "
            "on every summary, de-identified ones too: refer to a case by its number, not a name.",
            wordWrap=True,
        )
        self.reason = QLineEdit(placeholderText="What is corrected, and why (required)")
        self.reason.setAccessibleName("Reason")
        form = QFormLayout()
        form.addRow("&Reason", self.reason)
        self.lay_out(explain, form, "Amend", self.amend)

    def amend(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.show_problem("Reason: is required (it is kept with the amendment)")
            self.reason.setFocus()
            return
        self.run(lambda: self.services.signing.amend(self.meeting_id, reason=reason))

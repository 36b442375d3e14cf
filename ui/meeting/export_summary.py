"""Export signed summary…: where to, de-identified or not, an optional certificate to
sign the PDF with and a timestamp authority to timestamp that signature (PAdES B-T). The window writes it off the UI thread (``MeetingWindow.export_summary``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isconf.meetings.model import Meeting
from isconf.signing.model import SigningState
from ui.meeting.signing_words import hash_html, status_words


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    deidentify: bool
    p12: Path | None
    passphrase: bytes | None  # handed to the export and dropped; never stored
    revision: int | None = None  # None: the current one
    timestamp_url: str | None = None  # an RFC 3161 timestamp authority, with a certificate only


def default_name(meeting: Meeting, revision: int) -> str:
    return f"meeting-{meeting.date.isoformat()}-rev{revision}.pdf"


class ExportSummaryDialog(QDialog):
    """Asks where and how; ``request()`` is what was chosen once accepted."""

    def __init__(
        self, meeting: Meeting, state: SigningState, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export signed summary")
        self._request: ExportRequest | None = None
        self.what = QLabel(wordWrap=True)
        self.draft_note = QLabel(_draft_words(state), objectName="warningBox", wordWrap=True)
        self.draft_note.setVisible(not state.locked)
        self.meeting, self.state = meeting, state
        # The current revision, or one signed before it (an amendment leaves it as it was).
        self.revision = QComboBox()
        self.revision.addItem(f"Revision {state.revision} (current: {status_words(state).lower()})", None)
        for earlier in sorted((r for r in state.signed_revisions if r != state.revision), reverse=True):
            self.revision.addItem(f"Revision {earlier} (signed and locked)", earlier)
        self.revision.currentIndexChanged.connect(self._revision_chosen)
        self._describe()
        self.path = QLineEdit(str(folder / default_name(meeting, state.revision)))
        self.path.setAccessibleName("Output file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._choose_output)
        self.deidentify = QCheckBox("&De-identify (initials and age only)")
        self.p12 = QLineEdit(placeholderText="Optional: a PKCS#12 file (.p12, .pfx) to sign the PDF with")
        self.p12.setAccessibleName("Certificate")
        self.p12.textChanged.connect(self._update_passphrase)
        browse_p12 = QPushButton("B&rowse…")
        browse_p12.clicked.connect(self._choose_p12)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("The certificate's passphrase (used once, never stored)")
        self.tsa = QLineEdit(placeholderText="Optional: an RFC 3161 timestamp authority URL (https://…)")
        self.tsa.setAccessibleName("Timestamp authority")
        self.tsa.setToolTip(
            "A timestamp on the signature (PAdES B-T) lets it be checked after the certificate expires"
        )
        self.problems = QLabel(objectName="warningBox", wordWrap=True)
        self.problems.hide()
        form = QFormLayout()
        if self.revision.count() > 1:
            form.addRow("Re&vision", self.revision)
        form.addRow(_buddy("&Output file", self.path), _row(self.path, browse))
        form.addRow("", self.deidentify)
        form.addRow(_buddy("&Certificate", self.p12), _row(self.p12, browse_p12))
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("&Timestamp authority", self.tsa)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.draft_note)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.export_button.setDefault(True)  # once in the dialog: set before, the dialog forgot it
        self.setMinimumWidth(720)
        self._update_passphrase()

    def request(self) -> ExportRequest | None:
        return self._request

    def check(self) -> None:
        """Accept what can be tried; a missing name or certificate file is said here."""
        text = self.path.text().strip()
        p12 = self.p12.text().strip()
        tsa = self.tsa.text().strip()
        problem = ""
        if not text:
            problem = "Output file: choose where to write the PDF"
        elif Path(text).is_dir():
            problem = f"Output file: {text} is a folder; add a file name"
        elif not Path(text).parent.is_dir():
            problem = f"Output file: the folder {Path(text).parent} does not exist"
        elif p12 and not Path(p12).is_file():
            problem = f"Certificate: {p12} is not a file"
        elif p12 and tsa and not tsa.startswith(("http://", "https://")):
            problem = f"Timestamp authority: {tsa} is not an http:// or https:// address"
        if problem:
            self.problems.setText(problem)
            self.problems.show()
            return
        path = Path(text) if Path(text).suffix.lower() == ".pdf" else Path(text + ".pdf")
        self._request = ExportRequest(
            path=path,
            deidentify=self.deidentify.isChecked(),
            p12=Path(p12) if p12 else None,
            passphrase=self.passphrase.text().encode("utf-8") if p12 else None,
            revision=self.revision.currentData(),
            timestamp_url=tsa if p12 and tsa else None,
        )
        self.passphrase.clear()
        self.accept()

    def refill(self, request: ExportRequest, problem: str) -> None:
        """The choices of an export that failed, with its reason: only what was wrong is
        typed again (the passphrase, never kept, when a certificate was chosen)."""
        index = self.revision.findData(request.revision)
        if index >= 0:
            self.revision.setCurrentIndex(index)
        self.path.setText(str(request.path))
        self.deidentify.setChecked(request.deidentify)
        self.p12.setText(str(request.p12) if request.p12 else "")
        self.tsa.setText(request.timestamp_url or "")
        self.problems.setText(f"Not exported last time: {problem}")
        self.problems.show()
        (self.passphrase if request.p12 else self.path).setFocus()

    def _chosen_revision(self) -> int:
        chosen = self.revision.currentData()
        return int(chosen) if chosen is not None else int(self.state.revision)

    def _revision_chosen(self) -> None:
        """The default file name follows the revision (a name typed by the user stays)."""
        path = Path(self.path.text())
        if path.name.startswith(f"meeting-{self.meeting.date.isoformat()}-rev"):
            self.path.setText(str(path.with_name(default_name(self.meeting, self._chosen_revision()))))
        self.draft_note.setVisible(self.revision.currentData() is None and not self.state.locked)
        self._describe()

    def _describe(self) -> None:
        """The meeting and the revision being exported, as the PDF will name them."""
        state, chosen = self.state, self.revision.currentData()
        about = (
            f"Revision {state.revision} · {status_words(state)} · content SHA-256 "
            f"{hash_html(state.content_sha256)}"
            if chosen is None
            else f"Revision {chosen} · Signed and locked · amended since (now revision {state.revision})"
        )
        self.what.setText(f"<b>{self.meeting.title}</b> of {self.meeting.date.isoformat()}<br>{about}")

    def _update_passphrase(self) -> None:
        """The passphrase and the timestamp authority mean something only with a certificate."""
        signing = bool(self.p12.text().strip())
        self.passphrase.setEnabled(signing)
        self.tsa.setEnabled(signing)

    def _choose_output(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Summary PDF", self.path.text(), "PDF (*.pdf)")
        if name:
            self.path.setText(name)

    def _choose_p12(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Signing certificate", self.p12.text(), "PKCS#12 (*.p12 *.pfx);;All files (*)"
        )
        if name:
            self.p12.setText(name)


def _draft_words(state: SigningState) -> str:
    """What the PDF of a revision not yet locked says about itself (as ``isconf.summary.pdf`` draws it)."""
    if not state.signatures:
        return "This revision is not signed yet: the PDF will be marked DRAFT on every page."
    return (
        f"{status_words(state)}: the PDF lists the signatures given so far; the meeting is not "
        "locked until the rest have signed."
    )


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A form label whose Alt+letter goes to ``widget`` (a row of two widgets has no buddy of its own)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row

"""What the meetings window's sign-off actions do: sign, required signers, amend, team
members, and export the summary PDF off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf.services import Changes, ServiceError, Services
from ui import dialogs
from ui.background import Report, Task, run_in_background
from ui.meeting.controller import MeetingController
from ui.meeting.export_summary import ExportRequest, ExportSummaryDialog
from ui.meeting.sign_dialogs import AmendDialog, RequiredSignersDialog, SignDialog
from ui.meeting.signing_words import hash_prefix, status_words
from ui.meeting.team import TeamDialog
from ui.ops import change_bus

if TYPE_CHECKING:
    from ui.meeting.meeting_window import MeetingWindow

EXPORT_TITLE = "Export signed summary"


class ExportStopped(Exception):
    """Stop was pressed in the progress dialog: the export ends before writing anything."""


class SignOffActions:
    """The sign-off actions' slots for one meetings window. They read the open meeting and
    its sign-off from the window's ``MeetingController``; the window only shows the outcome."""

    def __init__(self, window: MeetingWindow, controller: MeetingController) -> None:
        self.window, self.controller = window, controller
        self.export_task: Task | None = None
        self.last_export: Any = None  # the outcome shown last: ExportedSummary or a one-line reason
        self.folder = Path.home()
        # The meeting, choices and reason of the export that failed last: the dialog opens
        # with them again, so a wrong passphrase does not mean choosing every file anew.
        self.failed_export: tuple[int, ExportRequest, str] | None = None

    @property
    def services(self) -> Services:
        return self.controller.services

    # --- the dialogs ------------------------------------------------------------------------

    def sign(self) -> None:
        def signed(dialog: Any) -> str:
            state = dialog.state
            signer = state.signatures[-1] if state.signatures else None
            who = f"Signed by {signer.name} ({signer.meaning})" if signer else "Signed"
            return f"{who}: {status_words(state).lower()}"

        self._open(SignDialog, signed)

    def required_signers(self) -> None:
        self._open(
            RequiredSignersDialog,
            lambda d: f"Required signers: {', '.join(d.state.required_signers) or 'the chair'}",
        )

    def amend(self) -> None:
        def amended(dialog: Any) -> str:
            state = dialog.state
            return f"Revision {state.revision} amends revision {state.amends_revision}; edit it, then sign it again"

        self._open(AmendDialog, amended)

    def team_members(self) -> None:
        TeamDialog(self.services, self.window).exec()
        # A new member may be due to sign.
        self.window.signoff.show_state(self.controller.signing_state, self.controller.member_names())

    def _open(self, dialog_class: Any, words: Callable[[Any], str]) -> None:
        """Run ``dialog_class`` for the open meeting once its details are saved; when it was
        accepted (its write done, off the UI thread), show the meeting as stored now."""
        c = self.controller

        def open_dialog() -> None:
            if c.meeting is None or c.signing_state is None:
                return
            dialog = dialog_class(self.services, c.meeting, c.signing_state, self.window)
            if dialog.exec():
                meeting_id = c.meeting.id
                self.window.writes.reread_meeting(words(dialog))
                change_bus().changed.emit(Changes.of(meetings=[meeting_id]), self.window)

        if c.meeting is not None and c.signing_state is not None:
            self.window.save_pending_details(open_dialog)

    # --- the summary PDF ----------------------------------------------------------------------

    def export_summary(self) -> None:
        window, c = self.window, self.controller
        if c.meeting is None or c.signing_state is None:
            return
        dialog = ExportSummaryDialog(c.meeting, c.signing_state, self.folder, window)
        failed, self.failed_export = self.failed_export, None
        if failed is not None and failed[0] == c.meeting.id:
            dialog.refill(failed[1], failed[2])
        request = dialog.request() if dialog.exec() else None
        if request is not None:
            self.start_export(request)

    def start_export(self, request: ExportRequest) -> None:
        """Write the PDF on a worker thread; the progress dialog follows it case by case."""
        window, meeting = self.window, self.controller.meeting
        assert meeting is not None
        meeting_id, cases = meeting.id, len(meeting.agenda)
        self.folder = request.path.parent
        services = self.services

        def work(report: Report, cancelled: Callable[[], bool]) -> Any:
            def progress(done: int, total: int, text: str) -> None:
                if cancelled():
                    raise ExportStopped
                report(done, text)

            try:
                return services.export_summary(
                    meeting_id,
                    request.path,
                    deidentify=request.deidentify,
                    p12=request.p12,
                    passphrase=request.passphrase,
                    revision=request.revision,
                    progress=progress,
                    timestamp_url=request.timestamp_url,
                )
            except ExportStopped:
                return "Stopped before the end; no file was written"
            except Exception as exc:  # every reason is shown to the user, in one line
                return _one_line(exc)

        self.export_task = run_in_background(
            window, EXPORT_TITLE, max(cases, 1), work, lambda outcome: self._exported(outcome, request)
        )

    def _exported(self, outcome: Any, request: ExportRequest) -> None:
        self.last_export = outcome
        window = self.window
        if isinstance(outcome, str):
            window.statusBar().showMessage(f"Not exported: {outcome}", 8000)
            if self.controller.meeting is not None:
                kept = replace(request, passphrase=None)  # the passphrase is never kept
                self.failed_export = (self.controller.meeting.id, kept, outcome)
            # The reason in the message itself, not behind "Show Details…".
            dialogs.inform(
                window,
                EXPORT_TITLE,
                f"The summary was not exported; no file was written.\n\n{outcome}\n\n"
                "Export signed summary… (Ctrl+Shift+E) opens again with your choices.",
            )
            return
        text = export_words(outcome, request.deidentify)
        window.statusBar().showMessage(text.replace("\n", " "), 15000)
        dialogs.inform(window, EXPORT_TITLE, text)

    def stop(self) -> None:
        if self.export_task is not None:
            self.export_task.stop_and_wait()


def export_words(done: Any, deidentified: bool) -> str:
    """Where the PDF went and what kind of document it is."""
    kind = (
        "DRAFT (not signed yet)"
        if done.draft
        else "signed and locked revision"
        if done.locked
        else "partly signed revision (not locked yet)"
    )
    if not done.signed_by_certificate:
        crypto = "It is not cryptographically signed (no certificate was given)."
    elif done.locked:
        crypto = "It carries a PAdES signature with your certificate (isconf verify checks it)."
    else:  # isconf verify also wants the sign-off complete
        crypto = (
            "It carries a PAdES signature with your certificate, but isconf verify will not call it "
            "verified: the meeting was not signed and locked when it was exported."
        )
    who = "de-identified (initials and age only)" if deidentified else "identified"
    sha = hash_prefix(done.content_sha256)
    stop = "" if sha.endswith("…") else "."  # "454a7899d0ac…", not "454a7899d0ac…."
    return f"Wrote the summary to {done.path}\nA {kind}, {who}; content SHA-256 {sha}{stop}\n{crypto}"


def _one_line(exc: Exception) -> str:
    if isinstance(exc, ServiceError):
        return "; ".join(f"{p.path}: {p.message}" for p in exc.problems)
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__

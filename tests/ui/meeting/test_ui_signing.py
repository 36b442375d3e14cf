"""Sign-off in the meetings window, as the chair and a coordinator do it: sign with a password,
see the meeting locked, amend it, add a team member, export the summary PDF."""

from __future__ import annotations

import re
import time as clock_time
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop, QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QProgressDialog

from certs import session_pki
from isconf.services import ServiceError, Services
from isconf.summary.attachment import read_json
from isconf.summary.pades_verify import verify_pdf
from ui import background
from ui.meeting.export_summary import ExportSummaryDialog
from ui.meeting.meeting_window import A, MeetingWindow
from ui.meeting.sign_dialogs import AmendDialog, RequiredSignersDialog, SignDialog
from ui.meeting.team import AddUserDialog, TeamDialog
from ui_helpers import settled

CHAIR, SURGEON = "Dr Ada Chair", "Dr Sam Surg"
PASSWORD = "correct horse battery"
EDITING = (A.SAVE_DETAILS, A.ADD_CASES, A.REMOVE_CASE, A.ADD_PERSON, A.RECORD_DECISION, A.REOPEN, A.CLOSE)


@pytest.fixture
def meeting_id(services: Services) -> int:
    """A closed meeting of two cases, one decided, chaired by a team member; two team members."""
    services.add_demo_cases()
    services.users.add_user(CHAIR, "epileptologist", PASSWORD)
    services.sign_in(CHAIR, PASSWORD)  # the first member, the administrator, adds the team
    services.users.add_user(SURGEON, "neurosurgeon", PASSWORD, "chair")
    m = services.meetings
    meeting = m.create_meeting(
        title="Spasms surgery conference", day=date(2026, 11, 26), start_time=time(8, 0), chair=CHAIR
    )
    m.add_cases(meeting.id, ["DEMO-1001", "DEMO-1003"])
    m.set_status(meeting.id, "in_progress")
    m.record_decision(
        meeting.id, "DEMO-1001", recommendation="lobar_resection", rationale="Concordant lesion; resect early"
    )
    m.set_status(meeting.id, "closed")
    return meeting.id


@pytest.fixture
def window(qtbot, services: Services, meeting_id: int) -> MeetingWindow:
    win = MeetingWindow(services)
    qtbot.addWidget(win)
    win.resize(1600, 900)
    win.show()
    assert win.open_meeting(meeting_id)
    return win


def _drive(monkeypatch: pytest.MonkeyPatch, dialog_class: type, user: Callable[[QDialog], None]) -> list:
    """The dialog opens; ``user`` types and clicks in it as a person would; it ends as they leave it."""
    seen: list = []

    def exec_(dialog: QDialog) -> int:
        dialog.show()
        seen.append(dialog)
        user(dialog)
        _wait_for_call(dialog)
        if dialog.isVisible():  # still open after the clicks: the user gives up
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return seen


def _wait_for_call(dialog: QDialog) -> None:
    """As the dialog's own event loop would: its service call, off the UI thread, comes back."""
    ops = getattr(dialog, "ops", None)
    deadline = clock_time.monotonic() + 10
    while ops is not None and ops.busy and clock_time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    assert ops is None or not ops.busy, "the dialog's call did not finish"


def _sign(qtbot, name: str, password: str, meaning: str = "Approved") -> Callable[[QDialog], None]:
    def user(dialog: QDialog) -> None:
        assert isinstance(dialog, SignDialog)
        dialog.user.setCurrentText(name)
        dialog.password.setFocus()
        qtbot.keyClicks(dialog.password, password)
        dialog.meaning.setCurrentText(meaning)
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)

    return user


def _column(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_chair_signs_and_the_meeting_is_locked(
    qtbot, window: MeetingWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = window.signoff
    assert "Not signed yet" in panel.heading.text()
    assert (
        panel.hash_edit.text() == "" and "fixed by the first signature" in panel.hash_edit.placeholderText()
    )
    assert panel.missing.text() == CHAIR
    assert window.actions_[A.SIGN].isEnabled() and not window.actions_[A.AMEND].isEnabled()

    dialogs = _drive(monkeypatch, SignDialog, _sign(qtbot, CHAIR, PASSWORD))
    window.actions_[A.SIGN].trigger()
    settled(qtbot, window)
    assert dialogs and dialogs[0].result() == QDialog.DialogCode.Accepted

    assert "Signed and locked" in panel.heading.text()
    signed_hash = services.signing.state(window.meeting.id).content_sha256
    assert panel.hash_edit.text() == signed_hash and len(signed_hash) == 64
    assert _column(panel.model, 0) == [CHAIR]
    assert _column(panel.model, 1) == ["epileptologist"]
    assert _column(panel.model, 3) == ["Approved"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d\n\d\d:\d\d [+-]\d\d:\d\d", _column(panel.model, 2)[0])
    assert "time zone" in panel.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert window.side_tabs.currentWidget() is panel
    assert window.lock_banner.isVisible()
    assert "Signed and locked — amend to change" in window.lock_banner.text()
    for action_id in (*EDITING, A.SIGN, A.REQUIRED_SIGNERS):
        assert not window.actions_[action_id].isEnabled(), action_id
    assert window.actions_[A.AMEND].isEnabled() and window.actions_[A.EXPORT_SUMMARY].isEnabled()
    assert window.details.title_edit.isReadOnly()
    window.select_case("DEMO-1001")
    assert not window.decision.record_button.isEnabled()
    assert not window.decision.recommendation.isEnabled() and window.decision.rationale.isReadOnly()
    agenda, people = window.agenda.agenda_model, window.attendance.attendance_model
    assert not agenda.flags(agenda.index(0, agenda.QUESTION)) & Qt.ItemFlag.ItemIsEditable
    assert not people.editable
    window.decision.add_action_button.click()  # disabled: nothing happens
    assert window.decision.actions_model.rowCount() == 0

    # An edit that reaches the service anyway is refused, and the window says why.
    window.record_decision()
    settled(qtbot, window)
    assert "locked" in window.decision.problems.text()
    with pytest.raises(ServiceError):
        services.meetings.record_decision(
            window.meeting.id, "DEMO-1003", recommendation="vns", rationale="Changed after signing"
        )


def test_a_wrong_password_is_said_in_the_dialog_and_signs_nothing(
    qtbot, window: MeetingWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[tuple[str, str, bool]] = []

    def user(dialog: QDialog) -> None:
        assert isinstance(dialog, SignDialog)
        _sign(qtbot, CHAIR, "not the password")(dialog)
        _wait_for_call(dialog)
        checked.append(
            (dialog.problems.text(), dialog.password.text(), dialog.focusWidget() is dialog.password)
        )

    _drive(monkeypatch, SignDialog, user)
    window.actions_[A.SIGN].trigger()
    settled(qtbot, window)

    message, left_in_field, focused = checked[0]
    assert "wrong password" in message.lower()
    assert left_in_field == "" and focused
    assert services.signing.state(window.meeting.id).signatures == ()
    assert "Not signed yet" in window.signoff.heading.text()
    assert window.actions_[A.SIGN].isEnabled() and not window.lock_banner.isVisible()


def test_two_required_signers_lock_it_only_when_both_signed(
    qtbot, window: MeetingWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pick_both(dialog: QDialog) -> None:
        assert isinstance(dialog, RequiredSignersDialog)
        selection = dialog.view.selectionModel()
        for row in range(dialog.model.rowCount()):
            selection.select(
                dialog.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        assert dialog.picked.isChecked()
        dialog.apply()

    _drive(monkeypatch, RequiredSignersDialog, pick_both)
    window.actions_[A.REQUIRED_SIGNERS].trigger()
    settled(qtbot, window)
    assert window.signoff.required.text() == f"{CHAIR}, {SURGEON}"

    _drive(monkeypatch, SignDialog, _sign(qtbot, CHAIR, PASSWORD))
    window.actions_[A.SIGN].trigger()
    settled(qtbot, window)
    assert "Signed by 1 of 2 required" in window.signoff.heading.text()
    assert window.signoff.missing.text() == SURGEON
    assert not window.lock_banner.isVisible() and window.actions_[A.SIGN].isEnabled()

    _drive(monkeypatch, SignDialog, _sign(qtbot, SURGEON, PASSWORD, "Reviewed"))
    window.actions_[A.SIGN].trigger()
    settled(qtbot, window)
    assert "Signed and locked" in window.signoff.heading.text()
    assert _column(window.signoff.model, 3) == ["Approved", "Reviewed"]
    assert window.lock_banner.isVisible()


def test_an_amendment_is_editable_and_the_signed_revision_stays_listed(
    qtbot, window: MeetingWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = window.meeting.id
    services.signing.sign(meeting_id, user=CHAIR, password=PASSWORD, meaning="approved")
    window.open_meeting(meeting_id)
    signed_hash = window.signoff.hash_edit.text()
    assert window.actions_[A.AMEND].isEnabled()
    problems: list[str] = []

    def user(dialog: QDialog) -> None:
        assert isinstance(dialog, AmendDialog)
        dialog.amend()  # no reason typed: refused, the dialog stays
        problems.append(dialog.problems.text())
        dialog.reason.setFocus()
        qtbot.keyClicks(dialog.reason, "Dissent of Dr B was not recorded")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    _drive(monkeypatch, AmendDialog, user)
    window.actions_[A.AMEND].trigger()
    settled(qtbot, window)

    assert problems == ["Reason: is required (it is kept with the amendment)"]
    panel = window.signoff
    assert panel.heading.text().startswith("Revision 2")
    assert "Not signed yet" in panel.heading.text()
    assert panel.amendment.text() == "Amendment of revision 1: Dissent of Dr B was not recorded"
    assert "revision 1 (signed" in panel.earlier.text()
    assert not window.lock_banner.isVisible()
    assert not window.actions_[A.AMEND].isEnabled()
    # The amendment can be changed (reopened if it comes back closed) and signed again.
    if not window.actions_[A.ADD_CASES].isEnabled():
        window.actions_[A.REOPEN].trigger()
        settled(qtbot, window)
    assert window.actions_[A.ADD_CASES].isEnabled() and not window.details.title_edit.isReadOnly()
    # Revision 1 is kept exactly as signed.
    first = services.signing.summary_package(meeting_id, revision=1)
    assert first.content_sha256 == signed_hash and first.locked
    assert [s["name"] for s in first.signatures] == [CHAIR]


def test_a_team_member_is_added_through_the_dialog(
    qtbot, window: MeetingWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, AddUserDialog)
        qtbot.keyClicks(dialog.name, "Dr Nell Psych")
        dialog.role.setCurrentText("neuropsychologist")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClicks(dialog.repeat, PASSWORD + "x")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        said.append(dialog.messages["repeat"].text())
        qtbot.keyClicks(dialog.repeat, PASSWORD)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    def team(dialog: QDialog) -> None:
        assert isinstance(dialog, TeamDialog)
        assert _column(dialog.model, 0) == [CHAIR, SURGEON]
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        said.append(" | ".join(_column(dialog.model, 0)))

    _drive(monkeypatch, AddUserDialog, add)
    _drive(monkeypatch, TeamDialog, team)
    window.actions_[A.TEAM_MEMBERS].trigger()
    settled(qtbot, window)

    assert said[0] == "The two passwords differ; type the same password twice"
    assert "Dr Nell Psych" in said[1]
    assert ("Dr Nell Psych", "neuropsychologist") in [(u.name, u.role) for u in services.users.list_users()]


def test_a_chair_who_is_no_team_member_is_pointed_out(
    qtbot, services: Services, meeting_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = services.meetings.get_meeting(meeting_id)
    services.meetings.set_status(meeting_id, "in_progress")
    services.meetings.update_meeting(
        meeting_id,
        title=meeting.title,
        day=meeting.date,
        start_time=meeting.start_time,
        place=None,
        video_link=None,
        chair="Dr Nell Psych",
    )
    services.meetings.set_status(meeting_id, "closed")
    win = MeetingWindow(services)
    qtbot.addWidget(win)
    win.open_meeting(meeting_id)
    assert win.signoff.missing.text() == "Dr Nell Psych (not a team member yet: Team members… adds them)"

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, AddUserDialog)
        qtbot.keyClicks(dialog.name, "Dr Nell Psych")
        dialog.role.setCurrentText("neuropsychologist")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClicks(dialog.repeat, PASSWORD)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

    _drive(monkeypatch, AddUserDialog, add)
    _drive(
        monkeypatch, TeamDialog, lambda dialog: qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    )
    win.actions_[A.TEAM_MEMBERS].trigger()
    settled(qtbot, win)
    assert win.signoff.missing.text() == "Dr Nell Psych"


def test_a_refused_team_member_shows_the_reason_beside_the_field(
    qtbot, window: MeetingWindow, services: Services
) -> None:
    dialog = AddUserDialog(services, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.repeat, PASSWORD)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    assert dialog.messages["name"].isVisible() and dialog.messages["name"].text()
    assert dialog.isVisible() and len(services.users.list_users()) == 2


def test_the_sign_off_and_its_dialogs_render(
    qtbot, window: MeetingWindow, services: Services, tmp_path: Path, app_style
) -> None:
    """Screenshots for a person to look at (in tmp_path; ISCONF_SHOTS=folder keeps them)."""
    import os

    folder = Path(os.environ.get("ISCONF_SHOTS", tmp_path))
    meeting_id = window.meeting.id
    window.side_tabs.setCurrentWidget(window.signoff)
    sign = SignDialog(services, window.meeting, window.signing_state, window)
    qtbot.addWidget(sign)
    sign.show()
    assert sign.grab().save(str(folder / "sign-dialog.png"))
    export = ExportSummaryDialog(window.meeting, window.signing_state, tmp_path, window)
    qtbot.addWidget(export)
    export.show()
    assert export.draft_note.isVisible()
    assert export.path.text().endswith("meeting-2026-11-26-rev1.pdf")
    assert export.grab().save(str(folder / "export-dialog.png"))
    services.signing.sign(meeting_id, user=CHAIR, password=PASSWORD, meaning="approved")
    window.open_meeting(meeting_id)
    qtbot.wait(1)
    assert window.grab().save(str(folder / "meeting-signed.png"))


# --- Export signed summary… ------------------------------------------------------------------


class SeenProgress(QProgressDialog):
    """The progress dialog as the user sees it: its title and every line it showed."""

    shown: ClassVar[list[tuple[str, str]]] = []

    def setLabelText(self, text: str) -> None:
        SeenProgress.shown.append((self.windowTitle(), text))
        super().setLabelText(text)


def _export(
    qtbot, window: MeetingWindow, monkeypatch: pytest.MonkeyPatch, fill: Callable[[ExportSummaryDialog], None]
) -> tuple[Any, bool]:
    """Export signed summary…: the dialog filled in by ``fill``, Export clicked, the work waited for;
    what it did and whether the dialog said DRAFT."""
    SeenProgress.shown = []
    monkeypatch.setattr(background, "QProgressDialog", SeenProgress)
    notes: list[bool] = []

    def user(dialog: QDialog) -> None:
        assert isinstance(dialog, ExportSummaryDialog)
        notes.append(dialog.draft_note.isVisible())
        fill(dialog)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    _drive(monkeypatch, ExportSummaryDialog, user)
    window.signoff_actions.last_export = None
    window.actions_[A.EXPORT_SUMMARY].trigger()
    settled(qtbot, window)
    qtbot.waitUntil(lambda: window.signoff_actions.last_export is not None, timeout=60_000)
    return window.signoff_actions.last_export, notes[0]


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_export_writes_a_signed_summary_with_progress(
    qtbot, window: MeetingWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = window.meeting.id
    services.signing.sign(meeting_id, user=CHAIR, password=PASSWORD, meaning="approved")
    window.open_meeting(meeting_id)
    window.signoff_actions.folder = tmp_path

    def fill(dialog: ExportSummaryDialog) -> None:
        assert dialog.path.text() == str(tmp_path / "meeting-2026-11-26-rev1.pdf")
        dialog.deidentify.setChecked(True)

    done, draft_said = _export(qtbot, window, monkeypatch, fill)

    assert not isinstance(done, str), done
    assert not draft_said
    path = tmp_path / "meeting-2026-11-26-rev1.pdf"
    assert done.path == path and not done.draft and not done.signed_by_certificate
    text = _pdf_text(path)
    assert CHAIR in text and "approved" in text.lower()
    assert "DEMO-1001" not in text  # de-identified
    attached = read_json(path.read_bytes())
    assert attached["content_sha256"] == services.signing.state(meeting_id).content_sha256
    assert attached["deidentified"] is True
    assert SeenProgress.shown and all(title == "Export signed summary" for title, _ in SeenProgress.shown)
    assert "Wrote the summary to" in window.statusBar().currentMessage()
    assert "not cryptographically signed" in window.statusBar().currentMessage()


def test_a_draft_export_is_marked_draft(
    qtbot, window: MeetingWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.signoff_actions.folder = tmp_path
    done, draft_said = _export(qtbot, window, monkeypatch, lambda dialog: None)
    assert draft_said
    assert not isinstance(done, str), done
    assert done.draft and "DRAFT" in _pdf_text(done.path)
    assert "DRAFT" in window.statusBar().currentMessage()


def test_export_signed_with_a_certificate_and_a_wrong_passphrase_leaves_no_file(
    qtbot,
    window: MeetingWindow,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    pki = session_pki(tmp_path_factory)
    meeting_id = window.meeting.id
    services.signing.sign(meeting_id, user=CHAIR, password=PASSWORD, meaning="approved")
    window.open_meeting(meeting_id)
    out = tmp_path / "out"
    out.mkdir()
    window.signoff_actions.folder = out

    def wrong(dialog: ExportSummaryDialog) -> None:
        dialog.p12.setText(str(pki.p12))
        qtbot.keyClicks(dialog.passphrase, "not the passphrase")

    failed, _ = _export(qtbot, window, monkeypatch, wrong)
    assert isinstance(failed, str) and "passphrase" in failed and "\n" not in failed
    assert list(out.iterdir()) == []
    assert "Not exported" in window.statusBar().currentMessage()

    def right(dialog: ExportSummaryDialog) -> None:
        dialog.p12.setText(str(pki.p12))
        qtbot.keyClicks(dialog.passphrase, pki.passphrase.decode())

    done, _ = _export(qtbot, window, monkeypatch, right)
    assert not isinstance(done, str), done
    assert done.signed_by_certificate
    report = verify_pdf(done.path.read_bytes(), trust=[pki.ca_pem])
    assert report.ok, report
    assert "PAdES signature" in window.statusBar().currentMessage()
    assert [p.name for p in out.iterdir()] == [done.path.name]


def test_export_timestamps_the_signature_at_the_timestamp_authority_given(
    qtbot, window: MeetingWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding
    from tsa_server import TSA_NAME, local_tsa

    from certs import make_ca, make_signer, p12_bytes
    from isconf.cli_verify import timestamp_words

    ca_key, ca = make_ca("Dialog Test CA")
    key, cert = make_signer(ca_key, ca, "Dr Dialog")
    (tmp_path / "signer.p12").write_bytes(p12_bytes(key, cert, [ca], b"pw"))
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(Encoding.PEM))
    meeting_id = window.meeting.id
    services.signing.sign(meeting_id, user=CHAIR, password=PASSWORD, meaning="approved")
    window.open_meeting(meeting_id)
    window.signoff_actions.folder = tmp_path
    with local_tsa(ca_key, ca) as url:

        def fill(dialog: ExportSummaryDialog) -> None:
            assert not dialog.tsa.isEnabled()  # no certificate yet: nothing to timestamp
            dialog.p12.setText(str(tmp_path / "signer.p12"))
            qtbot.keyClicks(dialog.passphrase, "pw")
            assert dialog.tsa.isEnabled()
            qtbot.keyClicks(dialog.tsa, url)

        done, _ = _export(qtbot, window, monkeypatch, fill)
    assert not isinstance(done, str), done
    assert done.signed_by_certificate and done.timestamped
    report = verify_pdf(done.path.read_bytes(), trust=[tmp_path / "ca.pem"])
    assert report.ok, report
    assert f"from {TSA_NAME}" in timestamp_words(report)


def test_an_amended_meeting_still_exports_its_signed_revision(
    qtbot, window: MeetingWindow, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = window.meeting.id
    services.signing.sign(meeting_id, user=CHAIR, password=PASSWORD, meaning="approved")
    signed_hash = services.signing.state(meeting_id).content_sha256
    services.signing.amend(meeting_id, reason="Dissent of Dr B was not recorded")
    window.open_meeting(meeting_id)
    window.signoff_actions.folder = tmp_path
    chosen: list[tuple[list[str], str, bool]] = []

    def first_revision(dialog: ExportSummaryDialog) -> None:
        items = [dialog.revision.itemText(i) for i in range(dialog.revision.count())]
        dialog.revision.setCurrentIndex(dialog.revision.findData(1))
        chosen.append((items, Path(dialog.path.text()).name, dialog.draft_note.isVisible()))
        assert "Revision 1 · Signed and locked · amended since (now revision 2)" in dialog.what.text()

    done, _ = _export(qtbot, window, monkeypatch, first_revision)
    assert not isinstance(done, str), done
    assert done.revision == 1 and not done.draft
    assert read_json(done.path.read_bytes())["content_sha256"] == signed_hash

    items, name, draft_said = chosen[0]
    assert items == ["Revision 2 (current: not signed yet)", "Revision 1 (signed and locked)"]
    assert name == "meeting-2026-11-26-rev1.pdf" and not draft_said

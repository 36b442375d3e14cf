"""The meetings window around sign-off at 1600×900: the lock, amendments, passwords and the
summary export, checked by what the user sees."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QLabel

from certs import session_pki
from isconf import clock
from isconf.services import Services
from ui import dialogs
from ui.meeting.export_summary import ExportSummaryDialog
from ui.meeting.meeting_window import FIRST_SIZE, A, MeetingWindow, first_size
from ui.meeting.sign_dialogs import AmendDialog
from ui.meeting.team import AddUserDialog
from ui_helpers import settled


def test_the_meetings_window_opens_no_taller_than_the_screen(qtbot, services: Services) -> None:
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    fitted = first_size(window, QSize(FIRST_SIZE.width(), room.height() + 200))
    assert fitted.height() < room.height()  # a title bar still fits above it
    assert fitted.width() <= room.width()
    assert first_size(window, QSize(100, 100)) == QSize(100, 100)  # a small size is left alone


def _locked_window(qtbot, services: Services) -> MeetingWindow:
    services.add_demo_cases()
    services.users.add_user("Dr Ada Chair", "epileptologist", "correct horse battery")
    services.sign_in("Dr Ada Chair", "correct horse battery")
    m = services.meetings
    meeting = m.create_meeting(title="Spasms conference", day=date(2026, 11, 26), chair="Dr Ada Chair")
    m.add_cases(meeting.id, ["DEMO-1001"])
    m.set_status(meeting.id, "in_progress")
    m.record_decision(
        meeting.id, "DEMO-1001", recommendation="lobar_resection", rationale="Concordant lesion"
    )
    m.set_status(meeting.id, "closed")
    services.signing.sign(
        meeting.id, user="Dr Ada Chair", password="correct horse battery", meaning="approved"
    )
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    assert window.open_meeting(meeting.id)
    return window


def test_typing_into_a_locked_meeting_says_why_nothing_changes(qtbot, services: Services) -> None:
    window = _locked_window(qtbot, services)
    window.details.title_edit.setFocus()
    qtbot.keyClicks(window.details.title_edit, "X")
    assert window.details.title_edit.text() == "Spasms conference"
    message = window.statusBar().currentMessage()
    assert message.startswith("Not changed: signed and locked") and "Amend…" in message
    window.statusBar().clearMessage()
    window.select_case("DEMO-1001")
    qtbot.keyClick(window.decision.rationale, Qt.Key.Key_Backspace)
    assert window.decision.rationale.toPlainText() == "Concordant lesion"
    assert "Amend…" in window.statusBar().currentMessage()


def test_moving_about_a_locked_meeting_by_keyboard_says_nothing(qtbot, services: Services) -> None:
    window = _locked_window(qtbot, services)
    qtbot.keyClick(window.details.title_edit, Qt.Key.Key_End)
    qtbot.keyClick(
        window.details.title_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
    )  # copying is fine
    assert window.statusBar().currentMessage() == ""


def test_an_amendment_without_a_reason_shows_the_whole_problem_and_explanation(
    qtbot, services: Services
) -> None:
    window = _locked_window(qtbot, services)
    dialog = AmendDialog(services, window.meeting, window.signing_state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.problems.isVisible()
    assert dialog.problems.text().startswith("Reason: is required")
    qtbot.waitUntil(
        lambda: dialog.problems.height() >= dialog.problems.heightForWidth(dialog.problems.width())
    )
    for label in dialog.findChildren(QLabel):  # nothing cut: each label as tall as its words
        if label.isVisible() and label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_a_too_short_password_reads_as_a_sentence_under_its_field(qtbot, services: Services) -> None:
    dialog = AddUserDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Dr Ben Surgeon")
    dialog.role.setCurrentText("neurosurgeon")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    said = dialog.messages["password"].text()
    assert said.startswith("Password is 5 character(s)") and "at least 8" in said
    assert services.users.list_users() == []


def test_a_meeting_still_running_says_when_it_can_be_signed(qtbot, services: Services) -> None:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="Running", day=date(2026, 11, 26), chair="Dr Ada Chair")
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    assert window.open_meeting(meeting.id)
    window.side_tabs.setCurrentWidget(window.signoff)
    assert not window.actions_[A.SIGN].isEnabled()
    assert window.signoff.sign_hint.isVisible()
    assert (
        "Close the meeting" in window.signoff.sign_hint.text()
        and "Ctrl+Shift+C" in window.signoff.sign_hint.text()
    )
    window.actions_[A.START].trigger()
    settled(qtbot, window)
    window.actions_[A.CLOSE].trigger()
    settled(qtbot, window)
    assert window.actions_[A.SIGN].isEnabled() and not window.signoff.sign_hint.isVisible()


def test_an_amendment_still_running_shows_its_sign_off_without_overlap(qtbot, services: Services) -> None:
    window = _locked_window(qtbot, services)
    services.signing.amend(window.meeting.id, reason="Add the neuropsychologist's dissent on case 1")
    assert window.open_meeting(window.meeting.id)
    window.resize(1600, 855)  # as it opens on a 1600×900 screen (first_size)
    window.side_tabs.setCurrentWidget(window.signoff)
    panel = window.signoff
    qtbot.waitUntil(lambda: panel.sign_hint.isVisible())
    assert panel.earlier.text() == "revision 1 (signed, kept as it was)"
    assert panel.view.geometry().bottom() < panel.required.geometry().top()  # the table above, not under
    assert panel.sign_hint.height() >= panel.sign_hint.heightForWidth(panel.sign_hint.width())


def test_a_wrong_passphrase_says_why_and_export_opens_again_with_the_choices(
    qtbot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory
) -> None:
    pki = session_pki(tmp_path_factory)
    window = _locked_window(qtbot, services)
    out = tmp_path / "out"
    out.mkdir()
    window.signoff_actions.folder = out
    told: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _parent, _title, text, details="": told.append(text))
    seen: list[tuple[str, str, bool, str, bool, str]] = []

    def exec_(dialog: ExportSummaryDialog) -> int:
        dialog.show()
        if not seen:  # first time: a certificate and the wrong passphrase
            dialog.deidentify.setChecked(True)
            dialog.p12.setText(str(pki.p12))
            qtbot.keyClicks(dialog.passphrase, "not the passphrase")
        problem = dialog.problems.text() if dialog.problems.isVisible() else ""
        seen.append(
            (
                dialog.path.text(),
                dialog.p12.text(),
                dialog.deidentify.isChecked(),
                dialog.passphrase.text(),
                dialog.focusWidget() is dialog.passphrase,
                problem,
            )
        )
        if len(seen) == 1:
            qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        else:
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(ExportSummaryDialog, "exec", exec_)
    window.signoff_actions.last_export = None
    window.actions_[A.EXPORT_SUMMARY].trigger()
    settled(qtbot, window)
    qtbot.waitUntil(lambda: window.signoff_actions.last_export is not None, timeout=60_000)
    assert "wrong passphrase" in told[0] and "Ctrl+Shift+E" in told[0]
    assert list(out.iterdir()) == []

    window.actions_[A.EXPORT_SUMMARY].trigger()
    settled(qtbot, window)
    path, p12, deidentified, passphrase, focused, problem = seen[1]
    assert (path, p12, deidentified) == seen[0][:3]
    assert passphrase == "" and focused  # typed again, never kept
    assert problem.startswith("Not exported last time:") and "wrong passphrase" in problem


def test_the_export_message_ends_the_hash_prefix_with_one_mark() -> None:
    from types import SimpleNamespace

    from ui.meeting.signoff_actions import export_words

    done = SimpleNamespace(
        path=Path("/tmp/s.pdf"),
        draft=False,
        locked=True,
        signed_by_certificate=True,
        content_sha256="ab" * 32,
    )
    words = export_words(done, deidentified=False)
    assert "content SHA-256 abababababab…\n" in words and "…." not in words


def test_the_amend_dialog_warns_that_the_reason_goes_into_de_identified_summaries(
    qtbot, services: Services
) -> None:
    window = _locked_window(qtbot, services)
    dialog = AmendDialog(services, window.meeting, window.signing_state, window)
    qtbot.addWidget(dialog)
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "de-identified ones too" in words and "not a name" in words


def test_a_two_line_password_problem_is_shown_whole(qtbot, services: Services) -> None:
    dialog = AddUserDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Dr Nell Psych")
    dialog.role.setCurrentText("neuropsychologist")
    qtbot.keyClicks(dialog.password, "abc")
    qtbot.keyClicks(dialog.repeat, "abc")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    label = dialog.messages["password"]
    assert label.isVisible()
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))


def test_tab_leaves_the_meeting_date_for_the_time(qtbot, services: Services) -> None:
    meeting = services.meetings.create_meeting(title="Planned", day=date(2026, 11, 26))
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert window.open_meeting(meeting.id)
    window.details.title_edit.setFocus()
    qtbot.waitUntil(window.details.title_edit.hasFocus)
    qtbot.keyClick(window.details.title_edit, Qt.Key.Key_Tab)
    assert window.details.date_edit.hasFocus()
    qtbot.keyClick(window.details.date_edit, Qt.Key.Key_Tab)
    assert window.details.time_edit.hasFocus()
    qtbot.keyClick(window.details.time_edit, Qt.Key.Key_Backtab)
    assert window.details.date_edit.hasFocus()


def test_the_toolbar_de_identify_box_says_it_is_for_the_agenda(qtbot, services: Services) -> None:
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    assert "agenda" in window.agenda.deidentify_pdf.text()
    assert "Export signed summary" in window.agenda.deidentify_pdf.toolTip()


def test_a_refused_signature_reads_as_a_sentence(qtbot, services: Services) -> None:
    from ui.meeting.sign_dialogs import SignDialog

    window = _locked_window(qtbot, services)
    services.signing.amend(window.meeting.id, reason="Case 1: dissent added")
    services.meetings.set_status(window.meeting.id, "closed")
    assert window.open_meeting(window.meeting.id)
    dialog = SignDialog(services, window.meeting, window.signing_state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "not the password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    assert dialog.problems.text().startswith("Wrong password for Dr Ada Chair")


def test_closing_a_meeting_does_not_push_the_attendance_aside(qtbot, services: Services) -> None:
    services.add_demo_cases()
    m = services.meetings
    meeting = m.create_meeting(title="Spasms conference", day=date(2026, 11, 26), chair="Dr Ada Chair")
    m.add_cases(meeting.id, ["DEMO-1001"])
    m.set_status(meeting.id, "in_progress")
    m.record_decision(
        meeting.id, "DEMO-1001", recommendation="lobar_resection", rationale="Concordant lesion"
    )
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.resize(1600, 855)
    window.show()
    assert window.open_meeting(meeting.id)
    qtbot.waitUntil(lambda: window.attendance.attendance_view.width() > 0)

    def left_edge() -> int:  # the panel may scroll (a scroll bar takes its width), never move
        return window.attendance.attendance_view.mapTo(window, QPoint(0, 0)).x()

    before = left_edge()
    m.set_status(meeting.id, "closed")
    m.set_status(meeting.id, "in_progress")  # reopened: revision 2
    m.set_status(meeting.id, "closed")
    assert window.open_meeting(meeting.id)
    assert (
        "revision 2" in window.details.status_label.text() and "Reopen" in window.details.status_label.text()
    )
    qtbot.wait(1)
    assert left_edge() == before


def test_a_locked_meetings_date_shows_no_calendar_arrow(qtbot, services: Services) -> None:
    window = _locked_window(qtbot, services)
    assert window.details.date_edit.isReadOnly() and not window.details.date_edit.calendarPopup()
    planned = services.meetings.create_meeting(title="Next", day=clock.today())
    window.open_meeting(planned.id)
    assert not window.details.date_edit.isReadOnly() and window.details.date_edit.calendarPopup()

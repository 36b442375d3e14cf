"""Another member signing in at the idle lock (issue 21) while the meetings window holds unsaved
details: the first member's details are neither saved under the second member's name nor lost;
they wait as the first member's draft and come back when that member opens the meeting again."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from isconf.services import Services
from ui import dialogs
from ui.actions import ActionId
from ui.idle_lock import IdleLock, watch
from ui.main_window import MainWindow
from ui.meeting import kept_details
from ui.meeting.meeting_window import A, MeetingWindow
from ui.meeting.window_drafts import KEEP_AFTER_MS
from ui_helpers import _type, settled, shown

ADA, SAM = ("Dr Ada Chair", "ada password"), ("Dr Sam Surg", "sam password")
KEY = kept_details.details_key(1)
DECISIONS = kept_details.decisions_key(1)


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.users.add_user(ADA[0], "epileptologist", ADA[1])
    services.sign_in(*ADA)
    services.users.add_user(SAM[0], "neurosurgeon", SAM[1], "clinician")
    services.meetings.create_meeting(title="Conference", day=date(2026, 12, 10))
    return shown(qtbot, MainWindow(services), 1366, 768)


def _meetings(qtbot, window: MainWindow, with_cases: list[str] | None = None) -> MeetingWindow:
    """The meetings window on meeting 1 (with the demo cases ``with_cases`` on its agenda)."""
    if with_cases:
        window.services.add_demo_cases()
        window.services.meetings.add_cases(1, with_cases)
    window.show_meetings()
    meetings = window.meeting_window
    assert meetings.open_meeting(1)
    settled(qtbot, meetings)
    return meetings


def _lock_and_sign_in(qtbot, window: MainWindow, lock: IdleLock, member: tuple[str, str]) -> None:
    window.actions_[ActionId.LOCK].trigger()
    screen = next(s for s in lock.screens if s.parentWidget() is window)
    screen.name.setCurrentText(member[0])
    qtbot.keyClicks(screen.password, member[1])
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not lock.is_locked


def test_the_first_members_details_wait_for_them(qtbot, window: MainWindow, services: Services) -> None:
    lock = watch(window, services)
    meetings = _meetings(qtbot, window)
    _type(qtbot, meetings.details.place_edit, "Room 4 (Ada)")

    _lock_and_sign_in(qtbot, window, lock, SAM)
    assert meetings.details.place_edit.text() == ""  # Sam sees the saved details
    assert not meetings.controller.details_changed(meetings.details.values())
    assert services.drafts.load(KEY) is None  # Sam has nothing kept
    _type(qtbot, meetings.details.title_edit, "Sam's title")  # Sam's own, unsaved

    _lock_and_sign_in(qtbot, window, lock, ADA)
    assert meetings.details.place_edit.text() == "Room 4 (Ada)"
    assert meetings.details.title_edit.text() == "Conference"  # not Sam's
    assert meetings.details.details_problems.text().startswith("Your unsaved details of ")
    meetings.actions_[A.SAVE_DETAILS].trigger()
    settled(qtbot, meetings)
    assert services.meetings.get_meeting(1).place == "Room 4 (Ada)"
    assert services.drafts.load(KEY) is None  # saved: nothing left to put back
    [event] = [e for e in services.audit_trail() if e.entity == "meeting" and e.field == "place"]
    assert event.actor == ADA[0]


def test_details_a_colleague_saved_over_are_listed_not_put_back(
    qtbot, window: MainWindow, services: Services
) -> None:
    lock = watch(window, services)
    meetings = _meetings(qtbot, window)
    _type(qtbot, meetings.details.place_edit, "Room 4 (Ada)")
    _lock_and_sign_in(qtbot, window, lock, SAM)
    _type(qtbot, meetings.details.place_edit, "Room 9 (Sam)")
    meetings.actions_[A.SAVE_DETAILS].trigger()
    settled(qtbot, meetings)

    _lock_and_sign_in(qtbot, window, lock, ADA)
    assert meetings.details.place_edit.text() == "Room 9 (Sam)"  # the saved details stay
    words = meetings.details.details_problems.text()
    assert "were not put back: the details were saved since" in words and "Place “Room 4 (Ada)”" in words


def test_the_same_member_back_goes_on_where_they_were(qtbot, window: MainWindow, services: Services) -> None:
    lock = watch(window, services)
    meetings = _meetings(qtbot, window)
    _type(qtbot, meetings.details.place_edit, "Room 4 (Ada)")
    _lock_and_sign_in(qtbot, window, lock, ADA)
    assert meetings.details.place_edit.text() == "Room 4 (Ada)"
    assert meetings.details.details_problems.isHidden()
    meetings.actions_[A.SAVE_DETAILS].trigger()
    settled(qtbot, meetings)
    assert services.drafts.load(KEY) is None  # saved: the draft goes


def test_what_was_typed_comes_back_after_a_crash(qtbot, window: MainWindow, services: Services) -> None:
    meetings = _meetings(qtbot, window, with_cases=["DEMO-1003"])
    _type(qtbot, meetings.details.place_edit, "Room 4")
    meetings.select_case("DEMO-1003")
    meetings.decision.rationale.setPlainText("Reasons typed before the crash")
    decision_key = DECISIONS
    qtbot.waitUntil(
        lambda: services.drafts.load(KEY) is not None and services.drafts.load(decision_key) is not None
    )

    # The app died here; a new window on the same database and member opens the meeting.
    again = shown(qtbot, MeetingWindow(services), 1366, 768)
    assert again.open_meeting(1)
    assert again.details.place_edit.text() == "Room 4"
    assert again.decision.mrn == "DEMO-1003"
    assert again.decision.rationale.toPlainText() == "Reasons typed before the crash"
    assert services.meetings.get_meeting(1).place is None  # nothing was saved behind the user's back


def test_a_decision_being_typed_waits_for_its_author(qtbot, window: MainWindow, services: Services) -> None:
    lock = watch(window, services)
    meetings = _meetings(qtbot, window, with_cases=["DEMO-1003", "DEMO-1002"])
    meetings.select_case("DEMO-1003")
    form = meetings.decision
    form.recommendation.setCurrentIndex(form.recommendation.findData("vns"))
    form.rationale.setPlainText("Ada's reasons")

    _lock_and_sign_in(qtbot, window, lock, SAM)
    assert form.rationale.toPlainText() == "" and form.typed() is None  # not Sam's to record
    qtbot.wait(KEEP_AFTER_MS + 200)  # Sam's drafts are mirrored: Ada's typing is not among them
    assert services.drafts.load(DECISIONS) is None

    _lock_and_sign_in(qtbot, window, lock, ADA)
    assert form.mrn == "DEMO-1003" and form.rationale.toPlainText() == "Ada's reasons"
    assert form.recommendation.currentData() == "vns"
    assert form.decided.text() == "Typed here and not recorded yet: Record decision saves it."
    meetings.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, meetings)
    decision = services.meetings.get_meeting(1).item("DEMO-1003").decision
    assert decision is not None and decision.decided_by == ADA[0] and decision.rationale == "Ada's reasons"
    assert services.drafts.load(DECISIONS) is None


def test_closing_with_a_decision_typed_asks_and_keeps_it_for_the_reopen(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = _meetings(qtbot, window, with_cases=["DEMO-1003", "DEMO-1002"])
    meetings.actions_[A.START].trigger()
    settled(qtbot, meetings)
    meetings.select_case("DEMO-1003")
    meetings.decision.rationale.setPlainText("Typed, Record forgotten")
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return len(asked) > 1  # "No" the first time, "Yes" the second

    monkeypatch.setattr(dialogs, "confirm", answer)
    meetings.actions_[A.CLOSE].trigger()
    settled(qtbot, meetings)
    assert asked[0].startswith("A decision was typed and not recorded for DEMO-1003.")
    assert services.meetings.get_meeting(1).status == "in_progress"  # "No": still open
    meetings.actions_[A.CLOSE].trigger()
    settled(qtbot, meetings)
    assert services.meetings.get_meeting(1).status == "closed"
    qtbot.wait(KEEP_AFTER_MS + 200)
    assert services.drafts.load(DECISIONS) is not None  # kept, though the form is read-only now
    meetings.select_case("DEMO-1002")
    meetings.select_case("DEMO-1003")
    assert meetings.decision.problems.text().startswith("Typed and not recorded before the meeting closed")
    meetings.actions_[A.REOPEN].trigger()
    settled(qtbot, meetings)
    meetings.select_case("DEMO-1002")
    meetings.select_case("DEMO-1003")
    assert meetings.decision.rationale.toPlainText() == "Typed, Record forgotten"


def test_a_new_meeting_starts_without_the_typing_of_the_one_shown(
    qtbot, window: MainWindow, services: Services
) -> None:
    meetings = _meetings(qtbot, window, with_cases=["DEMO-1002"])
    meetings.select_case("DEMO-1002")
    meetings.decision.rationale.setPlainText("Typed in meeting 1")
    meetings.actions_[A.NEW_MEETING].trigger()  # at once: before the draft's moment has passed
    settled(qtbot, meetings)
    assert meetings.meeting is not None and meetings.meeting.id == 2
    services.meetings.add_cases(2, ["DEMO-1002"])
    assert meetings.open_meeting(2)
    meetings.select_case("DEMO-1002")
    assert meetings.decision.rationale.toPlainText() == ""
    assert meetings.open_meeting(1)
    meetings.select_case("DEMO-1002")
    assert meetings.decision.rationale.toPlainText() == "Typed in meeting 1"


def test_a_case_clicked_while_a_decision_is_recorded_keeps_its_typing(
    qtbot, window: MainWindow, services: Services
) -> None:
    meetings = _meetings(qtbot, window, with_cases=["DEMO-1003", "DEMO-1002"])
    form = meetings.decision
    meetings.select_case("DEMO-1002")
    form.recommendation.setCurrentIndex(form.recommendation.findData("vns"))
    form.rationale.setPlainText("Recorded for 1002")
    meetings.actions_[A.RECORD_DECISION].trigger()
    meetings.select_case("DEMO-1003")  # while the write runs
    form.rationale.setPlainText("Typed for 1003, not to lose")
    settled(qtbot, meetings)
    assert services.meetings.get_meeting(1).item("DEMO-1002").decision is not None
    assert form.mrn == "DEMO-1003" and form.rationale.toPlainText() == "Typed for 1003, not to lose"

"""The meeting's details, cases and decisions as a coordinator types them, preparing and running a conference."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog

from isconf import clock
from isconf.meetings import validate
from isconf.services import Services
from ui.meeting import agenda_panel
from ui.meeting import meeting_window as meeting_window_module
from ui.meeting.add_cases import AddCasesDialog
from ui.meeting.decision_form import DecisionForm
from ui.meeting.meeting_window import MeetingWindow
from ui.meeting.models import AgendaModel
from ui_helpers import _type, open_cell_editor, settled

A = meeting_window_module.A


@pytest.fixture
def window(qtbot, services: Services) -> MeetingWindow:
    services.add_demo_cases()
    win = MeetingWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.actions_[A.NEW_MEETING].trigger()
    settled(qtbot, win)
    return win


def test_a_start_time_typed_without_the_leading_zero_is_taken(qtbot, window: MeetingWindow) -> None:
    _type(qtbot, window.details.time_edit, "7:30")
    window.actions_[A.SAVE_DETAILS].trigger()
    settled(qtbot, window)
    assert window.meeting is not None and window.meeting.start_time == time(7, 30)
    assert window.details.time_edit.text() == "07:30"
    assert window.details.details_problems.isHidden()


def test_a_time_that_is_not_one_is_still_refused_naming_the_field(qtbot, window: MeetingWindow) -> None:
    _type(qtbot, window.details.time_edit, "7.30")
    window.actions_[A.SAVE_DETAILS].trigger()
    settled(qtbot, window)
    assert window.details.details_problems.isVisible()
    assert window.details.details_problems.text().startswith("Time: '7.30' is not a time of day")


@given(st.integers(0, 23), st.integers(0, 59), st.booleans())
def test_clock_reads_every_time_of_day_with_or_without_the_leading_zero(
    hours: int, minutes: int, padded: bool
) -> None:
    text = f"{hours:02d}:{minutes:02d}" if padded else f"{hours}:{minutes:02d}"
    assert validate.clock(text) == time(hours, minutes)


@pytest.mark.parametrize("text", ["7", "7.30", "7:3", "24:00", "12:60", "ab:cd", "", "-1:30", "123:00"])
def test_clock_refuses_what_is_not_a_time_of_day(text: str) -> None:
    with pytest.raises(ValueError):
        validate.clock(text)


@pytest.mark.parametrize("typed", ["2026-11-30", "2027-01-04", "20261207"])
def test_a_date_typed_as_shown_after_tabbing_into_the_field_is_the_date_typed(
    qtbot, window: MeetingWindow, typed: str
) -> None:
    window.details.title_edit.setFocus()
    window.details.date_edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(window.details.date_edit, typed)
    wanted = (
        f"{typed[:4]}-{typed[-5:-3]}-{typed[-2:]}"
        if "-" in typed
        else f"{typed[:4]}-{typed[4:6]}-{typed[6:]}"
    )
    assert window.details.date_edit.text() == wanted
    window.actions_[A.SAVE_DETAILS].trigger()
    settled(qtbot, window)
    assert window.meeting is not None and window.meeting.date.isoformat() == wanted


def test_details_typed_then_cases_added_are_kept_and_saved(
    qtbot, window: MeetingWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The coordinator types the details and goes straight on to add cases, without Ctrl+S:
    the details were put back to 'Case conference' at 08:00."""
    _type(qtbot, window.details.title_edit, "Epilepsy surgery conference")
    _type(qtbot, window.details.time_edit, "07:30")
    _type(qtbot, window.details.chair_edit, "Dr Okafor")
    monkeypatch.setattr(AddCasesDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted.value)
    monkeypatch.setattr(AddCasesDialog, "selected_mrns", lambda dialog: ["DEMO-1001", "DEMO-1002"])
    window.actions_[A.ADD_CASES].trigger()
    settled(qtbot, window)
    assert window.agenda.agenda_model.mrns() != []
    assert window.details.title_edit.text() == "Epilepsy surgery conference"
    assert window.details.time_edit.text() == "07:30"
    assert window.details.chair_edit.text() == "Dr Okafor"
    assert window.meeting is not None
    assert (window.meeting.title, window.meeting.chair) == ("Epilepsy surgery conference", "Dr Okafor")
    assert window.agenda.agenda_model.index(0, AgendaModel.SLOT).data().startswith("07:30")


def test_a_refused_time_stops_the_next_action_and_keeps_what_was_typed(qtbot, window: MeetingWindow) -> None:
    _type(qtbot, window.details.title_edit, "Monday conference")
    _type(qtbot, window.details.time_edit, "half past seven")
    window.actions_[A.ADD_PERSON].trigger()
    settled(qtbot, window)
    assert window.attendance.attendance_model.rowCount() == 0
    assert window.details.details_problems.isVisible() and window.details.details_problems.text().startswith(
        "Time:"
    )
    assert window.details.title_edit.text() == "Monday conference"


def test_saving_the_details_says_so(qtbot, window: MeetingWindow) -> None:
    _type(qtbot, window.details.place_edit, "Room 4B")
    window.actions_[A.SAVE_DETAILS].trigger()
    settled(qtbot, window)
    assert window.statusBar().currentMessage() == "Saved the meeting's details"


def test_closing_the_window_saves_the_details_typed(qtbot, window: MeetingWindow, services: Services) -> None:
    _type(qtbot, window.details.title_edit, "Closed with the mouse")
    assert window.meeting is not None
    meeting_id = window.meeting.id
    window.close()  # the details are saved off the UI thread; the window closes once they are
    qtbot.waitUntil(lambda: not window.isVisible())
    assert services.meetings.get_meeting(meeting_id).title == "Closed with the mouse"


def test_a_long_decision_leaves_the_question_in_sight(qtbot, app_style, services: Services) -> None:
    from ui.meeting.screenshot import MEETING_SIZE

    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002"])
    services.meetings.set_item(meeting.id, "DEMO-1002", question="Resect now or wait for PET?")
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.open_meeting(meeting.id)
    window.resize(*MEETING_SIZE)
    window.select_case("DEMO-1002")
    window.decision.recommendation.setCurrentIndex(window.decision.recommendation.findData("hemispherectomy"))
    window.decision.rationale.setPlainText("Concordant hemispheric lesion")
    window.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, window)
    qtbot.waitUntil(lambda: window.agenda.agenda_view.viewport().width() > 0)
    view, header = window.agenda.agenda_view, window.agenda.agenda_view.horizontalHeader()
    right = header.sectionViewportPosition(AgendaModel.QUESTION) + header.sectionSize(AgendaModel.QUESTION)
    assert right <= view.viewport().width()
    assert header.sectionSize(AgendaModel.QUESTION) >= 120, header.sectionSize(AgendaModel.QUESTION)
    assert not view.horizontalScrollBar().isVisible()
    row = window.agenda.agenda_model.mrns().index("DEMO-1002")
    tooltip = window.agenda.agenda_model.index(row, AgendaModel.DECISION).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Hemispherectomy")


def _type_cell(qtbot, view, row: int, column: int, text: str) -> None:
    """Type into a cell: into the editor already open there (Add action item opens one)."""
    index = view.model().index(row, column)
    if view.state() == QAbstractItemView.State.EditingState and view.currentIndex() == index:
        editor = view.indexWidget(index) or view.focusWidget()
    else:
        view.setCurrentIndex(index)
        editor = open_cell_editor(view, index)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)


def _vns_typed_for_1003(qtbot, window: MeetingWindow, services: Services, mrns: list[str]) -> DecisionForm:
    """DEMO-1003's decision typed, not recorded: VNS, its rationale and one action item."""
    assert window.meeting is not None
    services.meetings.add_cases(window.meeting.id, mrns)
    window.open_meeting(window.meeting.id)
    window.select_case("DEMO-1003")
    form = window.decision
    form.recommendation.setCurrentIndex(form.recommendation.findData("vns"))
    form.rationale.setPlainText("Bilateral malformation; palliation")
    window.actions_[A.ADD_ACTION_ITEM].trigger()
    settled(qtbot, window)
    _type_cell(qtbot, form.actions_view, 0, 0, "Refer to VNS clinic")
    return form


def test_an_action_items_due_date_that_is_not_a_date_stops_the_decision(
    qtbot, window: MeetingWindow, services: Services
) -> None:
    """'next week' typed as the due date vanished and the decision was recorded without it."""
    assert window.meeting is not None
    form = _vns_typed_for_1003(qtbot, window, services, ["DEMO-1003"])
    _type_cell(qtbot, form.actions_view, 0, 2, "next week")
    assert form.actions_model.index(0, 2).data() == "next week"  # still in sight, marked
    window.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, window)
    assert window.meeting.item("DEMO-1003").decision is None
    assert form.problems.isVisible()
    assert form.problems.text() == "Action item 1 due date: 'next week' is not a date (YYYY-MM-DD)"

    _type_cell(qtbot, form.actions_view, 0, 2, "2026-12-07")
    window.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, window)
    decision = window.meeting.item("DEMO-1003").decision
    assert decision is not None
    assert [(a.description, a.due_date) for a in window.meeting.item("DEMO-1003").actions] == [
        ("Refer to VNS clinic", date(2026, 12, 7))
    ]


def test_a_decision_being_typed_survives_the_other_writes_of_the_meeting(
    qtbot, window: MeetingWindow, services: Services
) -> None:
    """The rationale typed for a case was wiped when anyone started the meeting or added a
    person before "Record decision"."""
    assert window.meeting is not None
    form = _vns_typed_for_1003(qtbot, window, services, ["DEMO-1002", "DEMO-1003"])
    for action in (A.START, A.ADD_PERSON, A.SAVE_DETAILS):
        window.actions_[action].trigger()
        settled(qtbot, window)
        assert (
            form.mrn == "DEMO-1003" and form.rationale.toPlainText() == "Bilateral malformation; palliation"
        )
        assert form.recommendation.currentData() == "vns"
        assert [a.description for a in form.actions_model.items()] == ["Refer to VNS clinic"]
    assert window.meeting.status == "in_progress" and len(window.meeting.attendance) == 1

    window.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, window)
    decision = window.meeting.item("DEMO-1003").decision
    assert decision is not None and decision.rationale == "Bilateral malformation; palliation"
    window.select_case("DEMO-1002")  # another case: its own (empty) form, nothing carried over
    assert form.rationale.toPlainText() == "" and form.typed() is None


def test_a_decision_being_typed_waits_while_another_case_is_looked_at(
    qtbot, window: MeetingWindow, services: Services
) -> None:
    meeting = window.meeting
    assert meeting is not None
    services.meetings.add_cases(meeting.id, ["DEMO-1002", "DEMO-1003"])
    window.open_meeting(meeting.id)
    window.select_case("DEMO-1003")
    form = window.decision
    form.recommendation.setCurrentIndex(form.recommendation.findData("vns"))
    form.rationale.setPlainText("Half typed for 1003")
    window.select_case("DEMO-1002")
    assert form.rationale.toPlainText() == ""
    form.rationale.setPlainText("Half typed for 1002")
    window.select_case("DEMO-1003")
    assert (
        form.rationale.toPlainText() == "Half typed for 1003" and form.recommendation.currentData() == "vns"
    )
    assert form.decided.text().startswith("Typed here and not recorded yet")
    form.rationale.setPlainText("")  # taken back by hand: nothing is kept for it any more
    form.recommendation.setCurrentIndex(0)
    window.select_case("DEMO-1002")
    assert form.rationale.toPlainText() == "Half typed for 1002"
    window.select_case("DEMO-1003")
    assert form.typed() is None and form.rationale.toPlainText() == ""

    # Another meeting with the same case: nothing typed in this one shows there, and back here it waits.
    other = services.meetings.create_meeting(title="Another", day=date(2026, 12, 21))
    services.meetings.add_cases(other.id, ["DEMO-1002"])
    window.refresh_meetings()
    window.meeting_list.chosen.emit(other.id)  # as a click on its row
    settled(qtbot, window)
    assert window.meeting.id == other.id
    window.select_case("DEMO-1002")
    assert form.rationale.toPlainText() == "" and form.typed() is None
    window.meeting_list.chosen.emit(meeting.id)
    settled(qtbot, window)
    window.select_case("DEMO-1002")
    assert form.rationale.toPlainText() == "Half typed for 1002"

    # A colleague records a decision for 1002 meanwhile: what was typed is listed, not put back.
    services.meetings.record_decision(
        window.meeting.id,
        "DEMO-1002",
        recommendation="vns",
        rationale="The colleague's",
        consensus="unanimous",
    )
    window.writes.reload_after_conflict("The meeting was changed elsewhere")
    window.select_case("DEMO-1002")
    assert form.rationale.toPlainText() == "The colleague's"
    words = form.problems.text()
    assert words.startswith("Not put back, as a decision for DEMO-1002 was recorded after you typed this: ")
    assert "Rationale: “Half typed for 1002”" in words
    window.select_case("DEMO-1003")
    window.select_case("DEMO-1002")  # still listed each time the case is shown, until typed anew
    assert form.problems.text() == words
    form.rationale.setPlainText("The colleague's, and mine")
    window.select_case("DEMO-1003")
    window.select_case("DEMO-1002")
    assert form.problems.isHidden() and form.rationale.toPlainText() == "The colleague's, and mine"


def test_closing_a_meeting_names_the_cases_left_without_a_decision(
    qtbot, window: MeetingWindow, services: Services
) -> None:
    assert window.meeting is not None
    services.meetings.add_cases(window.meeting.id, ["DEMO-1001", "DEMO-1002", "DEMO-1003"])
    window.open_meeting(window.meeting.id)
    window.actions_[A.START].trigger()
    settled(qtbot, window)
    assert window.statusBar().currentMessage() == "Meeting in progress"
    window.select_case("DEMO-1002")
    window.decision.recommendation.setCurrentIndex(window.decision.recommendation.findData("hemispherectomy"))
    window.decision.rationale.setPlainText("Concordant hemispheric lesion")
    window.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, window)
    window.actions_[A.CLOSE].trigger()
    settled(qtbot, window)
    message = window.statusBar().currentMessage()
    assert message.startswith("Meeting closed; 2 of 3 cases without a decision: ")
    assert "DEMO-1001" in message and "DEMO-1003" in message and "DEMO-1002" not in message


def test_add_cases_by_keyboard_from_the_search_with_the_count_on_the_button(
    qtbot, services: Services
) -> None:
    services.add_demo_cases()
    dialog = AddCasesDialog(services, set())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.add_button.isEnabled()  # nothing picked: nothing to add
    qtbot.keyClicks(dialog.search, "zzz")
    assert dialog.hint.text() == "No case matches “zzz” (MRN or name)."
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "demo")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)  # into the list, on its first case
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    first_three = [dialog.proxy.index(row, 0).data() for row in range(3)]
    assert dialog.selected_mrns() == first_three
    assert dialog.add_button.isEnabled() and dialog.add_button.text() == "Add 3 cases to agenda"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_presentation_on_a_smaller_room_screen_nothing_is_cut_or_overlaps(
    qtbot, services: Services, size: tuple[int, int]
) -> None:
    """On a 1280×720 projector the findings and checklist were crushed into overlapping lines."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QLabel

    from ui.meeting.presentation import PresentationView

    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1003", "DEMO-1002"])
    view = PresentationView(services, meeting.id)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(10)
    labels = [
        label
        for label in view.case_page.findChildren(QLabel)
        if label.isVisible() and label.text() and label.width() > 0
    ]
    assert len(labels) > 20
    for label in labels:
        if label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    boxes = [(label, QRect(label.mapTo(view, label.rect().topLeft()), label.size())) for label in labels]
    for i, (first, a) in enumerate(boxes):
        for second, b in boxes[i + 1 :]:
            assert not a.intersects(b), (first.text(), second.text())


def test_a_decision_problem_goes_once_its_field_is_fixed(
    qtbot, window: MeetingWindow, services: Services
) -> None:
    assert window.meeting is not None
    services.meetings.add_cases(window.meeting.id, ["DEMO-1002"])
    window.open_meeting(window.meeting.id)
    window.select_case("DEMO-1002")
    form = window.decision
    window.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, window)
    assert form.problems.text().splitlines() == [
        "Recommendation: choose one",
        "Rationale: is required; write it in words",
    ]
    form.recommendation.setCurrentIndex(form.recommendation.findData("hemispherectomy"))
    assert form.problems.text() == "Rationale: is required; write it in words"
    form.rationale.setFocus()
    qtbot.keyClicks(form.rationale, "Concordant lesion")
    assert form.problems.isHidden()


def test_further_evaluation_shows_its_tests_in_the_agenda(
    qtbot, window: MeetingWindow, services: Services
) -> None:
    assert window.meeting is not None
    services.meetings.add_cases(window.meeting.id, ["DEMO-1001"])
    window.open_meeting(window.meeting.id)
    window.select_case("DEMO-1001")
    form = window.decision
    form.recommendation.setCurrentIndex(form.recommendation.findData("further_evaluation"))
    form.tests["pet"].click()
    form.tests["meg"].click()
    form.rationale.setPlainText("EEG not concordant")
    window.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, window)
    cell = window.agenda.agenda_model.index(0, AgendaModel.DECISION)
    assert cell.data() == "Further evaluation: PET, MEG"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Further evaluation: PET, MEG"


def test_t_on_a_case_without_a_trade_off_says_why_nothing_shows(qtbot, services: Services) -> None:
    from ui.meeting.presentation import NO_CHART_HINT, PresentationView

    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1003"])
    view = PresentationView(services, meeting.id)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    assert not view.has_chart and view.chart_hint.isHidden()
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert not view.showing_chart
    assert view.chart_hint.isVisible() and view.chart_hint.text() == NO_CHART_HINT


def test_with_no_decision_yet_the_decision_column_leaves_the_room_to_the_question(
    qtbot, window: MeetingWindow, services: Services
) -> None:
    assert window.meeting is not None
    window.resize(1366, 768)  # a laptop: narrower, every column is at its least width
    services.meetings.add_cases(window.meeting.id, ["DEMO-1001", "DEMO-1002"])
    window.open_meeting(window.meeting.id)
    header = window.agenda.agenda_view.horizontalHeader()
    empty = header.sectionSize(AgendaModel.DECISION)
    assert empty < agenda_panel.DECISION_WIDTH
    window.select_case("DEMO-1002")
    window.decision.recommendation.setCurrentIndex(window.decision.recommendation.findData("hemispherectomy"))
    window.decision.rationale.setPlainText("Concordant hemispheric lesion")
    window.actions_[A.RECORD_DECISION].trigger()
    settled(qtbot, window)
    # Wider for the decision, up to its cap, and the question keeps its room beside it.
    assert empty < header.sectionSize(AgendaModel.DECISION) <= agenda_panel.DECISION_WIDTH
    assert header.sectionSize(AgendaModel.QUESTION) >= 180
    assert header.sectionSize(AgendaModel.QUESTION) > header.sectionSize(AgendaModel.DECISION)


def test_with_no_meetings_the_list_says_how_to_plan_one(qtbot, services: Services) -> None:
    win = MeetingWindow(services)
    qtbot.addWidget(win)
    win.show()
    assert (
        win.meeting_list.list_empty.isVisible()
        and "New meeting (Ctrl+Shift+N)" in win.meeting_list.list_empty.text()
    )
    win.actions_[A.NEW_MEETING].trigger()
    settled(qtbot, win)
    assert win.meeting_list.list_empty.isHidden()

"""The meetings window and presentation mode, driven as a coordinator and a chair would."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog

from isconf import clock
from isconf import services as services_module
from isconf.deid_text import WITHHELD
from isconf.services import Services
from ui.actions import ActionId
from ui.main_window import MainWindow
from ui.meeting import meeting_window as meeting_window_module
from ui.meeting.add_cases import AddCasesDialog
from ui.meeting.meeting_window import MeetingWindow
from ui.meeting.models import AgendaModel
from ui.meeting.presentation import PresentationView
from ui.ops import change_bus
from ui_helpers import _type, open_cell_editor, settled


@pytest.fixture
def window(qtbot, services: Services) -> MeetingWindow:
    services.add_demo_cases()
    win = MeetingWindow(services)
    qtbot.addWidget(win)
    win.show()
    return win


def _agenda(win: MeetingWindow) -> list[str]:
    return win.agenda.agenda_model.mrns()


def _pick_cases(monkeypatch: pytest.MonkeyPatch, mrns: list[str]) -> None:
    """The add-cases dialog: the user selects these rows (Ctrl-click) and presses Add."""

    def exec_(dialog: AddCasesDialog) -> int:
        selection = dialog.view.selectionModel()
        for row in range(dialog.proxy.rowCount()):
            index = dialog.proxy.index(row, 0)
            if index.data() in mrns:
                selection.select(
                    index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                )
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(AddCasesDialog, "exec", exec_)


def _select(win: MeetingWindow, mrn: str) -> None:
    win.select_case(mrn)
    assert win.decision.mrn == mrn


def test_build_reorder_attend_decide_close_reopen_and_find_it_all(
    qtbot, window: MeetingWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    win.actions_[meeting_window_module.A.NEW_MEETING].trigger()
    settled(qtbot, win)
    _type(qtbot, win.details.title_edit, "Spasms surgery conference")
    _type(qtbot, win.details.chair_edit, "Dr Chair")
    win.actions_[meeting_window_module.A.SAVE_DETAILS].trigger()
    settled(qtbot, win)
    assert win.meeting is not None and win.meeting.title == "Spasms surgery conference"

    # Build: search-and-pick several cases; the agenda orders them by urgency.
    _pick_cases(monkeypatch, ["DEMO-1005", "DEMO-1001", "DEMO-1003"])
    win.actions_[meeting_window_module.A.ADD_CASES].trigger()
    settled(qtbot, win)
    by_urgency = [s.mrn for s in services.list_cases() if s.mrn in {"DEMO-1005", "DEMO-1001", "DEMO-1003"}]
    assert _agenda(win) == by_urgency
    assert win.agenda.agenda_model.index(0, AgendaModel.SLOT).data() == "08:00–08:15"
    readiness = win.agenda.agenda_model.index(_agenda(win).index("DEMO-1005"), AgendaModel.READINESS).data()
    assert readiness.startswith("missing:")

    # Reorder: move the last case up, then drag the first to the end.
    _select(win, by_urgency[2])
    win.actions_[meeting_window_module.A.MOVE_UP].trigger()
    settled(qtbot, win)
    assert _agenda(win) == [by_urgency[0], by_urgency[2], by_urgency[1]]
    assert win.selected_mrn() == by_urgency[2]
    mime = win.agenda.agenda_model.mimeData([win.agenda.agenda_model.index(0, 0)])
    win.agenda.agenda_model.dropMimeData(
        mime, Qt.DropAction.MoveAction, 3, 0, win.agenda.agenda_model.index(-1, -1)
    )
    qtbot.waitUntil(lambda: _agenda(win) == [by_urgency[2], by_urgency[1], by_urgency[0]])
    assert "by hand" in win.agenda.order_label.text()
    win.actions_[meeting_window_module.A.UNDO_ORDER].trigger()  # Ctrl+Z puts the drop back
    settled(qtbot, win)
    assert _agenda(win) == [by_urgency[0], by_urgency[2], by_urgency[1]]
    win.actions_[meeting_window_module.A.UNDO_ORDER].trigger()  # and redoes it (one step each way)
    settled(qtbot, win)
    assert _agenda(win) == [by_urgency[2], by_urgency[1], by_urgency[0]]

    # The question and minutes are typed into the agenda's cells.
    row = _agenda(win).index("DEMO-1001")
    index = win.agenda.agenda_model.index(row, AgendaModel.QUESTION)
    win.agenda.agenda_view.setCurrentIndex(index)
    editor = open_cell_editor(win.agenda.agenda_view, index)
    qtbot.keyClicks(editor, "Lobar resection now?")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: win.agenda.agenda_model.index(row, AgendaModel.QUESTION).data() == "Lobar resection now?"
    )

    # Attendance: the warning names each core discipline nobody covers.
    assert win.attendance.discipline_warning.isVisible()
    people = win.attendance.attendance_model
    win.attendance.add_person.click()
    settled(qtbot, win)
    qtbot.waitUntil(lambda: people.rowCount() == 1)
    win.attendance.add_person.click()
    settled(qtbot, win)
    qtbot.waitUntil(lambda: people.rowCount() == 2)
    people.setData(people.index(0, 0), "Dr Ada Epi")
    qtbot.waitUntil(lambda: people.index(0, 0).data() == "Dr Ada Epi")
    people.setData(people.index(1, 0), "Dr Sam Surg")
    qtbot.waitUntil(lambda: people.index(1, 0).data() == "Dr Sam Surg")
    people.setData(people.index(1, 2), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: not win.meeting.attendance[1].present)
    assert [(p.name, p.role, p.present) for p in win.meeting.attendance] == [
        ("Dr Ada Epi", "epileptologist", True),
        ("Dr Sam Surg", "neurosurgeon", False),
    ]
    assert (
        "No neurosurgeon, neuroradiologist, neuropsychologist present"
        in win.attendance.discipline_warning.text()
    )

    # A decision without a rationale is refused, with the field named; nothing is saved.
    _select(win, "DEMO-1001")
    form = win.decision
    form.recommendation.setCurrentIndex(form.recommendation.findData("lobar_resection"))
    form.record_button.click()
    settled(qtbot, win)
    assert form.problems.isVisible() and "Rationale: is required" in form.problems.text()
    assert services.meetings.get_meeting(win.meeting.id).item("DEMO-1001").decision is None

    form.rationale.setFocus()
    qtbot.keyClicks(form.rationale, "Concordant left frontal lesion; resection as early as possible")
    form.consensus.setCurrentIndex(form.consensus.findData("majority"))
    _type(qtbot, form.dissent, "Dr B would wait for PET")
    options = form.options_model
    options.setData(options.index(1, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    options.setData(options.index(5, 1), "palliative only; a resectable lesion is seen")
    form.add_action_button.click()
    actions = form.actions_model
    actions.setData(actions.index(0, 0), "Book surgery")
    actions.setData(actions.index(0, 1), "Dr Sam Surg")
    actions.setData(actions.index(0, 2), "2026-12-15")
    form.record_button.click()
    settled(qtbot, win)
    assert not form.problems.isVisible()
    assert (
        win.agenda.agenda_model.index(_agenda(win).index("DEMO-1001"), AgendaModel.DECISION).data()
        == "Lobar resection"
    )

    # Close the meeting: the record is read-only; reopen it.
    win.actions_[meeting_window_module.A.CLOSE].trigger()
    settled(qtbot, win)
    assert win.details.status_label.text().startswith("Closed — read-only")
    assert win.details.title_edit.isReadOnly() and win.decision.record_button.text() == "Save action items"
    assert not win.actions_[meeting_window_module.A.ADD_CASES].isEnabled()
    assert not (
        win.agenda.agenda_model.flags(win.agenda.agenda_model.index(0, AgendaModel.QUESTION))
        & Qt.ItemFlag.ItemIsEditable
    )
    win.actions_[meeting_window_module.A.REOPEN].trigger()
    settled(qtbot, win)
    assert win.details.status_label.text() == "In progress · revision 2"
    meeting_id = win.meeting.id
    win.close()

    # A new window on the same database finds everything.
    again = MeetingWindow(services)
    qtbot.addWidget(again)
    assert again.open_meeting(meeting_id)
    assert again.details.title_edit.text() == "Spasms surgery conference"
    assert _agenda(again) == [by_urgency[2], by_urgency[1], by_urgency[0]]
    assert [(p.name, p.present) for p in again.meeting.attendance] == [
        ("Dr Ada Epi", True),
        ("Dr Sam Surg", False),
    ]
    _select(again, "DEMO-1001")
    f = again.decision
    assert f.recommendation.currentData() == "lobar_resection"
    assert f.rationale.toPlainText() == "Concordant left frontal lesion; resection as early as possible"
    assert (f.consensus.currentData(), f.dissent.text()) == ("majority", "Dr B would wait for PET")
    assert [o.option for o in f.options_model.options()] == ["lobar_resection", "vns"]
    assert [(a.description, a.owner, a.due_date) for a in f.actions_model.items()] == [
        ("Book surgery", "Dr Sam Surg", date(2026, 12, 15))
    ]
    assert again.agenda.agenda_model.index(
        _agenda(again).index("DEMO-1001"), AgendaModel.QUESTION
    ).data() == ("Lobar resection now?")


def test_tests_are_offered_only_for_further_evaluation(window: MeetingWindow, services: Services) -> None:
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    window.open_meeting(meeting.id)
    _select(window, "DEMO-1001")
    form = window.decision
    assert not form.tests["pet"].isEnabled()
    form.recommendation.setCurrentIndex(form.recommendation.findData("further_evaluation"))
    assert form.tests["pet"].isEnabled()
    assert not form.dissent.isEnabled()  # unanimous by default


def test_a_bad_minutes_value_is_refused_in_words(qtbot, window: MeetingWindow, services: Services) -> None:
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    window.open_meeting(meeting.id)
    window.agenda.agenda_model.setData(window.agenda.agenda_model.index(0, AgendaModel.MINUTES), "0")
    qtbot.waitUntil(lambda: "1 … 240" in window.statusBar().currentMessage())
    assert window.agenda.agenda_model.index(0, AgendaModel.MINUTES).data() == "15"


def test_agenda_model_contract(qtmodeltester, window: MeetingWindow, services: Services) -> None:
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002", "DEMO-1006"])
    window.open_meeting(meeting.id)
    qtmodeltester.check(window.agenda.agenda_model)
    qtmodeltester.check(window.attendance.attendance_model)
    qtmodeltester.check(window.meeting_list.list_proxy)
    qtmodeltester.check(window.decision.options_model)
    qtmodeltester.check(window.decision.actions_model)


def test_at_its_default_size_readiness_and_decision_show_without_scrolling_sideways(
    qtbot, app_style, services: Services
) -> None:
    from ui.meeting.screenshot import MEETING_SIZE

    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002", "DEMO-1005", "DEMO-1006"])
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.open_meeting(meeting.id)
    window.resize(*MEETING_SIZE)
    view = window.agenda.agenda_view
    # Opened first at the (smaller) offscreen screen's size, the scroll bar goes once laid out anew.
    qtbot.waitUntil(lambda: view.viewport().width() > 0 and not view.horizontalScrollBar().isVisible())
    header = view.horizontalHeader()
    for column in (AgendaModel.READINESS, AgendaModel.DECISION, AgendaModel.QUESTION):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert header.sectionViewportPosition(column) >= 0 and right <= view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()
    row = _agenda(window).index("DEMO-1005")  # the whole list of what is missing is a hover away
    tooltip = window.agenda.agenda_model.index(row, AgendaModel.READINESS).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "\n".join(window.agenda.agenda_model.item(row).missing)
    for box in window.decision.tests.values():  # "Metabolic testing", not "Metabolic testin"
        assert box.width() >= box.sizeHint().width(), box.text()


def test_attendance_and_action_items_are_edited_through_the_meeting_menus_actions(
    qtbot, window: MeetingWindow, services
) -> None:
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    window.open_meeting(meeting.id)
    add = window.actions_[meeting_window_module.A.ADD_PERSON]
    assert add in window.menuBar().actions()[0].menu().actions()
    add.trigger()
    qtbot.waitUntil(lambda: len(window.meeting.attendance) == 1)
    assert window.meeting.attendance[0].role == "epileptologist"  # the first core discipline missing
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    window.open_meeting(meeting.id)
    _select(window, "DEMO-1001")
    add_item = window.actions_[meeting_window_module.A.ADD_ACTION_ITEM]
    add_item.trigger()  # the same action as the form's button
    assert window.decision.actions_model.rowCount() == 1
    window.actions_[meeting_window_module.A.CLOSE].trigger()
    settled(qtbot, window)
    assert not add.isEnabled() and not window.attendance.add_person.isEnabled()
    assert not add_item.isEnabled() and not window.decision.add_action_button.isEnabled()


def test_presentation_keys_and_position(qtbot, services: Services) -> None:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002", "DEMO-1006"])
    view = PresentationView(services, meeting.id)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)  # shortcuts reach the active window only
    assert view.position.text() == "1 of 3"
    first = view.current
    assert view.patient.text() == f"{first.initials}  ·  {first.age_months:.0f} months"
    assert first.mrn not in view.patient.text()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.position.text() == "2 of 3"
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.position.text() == "3 of 3"
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # stays on the last case
    assert view.position.text() == "3 of 3"
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.position.text() == "1 of 3"
    criteria = [
        w.text()
        for w in view.findChildren(type(view.position))
        if w.objectName() == "badge" and w.isVisible()
    ]
    assert len(criteria) == 5
    with qtbot.waitSignal(view.finished) as left:
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert left.args == [first.mrn]


def test_presentation_shows_initials_for_a_name_typed_into_the_question(qtbot, services: Services) -> None:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    given = services.get_case("DEMO-1001").case.given_name
    services.meetings.set_item(meeting.id, "DEMO-1001", question=f"Is {given} ready for surgery?")
    unchecked = PresentationView(services, meeting.id)
    qtbot.addWidget(unchecked)
    # Issue 23: typed text the team has not marked checked for identifiers is withheld.
    assert unchecked.question.text() == f"Question: {WITHHELD}"
    services.text_checks.mark_checked(services.meetings.get_meeting(meeting.id), "DEMO-1001 question")
    view = PresentationView(services, meeting.id)
    qtbot.addWidget(view)
    initials = view.current.initials
    assert view.question.text() == f"Question: Is {initials} ready for surgery?"
    assert str(given) not in view.question.text()


def test_presentation_shows_the_tradeoff_chart_on_the_cases_second_screen(
    qtbot, services: Services, monkeypatch
) -> None:
    import ui.meeting.presentation as presentation

    drawn = []

    def chart_png(view, **size):  # the real chart, and which view it was drawn from
        drawn.append(view)
        return services_module.tradeoff_chart_png(view, **size)

    monkeypatch.setattr(presentation, "tradeoff_chart_png", chart_png)
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1006"])
    # By hand: by urgency DEMO-1006 (untreated spasms) would come first.
    services.meetings.set_order(meeting.id, ["DEMO-1001", "DEMO-1006"])
    view = PresentationView(services, meeting.id)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    assert view.current.mrn == "DEMO-1001"  # a proposed lobar resection, rated
    assert view.chart_hint.isVisible() and not drawn  # drawn only when asked for
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert view.chart is not None and view.chart.isVisible()
    assert not view.case_page.isVisible()
    assert view.position.text() == "1 of 2"  # the agenda position stays in view
    assert "No unacceptable loss of function" in view.function_loss.text()
    # The MET rests on one rating: how many of the option's deficits are rated goes beside it.
    assert "1 of 5 deficits of lobar resection rated; not yet rated:" in view.function_loss.text()
    assert drawn[0].mrn == view.current.initials  # the room sees initials, never the MRN
    assert view.chart.pixmap().width() > 1100  # scaled up to the screen
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert view.case_page.isVisible() and not view.chart_page.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_T)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the next case opens on its findings
    assert view.position.text() == "2 of 2" and view.case_page.isVisible()
    assert not view.chart_hint.isVisible()  # DEMO-1006: nothing proposed or rated
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert view.case_page.isVisible() and len(drawn) == 1


def test_the_main_window_opens_the_meetings(qtbot, services: Services) -> None:
    main = MainWindow(services)
    qtbot.addWidget(main)
    main.actions_[ActionId.MEETINGS].trigger()
    assert main.meeting_window.isVisible()
    qtbot.addWidget(main.meeting_window)


def test_saving_a_case_in_the_main_window_refreshes_the_agenda_and_keeps_what_is_typed(
    qtbot, services: Services
) -> None:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002"])
    main = MainWindow(services)
    qtbot.addWidget(main)
    main.actions_[ActionId.MEETINGS].trigger()
    win = main.meeting_window
    qtbot.addWidget(win)
    win.open_meeting(meeting.id)
    _select(win, "DEMO-1002")
    win.decision.rationale.setPlainText("Half typed")

    def readiness() -> str:
        return win.agenda.agenda_model.index(_agenda(win).index("DEMO-1001"), AgendaModel.READINESS).data()

    assert readiness() == "ready"
    main.open_case("DEMO-1001")
    main.editor.fields["case.development.status"].set_value(None)
    main.editor.capture()
    assert main.save()
    settled(qtbot, main)
    assert "no development status" in readiness()  # no reopening, no other write needed
    assert win.selected_mrn() == "DEMO-1002"
    assert win.decision.rationale.toPlainText() == "Half typed"


def test_screenshots_of_the_meeting_and_the_presentation(tmp_path, db_path, capsys) -> None:
    from conftest import run_cli

    services = Services.open(str(db_path))
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002"])
    services.close()
    for view in ("meeting", "present"):
        png = tmp_path / f"{view}.png"
        code, _, err = run_cli(
            capsys,
            "--db",
            str(db_path),
            "gui",
            "--screenshot",
            str(png),
            "--view",
            view,
            "--meeting",
            str(meeting.id),
        )
        assert code == 0, err
        assert png.stat().st_size > 10_000
    # Without --meeting: the newest meeting with the case on its agenda.
    code, out, err = run_cli(
        capsys,
        "--db",
        str(db_path),
        "gui",
        "--screenshot",
        str(png),
        "--view",
        "present",
        "--case",
        "DEMO-1002",
    )
    assert code == 0 and "wrote" in out, err
    code, _, err = run_cli(
        capsys,
        "--db",
        str(db_path),
        "gui",
        "--screenshot",
        str(png),
        "--view",
        "present",
        "--case",
        "DEMO-1003",
    )
    assert code == 2 and "--meeting ID: no meeting has 'DEMO-1003' on its agenda" in err
    common = ["--db", str(db_path), "gui", "--screenshot", str(png), "--meeting", str(meeting.id)]
    code, out, err = run_cli(capsys, *common, "--view", "present", "--case", "DEMO-1002")
    assert code == 0 and "wrote" in out, err
    code, _, err = run_cli(capsys, *common, "--view", "present", "--case", "DEMO-1003")
    assert code == 1 and "--case: 'DEMO-1003' is not on meeting" in err


def test_two_workstations_the_second_edit_is_refused_and_reloaded(qtbot, services: Services) -> None:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="M", day=clock.today())
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1002"])
    first, second = MeetingWindow(services), MeetingWindow(services)
    for win in (first, second):
        qtbot.addWidget(win)
        win.open_meeting(meeting.id)
    # Another workstation is another process: it does not hear this one's change bus.
    change_bus().changed.disconnect(second._changed_elsewhere)
    first.agenda_actions.set_order(["DEMO-1002", "DEMO-1001"])
    settled(qtbot, first)
    second.actions_[meeting_window_module.A.SORT_BY_URGENCY].trigger()  # made on the old screen
    settled(qtbot, second)
    assert "changed elsewhere" in second.statusBar().currentMessage()
    assert _agenda(second) == ["DEMO-1002", "DEMO-1001"]  # it now shows what the first saved
    assert services.meetings.get_meeting(meeting.id).manual_order

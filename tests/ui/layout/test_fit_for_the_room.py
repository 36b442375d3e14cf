"""What the layout check cannot see by itself: which columns come first, what a tooltip holds,
and the slide's findings that give way to "+N more" (F) rather than overprint."""

from __future__ import annotations

from PySide6.QtCore import Qt

from isconf.services import Services
from layout_cases import LONG_MRN, conference
from ui.case_list import MRN_COLUMN, NAME_COLUMN, STATUS_COLUMN, URGENCY_COLUMN
from ui.case_list_panel import MIN_NAME_WIDTH
from ui.main_window import MainWindow
from ui.meeting.actions import PresentAction
from ui.meeting.meeting_window import MeetingWindow
from ui.meeting.models import AgendaModel
from ui.meeting.presentation import PresentationView
from ui.meeting.slide_tiles import FindingTiles, floor_px

DAY = "2026-12-07"


def _laptop_window(qtbot, fixed_clock, services: Services) -> MainWindow:
    """The main window at 1366×768 over the conference's cases, the long name among them."""
    fixed_clock(DAY)
    conference(services)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def test_the_case_list_shows_status_and_urgency_first_and_a_long_name_whole_in_its_tooltip(
    qtbot, app_style, fixed_clock, services: Services
) -> None:
    window = _laptop_window(qtbot, fixed_clock, services)
    view = window.case_list.view
    header = view.horizontalHeader()
    assert [header.logicalIndex(0), header.logicalIndex(1)] == [STATUS_COLUMN, URGENCY_COLUMN]
    row = window.case_model.row_of(LONG_MRN)
    index = view.model().mapFromSource(window.case_model.index(row, NAME_COLUMN))
    whole = index.data(Qt.ItemDataRole.DisplayRole)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == whole
    assert view.visualRect(index).width() < view.fontMetrics().horizontalAdvance(whole)  # cut, with "…"
    urgent = view.model().mapFromSource(window.case_model.index(row, URGENCY_COLUMN))
    assert view.visualRect(urgent).right() < view.viewport().width()  # in sight beside the long name


def test_with_the_editor_open_at_1366_the_name_is_elided_into_the_list_not_scrolled_off(
    qtbot, app_style, fixed_clock, services: Services
) -> None:
    window = _laptop_window(qtbot, fixed_clock, services)
    window.open_case(LONG_MRN)
    view = window.case_list.view
    header = view.horizontalHeader()
    qtbot.waitUntil(
        lambda: (
            header.sectionViewportPosition(NAME_COLUMN) + header.sectionSize(NAME_COLUMN)
            <= view.viewport().width()
        )
    )
    for column in (STATUS_COLUMN, URGENCY_COLUMN, MRN_COLUMN, NAME_COLUMN):
        assert header.sectionViewportPosition(column) >= 0, column
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= view.viewport().width()
    assert header.sectionSize(NAME_COLUMN) >= MIN_NAME_WIDTH
    assert view.horizontalScrollBar().value() == 0
    # The MRN is never cut: it names the child.
    mrn = view.model().mapFromSource(window.case_model.index(window.case_model.row_of(LONG_MRN), MRN_COLUMN))
    assert header.sectionSize(MRN_COLUMN) >= view.fontMetrics().horizontalAdvance(mrn.data())


def test_the_agenda_puts_question_and_decision_before_readiness(
    qtbot, app_style, fixed_clock, services
) -> None:
    fixed_clock(DAY)
    meeting_id = conference(services)
    window = MeetingWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_meeting(meeting_id)
    header = window.agenda.agenda_view.horizontalHeader()
    question, decision, readiness = (
        header.visualIndex(c) for c in (AgendaModel.QUESTION, AgendaModel.DECISION, AgendaModel.READINESS)
    )
    assert question < decision < readiness
    assert window.minimumSizeHint().height() <= 768 and window.minimumSize().height() <= 768
    # The question has room to be read, and every column shown is within the table's width:
    # the weeks (on the slide and in the case) give way first, not the question.
    view = window.agenda.agenda_view
    shown = [c for c in range(view.model().columnCount()) if not view.isColumnHidden(c)]
    assert header.sectionSize(AgendaModel.QUESTION) >= 180
    assert AgendaModel.SPASMS not in shown
    assert all(
        header.sectionViewportPosition(c) + header.sectionSize(c) <= view.viewport().width() for c in shown
    )
    window.resize(1920, 1080)  # a desktop shows them all
    qtbot.waitUntil(lambda: not any(view.isColumnHidden(c) for c in range(view.model().columnCount())))


def test_findings_that_do_not_fit_give_way_to_a_count_and_f_shows_them_all(qtbot, app_style) -> None:
    findings = [(f"Finding {n}", "a long description of the study and what it showed " * 3) for n in range(8)]
    tiles = FindingTiles()
    qtbot.addWidget(tiles)
    tiles.resize(500, 260)
    tiles.show()
    tiles.set_findings(findings, 720)
    assert (
        tiles.hidden > 0 and tiles.more.text() == f"+{tiles.hidden} more: press F for every finding in full"
    )
    shown = [t for t in tiles.tiles if t.isVisible()]
    assert shown and all(t.text.text().endswith("…") for t in shown)
    assert all(t.text.font().pixelSize() >= floor_px(720) for t in shown)
    bottom = max(t.geometry().bottom() for t in shown)
    assert bottom < tiles.more.geometry().top() <= tiles.height()


def test_the_slide_opens_every_finding_with_f(qtbot, app_style, fixed_clock, services) -> None:
    fixed_clock(DAY)
    meeting_id = conference(services)
    view = PresentationView(services, meeting_id, start=8)  # the long case, last on the agenda
    qtbot.addWidget(view)
    view.resize(1024, 576)
    view.show()
    qtbot.waitUntil(lambda: view.findings.height() > 0)
    assert ("F every finding" in view.keys.text()) == view.findings.cut  # offered when they are shortened
    view.actions_[PresentAction.FINDINGS].trigger()
    assert view.all_findings.isVisible() and not view.case_page.isVisible()
    assert not view.all_findings.cut  # the whole screen holds them in full
    view.actions_[PresentAction.FINDINGS].trigger()
    assert view.case_page.isVisible()

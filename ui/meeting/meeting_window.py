"""The meetings window: the list of meetings, and the open meeting's details, agenda,
attendance, decision and sign-off, each a panel; the state lives in ``MeetingController``.

Every write runs off the UI thread through ``ui.ops`` and comes back as the meeting it
wrote; the window shows that, and re-reads the open meeting only when another window's
write names it (or a case on its agenda) on the application's ``ChangeBus``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from isconf.meetings import vocab
from isconf.meetings.model import Attendee, Meeting
from isconf.services import Changes, ServiceError, Services
from isconf.signing.model import SigningState
from ui.actions import build_actions, refresh_enabled
from ui.meeting.actions import MEETING_SPECS, SIGNOFF_ACTIONS, MeetingAction
from ui.meeting.agenda_actions import AgendaActions
from ui.meeting.agenda_panel import AgendaPanel
from ui.meeting.attendance_panel import AttendancePanel
from ui.meeting.controller import MeetingController, Refused
from ui.meeting.decision_form import DecisionForm
from ui.meeting.details_panel import DetailsPanel
from ui.meeting.meeting_list import MeetingListPanel
from ui.meeting.outputs import MeetingOutputs
from ui.meeting.panes import cycle_focus
from ui.meeting.read_only_hint import ReadOnlyTypingHint
from ui.meeting.scrolling import ScrollingTabs, scrolling
from ui.meeting.signing_words import hash_prefix
from ui.meeting.signoff import SignOffPanel
from ui.meeting.signoff_actions import SignOffActions
from ui.meeting.toolbar import build_menus_and_toolbar
from ui.meeting.window_drafts import MeetingDrafts
from ui.meeting.writes import MeetingWrites
from ui.ops import OpRunner, change_bus
from ui.splitter_memory import remember

A = MeetingAction
# Saving typed details first would be a write; moving the keyboard is not one.
KEEP_DETAILS = (A.SAVE_DETAILS, A.NEXT_PANEL, A.PREVIOUS_PANEL)
FIRST_SIZE = QSize(1600, 950)


class MeetingWindow(QMainWindow):
    """Case conferences: plan the agenda, run the meeting, record what was decided."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.controller = MeetingController(services)
        self.signoff_actions = SignOffActions(self, self.controller)
        self.agenda_actions = AgendaActions(self, self.controller)
        self.outputs = MeetingOutputs(self, self.controller)
        self.writes = MeetingWrites(self, self.controller)
        self.setWindowTitle("isconf — meetings")
        self.resize(first_size(self, FIRST_SIZE))
        self.actions_ = build_actions(self, self._slots(), MEETING_SPECS)
        self.ops = OpRunner(self, "Meeting")
        self.ops.busyChanged.connect(self._busy_changed)
        self.meeting_list = MeetingListPanel(self.actions_[A.NEW_MEETING])
        self.meeting_list.chosen.connect(self._meeting_chosen)
        self.details = DetailsPanel()
        self.agenda = AgendaPanel(self.actions_)
        self.attendance = AttendancePanel(self.actions_)
        self.decision = DecisionForm(self.actions_[A.ADD_ACTION_ITEM], self.actions_[A.REMOVE_ACTION_ITEM])
        self.decision.record_button.clicked.connect(self.actions_[A.RECORD_DECISION].trigger)
        self.signoff = SignOffPanel(tuple(self.actions_[a] for a in SIGNOFF_ACTIONS if a != A.TEAM_MEMBERS))
        self._connect_edits()
        self._build_layout()
        build_menus_and_toolbar(self, self.actions_, self.agenda.deidentify_pdf)
        self.refresh_meetings()
        self.show_meeting(None)
        change_bus().changed.connect(self._changed_elsewhere)

    def _changed_elsewhere(self, changes: Changes, initiator: object) -> None:
        # The window is the receiver, so the connection ends when the window is deleted. A
        # closed window does not follow: it reads its meeting again when shown.
        if self.isVisible():
            self.writes.changed_elsewhere(changes, initiator)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again (Meetings…, Ctrl+M): what changed while it was closed is read now."""
        if self.meeting is not None and not event.spontaneous():
            self.refresh_meetings()
            self.writes.reread_agenda()
        super().showEvent(event)

    @property
    def meeting(self) -> Meeting | None:
        return self.controller.meeting

    @property
    def signing_state(self) -> SigningState | None:
        return self.controller.signing_state

    def _slots(self) -> dict[MeetingAction, Any]:
        slots = self._handlers()
        # Details typed but not saved are saved before anything else is done: every other
        # action shows the meeting anew, which would silently put the old details back.
        return {
            action_id: slot if action_id in KEEP_DETAILS else self._details_first(slot)
            for action_id, slot in slots.items()
        }

    def _details_first(self, slot: Callable[[], object]) -> Callable[..., None]:
        def run(*_: object) -> None:
            self.save_pending_details(lambda: slot())

        return run

    def _handlers(self) -> dict[MeetingAction, Callable[[], object]]:
        c, s, g, o = self.controller, self.signoff_actions, self.agenda_actions, self.outputs
        return {
            A.NEW_MEETING: lambda: self.writes.write(c.new_meeting, then=self._focus_title),
            A.SAVE_DETAILS: self.save_details,
            A.ADD_CASES: g.add_cases,
            A.REMOVE_CASE: g.remove_case,
            A.MOVE_UP: lambda: g.move_selected(-1),
            A.MOVE_DOWN: lambda: g.move_selected(+1),
            A.SORT_BY_URGENCY: g.sort_by_urgency,
            A.UNDO_ORDER: g.undo_order,
            A.START: lambda: self.set_status(vocab.IN_PROGRESS),
            A.CLOSE: lambda: self.set_status(vocab.CLOSED),
            A.REOPEN: lambda: self.set_status(vocab.IN_PROGRESS),
            A.ADD_PERSON: self._add_person,
            A.REMOVE_PERSON: self._remove_person,
            # The decision form is built after the actions: looked up when triggered.
            A.ADD_ACTION_ITEM: lambda: self.decision.add_action_item(),
            A.REMOVE_ACTION_ITEM: lambda: self.decision.remove_action_item(),
            A.RECORD_DECISION: self.record_decision,
            A.AGENDA_PDF: o.export_pdf,
            A.PRESENT: o.present,
            A.CHECK_TEXTS: o.check_texts,
            A.CLOSE_WINDOW: self.close,
            A.NEXT_PANEL: lambda: cycle_focus(self._panels(), +1),
            A.PREVIOUS_PANEL: lambda: cycle_focus(self._panels(), -1),
            A.SIGN: s.sign,
            A.REQUIRED_SIGNERS: s.required_signers,
            A.AMEND: s.amend,
            A.TEAM_MEMBERS: s.team_members,
            A.EXPORT_SUMMARY: s.export_summary,
        }

    def _panels(self) -> list[QWidget]:
        """Where F6 goes, in reading order."""
        return [
            self.meeting_list.list_view,
            self.details.title_edit,
            self.attendance.attendance_view,
            self.agenda.agenda_view,
            self.decision.recommendation,
        ]

    # --- construction ------------------------------------------------------------------------

    def _connect_edits(self) -> None:
        self.drafts = MeetingDrafts(self)
        # Queued: an edit or a drop arrives while the view is still closing its editor or
        # finishing the drag; the write it causes comes right after.
        queued = Qt.ConnectionType.QueuedConnection
        self.agenda.agenda_model.itemEdited.connect(self.agenda_actions.edit_item, queued)
        self.agenda.agenda_model.orderRequested.connect(self.agenda_actions.set_order, queued)
        self.agenda.agenda_view.selectionModel().currentRowChanged.connect(self._item_chosen)
        self.attendance.attendance_model.changed.connect(self.save_attendance, queued)

    def _build_layout(self) -> None:
        top = QSplitter(Qt.Orientation.Horizontal)
        for panel in (self.meeting_list, scrolling(self.details), scrolling(self.attendance)):
            top.addWidget(panel)
        top.setChildrenCollapsible(False)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.agenda)
        self.side_tabs = ScrollingTabs()
        # Alt+D is the form's Dissent; the form scrolls inside, keeping Record decision in sight.
        self.side_tabs.add_panel(self.decision, "Decision", scroll=False)
        self.side_tabs.add_panel(self.signoff, "Si&gn-off")
        bottom.addWidget(self.side_tabs)
        bottom.setStretchFactor(0, 1)
        bottom.setChildrenCollapsible(False)
        self.side_tabs.setMaximumWidth(560)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        for splitter, name in ((top, "meeting_top"), (bottom, "meeting_bottom"), (self.splitter, "meeting")):
            remember(splitter, name)
        # Across the whole window, so a locked record is never mistaken for one being edited.
        self.lock_banner = QLabel(objectName="lockBanner", wordWrap=True)
        self.lock_banner.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.lock_banner)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        fields = (*self.details.fields(), self.decision.rationale, self.decision.dissent)
        self.read_only_hint = ReadOnlyTypingHint(fields, self._say_read_only, self)

    # --- meetings -------------------------------------------------------------------------------

    def refresh_meetings(self, select: int | None = None) -> None:
        """The meetings list read again (at opening, and when another window wrote one)."""
        wanted = select if select is not None else (self.meeting.id if self.meeting else None)
        self.meeting_list.set_meetings(self.services.meetings.list_meetings(), wanted)

    def open_meeting(self, meeting_id: int) -> bool:
        try:
            meeting = self.services.meetings.get_meeting(meeting_id)
        except ServiceError as exc:
            self.say(str(exc))
            return False
        self.meeting_list.select(meeting_id)
        self.show_meeting(meeting)
        self.drafts.put_back()
        return True

    def _meeting_chosen(self, meeting_id: int) -> None:
        if self.meeting is not None and meeting_id == self.meeting.id:
            return  # its row moved (the list re-sorted): it is shown already
        if self.meeting is not None and (
            self.ops.busy or self.controller.details_changed(self.details.values())
        ):
            self.meeting_list.select(self.meeting.id)  # stays on this meeting until its details are saved
        self.save_pending_details(lambda: self.open_meeting(meeting_id))

    def _focus_title(self, _meeting: Meeting) -> None:
        self.details.title_edit.setFocus()
        self.details.title_edit.selectAll()

    def save_pending_details(self, then: Callable[[], object]) -> None:
        """``then`` once the details are saved, if they were changed; not at all if refused
        (the problem is shown beside them). Waits for a write still running first."""

        def after_idle() -> None:
            if self.controller.details_changed(self.details.values()):
                self._save_details(then)
            else:
                then()

        self.ops.when_idle(after_idle)

    def save_details(self) -> None:
        self.ops.when_idle(lambda: self._save_details(None))

    def _save_details(self, then: Callable[[], object] | None) -> None:
        if self.meeting is None:
            return
        try:
            write = self.controller.save_details(self.details.values())
        except Refused as refused:
            self.details.show_problem(str(refused))
            self.details.time_edit.setFocus()
            return

        def saved(_meeting: Meeting) -> None:
            self.drafts.keep()  # the details are saved: their draft goes
            self.statusBar().showMessage("Saved the meeting's details", 5000)
            if then is not None:
                then()

        self.writes.start(write, problems=self.details.show_problem, then=saved)

    def set_status(self, status: str) -> None:
        if status == vocab.CLOSED and not self.drafts.may_close():
            return
        if self.meeting is not None:

            def say(_meeting: Meeting) -> None:
                self.statusBar().showMessage(self.controller.status_change_words(), 15000)

            self.writes.write(lambda: self.controller.set_status(status), then=say)

    # --- the agenda -----------------------------------------------------------------------------

    def selected_mrn(self) -> str | None:
        return self.agenda.selected_mrn()

    def select_case(self, mrn: str) -> None:
        self.agenda.select_case(mrn)

    def _item_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.agenda.agenda_model.item(current.row()) if current.isValid() else None
        self.decision.load(item, editable=self.controller.editable)
        if self.controller.locked:  # not even action items ticked done: the signed record stays
            self.decision.actions_model.only_done = False
            self.decision.record_button.setEnabled(False)

    # --- attendance and decisions ------------------------------------------------------------------

    def save_attendance(self, people: list[Attendee], then: Callable[[Meeting], None] | None = None) -> None:
        keep = self.selected_mrn()
        self.save_pending_details(
            lambda: self.writes.write(lambda: self.controller.set_attendance(people), keep=keep, then=then)
        )

    def _add_person(self) -> None:
        people = self.controller.with_person_added(self.attendance.people())
        self.save_attendance(people, then=lambda _m: self.attendance.edit_row(len(people) - 1))

    def _remove_person(self) -> None:
        people = self.attendance.without_current()
        if people is not None:
            self.save_attendance(people)

    def record_decision(self) -> None:
        mrn = self.decision.mrn
        if self.meeting is None or mrn is None:
            return
        refused = self.decision.actions_model.refused_problem()
        if refused is not None:
            self.decision.show_problems(refused)
            return
        write = self.controller.record_decision(
            mrn, self.decision.values(), self.decision.considered(), self.decision.actions_model.items()
        )
        recorded = self.meeting.editable

        def done(_meeting: Meeting) -> None:
            self.drafts.keep()  # recorded: its draft goes now
            if recorded:
                self.statusBar().showMessage(f"Decision recorded for {mrn}", 5000)

        self.writes.start(write, problems=self.decision.show_problems, then=done, records_decision=mrn)

    def closeEvent(self, event: QCloseEvent) -> None:
        """A write still running is waited for, and details typed but not saved are saved, before
        the window closes; if the save is refused, the window stays."""
        if self.ops.busy or self.controller.details_changed(self.details.values()):
            event.ignore()
            self.save_pending_details(self.close)
            return
        self.signoff_actions.stop()  # an export stopped half-way writes nothing
        event.accept()

    # --- state ------------------------------------------------------------------------------------------

    def show_meeting(self, meeting: Meeting | None, keep: str | None = None) -> None:
        if self.meeting is not None and (meeting is None or meeting.id != self.meeting.id):
            self.drafts.leave()  # opened, new or gone: the typing of the one shown waits in its drafts
        keep = keep or self.selected_mrn()
        problem = self.controller.show(meeting)
        if problem:
            self.say(problem)
        c = self.controller
        self.details.show_meeting(meeting, c.status_line() if meeting else "", editable=c.editable)
        if meeting is not None:
            self.setWindowTitle(f"isconf — meeting {meeting.id}: {meeting.title}")
        self.agenda.show_meeting(meeting)
        self.attendance.show_meeting(meeting, editable=c.editable)
        self.signoff.show_state(c.signing_state, c.member_names())
        self._show_lock()
        self.refresh_enabled()
        if keep and meeting is not None and meeting.item(keep) is not None:
            self.select_case(keep)
        else:
            self.decision.load(None, editable=False)

    def refresh_enabled(self) -> None:
        refresh_enabled(self.actions_, MEETING_SPECS, self.controller)

    def _busy_changed(self, busy: bool) -> None:
        self.controller.busy = busy
        self.refresh_enabled()

    def _say_read_only(self) -> None:
        if self.meeting is not None:
            words = f"{self.controller.status_label()}{self.controller.read_only_words()}"
            self.statusBar().showMessage(f"Not changed: {words[0].lower()}{words[1:]}", 8000)

    def _show_lock(self) -> None:
        state = self.signing_state
        self.lock_banner.setVisible(self.controller.locked)
        if state is None or not state.locked:
            return
        self.lock_banner.setText(
            f"Signed and locked — amend to change (Sign-off ▸ Amend…). Revision {state.revision}, "
            f"content SHA-256 {hash_prefix(state.content_sha256)}, signed by "
            + ", ".join(s.name for s in state.signatures)
        )
        # Not even action items ticked done: the signed record stays as it was signed.
        self.decision.record_button.setEnabled(False)

    def say(self, text: str) -> None:
        self.statusBar().showMessage(text.replace("\n", "; "), 8000)


def first_size(window: QWidget, wanted: QSize) -> QSize:
    """``wanted``, shrunk to fit the screen's free area: at 1600×900 the full height put the
    Sign-off buttons and the decision's record line below the bottom edge, out of reach. The
    height leaves room for a title bar; the width is kept whole, as every column of the
    agenda needs it at 1600."""
    screen = window.screen()
    if screen is None:
        return wanted
    room = screen.availableGeometry()
    return wanted.boundedTo(QSize(room.width(), room.height() * 95 // 100))

"""The meetings window: the list of meetings, and the open meeting's details, agenda,
attendance and the decision for the selected case."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from isconf import clock
from isconf.meetings import validate, vocab
from isconf.meetings.model import Attendee, Meeting
from isconf.services import ConflictError, ExportError, ServiceError, Services
from isconf.signing.model import SigningState
from ui.actions import build_actions
from ui.meeting.actions import MEETING_SPECS, SIGNOFF_ACTIONS, MeetingAction, action_button
from ui.meeting.add_cases import AddCasesDialog
from ui.meeting.decision_form import DecisionForm
from ui.meeting.models import ID_ROLE, AgendaModel, AttendanceModel, MeetingFilterProxy, MeetingListModel
from ui.meeting.read_only_hint import ReadOnlyTypingHint
from ui.meeting.signing_words import hash_prefix
from ui.meeting.signoff import SignOffPanel
from ui.meeting.signoff_actions import SignOffActions
from ui.tables import read_only_table

A = MeetingAction
READINESS_WIDTH = 190  # "missing: no EEG; no me…" with the rest in the tooltip
DECISION_WIDTH = 170  # "Hemispherectomy / hem…": fitted to it, it pushed the question out of sight
WARNING_LINES = 4  # "No neuroradiologist, neuropsychologist present..." wraps to 3 or 4 lines
WARNING_PADDING = 14  # the warningBox style: 6 px padding and a 1 px border, above and below
ATTENDANCE_ROWS = 6  # a conference of the core disciplines and a few more, without scrolling
FIRST_SIZE = QSize(1600, 950)


class RoleDelegate(QStyledItemDelegate):
    """Roles from the NAEC list to pick, or any role typed."""

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems([*vocab.disciplines().core, *vocab.disciplines().others])
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class IsoDateEdit(QDateEdit):
    """A date typed the way it is shown, 2026-11-30. Qt moves on to the month by itself once
    the year's four digits are in, and the "-" typed next then moved on again, past the month:
    2026-11-30 became 2026-11-11. A separator right after such a move is taken as said."""

    _moved_on = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text in ("-", "/", ".") and self._moved_on:
            self._moved_on = False
            event.accept()
            return
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._moved_on = text.isdigit() and self.currentSectionIndex() != before

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the date for the next field, as everywhere else: Qt's own Tab stepped
        through year, month and day first, so a time typed after one Tab landed in the month
        and the chair's name two fields too early. Typing and the arrow keys reach the parts."""
        return QWidget.focusNextPrevChild(self, next)


class MeetingWindow(QMainWindow):
    """Case conferences: plan the agenda, run the meeting, record what was decided."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting: Meeting | None = None
        self.signing_state: SigningState | None = (
            None  # the open meeting's sign-off (``services.signing.state``)
        )
        self.signoff_actions = SignOffActions(self)
        self._order_before: tuple[int, list[str]] | None = None  # (meeting id, order) for Ctrl+Z
        self.presentation: QWidget | None = None
        self.setWindowTitle("isconf — meetings")
        self.resize(first_size(self, FIRST_SIZE))
        self.actions_ = build_actions(self, self._slots(), MEETING_SPECS)
        self._build_list()
        self._build_details()
        self._build_agenda()
        self._build_attendance()
        self.decision = DecisionForm(self.actions_[A.ADD_ACTION_ITEM], self.actions_[A.REMOVE_ACTION_ITEM])
        self.decision.record_button.clicked.connect(self.actions_[A.RECORD_DECISION].trigger)
        self.signoff = SignOffPanel(tuple(self.actions_[a] for a in SIGNOFF_ACTIONS if a != A.TEAM_MEMBERS))
        self._build_layout()
        self._build_toolbar()
        self.refresh_meetings()
        self._show(None)

    def _slots(self) -> dict[MeetingAction, Any]:
        slots = self._handlers()
        # Details typed but not saved are saved before anything else is done: every other
        # action shows the meeting anew, which would silently put the old details back.
        return {
            action_id: slot if action_id == A.SAVE_DETAILS else self._details_first(slot)
            for action_id, slot in slots.items()
        }

    def _details_first(self, slot: Any) -> Any:
        def run(*_: object) -> None:
            if self.save_pending_details():
                slot()

        return run

    def _handlers(self) -> dict[MeetingAction, Any]:
        return {
            A.NEW_MEETING: self.new_meeting,
            A.SAVE_DETAILS: self.save_details,
            A.ADD_CASES: self.add_cases,
            A.REMOVE_CASE: self.remove_case,
            A.MOVE_UP: lambda: self.move_selected(-1),
            A.MOVE_DOWN: lambda: self.move_selected(+1),
            A.SORT_BY_URGENCY: self.sort_by_urgency,
            A.UNDO_ORDER: self.undo_order,
            A.START: lambda: self.set_status(vocab.IN_PROGRESS),
            A.CLOSE: lambda: self.set_status(vocab.CLOSED),
            A.REOPEN: lambda: self.set_status(vocab.IN_PROGRESS),
            A.ADD_PERSON: self._add_person,
            A.REMOVE_PERSON: self._remove_person,
            # The decision form is built after the actions: looked up when triggered.
            A.ADD_ACTION_ITEM: lambda: self.decision.add_action_item(),
            A.REMOVE_ACTION_ITEM: lambda: self.decision.remove_action_item(),
            A.RECORD_DECISION: self.record_decision,
            A.AGENDA_PDF: self.export_pdf,
            A.PRESENT: self.present,
            A.CLOSE_WINDOW: self.close,
            A.SIGN: self.signoff_actions.sign,
            A.REQUIRED_SIGNERS: self.signoff_actions.required_signers,
            A.AMEND: self.signoff_actions.amend,
            A.TEAM_MEMBERS: self.signoff_actions.team_members,
            A.EXPORT_SUMMARY: self.signoff_actions.export_summary,
        }

    # --- construction ------------------------------------------------------------------------

    def _build_list(self) -> None:
        self.list_model = MeetingListModel(self)
        self.list_proxy = MeetingFilterProxy(self)
        self.list_proxy.setSourceModel(self.list_model)
        self.list_search = QLineEdit(placeholderText="Search meetings")
        self.list_search.setClearButtonEnabled(True)
        self.list_search.textChanged.connect(self.list_proxy.setFilterFixedString)
        self.list_view = read_only_table(self.list_proxy, "Meetings")
        self.list_view.setSortingEnabled(True)
        self.list_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.list_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.list_view.selectionModel().currentRowChanged.connect(self._meeting_chosen)

    def _build_details(self) -> None:
        self.title_edit = QLineEdit()
        self.date_edit = IsoDateEdit(QDate(clock.today()), calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.time_edit = QLineEdit(placeholderText="HH:MM (slot times follow from it)")
        self.place_edit = QLineEdit(placeholderText="Room")
        self.video_edit = QLineEdit(placeholderText="Video link")
        self.chair_edit = QLineEdit(placeholderText="Chair")
        # Wrapped: on one line, "Closed · revision 2 — read-only; Reopen (Ctrl+Shift+O) to change
        # it" widened the details and pushed the attendance aside each time a meeting closed.
        self.status_label = QLabel(objectName="panelHeading", wordWrap=True)
        self.details_problems = QLabel(objectName="warningBox", wordWrap=True)
        self.details_problems.hide()
        self.details = QGroupBox("Meeting")
        form = QFormLayout(self.details)
        form.addRow("&Title", self.title_edit)
        row = QHBoxLayout()
        row.addWidget(self.date_edit)
        row.addWidget(QLabel("Time"))
        row.addWidget(self.time_edit)
        form.addRow("Date", row)
        form.addRow("&Place", self.place_edit)
        form.addRow("&Video", self.video_edit)
        form.addRow("C&hair", self.chair_edit)
        form.addRow("Status", self.status_label)
        form.addRow(self.details_problems)

    def _build_agenda(self) -> None:
        self.agenda_model = AgendaModel(self)
        # Queued: an edit or a drop arrives while the view is still closing its editor or
        # finishing the drag; the write and the reload it causes come right after.
        queued = Qt.ConnectionType.QueuedConnection
        self.agenda_model.itemEdited.connect(self.edit_item, queued)
        self.agenda_model.orderRequested.connect(self.set_order, queued)
        self.agenda_view = read_only_table(self.agenda_model, "Agenda")
        self.agenda_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.agenda_view.setDragEnabled(True)
        self.agenda_view.setAcceptDrops(True)
        self.agenda_view.setDropIndicatorShown(True)
        self.agenda_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.agenda_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        header = self.agenda_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Readiness and decision are elided to their width (the whole is the tooltip); the question,
        # last, takes the rest: the table fits the window without scrolling sideways.
        header.setSectionResizeMode(AgendaModel.READINESS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(AgendaModel.READINESS, READINESS_WIDTH)
        header.setSectionResizeMode(AgendaModel.DECISION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(AgendaModel.DECISION, DECISION_WIDTH)
        header.setSectionResizeMode(AgendaModel.QUESTION, QHeaderView.ResizeMode.Stretch)
        self.agenda_view.selectionModel().currentRowChanged.connect(self._item_chosen)
        self.order_label = QLabel(objectName="hint")
        # Named for the agenda: beside Export signed summary, "De-identified PDF" read as if it
        # de-identified the summary too, which asks for itself.
        self.deidentify_pdf = QCheckBox("De-identified agenda PDF (initials and age)")
        self.deidentify_pdf.setToolTip(
            "For Agenda PDF (Ctrl+P); Export signed summary… (Ctrl+Shift+E) has its own De-identify"
        )

    def _build_attendance(self) -> None:
        self.attendance_model = AttendanceModel(self)
        self.attendance_model.changed.connect(self.save_attendance, Qt.ConnectionType.QueuedConnection)
        self.attendance_view = read_only_table(self.attendance_model, "Attendance")
        self.attendance_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.attendance_view.setItemDelegateForColumn(1, RoleDelegate(self.attendance_view))
        self.attendance_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        _show_rows(self.attendance_view, ATTENDANCE_ROWS)
        self.add_person = action_button(self.actions_[A.ADD_PERSON])
        self.remove_person = action_button(self.actions_[A.REMOVE_PERSON])
        self.discipline_warning = QLabel(objectName="warningBox", wordWrap=True)
        # Its room is kept, shown or not, and tall enough for its lines: the window's panes do not
        # ask a wrapped label its height, and the table and buttons above were squeezed over it.
        policy = self.discipline_warning.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.discipline_warning.setSizePolicy(policy)
        lines = self.discipline_warning.fontMetrics().lineSpacing() * WARNING_LINES
        self.discipline_warning.setMinimumHeight(lines + WARNING_PADDING)

    def _build_layout(self) -> None:
        left = QWidget(objectName="listPanel")
        left.setMinimumWidth(300)
        column = QVBoxLayout(left)
        column.addWidget(self.list_search)
        column.addWidget(self.list_view, 1)
        self.list_empty = QLabel(
            "No meetings yet: New meeting (Ctrl+Shift+N) plans one for today at 08:00; "
            "then set its title, date and time.",
            objectName="hint",
            wordWrap=True,
        )
        column.addWidget(self.list_empty)
        column.addWidget(action_button(self.actions_[A.NEW_MEETING]))

        agenda_box = QGroupBox("Agenda")
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda_view, 1)
        buttons = QHBoxLayout()
        for action_id in (A.ADD_CASES, A.MOVE_UP, A.MOVE_DOWN, A.REMOVE_CASE, A.SORT_BY_URGENCY):
            buttons.addWidget(action_button(self.actions_[action_id]))
        buttons.addStretch(1)
        agenda_layout.addLayout(buttons)
        self.order_label.setWordWrap(True)
        agenda_layout.addWidget(self.order_label)

        attendance_box = QGroupBox("Attendance")
        attendance_layout = QVBoxLayout(attendance_box)
        attendance_layout.addWidget(self.attendance_view)
        row = QHBoxLayout()
        row.addWidget(self.add_person)
        row.addWidget(self.remove_person)
        row.addStretch(1)
        attendance_layout.addLayout(row)
        attendance_layout.addWidget(self.discipline_warning)
        attendance_layout.addStretch(1)  # spare height under the warning: the buttons stay put

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(self.details)
        top.addWidget(attendance_box)
        top.setChildrenCollapsible(False)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(agenda_box)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.decision, "Decision")  # Alt+D is the form's Dissent
        self.side_tabs.addTab(self.signoff, "Si&gn-off")
        bottom.addWidget(self.side_tabs)
        bottom.setStretchFactor(0, 1)
        bottom.setChildrenCollapsible(False)
        self.side_tabs.setMaximumWidth(560)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
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
        fields = (self.title_edit, self.date_edit, self.time_edit, self.place_edit, self.video_edit)
        fields += (self.chair_edit, self.decision.rationale, self.decision.dissent)
        self.read_only_hint = ReadOnlyTypingHint(fields, self._say_read_only, self)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Meeting")
        toolbar.setObjectName("meetingToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action_id in (
            A.NEW_MEETING,
            A.SAVE_DETAILS,
            None,
            A.START,
            A.CLOSE,
            A.REOPEN,
            None,
            A.AGENDA_PDF,
        ):
            if action_id is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self.actions_[action_id])
        toolbar.addWidget(self.deidentify_pdf)
        toolbar.addSeparator()
        toolbar.addAction(self.actions_[A.PRESENT])
        toolbar.addSeparator()
        toolbar.addAction(self.actions_[A.SIGN])
        toolbar.addAction(self.actions_[A.EXPORT_SUMMARY])
        self.addToolBar(toolbar)
        menu = self.menuBar().addMenu("&Meeting")
        for action_id in MEETING_SPECS:
            if action_id not in SIGNOFF_ACTIONS:
                menu.addAction(self.actions_[action_id])
        signoff_menu = self.menuBar().addMenu("Sign-&off")
        for action_id in SIGNOFF_ACTIONS:
            signoff_menu.addAction(self.actions_[action_id])

    # --- meetings -------------------------------------------------------------------------------

    def refresh_meetings(self, select: int | None = None) -> None:
        self.list_view.selectionModel().blockSignals(True)
        self.list_model.set_meetings(self.services.meetings.list_meetings())
        self.list_empty.setVisible(self.list_model.rowCount() == 0)
        self.list_view.selectionModel().blockSignals(False)
        wanted = select if select is not None else (self.meeting.id if self.meeting else None)
        if wanted is not None:
            row = self.list_model.row_of(wanted)
            index = (
                self.list_proxy.mapFromSource(self.list_model.index(row, 0)) if row >= 0 else QModelIndex()
            )
            if index.isValid():
                self.list_view.selectionModel().blockSignals(True)
                self.list_view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.list_view.selectionModel().blockSignals(False)

    def open_meeting(self, meeting_id: int) -> bool:
        try:
            meeting = self.services.meetings.get_meeting(meeting_id)
        except ServiceError as exc:
            self._say(str(exc))
            return False
        self.refresh_meetings(select=meeting_id)
        self._show(meeting)
        return True

    def _meeting_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        if not self.save_pending_details():
            self.refresh_meetings()  # stay on the meeting whose details are refused
            return
        self.open_meeting(int(current.data(ID_ROLE)))

    def new_meeting(self) -> None:
        meeting = self._call(
            lambda: self.services.meetings.create_meeting(
                title="Case conference", day=clock.today(), start_time=time(8, 0)
            )
        )
        if meeting is not None:
            self.refresh_meetings(select=meeting.id)
            self._show(meeting)
            self.title_edit.setFocus()
            self.title_edit.selectAll()

    def details_changed(self) -> bool:
        """The details on screen differ from the meeting's saved ones."""
        m = self.meeting
        if m is None or not m.editable:
            return False
        saved = (
            m.title,
            m.date,
            m.start_time.strftime("%H:%M") if m.start_time else "",
            m.place or "",
            m.video_link or "",
            m.chair or "",
        )
        shown = (
            self.title_edit.text(),
            self.date_edit.date().toPython(),
            self.time_edit.text().strip(),
            self.place_edit.text(),
            self.video_edit.text(),
            self.chair_edit.text(),
        )
        return shown != saved

    def save_pending_details(self) -> bool:
        """Save the details if they were changed; False (the problem shown) if refused."""
        return not self.details_changed() or self.save_details()

    def save_details(self) -> bool:
        if self.meeting is None:
            return False
        clock = self.time_edit.text().strip()
        try:
            start = validate.clock(clock) if clock else None
        except ValueError:
            self._details_problem(f"Time: {clock!r} is not a time of day (HH:MM, 24-hour)")
            self.time_edit.setFocus()
            return False
        meeting_id, version = self.meeting.id, self.meeting.version
        saved = self._apply(
            lambda: self.services.meetings.update_meeting(
                meeting_id,
                title=self.title_edit.text(),
                day=self.date_edit.date().toPython(),
                start_time=start,
                place=self.place_edit.text(),
                video_link=self.video_edit.text(),
                chair=self.chair_edit.text(),
                expected_version=version,
            ),
            problems=self._details_problem,
        )
        if saved:
            self.statusBar().showMessage("Saved the meeting's details", 5000)
        return saved

    def set_status(self, status: str) -> None:
        if self.meeting is not None:
            meeting_id, version = self.meeting.id, self.meeting.version
            if self._apply(
                lambda: self.services.meetings.set_status(meeting_id, status, expected_version=version)
            ):
                self.statusBar().showMessage(self._status_words(), 15000)

    def _status_words(self) -> str:
        """What the status change did, and, on closing, the cases left without a decision."""
        assert self.meeting is not None
        meeting = self.meeting
        if meeting.status != vocab.CLOSED:
            return f"Meeting {vocab.label(vocab.STATUS, meeting.status).lower()}"
        undecided = [item.mrn for item in meeting.agenda if item.decision is None]
        if not undecided:
            return "Meeting closed: every case has a decision"
        return (
            f"Meeting closed; {len(undecided)} of {len(meeting.agenda)} cases without a decision: "
            f"{', '.join(undecided)} (Reopen, Ctrl+Shift+O, to record them)"
        )

    # --- the agenda -----------------------------------------------------------------------------

    def add_cases(self) -> None:
        if self.meeting is None:
            return
        dialog = AddCasesDialog(self.services, set(self.agenda_model.mrns()), self)
        if dialog.exec():
            self.add_mrns(dialog.selected_mrns())

    def add_mrns(self, mrns: list[str]) -> None:
        if self.meeting is None or not mrns:
            return
        meeting_id, version = self.meeting.id, self.meeting.version
        self._apply(
            lambda: self.services.meetings.add_cases(meeting_id, mrns, expected_version=version)[0],
            keep=mrns[0],
        )

    def remove_case(self) -> None:
        mrn = self.selected_mrn()
        if self.meeting is not None and mrn is not None:
            meeting_id, version = self.meeting.id, self.meeting.version
            self._apply(lambda: self.services.meetings.remove_case(meeting_id, mrn, expected_version=version))

    def move_selected(self, step: int) -> None:
        mrn = self.selected_mrn()
        if self.meeting is None or mrn is None:
            return
        order = self.agenda_model.mrns()
        index = order.index(mrn)
        if not 0 <= index + step < len(order):
            return
        order.insert(index + step, order.pop(index))
        self.set_order(order, keep=mrn)

    def set_order(self, order: list[str], keep: str | None = None) -> None:
        if self.meeting is not None and self.save_pending_details():
            self._remember_order()
            meeting_id, version = self.meeting.id, self.meeting.version
            self._apply(
                lambda: self.services.meetings.set_order(meeting_id, order, expected_version=version),
                keep=keep or self.selected_mrn(),
            )

    def sort_by_urgency(self) -> None:
        if self.meeting is not None:
            self._remember_order()
            meeting_id, version = self.meeting.id, self.meeting.version
            self._apply(lambda: self.services.meetings.sort_by_urgency(meeting_id, expected_version=version))

    def _remember_order(self) -> None:
        assert self.meeting is not None
        self._order_before = (self.meeting.id, self.agenda_model.mrns())

    def undo_order(self) -> None:
        """Back to the order before the last move or sort; pressed again, it redoes it (the
        agenda is then in hand order)."""
        if self.meeting is None or self._order_before is None or self._order_before[0] != self.meeting.id:
            return
        _, order = self._order_before
        if sorted(order) != sorted(self.agenda_model.mrns()):
            self._say("The agenda's cases changed since; nothing to undo")
            return
        self.set_order(order)  # remembers the order it replaces, so Ctrl+Z again redoes

    def edit_item(self, mrn: str, minutes: int | None, question: str | None) -> None:
        if self.meeting is not None and self.save_pending_details():
            meeting_id, version = self.meeting.id, self.meeting.version
            self._apply(
                lambda: self.services.meetings.set_item(
                    meeting_id, mrn, minutes=minutes, question=question, expected_version=version
                ),
                keep=mrn,
            )

    def selected_mrn(self) -> str | None:
        index = self.agenda_view.currentIndex()
        return self.agenda_model.item(index.row()).mrn if index.isValid() else None

    def select_case(self, mrn: str) -> None:
        if mrn in (order := self.agenda_model.mrns()):
            self.agenda_view.setCurrentIndex(self.agenda_model.index(order.index(mrn), AgendaModel.MRN))

    def _item_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.agenda_model.item(current.row()) if current.isValid() else None
        self.decision.load(item, editable=bool(self.meeting and self.meeting.editable and not self.locked()))
        if self.locked():  # not even action items ticked done: the signed record is as it was signed
            self.decision.actions_model.only_done = False
            self.decision.record_button.setEnabled(False)

    # --- attendance and decisions ------------------------------------------------------------------

    def save_attendance(self, people: list[Attendee]) -> None:
        if self.meeting is not None and self.save_pending_details():
            meeting_id, version = self.meeting.id, self.meeting.version
            self._apply(
                lambda: self.services.meetings.set_attendance(meeting_id, people, expected_version=version),
                keep=self.selected_mrn(),
            )

    def _add_person(self) -> None:
        people = self.attendance_model.people()
        taken = {p.role.lower() for p in people}
        role = next((r for r in vocab.disciplines().core if r not in taken), "nurse")
        self.save_attendance([*people, Attendee(f"Name {len(people) + 1}", role)])
        index = self.attendance_model.index(len(people), 0)
        self.attendance_view.setCurrentIndex(index)
        self.attendance_view.edit(index)

    def _remove_person(self) -> None:
        index = self.attendance_view.currentIndex()
        if index.isValid():
            people = self.attendance_model.people()
            del people[index.row()]
            self.save_attendance(people)

    def record_decision(self) -> None:
        mrn = self.decision.mrn
        if self.meeting is None or mrn is None:
            return
        refused = self.decision.actions_model.refused_problem()
        if refused is not None:
            self.decision.show_problems(refused)
            return
        meeting_id, version = self.meeting.id, self.meeting.version
        m = self.services.meetings
        if not self.meeting.editable:  # closed: only ticking action items done
            self._apply(
                lambda: m.set_actions(
                    meeting_id, mrn, self.decision.actions_model.items(), expected_version=version
                ),
                keep=mrn,
                problems=self.decision.show_problems,
            )
            return
        values = self.decision.values()
        options = self.decision.considered()
        actions = self.decision.actions_model.items()

        def write() -> Meeting:  # one transaction: the decision, its options and its actions, or nothing
            return m.record_decision(
                meeting_id, mrn, **values, options=options, actions=actions, expected_version=version
            )

        if self._apply(write, keep=mrn, problems=self.decision.show_problems):
            self.statusBar().showMessage(f"Decision recorded for {mrn}", 5000)

    # --- output ---------------------------------------------------------------------------------------

    def export_pdf(self) -> None:
        if self.meeting is None:
            return
        suffix = "-deidentified" if self.deidentify_pdf.isChecked() else ""
        name, _ = QFileDialog.getSaveFileName(
            self, "Agenda PDF", f"agenda-{self.meeting.date.isoformat()}{suffix}.pdf", "PDF (*.pdf)"
        )
        if name:
            self.write_pdf(Path(name))

    def write_pdf(self, path: Path) -> bool:
        assert self.meeting is not None
        try:
            self.services.write_agenda_pdf(self.meeting, path, deidentify=self.deidentify_pdf.isChecked())
        except ExportError as exc:
            self._say(str(exc))
            return False
        self.statusBar().showMessage(f"Wrote the agenda to {path}", 5000)
        return True

    def present(self) -> None:
        if self.meeting is None or not self.meeting.agenda:
            self._say("Put cases on the agenda first")
            return
        from ui.meeting.presentation import PresentationView

        start = self.agenda_view.currentIndex().row() if self.agenda_view.currentIndex().isValid() else 0
        self.presentation = PresentationView(self.services, self.meeting.id, start)
        self.presentation.finished.connect(self._presentation_left)
        # Full screen is a request to the window manager; without one (a kiosk, a bare X
        # session on the room's PC) the window stayed at its default 1280×720 otherwise.
        self.presentation.setGeometry(self.screen().geometry())
        self.presentation.showFullScreen()

    def _presentation_left(self, mrn: str) -> None:
        self.presentation = None
        self.select_case(mrn)
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Details typed but not saved are saved on closing; if refused, the window stays."""
        if self.save_pending_details():
            self.signoff_actions.stop()  # an export stopped half-way writes nothing
            event.accept()
        else:
            event.ignore()

    # --- state ------------------------------------------------------------------------------------------

    def _show(self, meeting: Meeting | None, keep: str | None = None) -> None:
        keep = keep or self.selected_mrn()
        self.meeting = meeting
        self.signing_state = self.signoff_actions.state_of(meeting)
        locked = self.locked()
        editable = meeting is not None and meeting.editable and not locked
        self.details.setEnabled(meeting is not None)
        if meeting is not None:
            self.title_edit.setText(meeting.title)
            self.date_edit.setDate(QDate(meeting.date.year, meeting.date.month, meeting.date.day))
            self.time_edit.setText(meeting.start_time.strftime("%H:%M") if meeting.start_time else "")
            self.place_edit.setText(meeting.place or "")
            self.video_edit.setText(meeting.video_link or "")
            self.chair_edit.setText(meeting.chair or "")
            revision = f" · revision {meeting.revision}" if meeting.revision > 1 else ""
            self.status_label.setText(
                f"{self._status_label(meeting)}{revision}{self._read_only_words(meeting)}"
            )
            self.setWindowTitle(f"isconf — meeting {meeting.id}: {meeting.title}")
        # Read-only rather than disabled: a closed meeting's details stay legible.
        for edit in (self.title_edit, self.time_edit, self.place_edit, self.video_edit, self.chair_edit):
            edit.setReadOnly(not editable)
        self.date_edit.setReadOnly(not editable)
        # A read-only date shows no calendar arrow: an arrow that opens nothing looked live.
        self.date_edit.setCalendarPopup(editable)
        self.date_edit.setButtonSymbols(
            QAbstractSpinBox.ButtonSymbols.UpDownArrows
            if editable
            else QAbstractSpinBox.ButtonSymbols.NoButtons
        )
        self.details_problems.hide()
        self.agenda_model.set_meeting(meeting)
        self._fit_decision_column()
        self.attendance_model.set_people(meeting.attendance if meeting else (), editable)
        self.signoff.show_state(self.signing_state, self.signoff_actions.member_names())
        self._show_lock()
        self._show_disciplines(meeting)
        self._show_order(meeting)
        self._update_actions()
        if keep and meeting is not None and meeting.item(keep) is not None:
            self.select_case(keep)
        else:
            self.decision.load(None, editable=False)

    def locked(self) -> bool:
        """Signed and locked: nothing of it can change until it is amended."""
        return bool(self.signing_state is not None and self.signing_state.locked)

    def _status_label(self, meeting: Meeting) -> str:
        if self.locked():
            return "Signed and locked"
        return dict(vocab.STATUS).get(meeting.status, meeting.status.replace("_", " ").capitalize())

    def _read_only_words(self, meeting: Meeting) -> str:
        if self.locked():
            return " — read-only; Amend… to change it"
        return "" if meeting.editable else " — read-only; Reopen (Ctrl+Shift+O) to change it"

    def _say_read_only(self) -> None:
        if self.meeting is not None:
            words = f"{self._status_label(self.meeting)}{self._read_only_words(self.meeting)}"
            self.statusBar().showMessage(f"Not changed: {words[0].lower()}{words[1:]}", 8000)

    def _show_lock(self) -> None:
        state = self.signing_state
        self.lock_banner.setVisible(self.locked())
        if state is None or not state.locked:
            return
        self.lock_banner.setText(
            f"Signed and locked — amend to change (Sign-off ▸ Amend…). Revision {state.revision}, "
            f"content SHA-256 {hash_prefix(state.content_sha256)}, signed by "
            + ", ".join(s.name for s in state.signatures)
        )
        # Not even action items ticked done: the signed record stays as it was signed.
        self.decision.record_button.setEnabled(False)

    def case_saved(self, _mrn: str) -> None:
        """A case was saved in the main window: the agenda reads its status, urgency and
        readiness again. Only the agenda is shown anew, so details, attendance and a decision
        being typed stay as they are (unless the meeting itself changed elsewhere meanwhile)."""
        if self.meeting is None:
            return
        meeting_id = self.meeting.id
        fresh = self._call(lambda: self.services.meetings.get_meeting(meeting_id))
        if fresh is None:
            return
        if fresh.version != self.meeting.version:
            self._reload_after_conflict("The meeting was changed elsewhere")
            return
        keep = self.selected_mrn()
        self.meeting = fresh
        selection = self.agenda_view.selectionModel()
        selection.blockSignals(True)  # the decision form keeps what is typed
        self.agenda_model.set_meeting(fresh)
        if keep is not None:
            self.select_case(keep)
        selection.blockSignals(False)
        self.agenda_view.viewport().update()
        self._show_order(fresh)

    def _fit_decision_column(self) -> None:
        """As wide as its decisions, up to DECISION_WIDTH: while none is recorded the question
        (what the coordinator types when planning) keeps the room."""
        header = self.agenda_view.horizontalHeader()
        wanted = max(
            self.agenda_view.sizeHintForColumn(AgendaModel.DECISION),
            header.sectionSizeHint(AgendaModel.DECISION),
        )
        header.resizeSection(AgendaModel.DECISION, min(wanted, DECISION_WIDTH))

    def _show_order(self, meeting: Meeting | None) -> None:
        if meeting is None:
            self.order_label.setText("")
            return
        order = (
            "by hand (Sort by urgency re-applies the automatic order)"
            if meeting.manual_order
            else "by urgency"
        )
        self.order_label.setText(f"Order: {order} · {meeting.total_minutes} minutes")

    def _show_disciplines(self, meeting: Meeting | None) -> None:
        absent = meeting.absent_core_disciplines if meeting else ()
        self.discipline_warning.setVisible(bool(absent))
        if absent:
            self.discipline_warning.setText(
                f"⚠ No {', '.join(absent)} present. Core disciplines of the conference: "
                f"{', '.join(vocab.disciplines().core)} ({vocab.disciplines().core_source.split(':')[0]})."
            )

    def _update_actions(self) -> None:
        m = self.meeting
        editable = m is not None and m.editable and not self.locked()
        has_cases = m is not None and bool(m.agenda)
        a = self.actions_
        a[A.SAVE_DETAILS].setEnabled(editable)
        for action_id in (
            A.ADD_CASES,
            A.REMOVE_CASE,
            A.MOVE_UP,
            A.MOVE_DOWN,
            A.SORT_BY_URGENCY,
            A.UNDO_ORDER,
            A.ADD_PERSON,
            A.REMOVE_PERSON,
        ):
            a[action_id].setEnabled(editable)
        a[A.START].setEnabled(m is not None and m.status == vocab.PLANNED)
        a[A.CLOSE].setEnabled(editable)
        a[A.REOPEN].setEnabled(m is not None and m.status == vocab.CLOSED and not self.locked())
        a[A.RECORD_DECISION].setEnabled(m is not None and not self.locked())
        a[A.AGENDA_PDF].setEnabled(has_cases)
        a[A.PRESENT].setEnabled(has_cases)
        self.signoff_actions.update_enabled()

    def _apply(self, call: Any, *, keep: str | None = None, problems: Any = None) -> bool:
        """Run a write through the services and show the meeting it returns; a refusal is shown
        in words beside what it concerns, and nothing on screen changes."""
        meeting = self._call(call, problems=problems)
        if meeting is None:
            return False
        self.refresh_meetings(select=meeting.id)
        self._show(meeting, keep=keep)
        return True

    def _call(self, call: Any, problems: Any = None) -> Any:
        try:
            return call()
        except ServiceError as exc:
            text = "\n".join(f"{p.path.capitalize()}: {p.message}" for p in exc.problems)
            (problems or self._say)(text)
            if self.meeting is not None and isinstance(exc, ConflictError):
                self._reload_after_conflict(text)
            elif self.meeting is not None:  # the model may show an edit the services refused
                self.agenda_model.set_meeting(self.meeting)
                self.attendance_model.set_people(self.meeting.attendance, self.meeting.editable)
            return None

    def _reload_after_conflict(self, text: str) -> None:
        """Another workstation saved this meeting first: show theirs; the decision form keeps
        what was typed, so it can be recorded again."""
        assert self.meeting is not None
        keep = self.selected_mrn()
        typed = self.decision.values() if self.decision.mrn else None
        fresh = self.services.meetings.get_meeting(self.meeting.id)
        self.refresh_meetings(select=fresh.id)
        self._show(fresh, keep=keep)
        if typed is not None and self.decision.mrn == keep:
            self.decision.rationale.setPlainText(typed["rationale"])
        self._say(text + " (reloaded)")

    def _details_problem(self, text: str) -> None:
        self.details_problems.setText(text)
        self.details_problems.setVisible(bool(text))

    def _say(self, text: str) -> None:
        self.statusBar().showMessage(text.replace("\n", "; "), 8000)


def _show_rows(view: QTableView, rows: int) -> None:
    """Exactly ``rows`` rows high, whatever the rows and the warning under it: a table that grew
    and shrank with them moved the buttons below it as people were added."""
    height = view.horizontalHeader().sizeHint().height() + rows * view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height + 2 * view.frameWidth())


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

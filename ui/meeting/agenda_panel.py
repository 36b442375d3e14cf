"""The open meeting's agenda: its cases in order, with slot, readiness, decision and question,
the buttons that change it, and the order it is in."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from isconf.meetings.model import Meeting
from ui.column_fit import Column, ColumnFitter
from ui.meeting.actions import MeetingAction, action_button
from ui.meeting.models import AgendaModel
from ui.tables import read_only_table

A = MeetingAction
READINESS_WIDTH = 190  # "missing: no EEG; no me…" with the rest in the tooltip
NAME_WIDTH = 150  # "Family, Given" of most names; a long one is cut, the whole in its tooltip
DECISION_WIDTH = 170  # "Hemispherectomy / hem…": fitted to it, it pushed the question out of sight
M = AgendaModel
AGENDA_COLUMNS = (
    Column(M.NUMBER, 28),
    Column(M.SLOT, 80),
    Column(M.MRN, 70, whole=True),
    Column(M.NAME, 90, most=NAME_WIDTH),
    Column(M.STATUS, 80),
    Column(M.URGENT, 80),
    Column(M.QUESTION, 180, most=320, share=2),
    Column(M.DECISION, 110, most=DECISION_WIDTH),  # the question, typed when planning, takes the rest
    # The weeks are on the slide and in the case; the readiness in the status and the case.
    Column(M.RESISTANT, 60, drop=2),
    Column(M.SPASMS, 60, drop=1),
    Column(M.MINUTES, 40, drop=4),
    Column(M.READINESS, 90, most=READINESS_WIDTH, drop=3),
)
BUTTONS = (A.ADD_CASES, A.MOVE_UP, A.MOVE_DOWN, A.REMOVE_CASE, A.SORT_BY_URGENCY)


class AgendaPanel(QGroupBox):
    """The agenda table; edits and drops come out as the model's ``itemEdited`` and
    ``orderRequested``, which the window turns into writes."""

    def __init__(self, actions: Mapping[MeetingAction, QAction]) -> None:
        super().__init__("Agenda")
        self.agenda_model = AgendaModel(self)
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
        self._size_columns()
        self.order_label = QLabel(objectName="hint", wordWrap=True)
        # Named for the agenda: beside Export signed summary, "De-identified PDF" read as if it
        # de-identified the summary too, which asks for itself. It sits in the toolbar.
        self.deidentify_pdf = QCheckBox("De-identified agenda PDF (initials and age)")
        self.deidentify_pdf.setToolTip(
            "For Agenda PDF (Ctrl+P); Export signed summary… (Ctrl+Shift+E) has its own De-identify"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.agenda_view, 1)
        buttons = QHBoxLayout()
        for action_id in BUTTONS:
            buttons.addWidget(action_button(actions[action_id]))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.order_label)

    def _size_columns(self) -> None:
        header = self.agenda_view.horizontalHeader()
        # What the team is asked and what it decided come before what is still missing, and
        # take the room left over; the columns whose words are elsewhere (the slide, the
        # case) give way first on a laptop rather than the question being ~80 px.
        for place, column in enumerate(
            (AgendaModel.QUESTION, AgendaModel.DECISION), start=AgendaModel.URGENT + 1
        ):
            header.moveSection(header.visualIndex(column), place)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.columns = ColumnFitter(self.agenda_view, AGENDA_COLUMNS)

    def show_meeting(self, meeting: Meeting | None) -> None:
        self.agenda_model.set_meeting(meeting)
        self._fit_decision_column()
        self.show_order(meeting)

    def mrns(self) -> list[str]:
        return self.agenda_model.mrns()

    def selected_mrn(self) -> str | None:
        index = self.agenda_view.currentIndex()
        return self.agenda_model.item(index.row()).mrn if index.isValid() else None

    def selected_row(self) -> int:
        """The selected row, or the first when none is (where a presentation starts)."""
        index = self.agenda_view.currentIndex()
        return index.row() if index.isValid() else 0

    def select_case(self, mrn: str) -> None:
        if mrn in (order := self.agenda_model.mrns()):
            self.agenda_view.setCurrentIndex(self.agenda_model.index(order.index(mrn), AgendaModel.MRN))

    def refresh_rows(self, meeting: Meeting) -> None:
        """The rows read again (statuses, readiness) with the selection kept and no
        ``currentRowChanged``: the decision form keeps what is typed."""
        keep = self.selected_mrn()
        selection = self.agenda_view.selectionModel()
        selection.blockSignals(True)
        self.agenda_model.set_meeting(meeting)
        if keep is not None:
            self.select_case(keep)
        selection.blockSignals(False)
        self.agenda_view.viewport().update()
        self.show_order(meeting)

    def _fit_decision_column(self) -> None:
        """Each column's contents measured again (a decision recorded, a question typed)."""
        self.columns.measure()

    def show_order(self, meeting: Meeting | None) -> None:
        if meeting is None:
            self.order_label.setText("")
            return
        order = (
            "by hand (Sort by urgency re-applies the automatic order)"
            if meeting.manual_order
            else "by urgency"
        )
        when = f" · {meeting.as_of_words}" if meeting.as_of_words else ""
        self.order_label.setText(f"Order: {order} · {meeting.total_minutes} minutes{when}")

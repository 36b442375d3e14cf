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
    QHeaderView,
    QLabel,
    QVBoxLayout,
)

from isconf.meetings.model import Meeting
from ui.meeting.actions import MeetingAction, action_button
from ui.meeting.models import AgendaModel
from ui.tables import read_only_table

A = MeetingAction
READINESS_WIDTH = 190  # "missing: no EEG; no me…" with the rest in the tooltip
NAME_WIDTH = 150  # "Family, Given" of most names; a long one is cut, the whole in its tooltip
DECISION_WIDTH = 170  # "Hemispherectomy / hem…": fitted to it, it pushed the question out of sight
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
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Readiness and decision are elided to their width (the whole is the tooltip); the question,
        # last, takes the rest: the table fits the window without scrolling sideways.
        header.setSectionResizeMode(AgendaModel.READINESS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(AgendaModel.READINESS, READINESS_WIDTH)
        header.setSectionResizeMode(AgendaModel.DECISION, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(AgendaModel.DECISION, DECISION_WIDTH)
        header.setSectionResizeMode(AgendaModel.QUESTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AgendaModel.NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(AgendaModel.NAME, NAME_WIDTH)
        # What the team is asked and what it decided come before what is still missing: on a
        # laptop the columns at the right are the ones scrolled out of sight.
        for place, column in enumerate(
            (AgendaModel.QUESTION, AgendaModel.DECISION), start=AgendaModel.URGENT + 1
        ):
            header.moveSection(header.visualIndex(column), place)

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
        """As wide as its decisions, up to DECISION_WIDTH: while none is recorded the question
        (what the coordinator types when planning) keeps the room. Names likewise."""
        header = self.agenda_view.horizontalHeader()
        for column, most in ((AgendaModel.DECISION, DECISION_WIDTH), (AgendaModel.NAME, NAME_WIDTH)):
            wanted = max(self.agenda_view.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, min(wanted, most))

    def show_order(self, meeting: Meeting | None) -> None:
        if meeting is None:
            self.order_label.setText("")
            return
        order = (
            "by hand (Sort by urgency re-applies the automatic order)"
            if meeting.manual_order
            else "by urgency"
        )
        self.order_label.setText(f"Order: {order} · {meeting.total_minutes} minutes")

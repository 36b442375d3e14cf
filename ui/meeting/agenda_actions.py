"""What the agenda's actions do: add and remove cases, move them, sort, undo the order, and
edit a case's minutes and question. Each asks the ``MeetingController`` for its write and
hands it to the window, which runs it off the UI thread and shows the meeting it returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.meeting.add_cases import AddCasesDialog
from ui.meeting.controller import MeetingController, Refused

if TYPE_CHECKING:
    from ui.meeting.meeting_window import MeetingWindow


class AgendaActions:
    """The agenda's slots for one meetings window."""

    def __init__(self, window: MeetingWindow, controller: MeetingController) -> None:
        self.window, self.controller = window, controller

    def add_cases(self) -> None:
        window = self.window
        if self.controller.meeting is None:
            return
        dialog = AddCasesDialog(self.controller.services, set(window.agenda.mrns()), window)
        if dialog.exec():
            self.add_mrns(dialog.selected_mrns())

    def add_mrns(self, mrns: list[str]) -> None:
        if self.controller.meeting is not None and mrns:
            self.window.writes.write(lambda: self.controller.add_cases(mrns), keep=mrns[0])

    def remove_case(self) -> None:
        mrn = self.window.selected_mrn()
        if self.controller.meeting is not None and mrn is not None:
            self.window.writes.write(lambda: self.controller.remove_case(mrn))

    def move_selected(self, step: int) -> None:
        mrn = self.window.selected_mrn()
        if self.controller.meeting is None or mrn is None:
            return
        order = self.controller.moved(self.window.agenda.mrns(), mrn, step)
        if order is not None:
            self.set_order(order, keep=mrn)

    def sort_by_urgency(self) -> None:
        self.window.writes.write(lambda: self.controller.sort_by_urgency(self.window.agenda.mrns()))

    def set_order(self, order: list[str], keep: str | None = None) -> None:
        """The agenda in ``order`` (a move, a drop, or Undo); the order it replaces is kept
        for Undo, so Ctrl+Z again redoes."""
        window = self.window
        keep = keep or window.selected_mrn()
        window.save_pending_details(
            lambda: window.writes.write(
                lambda: self.controller.set_order(order, window.agenda.mrns()), keep=keep
            )
        )

    def undo_order(self) -> None:
        """Back to the order before the last move or sort; pressed again, it redoes it."""
        try:
            order = self.controller.order_to_undo(self.window.agenda.mrns())
        except Refused as refused:
            self.window.say(str(refused))
            return
        if order is not None:
            self.set_order(order)

    def edit_item(self, mrn: str, minutes: int | None, question: str | None) -> None:
        window = self.window
        window.save_pending_details(
            lambda: window.writes.write(lambda: self.controller.set_item(mrn, minutes, question), keep=mrn)
        )

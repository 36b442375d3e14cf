"""How the meetings window's writes run and how changes come back to it.

A write runs off the UI thread (``ui.ops``) once any write before it has finished, and the
meeting it returns is shown; a refusal is shown beside what it concerns, a conflict reloads
the meeting. Another window's write, heard on the change bus, is read again only for the
meetings (and agenda cases) it names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from isconf.meetings.model import Meeting
from isconf.services import Changes, ServiceError
from ui.meeting.controller import MeetingController, Write
from ui.ops import problem_words

if TYPE_CHECKING:
    from ui.meeting.meeting_window import MeetingWindow

Problems = Callable[[str], None]


class MeetingWrites:
    """The write plumbing of one meetings window."""

    def __init__(self, window: MeetingWindow, controller: MeetingController) -> None:
        self.window, self.controller = window, controller

    def write(
        self,
        make: Callable[[], Write],
        *,
        keep: str | None = None,
        then: Callable[[Meeting], None] | None = None,
    ) -> None:
        """Run the write ``make`` gives, once any write still running has finished (so it
        carries the meeting's version as that one left it)."""
        self.window.ops.when_idle(lambda: self.start(make(), keep=keep, then=then))

    def start(
        self,
        write: Write,
        *,
        keep: str | None = None,
        problems: Problems | None = None,
        then: Callable[[Meeting], None] | None = None,
        records_decision: str | None = None,
    ) -> None:
        """Run ``write`` off the UI thread and show the meeting it returns; a refusal is shown
        in words beside what it concerns, and nothing on screen changes. A decision typed and
        not recorded stays in the form (``DecisionForm.unrecorded``) unless this write records it."""

        def written(meeting: Meeting) -> None:
            shown = keep
            if records_decision is not None:  # the MRN whose decision this write records
                self.window.decision.recorded(records_decision)
                # The case in the form now: another may have been clicked while the write ran.
                shown = self.window.decision.mrn or records_decision
            self.window.meeting_list.put(meeting)
            self.window.show_meeting(meeting, keep=shown)
            if then is not None:
                then(meeting)

        self.window.ops.run(
            write,
            initiator=self.window,
            on_success=written,
            on_problem=problems or self.window.say,
            on_conflict=lambda exc: self._conflict(problem_words(exc), problems),
            on_failure=self._show_saved_again,
        )

    def _conflict(self, text: str, problems: Problems | None) -> None:
        (problems or self.window.say)(text)
        if self.controller.meeting is not None:
            self.reload_after_conflict(text)

    def _show_saved_again(self) -> None:
        """The models may show an edit the services refused: back to what is stored."""
        meeting = self.controller.meeting
        if meeting is not None:
            self.window.agenda.agenda_model.set_meeting(meeting)
            self.window.attendance.attendance_model.set_people(meeting.attendance, self.controller.editable)

    def reload_after_conflict(self, text: str, fresh: Meeting | None = None) -> None:
        """Another workstation saved this meeting first: show theirs (``fresh``, when it was
        just read); the decision form keeps what was typed, so it can be recorded again."""
        assert self.controller.meeting is not None
        keep = self.window.selected_mrn()
        fresh = fresh or self.controller.services.meetings.get_meeting(self.controller.meeting.id)
        self.window.meeting_list.put(fresh)
        self.window.show_meeting(fresh, keep=keep)  # a decision being typed is put back (DecisionForm)
        self.window.say(text + " (reloaded)")

    def reread_meeting(self, words: str) -> None:
        """The open meeting read again after a sign-off dialog wrote it; ``words`` say what."""
        assert self.controller.meeting is not None
        fresh = self.controller.services.meetings.get_meeting(self.controller.meeting.id)
        self.window.meeting_list.put(fresh)
        self.window.show_meeting(fresh)
        self.window.side_tabs.setCurrentWidget(self.window.signoff)
        self.window.statusBar().showMessage(words, 10000)

    def changed_elsewhere(self, changes: Changes, initiator: object) -> None:
        """Another window wrote: each meeting named is read again alone (its list row; the open
        one's agenda), and so is the open meeting when a case on its agenda changed. Details,
        attendance and a decision being typed stay as they are."""
        if initiator is self.window:
            return
        open_id = self.controller.meeting.id if self.controller.meeting is not None else None
        for meeting_id in sorted(changes.meetings - {open_id}):
            try:
                self.window.meeting_list.put_quietly(
                    self.controller.services.meetings.get_meeting(meeting_id)
                )
            except ServiceError:  # gone meanwhile: the list is read again whole
                self.window.refresh_meetings()
        if open_id is not None and (
            open_id in changes.meetings or changes.cases & set(self.window.agenda.mrns())
        ):
            self.reread_agenda()

    def reread_agenda(self) -> None:
        """The open meeting's agenda read again (its cases' statuses); if the meeting itself
        changed, the whole meeting is shown anew."""
        assert self.controller.meeting is not None
        fresh = self.controller.services.meetings.get_meeting(self.controller.meeting.id)
        if fresh.version != self.controller.meeting.version:
            self.reload_after_conflict("The meeting was changed elsewhere", fresh)
            return
        self.controller.meeting = fresh
        self.window.agenda.refresh_rows(fresh)

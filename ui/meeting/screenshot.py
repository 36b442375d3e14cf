"""The meetings window and the presentation for ``isconf gui --screenshot --view meeting|present``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from isconf.meetings.model import Meeting
from isconf.services import ServiceError, Services

PRESENT_SIZE = (1920, 1080)  # a conference room's projector or screen
MEETING_SIZE = (1600, 950)


class ViewRefused(Exception):
    """The view cannot be shown as asked; the message is one line, ``code`` the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def choose_meeting(services: Services, meeting_id: int | None, case_mrn: str | None) -> Meeting:
    """The meeting asked for; without ``--meeting``, the newest with ``case_mrn`` on its agenda
    (or the newest of all)."""
    if meeting_id is not None:
        try:
            return services.meetings.get_meeting(meeting_id)
        except ServiceError as exc:
            raise ViewRefused(f"--meeting: {exc.problems[0].message}") from None
    for summary in services.meetings.list_meetings():
        meeting = services.meetings.get_meeting(summary.id)
        if case_mrn is None or any(item.mrn == case_mrn for item in meeting.agenda):
            return meeting
    raise ViewRefused(
        "--meeting ID: no meeting" + (f" has {case_mrn!r} on its agenda" if case_mrn else " yet"), 2
    )


def meeting_view(services: Services, view: str, meeting_id: int | None, case_mrn: str | None) -> QWidget:
    meeting = choose_meeting(services, meeting_id, case_mrn)
    agenda = [item.mrn for item in meeting.agenda]
    if case_mrn is not None and case_mrn not in agenda:
        raise ViewRefused(f"--case: {case_mrn!r} is not on meeting {meeting.id}'s agenda")
    shown = agenda.index(case_mrn) if case_mrn is not None else 0
    if view == "present":
        if not meeting.agenda:
            raise ViewRefused(f"--meeting: meeting {meeting.id} has no cases to present")
        from ui.meeting.presentation import PresentationView

        return PresentationView(services, meeting.id, shown)
    from ui.meeting.meeting_window import MeetingWindow

    window = MeetingWindow(services)
    window.open_meeting(meeting.id)
    if agenda:
        window.select_case(agenda[shown])
    return window

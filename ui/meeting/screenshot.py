"""``isconf gui --screenshot FILE --view meeting|present --meeting ID [--case MRN]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from isconf.services import ServiceError, Services

PRESENT_SIZE = (1920, 1080)  # a conference room's projector or screen
MEETING_SIZE = (1600, 950)


def meeting_screenshot(
    services: Services,
    path: Path | None,
    view: str,
    meeting_id: int | None,
    size: tuple[int, int] | None,
    case_mrn: str | None = None,
) -> int:
    if path is None:
        print("isconf: error: --view meeting and present go with --screenshot", file=sys.stderr)
        return 2
    if meeting_id is None:
        print(f"isconf: error: --view {view} needs --meeting ID", file=sys.stderr)
        return 2
    try:
        meeting = services.meetings.get_meeting(meeting_id)
    except ServiceError as exc:
        print(f"isconf: error: --meeting: {exc.problems[0].message}", file=sys.stderr)
        return 1
    agenda = [item.mrn for item in meeting.agenda]
    if case_mrn is not None and case_mrn not in agenda:
        print(f"isconf: error: --case: {case_mrn!r} is not on meeting {meeting_id}'s agenda", file=sys.stderr)
        return 1
    shown = agenda.index(case_mrn) if case_mrn is not None else 0
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from ui.app import apply_style, save_screenshot

    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_style(app)
    if view == "present":
        if not meeting.agenda:
            print(f"isconf: error: --meeting: meeting {meeting_id} has no cases to present", file=sys.stderr)
            return 1
        from ui.meeting.presentation import PresentationView

        widget = PresentationView(services, meeting_id, shown)
        widget.resize(*(size or PRESENT_SIZE))
        return save_screenshot(app, widget, path)
    from ui.meeting.meeting_window import MeetingWindow

    window = MeetingWindow(services)
    window.open_meeting(meeting_id)
    if agenda:
        window.select_case(agenda[shown])
    window.resize(*(size or MEETING_SIZE))
    return save_screenshot(app, window, path)

"""``isconf gui --screenshot FILE --view meeting|present --meeting ID``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from isconf.services import ServiceError, Services

PRESENT_SIZE = (1920, 1080)  # a conference room's projector or screen
MEETING_SIZE = (1600, 950)


def meeting_screenshot(
    services: Services, path: Path | None, view: str, meeting_id: int | None, size: tuple[int, int] | None
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

        widget = PresentationView(services, meeting_id)
        widget.resize(*(size or PRESENT_SIZE))
        return save_screenshot(app, widget, path)
    from ui.meeting.meeting_window import MeetingWindow

    window = MeetingWindow(services)
    window.open_meeting(meeting_id)
    if meeting.agenda:
        window.select_case(meeting.agenda[0].mrn)
    window.resize(*(size or MEETING_SIZE))
    return save_screenshot(app, window, path)

"""``isconf meeting texts`` and ``isconf meeting checked``: a meeting's free texts, and
marking one "checked for identifiers" (a de-identified agenda or summary prints only those;
``isconf.deid_text``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isconf.services import Services


def add_meeting_commands(inner: Any, meeting_id_arg: Callable[[str], int]) -> None:
    p = inner.add_parser(
        "texts", help="the meeting's free texts and whether each was checked for identifiers"
    )
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    p = inner.add_parser(
        "checked", help="mark a free text checked for identifiers (de-identified outputs then print it)"
    )
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    p.add_argument(
        "where", metavar="TEXT", help='which text, as `isconf meeting texts` names it ("title", …)'
    )


def _texts(services: Services, args: argparse.Namespace) -> int:
    meeting = services.meetings.get_meeting(args.meeting)
    for row in services.text_checks.listing(meeting):
        print(f"{row.where}: {'checked' if row.checked else 'not checked'}")
    return 0


def _checked(services: Services, args: argparse.Namespace) -> int:
    meeting = services.meetings.get_meeting(args.meeting)
    services.text_checks.mark_checked(meeting, args.where)
    print(f"meeting {meeting.id}: {args.where} marked checked for identifiers")
    return 0


MEETING_HANDLERS = {"texts": _texts, "checked": _checked}

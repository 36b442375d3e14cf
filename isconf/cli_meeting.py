"""``isconf meeting …``: create a case conference, build its agenda, record decisions.

Each subcommand goes through ``Services.meetings``; a problem is one line naming
the flag it concerns.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf import cli_conference, cli_signing, cli_text_checks
from isconf.cli_errors import print_problems
from isconf.cli_options import add_db_option
from isconf.meetings import vocab

if TYPE_CHECKING:
    from isconf.meetings.model import Meeting
    from isconf.services import Services

# Which flag a service problem's path is about, so the message names what to fix.
FLAGS = {
    "title": "--title",
    "chair": "--chair",
    "place": "--place",
    "video link": "--video",
    "recommendation": "--recommendation",
    "rationale": "--rationale",
    "consensus": "--consensus",
    "dissent": "--dissent",
    "tests": "--tests",
    "meeting": "MEETING",
    "mrn": "MRN",
    "status": "STATUS",
    **cli_signing.FLAGS,
    **cli_conference.FLAGS,
}
STATUS_WORDS = {"start": vocab.IN_PROGRESS, "close": vocab.CLOSED, "reopen": vocab.IN_PROGRESS}


def add_commands(sub: Any, day: Callable[[str], date]) -> None:
    """Add ``meeting`` and its subcommands to the ``isconf`` parser's subparsers (``day``: the
    command line's date parser, so every date flag says the same about a bad date)."""
    meeting = sub.add_parser("meeting", help="case conferences: agenda, decisions (isconf meeting -h)")
    inner = meeting.add_subparsers(dest="meeting_command", metavar="SUBCOMMAND", parser_class=type(meeting))
    inner.required = True

    p = inner.add_parser("new", help="create a meeting; prints its id last")
    p.add_argument("--date", type=day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--time", type=_clock, metavar="HH:MM", help="start time (slot times follow from it)")
    p.add_argument("--title", required=True, metavar="TEXT")
    p.add_argument("--chair", metavar="NAME")
    p.add_argument("--place", metavar="TEXT", help="room")
    p.add_argument("--video", metavar="URL", help="video link")

    inner.add_parser("list", help="the meetings, newest first")

    p = inner.add_parser("add", help="put cases on the agenda (ordered by urgency)")
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    p.add_argument("mrns", nargs="+", metavar="MRN")

    p = inner.add_parser("agenda", help="the agenda in order, or as a PDF")
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    p.add_argument("--pdf", type=Path, metavar="FILE", help="write the agenda PDF to FILE")
    p.add_argument(
        "--deidentify", action="store_true", help="initials and age instead of name, MRN and birth date"
    )

    p = inner.add_parser("decide", help="record the team's recommendation for a case")
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    p.add_argument("mrn", metavar="MRN")
    p.add_argument(
        "--recommendation",
        required=True,
        choices=vocab.codes(vocab.RECOMMENDATION),
        metavar="R",
        help="one of: " + ", ".join(vocab.codes(vocab.RECOMMENDATION)),
    )
    p.add_argument("--rationale", required=True, metavar="TEXT")
    p.add_argument("--consensus", default=vocab.UNANIMOUS, choices=vocab.codes(vocab.CONSENSUS))
    p.add_argument("--dissent", metavar="TEXT", help="required with --consensus majority")
    p.add_argument(
        "--tests",
        type=_tests,
        default=(),
        metavar="LIST",
        help="with further_evaluation: " + ",".join(vocab.codes(vocab.TEST)),
    )
    cli_conference.add_decide_options(p)

    p = inner.add_parser("status", help="start, close or reopen a meeting")
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    p.add_argument("change", choices=tuple(STATUS_WORDS), metavar="start|close|reopen")

    p = inner.add_parser("show", help="the meeting: agenda, attendance, decisions")
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    p.add_argument("--json", action="store_true", help="print JSON")

    cli_signing.add_meeting_commands(inner, meeting_id_arg)
    cli_conference.add_commands(inner, meeting_id_arg, day)
    cli_text_checks.add_meeting_commands(inner, meeting_id_arg)

    for parser in inner.choices.values():
        add_db_option(parser)


def run(args: argparse.Namespace) -> int:
    from isconf.cli_signin import sign_in_from_environment
    from isconf.services import ServiceError, Services

    services = Services.open(args.db, create=False)
    try:
        if args.meeting_command != "sign":  # a signer proves their own password (and then writes)
            sign_in_from_environment(services)
        handler = {
            "new": _new,
            "list": _list,
            "add": _add,
            "agenda": _agenda,
            "decide": _decide,
            "status": _status,
            "show": _show,
            **cli_signing.MEETING_HANDLERS,
            **cli_conference.MEETING_HANDLERS,
            **cli_text_checks.MEETING_HANDLERS,
        }[args.meeting_command]
        return handler(services, args)
    except ServiceError as exc:
        print_problems(exc.problems, cli_conference.with_rows(FLAGS))
        return 1
    finally:
        services.close()


def _clock(text: str) -> time:
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time of day (HH:MM, 24-hour)") from None


def meeting_id_arg(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a meeting id (a whole number; see isconf meeting list)"
        )
    return int(text)


def _tests(text: str) -> tuple[str, ...]:
    tests = tuple(t.strip().lower() for t in text.split(",") if t.strip())
    unknown = [t for t in tests if t not in vocab.codes(vocab.TEST)]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown)}: not a test; choose from {','.join(vocab.codes(vocab.TEST))}"
        )
    return tests


def _new(services: Services, args: argparse.Namespace) -> int:
    meeting = services.meetings.create_meeting(
        title=args.title,
        day=args.date,
        start_time=args.time,
        place=args.place,
        video_link=args.video,
        chair=args.chair,
    )
    print(f"created meeting {meeting.title!r} on {meeting.date.isoformat()}, id {meeting.id}")
    return 0


def _list(services: Services, args: argparse.Namespace) -> int:
    meetings = services.meetings.list_meetings()
    if not meetings:
        print("no meetings (create one with: isconf meeting new --date YYYY-MM-DD --title TEXT)")
    for m in meetings:
        at = m.start_time.strftime("%H:%M") if m.start_time else "     "
        print(
            f"{m.id:>4}  {m.date.isoformat()} {at}  {vocab.label(vocab.STATUS, m.status):<11} {m.cases:>3} cases  {m.title}"
        )
    return 0


def _add(services: Services, args: argparse.Namespace) -> int:
    meeting, already = services.meetings.add_cases(args.meeting, args.mrns)
    for mrn in already:
        print(f"{mrn} was already on the agenda", file=sys.stderr)
    print(f"meeting {meeting.id}: {len(meeting.agenda)} case(s) on the agenda")
    _print_agenda(meeting, deidentify=False)
    return 0


def _agenda(services: Services, args: argparse.Namespace) -> int:
    meeting = services.meetings.get_meeting(args.meeting)
    if args.pdf is not None:
        from isconf.meetings.agenda_pdf import write_agenda_pdf

        write_agenda_pdf(meeting, args.pdf, deidentify=args.deidentify)
        print(f"wrote the agenda of meeting {meeting.id} to {args.pdf}", file=sys.stderr)
        return 0
    _print_agenda(meeting, deidentify=args.deidentify)
    return 0


def _decide(services: Services, args: argparse.Namespace) -> int:
    meeting = services.meetings.record_decision(
        args.meeting,
        args.mrn,
        recommendation=args.recommendation,
        rationale=args.rationale,
        consensus=args.consensus,
        dissent=args.dissent,
        tests=args.tests,
        options=cli_conference.considered(args),
    )
    item = meeting.item(args.mrn)
    assert item is not None and item.decision is not None
    print(
        f"meeting {meeting.id}, {item.mrn}: {vocab.label(vocab.RECOMMENDATION, item.decision.recommendation)} "
        f"({vocab.label(vocab.CONSENSUS, item.decision.consensus).lower()})"
    )
    return 0


def _status(services: Services, args: argparse.Namespace) -> int:
    meeting = services.meetings.get_meeting(args.meeting)
    if args.change == "reopen" and meeting.status not in (vocab.CLOSED, vocab.SIGNED):
        print(f"isconf: error: STATUS: meeting {meeting.id} is not closed", file=sys.stderr)
        return 1
    partly_signed = args.change == "reopen" and services.signing.state(args.meeting).signatures
    meeting = services.meetings.set_status(args.meeting, STATUS_WORDS[args.change])
    print(
        f"meeting {meeting.id}: {vocab.label(vocab.STATUS, meeting.status).lower()} (revision {meeting.revision})"
    )
    if partly_signed:
        print(cli_signing.reopened_note(meeting.revision))
    return 0


def _show(services: Services, args: argparse.Namespace) -> int:
    meeting = services.meetings.get_meeting(args.meeting)
    if args.json:
        print(json.dumps(meeting.to_json(), indent=2, ensure_ascii=False))
        return 0
    print(_header(meeting))
    present = [a for a in meeting.attendance if a.present]
    nobody = "nobody present" if meeting.attendance else "not recorded"
    print(f"attendance: {', '.join(f'{a.name} ({a.role})' for a in present) or nobody}")
    cli_conference.print_absent(meeting)
    if meeting.absent_core_disciplines:
        print(f"warning: no {', '.join(meeting.absent_core_disciplines)} present (NAEC core disciplines)")
    _print_agenda(meeting, deidentify=False)
    cli_conference.print_outcomes(meeting)
    return 0


def _header(meeting: Meeting) -> str:
    clock = f" {meeting.start_time:%H:%M}" if meeting.start_time else ""
    where = " · ".join(p for p in (meeting.place, meeting.video_link) if p)
    chair = f" · chair {meeting.chair}" if meeting.chair else ""
    status = vocab.label(vocab.STATUS, meeting.status).lower()
    return f"meeting {meeting.id}: {meeting.title} — {meeting.date.isoformat()}{clock}{chair}{' · ' + where if where else ''} ({status})"


def _print_agenda(meeting: Meeting, *, deidentify: bool) -> None:
    from isconf.report_text import status_words
    from isconf.status import alarm_words, operated_words

    order = "by hand" if meeting.manual_order else "by urgency"
    print(f"agenda ({order}, {meeting.total_minutes} minutes):")
    for n, item in enumerate(meeting.agenda, 1):
        who = _who(item, deidentify)
        urgent = f"{alarm_words(item.alarms)} " if item.alarms else "URGENT " if item.urgent else ""
        status = status_words(item.status) if item.status else "not evaluated"
        status = operated_words(item.outcome) if item.operated_on else status
        print(f"{n:>3}. {meeting.slot_words(item)}  {who}  {urgent}{status}")
        if item.question:
            print(f"       question: {_text(meeting, item, item.question, deidentify)}")
        print(f"       readiness: {'ready' if item.ready else 'missing ' + '; '.join(item.missing)}")
        if item.decision is not None:
            d = item.decision
            label = vocab.label(vocab.RECOMMENDATION, d.recommendation)
            print(f"       decision: {label} — {_text(meeting, item, d.rationale, deidentify)}")


def _text(meeting: Meeting, item: Any, text: str, deidentify: bool) -> str:
    """Free text as typed, or de-identified: initials in place of a child's name or MRN, the
    child's age in place of a date."""
    return meeting.redacted(text, item) if deidentify else text


def _who(item: Any, deidentify: bool) -> str:
    if deidentify:
        age = "age not recorded" if item.age_months is None else f"{item.age_months:.0f} months"
        return f"{item.initials} ({age})"
    return f"{item.mrn} {item.display_name}".strip()

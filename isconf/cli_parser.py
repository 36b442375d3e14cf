"""The command line's parser: every command's options, and the app's start parsed quickly.

A plain start of the app (no command, or ``gui``) is parsed by a parser of ``gui`` alone:
building every command's parser, and importing the modules that declare them, was ~10 ms of
each start (startup_s in docs/performance.md). Anything else, and any error or help, goes to
the whole parser (``parse``), so what the command line prints is the same as before.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from isconf import __version__
from isconf.cli_options import add_db_option, parse_day, parse_scale, parse_size

EXIT_USAGE = 2
VIEWS = ("cases", "case", "checklist", "tradeoff", "meeting", "present")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"isconf: error: {message}\n")


class _NotTheApp(Exception):
    """The command line is not a plain start of the app."""


class _AppOnly(_Parser):
    """Parses the app's start alone; gives up, before printing anything, on anything else."""

    def error(self, message: str) -> NoReturn:
        raise _NotTheApp

    def _print_message(self, message: str, file: Any = None) -> None:  # help, version
        raise _NotTheApp


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments: tried as the app's start first, else by the whole parser."""
    try:
        return build_parser(app_only=True).parse_args(argv)
    except _NotTheApp:
        return build_parser().parse_args(argv)


def build_parser(*, app_only: bool = False) -> argparse.ArgumentParser:
    """Every command's parser; ``app_only``: the options and ``gui`` alone (see ``parse``)."""
    parser_class = _AppOnly if app_only else _Parser
    parser = parser_class(prog="isconf", description="Infantile spasms surgery case conferences.")
    parser.add_argument("--version", action="version", version=f"isconf {__version__}")
    add_db_option(parser)
    parser.add_argument(
        "--demo", action="store_true", help="fill an empty database with synthetic demo cases"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    if not app_only:
        _add_case_commands(sub)
    _add_gui_command(sub)
    if not app_only:
        _add_other_commands(sub)
    for choice in sub.choices.values():
        add_db_option(choice)
    parser.set_defaults(db=None)
    return parser


def _add_case_commands(sub: Any) -> None:
    p = sub.add_parser("import", help="import case files (isconf-case/1)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--replace", action="store_true", help="overwrite cases whose MRN exists")

    p = sub.add_parser("export", help="write a case file")
    p.add_argument("mrn", metavar="MRN")
    p.add_argument(
        "--deidentify",
        action="store_true",
        help="remove the HIPAA Safe Harbor identifiers: names, MRN (pseudonym), dates (ages in days), places",
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output (- for it)"
    )

    p = sub.add_parser("list", help="list the cases")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("demo", help="add the synthetic demo cases")
    p.add_argument(
        "--team", action="store_true", help="also a demo team, one member per role (with passwords)"
    )

    p = sub.add_parser("audit", help="the audit trail: who changed what, when (oldest first)")
    p.add_argument("mrn", nargs="?", metavar="MRN", help="only this case (also after a rename or delete)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("evaluate", help="the candidacy checklist and urgency of a case or a case file")
    p.add_argument("target", metavar="MRN|FILE", help="a stored case's MRN, or a case file (not imported)")
    p.add_argument(
        "--as-of", type=parse_day, metavar="DATE", help="evaluate as of this date (default: today)"
    )
    p.add_argument("--json", action="store_true", help="print the isconf-evaluation/1 document")


def _add_gui_command(sub: Any) -> None:
    p = sub.add_parser("gui", help="launch the app, or render a window to a PNG")
    p.add_argument("--screenshot", type=Path, metavar="FILE", help="render offscreen to FILE and exit")
    p.add_argument("--view", choices=VIEWS, default="cases")
    p.add_argument("--case", metavar="MRN", help="the case to show")
    p.add_argument("--meeting", type=int, metavar="ID", help="the meeting for --view meeting or present")
    p.add_argument(
        "--size", type=parse_size, default=None, metavar="WxH", help="default 1600x900; 1920x1080 to present"
    )
    p.add_argument(
        "--scale", type=parse_scale, default=None, metavar="F", help="the screen's scaling: 1.5 for 150%%"
    )
    p.add_argument(
        "--check-layout",
        action="store_true",
        help="exit 1 listing overlapping or clipped text, or a window larger than --size",
    )
    p.add_argument("--demo", action="store_true", help=argparse.SUPPRESS)


def _add_other_commands(sub: Any) -> None:
    from isconf import (
        cli_fhir,
        cli_images,
        cli_maintenance,
        cli_meeting,
        cli_outcomes,
        cli_signing,
        cli_summary,
        cli_tradeoff,
        cli_verify,
    )

    cli_tradeoff.add_command(sub, parse_day)
    cli_outcomes.add_command(sub, parse_day)
    cli_images.add_command(sub, parse_day)
    cli_maintenance.add_commands(sub)
    cli_meeting.add_commands(sub, parse_day)
    cli_summary.add_command(sub)
    cli_verify.add_command(sub)
    cli_signing.add_user_command(sub)
    cli_fhir.add_command(sub)

"""``isconf summary MEETING -o FILE``: the meeting summary as a PDF (issue 6).

The PDF renders only from the summary package: the stored snapshot of a signed
revision, or the live draft of a meeting not yet signed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isconf.services import Services
    from isconf.summary.content import SummaryPackage

# Which flag a service problem's path is about, so the message names what to fix.
FLAGS = {"meeting": "MEETING", "revision": "--revision", "output": "-o"}


def add_command(sub: Any) -> None:
    p = sub.add_parser("summary", help="write the meeting summary PDF (decisions, checklist, signatures)")
    p.add_argument(
        "meeting", type=_meeting_id, metavar="MEETING", help="the meeting id (see isconf meeting list)"
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="write the PDF here")
    p.add_argument(
        "--deidentify",
        action="store_true",
        help="initials and age in months instead of name, MRN and birth date",
    )
    p.add_argument("--revision", type=_revision, metavar="N", help="this revision (default: the latest)")


def run(services: Services, args: argparse.Namespace) -> int:
    from isconf.services import ServiceError
    from isconf.summary.export import write_summary

    try:
        pkg = _package(services, args.meeting, args.revision)
    except ServiceError as exc:
        for problem in exc.problems:
            print(
                f"isconf: error: {FLAGS.get(problem.path, problem.path)}: {problem.message}", file=sys.stderr
            )
        return 1
    write_summary(pkg, args.output, deidentify=args.deidentify)
    revision = pkg.content["meeting"].get("revision")
    state = "signed" if pkg.signatures else "draft, not signed"
    print(
        f"wrote the summary of meeting {args.meeting}, revision {revision} ({state}), to {args.output} "
        f"(SHA-256 {pkg.hash_prefix}…)",
        file=sys.stderr,
    )
    return 0


def _package(services: Services, meeting_id: int, revision: int | None) -> SummaryPackage:
    """MERGER: replace the body with ``services.signing.summary_package(meeting_id, revision=revision)``
    once i6-sign lands; until then every summary is the live draft (there are no stored revisions)."""
    from isconf.schema import Problem
    from isconf.services import ServiceError
    from isconf.summary import content

    current = services.meetings.get_meeting(meeting_id).revision
    if revision is not None and revision != current:
        raise ServiceError(
            [Problem("revision", f"meeting {meeting_id} has no revision {revision} (it is at {current})")]
        )
    return content.package(*content.build_content(services, meeting_id))


def _meeting_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a meeting id (a whole number; see isconf meeting list)"
        )
    return int(text)


def _revision(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a revision number (1, 2, …)")
    return int(text)

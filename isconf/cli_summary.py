"""``isconf summary MEETING -o FILE``: the meeting summary as a PDF (issue 6).

The PDF renders only from the summary package: the stored snapshot of a signed
revision, or the live draft of a meeting not yet signed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf.cli_errors import print_problems
from isconf.cli_meeting import meeting_id_arg

if TYPE_CHECKING:
    from isconf.services import Services

# Which flag a service problem's path is about, so the message names what to fix.
FLAGS = {"meeting": "MEETING", "revision": "--revision", "output": "-o", "deidentify": "--deidentify"}


def add_command(sub: Any) -> None:
    p = sub.add_parser("summary", help="write the meeting summary PDF (decisions, checklist, signatures)")
    p.add_argument(
        "meeting", type=meeting_id_arg, metavar="MEETING", help="the meeting id (see isconf meeting list)"
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="write the PDF here")
    p.add_argument(
        "--deidentify",
        action="store_true",
        help="initials and age in months instead of name, MRN and birth date",
    )
    p.add_argument("--revision", type=_revision, metavar="N", help="this revision (default: the latest)")
    p.add_argument(
        "--p12",
        type=Path,
        metavar="CERT.p12",
        help="sign the PDF (PAdES) with this PKCS#12 certificate; passphrase from "
        "ISCONF_P12_PASSPHRASE or a prompt",
    )
    p.add_argument(
        "--tsa",
        metavar="URL",
        help="with --p12: timestamp the signature at this RFC 3161 timestamp authority (PAdES B-T), "
        "so it can be checked after the certificate expires",
    )


def run(services: Services, args: argparse.Namespace) -> int:
    from isconf.prompts import NoAnswer
    from isconf.services import ServiceError
    from isconf.summary import pades

    if args.tsa is not None and args.p12 is None:
        print("isconf: error: --tsa: a timestamp is put on a signature: give --p12 too", file=sys.stderr)
        return 2
    try:
        passphrase = pades.passphrase_from_env_or_prompt(args.p12) if args.p12 is not None else None
    except NoAnswer:
        print(
            f"isconf: error: --p12: no passphrase was typed (input ended); type it at a terminal or set "
            f"{pades.PASSPHRASE_VARIABLE}; nothing was written",
            file=sys.stderr,
        )
        return 1
    try:
        result = services.export_summary(
            args.meeting,
            args.output,
            deidentify=args.deidentify,
            revision=args.revision,
            p12=args.p12,
            passphrase=passphrase,
            timestamp_url=args.tsa,
        )
    except ServiceError as exc:
        print_problems(exc.problems, FLAGS)
        return 1
    except pades.PadesError as exc:
        flag = "--tsa" if "timestamp authority" in str(exc) else "--p12"
        print(f"isconf: error: {flag}: {exc}", file=sys.stderr)
        return 1
    state = "signed off" if not result.draft else "draft, not signed off"
    if result.signed_by_certificate:
        state += "; PDF signed with the certificate" + (" and timestamped" if result.timestamped else "")
    print(
        f"wrote the summary of meeting {args.meeting}, revision {result.revision} ({state}), to "
        f"{result.path} (SHA-256 {result.content_sha256[:12]}…)",
        file=sys.stderr,
    )
    return 0


def _revision(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a revision number (1, 2, …)")
    return int(text)

"""``isconf verify FILE [--trust CERT.pem ...]``: is a signed summary PDF what was signed?

One line per question a records officer asks (who signed, when, is the document
intact, is the certificate trusted, does the attached content match the sign-offs),
then ``VERIFIED`` or ``NOT VERIFIED: <reasons>``. Exit 0 only when everything holds,
1 when anything does not, 2 when the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf.rules.wording import utc_offset

if TYPE_CHECKING:
    # pyHanko's module is read when a file is verified, not when any isconf command starts.
    from isconf.summary.pades_verify import VerifyReport

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_command(sub: Any) -> None:
    p = sub.add_parser(
        "verify",
        help="check a signed summary PDF: signer, signing time, intact, trusted, content",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the summary PDF")
    p.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=[],
        metavar="CERT.pem",
        help="a CA certificate (PEM or DER) to trust; repeat for several",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    from isconf.summary.pades import PadesError
    from isconf.summary.pades_verify import verify_pdf

    try:
        data = args.file.read_bytes()
    except FileNotFoundError:
        return _usage(f"FILE {args.file}: no such file")
    except IsADirectoryError:
        return _usage(f"FILE {args.file}: is a folder, not a PDF")
    except OSError as exc:
        return _usage(f"FILE {args.file}: cannot be read ({exc.strerror or exc})")
    try:
        report = verify_pdf(data, trust=args.trust)
    except PadesError as exc:  # only a trust anchor file is refused this way
        return _usage(f"--trust {exc}")
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write("\n".join(report_lines(report, trusted_given=bool(args.trust))) + "\n")
    return EXIT_OK if report.ok else EXIT_FAILED


def _usage(message: str) -> int:
    print(f"isconf: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def report_lines(report: VerifyReport, *, trusted_given: bool = True) -> list[str]:
    """The report in words, one line per check (also used by the app)."""
    lines = [
        f"Signer: {report.signer or f'none ({_unsigned_why(report)})'}",
        f"Signing time: {time_words(report.signing_time)}",
        f"Document intact: {_yes_no(report.intact)} ({_intact_why(report)})",
        f"Certificate trusted: {_yes_no(report.trusted)} ({_trusted_why(report, trusted_given)})",
        f"Timestamp: {timestamp_words(report)}",
        f"Attached content matches signatures: {_yes_no(report.content_matches)} ({_content_why(report)})",
    ]
    if len(report.signatures) > 1:
        for s in report.signatures:
            lines.append(
                f"  Signature {s.field}: {s.signer or '?'}, {time_words(s.signing_time)}, "
                f"covers {s.covers}; intact {_yes_no(s.intact)}, trusted {_yes_no(s.trusted)}"
            )
    if report.ok:
        lines.append("VERIFIED")
    else:
        lines.append("NOT VERIFIED: " + "; ".join(report.problems))
    return [_one_line(line) for line in lines]


def timestamp_words(report: VerifyReport) -> str:
    """The last signature's RFC 3161 timestamp (PAdES B-T) and what it is for; without one,
    what that means for the record's future."""
    if not report.signatures:
        return f"none (nothing to check: {_unsigned_why(report)})"
    last = report.signatures[-1]
    if last.timestamp_authority is not None:
        return (
            f"{time_words(last.signing_time)} from {last.timestamp_authority} (RFC 3161, PAdES B-T): "
            "the signing time is the authority's, and the signature can still be checked at that "
            "time after the signer's certificate expires"
        )
    if any("timestamp is not trusted" in p for p in last.problems):
        return "present but not trusted (see below): it does not count"
    expires = f" on {last.certificate_expires:%Y-%m-%d}" if last.certificate_expires else ""
    return (
        "none (PAdES B-B): the signing time is the signer's own claim, and the signature becomes "
        f"unverifiable when the signer's certificate expires{expires}; export with --tsa URL to "
        "timestamp it"
    )


def _one_line(text: str) -> str:
    """``text`` with control characters escaped: names come from the file (a certificate's
    subject, the attached sign-offs), and a line break in one could print a false
    "VERIFIED" line under it."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def time_words(moment: datetime | None) -> str:
    """``2026-11-26 12:25:16 +00:00 (UTC)``: the instant with its offset and zone."""
    if moment is None:
        return "not recorded"
    offset = utc_offset(moment) or "no time zone"
    zone = moment.tzname()
    return f"{moment:%Y-%m-%d %H:%M:%S} {offset}" + (f" ({zone})" if zone else "")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _unsigned_why(report: VerifyReport) -> str:
    """Not signed, or not even a PDF: the first problem says which."""
    from isconf.summary.pades import NOT_SIGNED

    return report.problems[0] if report.problems else NOT_SIGNED


def _intact_why(report: VerifyReport) -> str:
    if not report.signatures:
        return f"nothing to check: {_unsigned_why(report)}"
    last = report.signatures[-1]
    if report.intact:
        return f"the signature covers {last.covers}"
    found = [p for s in report.signatures for p in s.problems if "trusted" not in p]
    return found[0] if found else "see below"


def _trusted_why(report: VerifyReport, trusted_given: bool) -> str:
    if not report.signatures:
        return f"nothing to check: {_unsigned_why(report)}"
    if report.trusted:
        return "its chain leads to a certificate given with --trust"
    if not trusted_given:
        return "no trust anchor given"
    found = [p for s in report.signatures for p in s.problems if "trusted" in p]
    return found[0].removeprefix("the certificate is not trusted: ") if found else "see below"


def _content_why(report: VerifyReport) -> str:
    parts = []
    if report.content_sha256:
        parts.append(f"content {report.content_sha256[:12]}…")
    if report.manifest:
        signed = ", ".join(
            f"{entry.get('name', '?')} ({entry.get('role', '?')}) {entry.get('meaning', '?')}"
            for entry in report.manifest
        )
        parts.append(f"signed off by {signed}")
    if not report.content_matches:
        found = [
            p.removeprefix("attached content: ")
            for p in report.problems
            if p.startswith("attached content: ")
        ]
        parts += found[:1]
    return "; ".join(parts) or f"nothing to check: {_unsigned_why(report)}"

"""``isconf fhir …``: HL7 FHIR R4B import, export, and a hospital server's REST API (issue 19).

Every failure is one line on standard error and a non-zero exit; a server that refuses, is
slow or cannot be reached changes nothing here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf.cli_errors import print_problems
from isconf.cli_meeting import meeting_id_arg
from isconf.cli_options import add_db_option

if TYPE_CHECKING:
    from isconf.fhir.service import FhirImportResult
    from isconf.services import Services

FLAGS = {"server": "--server", "meeting": "MEETING", "mrn": "MRN", "revision": "--revision"}
WRITES = ("import", "pull")  # the subcommands that may create the database


def add_command(sub: Any) -> None:
    fhir = sub.add_parser("fhir", help="HL7 FHIR R4B: import, export, pull and push (isconf fhir -h)")
    inner = fhir.add_subparsers(dest="fhir_command", metavar="SUBCOMMAND", parser_class=type(fhir))
    inner.required = True

    p = inner.add_parser("import", help="import FHIR Bundles or resources (one case per Patient)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--replace", action="store_true", help="overwrite cases whose MRN exists")

    p = inner.add_parser("export", help="a case as a FHIR collection Bundle")
    p.add_argument("mrn", metavar="MRN")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    p.add_argument(
        "--deidentify",
        action="store_true",
        help="no name, MRN, birth date or calendar date: a pseudonym and ages in days",
    )

    p = inner.add_parser("export-meeting", help="a meeting as a FHIR document Bundle (Composition first)")
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    p.add_argument(
        "--deidentify",
        action="store_true",
        help="pseudonyms and ages; typed texts only when checked for identifiers (isconf meeting texts)",
    )

    p = inner.add_parser("pull", help="import a patient from a FHIR server (read, search by patient)")
    p.add_argument("patient", metavar="PATIENT-ID", help="the Patient's id on the server")
    p.add_argument("--replace", action="store_true", help="overwrite the case if its MRN exists")
    _server_options(p)

    p = inner.add_parser("push", help="send a meeting's decisions to a FHIR server (one transaction)")
    p.add_argument("meeting", type=meeting_id_arg, metavar="MEETING")
    _server_options(p)

    for parser in inner.choices.values():
        add_db_option(parser)


def _server_options(p: argparse.ArgumentParser) -> None:
    from isconf.fhir import TOKEN_VARIABLE

    p.add_argument(
        "--server",
        required=True,
        metavar="URL",
        help=f"the FHIR base URL (bearer token from ${TOKEN_VARIABLE}; TLS certificates are verified)",
    )
    p.add_argument(
        "--timeout", type=_seconds, default=30.0, metavar="S", help="seconds per call (default 30)"
    )
    p.add_argument("--ca-file", type=Path, metavar="PEM", help="trust this certificate authority as well")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds between 0 and 600")
    return value


def run(services: Services, args: argparse.Namespace) -> int:
    from isconf.services import ServiceError

    try:
        handler = {
            "import": _import,
            "export": _export,
            "export-meeting": _export_meeting,
            "pull": _pull,
            "push": _push,
        }[args.fhir_command]
        return handler(services, args)
    except ServiceError as exc:
        print_problems(exc.problems, FLAGS)
        return 1


def _server(args: argparse.Namespace) -> Any:
    from isconf.fhir.client import FhirServer

    if not args.server.startswith(("https://", "http://")):
        raise _usage(f"--server: {args.server!r} is not an http(s) URL")
    return FhirServer.from_environment(args.server, timeout=args.timeout, ca_file=args.ca_file)


def _usage(message: str) -> Exception:
    from isconf.services import Problem, ServiceError

    path, _, words = message.partition(": ")
    return ServiceError([Problem(path, words)])


def _import(services: Services, args: argparse.Namespace) -> int:
    return _report(services.fhir.import_files(args.files, replace=args.replace))


def _pull(services: Services, args: argparse.Namespace) -> int:
    return _report(services.fhir.pull(_server(args), args.patient, replace=args.replace))


def _report(results: Sequence[FhirImportResult]) -> int:
    for result in results:
        if result.ok:
            verb = "replaced" if result.replaced else "imported"
            print(f"{verb} {result.mrn} from {result.source}")
        else:
            for problem in result.problems:
                said = problem.message if problem.path == result.source else str(problem)
                print(f"isconf: error: {result.source}: {said}", file=sys.stderr)
        if result.unmapped:
            print(f"not mapped ({len(result.unmapped)}): {', '.join(result.unmapped)}")
    failed = [r for r in results if not r.ok]
    if failed:
        done = len(results) - len(failed)
        print(
            f"isconf: error: {done} imported, {len(failed)} rejected; nothing of a rejected patient was written",
            file=sys.stderr,
        )
        return 1
    return 0


def _export(services: Services, args: argparse.Namespace) -> int:
    return _write(services.fhir.export_case(args.mrn, deidentify=args.deidentify), args.output, args.mrn)


def _export_meeting(services: Services, args: argparse.Namespace) -> int:
    bundle = services.fhir.export_meeting(args.meeting, deidentify=args.deidentify)
    return _write(bundle, args.output, f"meeting {args.meeting}")


def _write(document: dict[str, Any], output: Path | None, what: str) -> int:
    from isconf.files import write_atomic

    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        write_atomic(output, text.encode("utf-8"))
        print(f"exported {what} to {output}", file=sys.stderr)
    return 0


def _push(services: Services, args: argparse.Namespace) -> int:
    server = _server(args)
    taken = services.fhir.push(server, args.meeting)
    print(f"pushed meeting {args.meeting} to {server.base}: {taken} resources in one transaction")
    return 0

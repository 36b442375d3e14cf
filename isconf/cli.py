"""The ``isconf`` command: launch the app (the default) or run a subcommand.

Every subcommand goes through ``isconf.services``, takes ``--db PATH_OR_URL``
(default ``ISCONF_DB``, else the user data folder), prints each problem as
one line on standard error and exits non-zero when anything failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from isconf import cli_signin, clock
from isconf.cli_errors import print_problems
from isconf.cli_parser import EXIT_USAGE, parse
from isconf.cli_parser import build_parser as build_parser  # the command line's own tests read it

if TYPE_CHECKING:
    from isconf.rules import Evaluation
    from isconf.schema import Problem
    from isconf.services import ImportResult, Services

EXIT_OK, EXIT_FAILED = 0, 1
# Which flag a service problem's path is about, so the message names what to fix.
FLAGS = {"as_of": "--as-of"}


class CliError(Exception):
    """A failure to report as lines on standard error."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def main(argv: Sequence[str] | None = None) -> int:
    from isconf.cli_input import undecodable

    problem = undecodable(sys.argv[1:] if argv is None else argv)
    if problem is not None:
        _errors([problem])
        return EXIT_USAGE
    args = parse(argv)
    try:
        clock.now()  # an ISCONF_CLOCK that is no date is said once, before anything is read
    except clock.ClockError as exc:
        _errors([str(exc)])
        return EXIT_USAGE
    new_file = _database_not_made_yet(args)
    code = EXIT_FAILED
    try:
        code = _run(args)
    finally:
        if code != EXIT_OK and new_file is not None:
            from isconf.store.discard import discard_if_unused

            discard_if_unused(*new_file)
    return code


def _database_not_made_yet(args: argparse.Namespace) -> tuple[Path, Path | None] | None:
    """The SQLite file ``--db`` names when it is not there yet, and the first of its folders
    that is not there either: a command that fails removes them again if it wrote nothing."""
    from isconf.store.database import DatabaseError, resolve_location
    from isconf.store.discard import folders_to_make

    try:
        path = resolve_location(args.db).path
    except DatabaseError:
        return None  # the command says so itself
    if path is None or path.exists() or path.is_symlink():
        return None
    return path, folders_to_make(path)


def _run(args: argparse.Namespace) -> int:
    """The command, with each failure printed as one line; its exit code."""
    from sqlalchemy.exc import SQLAlchemyError

    from isconf.files import ExportError
    from isconf.services import ServiceError
    from isconf.store.database import DatabaseError

    try:
        return _dispatch(args)
    except CliError as exc:
        _errors(exc.lines)
    except ServiceError as exc:
        print_problems(exc.problems, FLAGS)
    except (DatabaseError, ExportError) as exc:
        _errors([str(exc)])
    except SQLAlchemyError as exc:
        # Never SQLAlchemy's own text: it prints the statement's parameters (an MRN, a name).
        reason = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0].split(" with text ")[0]
        _errors([f"the database refused the operation ({reason}); nothing was changed; try isconf check"])
    except UnicodeDecodeError:  # a damaged database's text; never the bytes themselves
        _errors(["the database holds text that is not valid UTF-8 (damaged); run isconf check"])
    except KeyboardInterrupt:
        _errors(["interrupted"])
    except BrokenPipeError:
        # The reader (say, `| head`) stopped listening; that is not a failure here.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # standard output on a full disk, and the like
        _errors([f"cannot write the output ({exc.strerror or exc})"])
    return EXIT_FAILED


def _errors(lines: Sequence[str]) -> None:
    for line in lines:
        print(f"isconf: error: {line}", file=sys.stderr)


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command or "gui"
    if command == "gui":
        return _gui(args)
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

    if command == "evaluate" and _is_file(args.target):
        return _evaluate_file(args)
    if command in cli_maintenance.COMMANDS:
        return cli_maintenance.run(args)
    if command == "meeting":
        return cli_meeting.run(args)
    if command == "verify":
        return cli_verify.run(args)
    if command == "user":
        return cli_signing.run_user(args)
    with _open_services(args) as services:
        handler = {
            "import": _import,
            "export": _export,
            "list": _list,
            "demo": _demo,
            "evaluate": _evaluate_stored,
            "audit": _audit,
            "tradeoff": cli_tradeoff.run,
            "outcomes": cli_outcomes.run,
            "summary": cli_summary.run,
            "image": cli_images.run,
            "fhir": cli_fhir.run,
        }[command]
        return handler(services, args)


@contextmanager
def _open_services(args: argparse.Namespace) -> Iterator[Services]:
    """The database for one command, closed afterwards."""
    from isconf import cli_fhir
    from isconf.services import Services

    # Reading commands never create a database where a mistyped path points.
    creates = args.command in ("import", "demo") or getattr(args, "fhir_command", None) in cli_fhir.WRITES
    services = Services.open(args.db, create=creates)
    try:
        cli_signin.sign_in_from_environment(services)
        yield services
    finally:
        services.close()


def _import(services: Services, args: argparse.Namespace) -> int:
    results = services.import_files(args.files, replace=args.replace)
    for result in results:
        if result.ok:
            verb = "replaced" if result.replaced else "imported"
            print(f"{verb} {result.mrn} from {result.source}")
        else:
            _errors([_in_file(result.source, problem) for problem in result.problems])
    if any(not r.ok for r in results):
        _errors([_import_tally(results)])
        return EXIT_FAILED
    return EXIT_OK


def _import_tally(results: Sequence[ImportResult]) -> str:
    """``6 imported, 1 rejected; …``: what was written as well as what was not."""
    replaced = sum(r.ok and r.replaced for r in results)
    imported = sum(r.ok for r in results) - replaced
    rejected = len(results) - imported - replaced
    counts = [f"{imported} imported"] + ([f"{replaced} replaced"] if replaced else [])
    which = "the rejected file was" if rejected == 1 else "the rejected files were"
    return f"{', '.join(counts)}, {rejected} rejected; nothing of {which} written"


def _in_file(source: str, problem: Problem) -> str:
    """``FILE: field.path: message``, naming the file once."""
    if problem.path == source:
        return f"{source}: {problem.message}"
    return f"{source}: {problem}"


def _export(services: Services, args: argparse.Namespace) -> int:
    from isconf.files import write_atomic

    document = (
        services.export_deidentified(args.mrn) if args.deidentify else services.export_document(args.mrn)
    )
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(text)
    else:
        write_atomic(args.output, text.encode("utf-8"))
        print(f"exported {args.mrn} to {args.output}", file=sys.stderr)
    return EXIT_OK


def _list(services: Services, args: argparse.Namespace) -> int:
    summaries = services.list_cases()
    if args.json:
        rows = [
            {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in asdict(s).items()}
            for s in summaries
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not summaries:
        print("no cases (import some with: isconf import FILE…, or add the demo cases: isconf demo)")
        return EXIT_OK
    # Most urgent first: urgent, then weeks since drug resistance, then weeks of spasms.
    print(
        f"{'MRN':<14} {'Name':<24} {'Status':<21} {'Urgent':<6} {'Resist.':>7} "
        f"{'Age (mo)':>8}  {'Spasm onset':<11} {'Weeks':>6}"
    )
    for s in summaries:
        age = "" if s.age_months is None else f"{s.age_months:.1f}"
        onset = s.spasm_onset.isoformat() if s.spasm_onset else ""
        weeks = "" if s.spasm_weeks is None else f"{s.spasm_weeks:.1f}"
        resistant = "" if s.weeks_since_drug_resistance is None else f"{s.weeks_since_drug_resistance:.1f}"
        urgent = "URGENT" if s.urgent else ""
        status = (
            (s.status or "").replace("_", " ") if s.operated_on is None else f"operated {s.outcome or ''}"
        )
        print(
            f"{s.mrn:<14} {s.display_name[:24]:<24} {status:<21} {urgent:<6} {resistant:>7} "
            f"{age:>8}  {onset:<11} {weeks:>6}"
        )
    return EXIT_OK


def _is_file(target: str) -> bool:
    """A FILE when it names one (or looks like a path); an MRN otherwise."""
    path = Path(target)
    return path.is_file() or target.lower().endswith(".json") or os.sep in target


def _evaluate_file(args: argparse.Namespace) -> int:
    from isconf.services import ServiceError, evaluate_document, read_case_file

    path = Path(args.target)
    if not path.is_file():
        raise CliError(f"{path}: no such case file")
    document, problem = read_case_file(path)
    if problem is not None:
        raise CliError(_in_file(str(path), problem))
    try:
        evaluation = evaluate_document(document, as_of=args.as_of)
    except ServiceError as exc:
        raise CliError(*(_evaluation_problem(path, p) for p in exc.problems)) from None
    mrn = document["case"]["mrn"]
    return _print_evaluation(evaluation, f"{mrn} (file {path.name}, not imported)", args.json)


def _evaluation_problem(path: Path, problem: Problem) -> str:
    """A flag's problem names the flag (``--as-of: …``); the file's, the file and its field."""
    if problem.path in FLAGS:
        return f"{FLAGS[problem.path]}: {problem.message}"
    return _in_file(str(path), problem)


def _evaluate_stored(services: Services, args: argparse.Namespace) -> int:
    stored = services.get_case(args.target)
    evaluation = services.evaluate_case(stored.case.mrn, as_of=args.as_of)
    name = stored.case.display_name
    return _print_evaluation(evaluation, f"{stored.case.mrn}{'  ' + name if name else ''}", args.json)


def _print_evaluation(evaluation: Evaluation, heading: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps(evaluation.to_document(), indent=2, ensure_ascii=False))
    else:
        from isconf.report_text import evaluation_text

        sys.stdout.write(evaluation_text(evaluation, heading=heading))
    return EXIT_OK


def _audit(services: Services, args: argparse.Namespace) -> int:
    from isconf.services import shown

    entries = services.audit_trail(args.mrn)
    if args.mrn is not None and not entries:
        services.get_case(args.mrn)  # an MRN nothing was ever recorded for fails as in every command
    if args.json:
        print(json.dumps([e.to_json() for e in entries], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not entries:
        print("no audit events" + (f" for {args.mrn}" if args.mrn else ""))
        return EXIT_OK
    for e in entries:
        what = "the whole record" if e.field == "*" else e.field
        change = "" if e.field == "*" else f": {shown(e.old)} → {shown(e.new)}"
        print(f"{e.at:%Y-%m-%d %H:%M:%S}Z  {e.actor:<12} {e.action:<6} {e.entity} {e.key}  {what}{change}")
    return EXIT_OK


def _demo(services: Services, args: argparse.Namespace) -> int:
    added = services.add_demo_cases()
    print(f"added {len(added)} demo case(s)" + (f": {', '.join(added)}" if added else " (all were there)"))
    if args.team:
        if services.team_exists():
            raise CliError("--team: the database has team members already; no demo team was added")
        for name, role, access, password in services.add_demo_team():
            print(f"added {access} {name} ({role}), password: {password}")
    return EXIT_OK


def _gui(args: argparse.Namespace) -> int:
    screenshot = getattr(args, "screenshot", None)
    if args.command == "gui" and screenshot is None and (args.case or args.view != "cases"):
        raise CliError("--view and --case go with --screenshot (or open the case in the app)")
    if args.command == "gui" and screenshot is None and (args.check_layout or args.scale is not None):
        raise CliError("--check-layout and --scale go with --screenshot")
    if args.command == "gui" and screenshot is None and args.meeting is not None:
        raise CliError("--meeting goes with --screenshot (or open the meeting in the app: Ctrl+M)")
    import gc

    gc.disable()  # until the window is up: see ui.app.settle_after_start
    try:
        _check_can_show(screenshot)  # before the database: a window that cannot open creates nothing
        from isconf.services import Services

        if screenshot is None:
            _ask_passphrase(args.db)
        services = Services.open(args.db)
        cli_signin.sign_in_from_environment(services)  # else the app asks, when the database has a team
    except BaseException:
        gc.enable()
        raise
    try:
        if screenshot is None:
            # The window may write at any moment: it is the one writer while it is open.
            services.database.claim_writer()
        if args.demo and services.count_cases() == 0:
            services.add_demo_cases()
        from ui.app import run

        return run(
            services,
            screenshot=screenshot,
            view=getattr(args, "view", "cases"),
            case_mrn=getattr(args, "case", None),
            size=getattr(args, "size", None),
            meeting_id=getattr(args, "meeting", None),
            scale=getattr(args, "scale", None),
            check_layout=getattr(args, "check_layout", False),
        )
    finally:
        services.close()
        gc.enable()


def _ask_passphrase(db: str | None) -> None:
    """The app asks for the passphrase of an encrypted file, or offers one for a new file."""
    from isconf.store.database import resolve_location

    if (path := resolve_location(db).path) is not None:
        from ui.protection import ask_passphrase

        ask_passphrase(path)


def _check_can_show(screenshot: Path | None) -> None:
    """A screenshot's format, or a display that answers: Qt would abort without a word on one
    that does not ("xcb-cursor0 is needed"), and save a ``.jpg`` as a PNG."""
    from ui.app import DisplayError, check_display, screenshot_format_problem

    if screenshot is not None:
        problem = screenshot_format_problem(screenshot)
        if problem is not None:
            raise CliError(problem)
        return
    try:
        check_display()
    except DisplayError as exc:
        raise CliError(str(exc)) from None


if __name__ == "__main__":
    raise SystemExit(main())

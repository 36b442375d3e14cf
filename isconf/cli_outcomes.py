"""``isconf outcomes due | report | export``: the outcome loop on the command line (issue 20)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf.cli_options import add_db_option

if TYPE_CHECKING:
    from isconf.outcomes.report import OutcomeReport
    from isconf.services import Services


def add_command(sub: Any, day: Callable[[str], date]) -> None:
    p = sub.add_parser(
        "outcomes", help="follow-up visits due, re-screens due, outcome report, registry export"
    )
    commands = p.add_subparsers(
        dest="outcomes_command", metavar="COMMAND", required=True, parser_class=type(p)
    )
    due = commands.add_parser("due", help="visits due or overdue after surgery, and children to re-screen")
    due.add_argument("--as-of", type=day, metavar="DATE", help="as of this date (default: today)")
    due.add_argument("--json", action="store_true", help="print JSON")
    report = commands.add_parser("report", help="the centre's outcomes beside the literature")
    report.add_argument("--as-of", type=day, metavar="DATE", help="as of this date (default: today)")
    report.add_argument("--json", action="store_true", help="print JSON")
    report.add_argument("--pdf", type=Path, metavar="FILE", help="also write the report as a PDF")
    export = commands.add_parser("export", help="the de-identified registry CSV (docs/outcomes.md)")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.csv")
    for parser in (due, report, export):
        add_db_option(parser)


def run(services: Services, args: argparse.Namespace) -> int:
    command = args.outcomes_command
    if command == "due":
        return _due(services, args)
    if command == "report":
        return _report(services, args)
    written = services.outcomes.export_registry(args.output)
    print(
        f"wrote {written} operated {'child' if written == 1 else 'children'} to {args.output}",
        file=sys.stderr,
    )
    return 0


def _due(services: Services, args: argparse.Namespace) -> int:
    as_of = args.as_of or services.clock.today()
    visits = services.outcomes.visits_due(as_of=as_of)
    rescreens = services.outcomes.rescreens_due(as_of=as_of)
    if args.json:
        document = {
            "as_of": as_of.isoformat(),
            "visits": [v.to_document() for v in visits],
            "rescreens": [r.to_document() for r in rescreens],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    lines = [f"Follow-up visits due or overdue as of {as_of.isoformat()} (most overdue first):"]
    for v in visits:
        late = f"{v.days_overdue} days overdue" if v.overdue else f"due, window closes {v.closes.isoformat()}"
        lines.append(
            f"  {v.mrn}  {v.name or '(no name)'}  {v.months}-month visit "
            f"(target {v.target.isoformat()}): {late}"
        )
    if not visits:
        lines.append("  none")
    lines.append(f"Re-screening due as of {as_of.isoformat()}:")
    for r in rescreens:
        lines.append(
            f"  {r.mrn}  {r.name or '(no name)'}  due {r.due_on.isoformat()}: {'; '.join(r.reasons)}"
        )
    if not rescreens:
        lines.append("  none")
    print("\n".join(lines))
    return 0


def _report(services: Services, args: argparse.Namespace) -> int:
    from isconf.outcomes.report_pdf import write_report_pdf

    report = services.outcomes.report(as_of=args.as_of)
    if args.pdf is not None:
        write_report_pdf(report, args.pdf)
        print(f"wrote the report to {args.pdf}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_document(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(report_text(report))
    return 0


def report_text(report: OutcomeReport) -> str:
    from isconf.outcomes.statistics import SEIZURE_FREE_RULE, SOURCE
    from isconf.outcomes.words import horizon_words, literature_words, procedure_words

    lines = [
        f"Outcomes as of {report.as_of.isoformat()}",
        f"Seizure-free: {SEIZURE_FREE_RULE}; {SOURCE}.",
        "",
    ]
    for p in report.procedures:
        lines.append(f"{procedure_words(p.procedure)}: {p.operated} operated")
        for h in p.horizons:
            lines.append(f"  at {h.months} months: {horizon_words(h)}")
        lines.append(f"  literature: {literature_words(p.literature)}")
    if not report.procedures:
        lines.append("No child has a surgery recorded.")
    d = report.deficits
    lines += [
        "",
        f"Deficits predicted by the team against those recorded after surgery ({d.children} children seen):",
        f"  predicted and happened {d.predicted_and_happened}, predicted and did not happen "
        f"{d.predicted_not_happened}, happened without being predicted {d.unpredicted}",
    ]
    dev = report.development
    if dev.children and dev.mean_before is not None and dev.mean_after is not None:
        lines.append(
            f"Development ({dev.children} children): mean of the latest score before surgery "
            f"{dev.mean_before:.1f}, of the first after it {dev.mean_after:.1f}"
        )
    else:
        lines.append("Development: no child has a score both before and after surgery.")
    return "\n".join(lines) + "\n"

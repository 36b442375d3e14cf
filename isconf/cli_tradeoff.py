"""``isconf tradeoff MRN``: the options weighed for one infant, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf import vocab
from isconf.report_text import status_words
from isconf.tradeoff.coverage import coverage_words

if TYPE_CHECKING:
    from isconf.services import Services
    from isconf.tradeoff.model import OptionView, TradeoffView

WIDTH = 100


def add_command(sub: Any, day: Callable[[str], date]) -> None:
    p = sub.add_parser("tradeoff", help="the function-loss trade-off of a case: options, benefits, deficits")
    p.add_argument("mrn", metavar="MRN")
    p.add_argument("--as-of", type=day, metavar="DATE", help="as of this date (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--chart",
        type=Path,
        metavar="FILE",
        help="also write the chart to FILE: PNG, PDF or SVG, as its extension (.png, .pdf, .svg) says",
    )


def run(services: Services, args: argparse.Namespace) -> int:
    from isconf.files import ExportError
    from isconf.services import tradeoff_chart_file_problem, write_tradeoff_chart

    if args.chart is not None:
        problem = tradeoff_chart_file_problem(args.chart)
        if problem is not None:
            raise ExportError(problem)
    view = services.tradeoff(args.mrn, as_of=args.as_of)
    if args.chart is not None:
        write_tradeoff_chart(view, args.chart)
        print(f"wrote the chart to {args.chart}", file=sys.stderr)
    if args.json:
        print(json.dumps(view.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(tradeoff_text(view))
    return 0


def tradeoff_text(view: TradeoffView) -> str:
    """The options side by side, in words, with every figure's source."""
    proposed = vocab.label(vocab.PROCEDURE, view.proposed_procedure) if view.proposed_procedure else "none"
    lines = [
        f"{view.mrn} — trade-off as of {view.as_of.isoformat()}",
        f"Proposed procedure: {proposed}.  Surgery site: {view.site.words}.",
        f"Function loss (criterion 5): {view.function_loss_state.replace('_', ' ').upper()}",
        *_wrap(view.function_loss_reason, "  "),
        *(_wrap(coverage_words(view), "  ") if coverage_words(view) else []),
        f"Status: {status_words(view.status)}",
        "",
    ]
    for option in view.options:
        lines += _option_lines(option, view.proposed_procedure)
    return "\n".join(lines) + "\n"


def _option_lines(option: OptionView, proposed: str | None) -> list[str]:
    roles = ", ".join(option.roles)
    mark = "▶ " if option.procedure == proposed else ""
    b = option.benefit
    lines = [f"{mark}{option.label.upper()}  ({roles})"]
    lines += _wrap(f"Benefit: {b.text}. Source: {b.source}", "  ")
    if option.waiting is not None:
        lines += _wrap(f"Cost of waiting: {option.waiting.text}", "  ")
        for cited in option.waiting.evidence:
            lines += _wrap(f"· {cited.statement} ({cited.source})", "    ")
    for d in option.deficits:
        present = {True: "already present", False: "new", None: "baseline not known"}[d.already_present]
        lines += _wrap(
            f"- {d.label}: {d.likelihood or 'not estimated'}, {present} ({d.present_why})", "  ", "    "
        )
        for r in d.ratings:
            comment = f" — {r.comment}" if r.comment else ""
            lines.append(f"      rated {r.rating} by {r.rated_by}{comment}")
    lines.append("")
    return lines


def _wrap(text: str, indent: str, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=subsequent or indent + "  "
    ) or [indent]

"""The trade-off section of one case in the summary PDF: the chart, then per option its
expected benefit and each expected deficit with its likelihood, whether it is new, why,
and the ratings given. Sources are the document's numbered citations."""

from __future__ import annotations

from typing import Any

from isconf import vocab
from isconf.report_text import STATE_WORDS
from isconf.summary.citations import Citations
from isconf.summary.pdf_chart import tradeoff_drawing, waiting_words
from isconf.summary.pdf_style import heading, para, table, text
from isconf.tradeoff.model import OptionView, Rating, TradeoffView

PRESENT = {True: "already present", False: "new", None: "baseline not known (counted as new)"}
OPTION_FILL = "#dde5ee"
WAITING_NOTE = "The cost of waiting"


def tradeoff_section(view: TradeoffView, width: float, citations: Citations) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether

    cite = citations.cite
    chart = tradeoff_drawing(view, width, cite)
    rows: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    for option in view.options:
        spans += [
            ("SPAN", (0, len(rows)), (-1, len(rows))),
            ("BACKGROUND", (0, len(rows)), (-1, len(rows)), colors.HexColor(OPTION_FILL)),
        ]
        rows.append([_option_cell(option, view.proposed_procedure, citations), ""])
        if option.waiting is not None:
            evidence = citations.note(
                WAITING_NOTE, [(c.statement, c.source) for c in option.waiting.evidence]
            )
            rows.append(
                [
                    "Cost of waiting",
                    para(
                        f"{text(waiting_words(option))}. The evidence: after the references {evidence}.",
                        "small",
                    ),
                ]
            )
        for d in option.deficits:
            likelihood = vocab.label(vocab.LIKELIHOOD, d.likelihood) if d.likelihood else "not estimated"
            words = (
                f"<b>{text(likelihood)}</b>: {_sentence(d.likelihood_why)} "
                f"<b>{text(PRESENT[d.already_present]).capitalize()}</b>: {_sentence(d.present_why)}"
            )
            if d.ratings:  # a deficit nobody rated shows no ratings line
                words += f" <b>Ratings</b>: {_ratings(d.ratings)}"
            rows.append([para(f"<b>{text(d.label)}</b> {cite(d.source)}", "cell"), para(words, "small")])
        if not option.deficits and option.waiting is None:
            rows.append(["No expected deficit listed", ""])
    loss = STATE_WORDS.get(view.function_loss_state, view.function_loss_state)
    return [
        *heading("Trade-off: expected benefit and deficits", room=120),
        para(
            text(
                f"Surgery site: {view.site.words}. Function loss (criterion 5): {loss} — {view.function_loss_reason}"
            ),
            "lead",
        ),
        KeepTogether([chart]),
        table(None, rows, (0.22, 0.78), width, extra=spans),
    ]


def _option_cell(option: OptionView, proposed: str | None, citations: Citations) -> Any:
    b = option.benefit
    mark = "▶ " if option.procedure == proposed else ""
    roles = ", ".join(option.roles)
    words = f"<b>{text(mark + option.label)}</b> ({text(roles)}) — expected benefit: {text(b.text)} {citations.cite(b.source)}"
    if b.note:
        words += f". <font size='8'>{text(b.note)}</font>"
    return para(words, "cell")


def _sentence(words: str) -> str:
    """``words`` ending in a full stop, so the next part of the cell reads as a new sentence."""
    words = words.strip()
    return text(words if not words or words[-1] in ".!?" else words + ".")


def _ratings(ratings: tuple[Rating, ...]) -> str:
    out = []
    for r in ratings:
        comment = f": {r.comment}" if r.comment else ""
        words = text(f"{vocab.label(vocab.RATING, r.rating)} by {r.rated_by}{comment}")
        out.append(f"<font color='#b00020'><b>✗ {words}</b></font>" if r.rating == "unacceptable" else words)
    return "; ".join(out) + "."

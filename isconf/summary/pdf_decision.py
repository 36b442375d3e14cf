"""The decision box that opens each case of the summary PDF: what the team decided, first.

Recommendation, consensus and any dissent (in the dissenter's words, as recorded),
the rationale, the options considered with the chosen one marked, the tests
requested, the action items with owner and due date, and who decided when. A
reader who files the summary finds the decision without turning a page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from isconf.ages import Ages
from isconf.meetings import vocab as meeting_vocab
from isconf.rules.wording import day
from isconf.summary.pdf_style import NAVY, para, single_lines, split_rows, text

ALERT = "#b00020"
BOX_FILL = "#eef3f8"
BOX_PADDING = 5  # points left of a cell's words


def recommendation_words(case: dict[str, Any]) -> str:
    decision = case.get("decision")
    if not decision:
        return "No decision recorded"
    return meeting_vocab.label(meeting_vocab.RECOMMENDATION, decision.get("recommendation"))


def consensus_words(case: dict[str, Any]) -> str:
    decision = case.get("decision")
    if not decision:
        return "—"
    return meeting_vocab.label(meeting_vocab.CONSENSUS, decision.get("consensus"))


def dissent_flag(case: dict[str, Any]) -> str:
    """The cover's dissent column: "yes" when a dissent is recorded, "no", "—" undecided."""
    decision = case.get("decision")
    if not decision:
        return "—"
    return "yes" if (decision.get("dissent") or "").strip() else "no"


def decision_box(case: dict[str, Any], width: float, ages: Ages | None, moment: Any) -> Any:
    """The boxed decision of ``case``; ``moment`` words a stored ISO moment (identified: the
    date and time; de-identified: the child's age then)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    decision = case.get("decision")
    rows: list[list[Any]] = []
    if not decision:
        rows.append(
            [
                para(
                    f"<font color='{ALERT}'><b>No decision recorded</b></font> for this case at this meeting.",
                    "decision",
                ),
                "",
            ]
        )
    else:
        rows.append([para(f"Recommendation: {text(recommendation_words(case))}", "decision"), ""])
        consensus = text(consensus_words(case))
        dissent = (decision.get("dissent") or "").strip()
        if dissent:
            consensus += f" · <font color='{ALERT}'><b>Dissent:</b></font> {text(dissent)}"
        else:
            consensus += " · no dissent recorded"
        rows.append(_row("Consensus", consensus))
        rows.append(_row("Rationale", text(decision.get("rationale") or "none recorded")))
    rows.append(_row("Options considered", _options(case)))
    if decision:
        tests = [meeting_vocab.label(meeting_vocab.TEST, t) for t in decision.get("tests_requested", [])]
        rows.append(_row("Tests requested", text(", ".join(tests) or "none")))
    rows.append(_row("Action items", _actions(case, ages)))
    if decision:
        decided_at = decision.get("decided_at")
        when = "—" if not decided_at else moment(decided_at)
        words = f"{when} by {decision.get('decided_by') or '—'} · rules version {decision.get('rules_version') or '—'}"
        rows.append(_row("Decided", text(words)))
    widths = [width * 0.2, width * 0.8]
    lines = single_lines(rows, widths, BOX_PADDING + 6)  # ReportLab's right padding is 6 points
    box = Table(rows, colWidths=widths, hAlign="LEFT", spaceAfter=6, splitInRow=split_rows())
    box.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(NAVY)),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(BOX_FILL)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor(NAVY)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), BOX_PADDING),
                *lines,
            ]
        )
    )
    return box


def _row(caption: str, markup: str) -> list[Any]:
    return [para(text(caption), "cellbold"), para(markup, "cell")]


def _options(case: dict[str, Any]) -> str:
    options = case.get("options_considered") or []
    if not options:
        return "none recorded"
    chosen = (case.get("decision") or {}).get("recommendation")
    lines = []
    for o in options:
        label = text(meeting_vocab.label(meeting_vocab.RECOMMENDATION, o.get("option")))
        note = f" — {text(o['note'])}" if o.get("note") else ""
        lines.append(
            f"<b>▶ {label}</b> (recommended){note}" if o.get("option") == chosen else f"○ {label}{note}"
        )
    return "<br/>".join(lines)


def _actions(case: dict[str, Any], ages: Ages | None) -> str:
    actions = case.get("action_items") or []
    if not actions:
        return "none recorded"
    lines = []
    for a in actions:
        state = "done" if a.get("done") else "open"
        words = f"{a.get('description') or '—'} — {a.get('owner') or 'no owner'}, {_due(a.get('due_date'), ages)} ({state})"
        lines.append("• " + text(words))
    return "<br/>".join(lines)


def _due(due: object, ages: Ages | None) -> str:
    """An action item's due date; de-identified, counted from the meeting ("due 12 days after the meeting")."""
    if not due:
        return "no due date"
    when = date.fromisoformat(str(due))
    return "due " + (day(when) if ages is None else ages.from_meeting(when))

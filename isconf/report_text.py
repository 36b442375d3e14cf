"""The evaluation as plain text, for ``isconf evaluate`` and for logs a clinician reads."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date

from isconf.rules import Evaluation, reference
from isconf.rules.wording import day, missing
from isconf.status import State, alarm_words, pathway_words, status_words

# Kept here (and ``status_words``, ``pathway_words``): the summary PDF and the services read them.
STATE_WORDS = {state.value: state.words for state in State}
WIDTH = 96


def evaluation_text(evaluation: Evaluation, *, heading: str) -> str:
    """The whole evaluation: banner, criteria with reasons and sources, warnings, urgency."""
    e = evaluation
    lines = [
        f"{heading} — evaluated as of {day(e.as_of)} (rules version {e.rules_version})",
        "",
        f"STATUS   {status_words(e.status).upper()}"
        + (f"   {alarm_words([w.code for w in e.alarms])}" if e.alarms else ""),
        f"PATHWAY  {pathway_words(e.pathway, e.status)}",
        *_wrap(e.status_reason, "         "),
        "",
        "CHECKLIST",
    ]
    for c in e.criteria:
        lines.append(f"  [{STATE_WORDS[c.state]:^9}] {c.title}")
        lines += _wrap(c.reason, " " * 14)
        for item in c.evidence:
            lines += _wrap(f"· {item}", " " * 14, " " * 16)
        if c.missing:
            words = "; ".join(f"{missing(m)} ({m})" for m in c.missing)
            lines += _wrap(f"Missing: {words}", " " * 14)
        lines += _wrap(f"Source: {c.source}", " " * 14)
    if e.warnings:
        lines += ["", "WARNINGS"]
        for w in e.warnings:
            lines += _wrap(f"! {w.message}", "  ", "    ")
    lines += ["", "URGENCY", *urgency_lines(e)]
    return "\n".join(lines) + "\n"


def urgency_words(e: Evaluation) -> str:
    """The urgent flag in words that say what to do, by status."""
    u = e.urgency
    if u.urgent and e.status == "refer_for_evaluation":
        return "URGENT: spasms go on; refer for surgical evaluation now."
    if u.urgent:
        return "URGENT: spasms go on in an infant the rules find a surgical candidate."
    if not u.ongoing:
        return "Not flagged urgent: the spasms have stopped."
    if e.status == "incomplete":
        return "Not flagged urgent only because the evaluation is incomplete: spasms go on; record what is missing."
    if e.status == "not_yet":
        return "Not flagged urgent: spasms go on; first-line treatment has not yet failed twice."
    return "Not flagged urgent: spasms go on, but the rules do not find a surgical candidate."


def urgency_summary(e: Evaluation) -> str:
    """One line for the banner: weeks of spasms, since drug resistance, and the lead-time band."""
    u = e.urgency
    parts = []
    if u.spasm_weeks is not None:
        parts.append(f"{u.spasm_weeks:.1f} weeks of spasms" + ("" if u.ongoing else " (stopped)"))
    if u.weeks_since_drug_resistance is not None:
        parts.append(f"{u.weeks_since_drug_resistance:.1f} weeks since drug resistance")
    if u.lead_time_days is not None:
        parts.append(f"lead time {u.lead_time_days} days (UKISS category {u.lead_time_category})")
    return "  ·  ".join(parts)


def urgency_lines(e: Evaluation) -> list[str]:
    u = e.urgency
    lines = [f"  {urgency_words(e)}"]
    if u.spasm_weeks is not None:
        lines.append(f"  Weeks of spasms: {u.spasm_weeks:.1f}")
    if u.drug_resistance_date is not None and u.weeks_since_drug_resistance is not None:
        lines.append(
            f"  Weeks since drug resistance: {u.weeks_since_drug_resistance:.1f} "
            f"(established {day(u.drug_resistance_date)})"
        )
    else:
        lines.append("  Weeks since drug resistance: not established")
    if u.lead_time_days is not None:
        lines.append(
            f"  Lead time, onset to first-line treatment: {u.lead_time_days} days "
            f"(UKISS category {u.lead_time_category}: {u.lead_time_label})"
        )
    else:
        lines.append(f"  Lead time, onset to first-line treatment: {lead_time_absent(e)}")
    lines.append("  Why speed matters:")
    for cited in reference().why_speed_matters:
        lines += _wrap(f"- {cited.statement} ({cited.source})", "    ", "      ")
    return lines


def spasm_weeks_words(e: Evaluation) -> str:
    """Weeks of spasms for a value cell: "41.4 (ongoing)"."""
    u = e.urgency
    if u.spasm_weeks is None:
        return "not recorded"
    return f"{u.spasm_weeks:.1f}" + (" (ongoing)" if u.ongoing else " (stopped; to the day last seen)")


def resistance_words(e: Evaluation, *, when: Callable[[date], str] = day) -> str:
    """Weeks since drug resistance for a value cell: "30.7 (established 25 Apr 2026)";
    ``when`` words the date (de-identified ``Ages.at``: "established at age 4.1 months")."""
    u = e.urgency
    if u.drug_resistance_date is None or u.weeks_since_drug_resistance is None:
        return "not established"
    return f"{u.weeks_since_drug_resistance:.1f} (established {when(u.drug_resistance_date)})"


def lead_time_words(e: Evaluation) -> str:
    """The lead time for a value cell: "4 days — UKISS category 1 (≤7 days)", or why there is none."""
    u = e.urgency
    if u.lead_time_days is None:
        return lead_time_absent(e)
    label = f" ({u.lead_time_label})" if u.lead_time_label else ""
    return f"{u.lead_time_days} days — UKISS category {u.lead_time_category}{label}"


def lead_time_absent(e: Evaluation) -> str:
    """Why there is no lead time: nothing recorded is not the same as nothing given."""
    return e.urgency.lead_time_note or "not known"


def _wrap(text: str, indent: str, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=subsequent or indent, break_on_hyphens=False
    )

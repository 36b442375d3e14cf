"""One case of the summary PDF: who, the question, key findings, the checklist with its
reasons and sources, urgency, the trade-off table and chart, the decision and the actions.

Everything comes from the case's entry in the stored content (and, identified, its
identification entry); nothing is read from the database, so a signed revision renders
the same years later.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from isconf import vocab
from isconf.ages import Ages
from isconf.meetings import vocab as meeting_vocab
from isconf.report_text import (
    STATE_WORDS,
    lead_time_words,
    pathway_words,
    resistance_words,
    spasm_weeks_words,
    status_words,
    urgency_words,
)
from isconf.rules import reference
from isconf.rules.restore import evaluation_from_document
from isconf.rules.result import Evaluation
from isconf.rules.wording import day, missing, utc_offset
from isconf.summary.pdf_clinical import alarm_paragraphs, clinical_story
from isconf.summary.pdf_style import STATE_COLOURS, heading, pairs, para, table, text
from isconf.tradeoff.model import OptionView, Rating, TradeoffView
from isconf.tradeoff.restore import deidentified_view, tradeoff_from_json

PRESENT = {True: "already present", False: "new", None: "baseline not known (counted as new)"}


def patient_words(case: dict[str, Any], person: dict[str, Any] | None, deidentify: bool) -> str:
    """The infant as the summary names it: full name when identified, else initials."""
    if deidentify or person is None:
        return case.get("initials") or "initials not recorded"
    name = ", ".join(p for p in (person.get("family_name"), person.get("given_name")) if p)
    return name or "name not recorded"


def slot_caption(slot: object) -> str:
    """A meeting with no start time words its slots as minutes from the start ("+0:15–0:30",
    ``Meeting.slot_words``); the caption says so, since a reader would take "+0:15" for a zone."""
    return "Slot (from the start)" if str(slot or "").startswith("+") else "Slot"


def recommendation_words(case: dict[str, Any]) -> str:
    decision = case.get("decision")
    if not decision:
        return "No decision recorded"
    return meeting_vocab.label(meeting_vocab.RECOMMENDATION, decision.get("recommendation"))


def case_story(
    case: dict[str, Any],
    person: dict[str, Any] | None,
    *,
    view: TradeoffView,
    chart: Any,
    ages: Ages | None,
    number: int,
    total: int,
    width: float,
    pictures: dict[str, bytes] | None = None,
) -> list[Any]:
    """The case's section. ``ages``: de-identified, how the case's dates are worded (its
    texts are already scrubbed, ``isconf.summary.deidentified``); None shows the dates."""
    deidentify = ages is not None
    evaluation = evaluation_from_document(case["evaluation"])
    story: list[Any] = [
        para(text(f"Case {number} of {total}: {patient_words(case, person, deidentify)}"), "case"),
        _who(case, person, deidentify, width),
        *heading("Question for the team"),
        para(text(case.get("question") or "No question recorded.")),
        *heading("Key findings"),
        table(
            ("Finding", "As recorded"),
            [(f["label"], f["text"]) for f in case.get("key_findings", [])] or [("—", "none recorded")],
            (0.26, 0.74),
            width,
        ),
        *clinical_story(case, width, ages, pictures),
        *_checklist(evaluation, case, width, ages),
        *_urgency(evaluation, width, ages),
        *_tradeoff(view, chart, width),
        _outcome(case, width, ages),
    ]
    return story


def chart_view(case: dict[str, Any], person: dict[str, Any] | None, ages: Ages | None) -> TradeoffView:
    """The case's trade-off as stored, naming the infant by MRN, or, de-identified (``ages``
    given), by initials with the next surgery date as an age."""
    if ages is not None:
        return deidentified_view(
            tradeoff_from_json(case["tradeoff"]), ages, shown_as=_chart_name(case, None, True)
        )
    return tradeoff_from_json(case["tradeoff"], mrn=_chart_name(case, person, False))


def _chart_name(case: dict[str, Any], person: dict[str, Any] | None, deidentify: bool) -> str:
    if deidentify or person is None:
        return case.get("initials") or "this infant"
    return str(person.get("mrn") or case.get("initials") or "this infant")


def _who(case: dict[str, Any], person: dict[str, Any] | None, deidentify: bool, width: float) -> Any:
    age = case.get("age_months")
    age_words = "not recorded" if age is None else f"{age:.0f} months"
    slot = f"{case.get('slot') or '—'} ({case.get('minutes')} min)"
    if deidentify or person is None:
        rows: list[tuple[str, Any]] = [("Initials", case.get("initials") or "—"), ("Age", age_words)]
    else:
        born = person.get("date_of_birth")
        rows = [
            ("Name", patient_words(case, person, False)),
            ("MRN", person.get("mrn") or "—"),
            ("Date of birth", day(date.fromisoformat(born)) if born else "not recorded"),
            ("Age at the meeting", age_words),
        ]
    rows += [(slot_caption(case.get("slot")), slot), ("Summary reference", case.get("pseudonym") or "—")]
    return pairs([(k, para(text(v), "cell")) for k, v in rows], width)


def _checklist(e: Evaluation, case: dict[str, Any], width: float, ages: Ages | None) -> list[Any]:
    seen = (
        "the evaluation stored with the decision"
        if case.get("evaluation_source") == "decision"
        else "the case's evaluation (no decision stored one)"
    )
    rows = []
    for c in e.criteria:
        colour = STATE_COLOURS.get(c.state, "#000000")
        state = f"<font color='{colour}'><b>{STATE_WORDS.get(c.state, text(c.state))}</b></font>"
        detail = [para(text(c.reason), "cell")]
        detail += [para("• " + text(item), "cell") for item in c.evidence]
        if c.missing:
            words = "; ".join(f"{missing(m)} ({m})" for m in c.missing)
            detail.append(para("<b>Missing:</b> " + text(words), "cell"))
        detail.append(para("Source: " + text(c.source), "source"))
        rows.append([para(text(c.title), "cellbold"), para(state, "cell"), detail])
    story = [
        *heading("Candidacy checklist"),
        para(f"<b>{text(status_words(e.status))}</b> · pathway: {text(pathway_words(e.pathway, e.status))}"),
        *alarm_paragraphs(e),
        para(text(e.status_reason)),
        para(text(f"From {seen}, as of {_day(e.as_of, ages)}, rules version {e.rules_version}."), "note"),
        table(("Criterion", "State", "Reason, evidence and source"), rows, (0.24, 0.14, 0.62), width),
    ]
    if e.missing:
        story.append(para("<b>Missing:</b> " + text("; ".join(f"{missing(m)} ({m})" for m in e.missing))))
    for w in e.warnings:
        story.append(para("<b>Warning:</b> " + text(w.message)))
    return story


def _day(value: date, ages: Ages | None) -> str:
    """A date of the case: as a date, or (de-identified) as the child's age that day."""
    return day(value) if ages is None else ages.noun(value)


def _urgency(e: Evaluation, width: float, ages: Ages | None) -> list[Any]:
    u = e.urgency
    ref = reference()
    colour = "#b00020" if u.urgent else "#000000"
    return [
        *heading("Urgency"),
        para(f"<font color='{colour}'><b>{text(urgency_words(e))}</b></font>"),
        pairs(
            [
                ("Weeks of spasms", para(text(spasm_weeks_words(e)), "cell")),
                ("Weeks since drug resistance", para(text(_resistance(e, ages)), "cell")),
                ("Lead time, onset to first-line treatment", para(text(lead_time_words(e)), "cell")),
            ],
            width,
            0.34,
        ),
        para(text(f"Lead-time bands: {ref.lead_time_source}"), "source"),
        para("Why speed matters", "minor"),
        *[para("• " + text(f"{c.statement} ({c.source})"), "source") for c in ref.why_speed_matters],
    ]


def _tradeoff(view: TradeoffView, chart: Any, width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether

    rows: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    for option in view.options:
        spans += [
            ("SPAN", (0, len(rows) + 1), (-1, len(rows) + 1)),
            ("BACKGROUND", (0, len(rows) + 1), (-1, len(rows) + 1), colors.HexColor("#dde5ee")),
        ]
        rows.append([_option_cell(option, view.proposed_procedure), "", "", ""])
        if option.waiting is not None:
            rows.append(["Cost of waiting", _waiting_cell(option), "", ""])
            spans.append(("SPAN", (1, len(rows)), (-1, len(rows))))
        for d in option.deficits:
            likelihood = vocab.label(vocab.LIKELIHOOD, d.likelihood) if d.likelihood else "not estimated"
            rows.append(
                [
                    [para(text(d.label), "cellbold"), para(text(f"Source: {d.source}"), "source")],
                    [para(text(likelihood), "cell"), para(text(d.likelihood_why), "source")],
                    [para(text(PRESENT[d.already_present]), "cell"), para(text(d.present_why), "source")],
                    _ratings_cell(d.ratings),
                ]
            )
        if not option.deficits and option.waiting is None:
            rows.append(["No expected deficit listed", "", "", ""])
    loss = STATE_WORDS.get(view.function_loss_state, view.function_loss_state)
    return [
        *heading("Trade-off: expected benefit and deficits"),
        para(text(f"Surgery site: {view.site.words}.")),
        table(
            ("Deficit", "Likelihood", "New or already present", "Ratings"),
            rows,
            (0.3, 0.22, 0.22, 0.26),
            width,
            extra=spans,
        ),
        para(text(f"Function loss (criterion 5): {loss} — {view.function_loss_reason}")),
        KeepTogether([para("The trade-off at a glance", "minor"), chart]),
    ]


def _option_cell(option: OptionView, proposed: str | None) -> Any:
    b = option.benefit
    mark = "▶ " if option.procedure == proposed else ""
    roles = ", ".join(option.roles)
    lines = [
        para(
            f"<b>{text(mark + option.label)}</b> ({text(roles)}) — expected benefit: {text(b.text)}", "cell"
        ),
        para(text(f"Source: {b.source}"), "source"),
    ]
    if b.note:
        lines.append(para(text(b.note), "source"))
    return lines


def _waiting_cell(option: OptionView) -> Any:
    waiting = option.waiting
    assert waiting is not None
    return [
        para(text(waiting.text), "cell"),
        *[para("• " + text(f"{c.statement} ({c.source})"), "source") for c in waiting.evidence],
    ]


def _ratings_cell(ratings: tuple[Rating, ...]) -> Any:
    if not ratings:
        return para("not rated", "cell")
    out = []
    for r in ratings:
        comment = f": {r.comment}" if r.comment else ""
        words = f"{vocab.label(vocab.RATING, r.rating)} by {r.rated_by}{comment}"
        bold = r.rating == "unacceptable"
        out.append(para(("<b>✗ " if bold else "") + text(words) + ("</b>" if bold else ""), "cell"))
    return out


def _resistance(e: Evaluation, ages: Ages | None) -> str:
    return resistance_words(e) if ages is None else resistance_words(e, when=ages.at)


def _outcome(case: dict[str, Any], width: float, ages: Ages | None) -> Any:
    """The decision, the options considered and the action items kept on one page when they
    fit: a filed record reads the recommendation with its actions, and otherwise the last two
    headings (often "None recorded.") are left alone on a page of their own."""
    from reportlab.platypus import KeepTogether

    return KeepTogether([*_decision(case, width, ages), *_options(case, width), *_actions(case, width, ages)])


def _decision(case: dict[str, Any], width: float, ages: Ages | None) -> list[Any]:
    decision = case.get("decision")
    story: list[Any] = [*heading("Decision", room=0)]
    if not decision:
        story.append(para("<b>No decision recorded</b> for this case at this meeting.", "status"))
        return story
    tests = ", ".join(meeting_vocab.label(meeting_vocab.TEST, t) for t in decision.get("tests_requested", []))
    decided_at = decision.get("decided_at")
    when = "—" if not decided_at else moment_words(decided_at) if ages is None else ages.moment(decided_at)
    rows = [
        ("Recommendation", para(f"<b>{text(recommendation_words(case))}</b>", "cell")),
        ("Tests requested", para(text(tests or "none"), "cell")),
        ("Rationale", para(text(decision.get("rationale")), "cell")),
        (
            "Consensus",
            para(text(meeting_vocab.label(meeting_vocab.CONSENSUS, decision.get("consensus"))), "cell"),
        ),
        ("Dissent", para(text(decision.get("dissent") or "none recorded"), "cell")),
        ("Decided", para(text(f"{when} by {decision.get('decided_by') or '—'}"), "cell")),
        ("Rules version", para(text(decision.get("rules_version") or "—"), "cell")),
    ]
    story.append(pairs(rows, width))
    return story


def moment_words(iso: object, *, seconds: bool = False, zone: object = None) -> str:
    """A stored ISO 8601 moment as a reader sees it: "26 Nov 2026, 13:00 UTC+01:00", then the
    zone's name when ``zone`` has one ("Europe/Berlin (+01:00)" gives "(Europe/Berlin)"; a bare
    offset adds nothing, it is already printed). Text that is not ISO 8601 is shown as it is."""
    name = _ZONE_OFFSET.sub("", str(zone or "")).strip()
    named = f" ({name})" if name else ""
    try:
        moment = datetime.fromisoformat(str(iso))
    except ValueError:
        return f"{iso or '—'}{named}"
    offset = utc_offset(moment)
    clock = f"{moment:%H:%M:%S}" if seconds else f"{moment:%H:%M}"
    words = f"{day(moment.date())}, {clock}"
    words += f" UTC{offset}" if offset else " (no UTC offset recorded)"
    return words + named


_ZONE_OFFSET = re.compile(r"\(?[+-]\d\d:\d\d\)?$")


def _options(case: dict[str, Any], width: float) -> list[Any]:
    options = case.get("options_considered") or []
    story: list[Any] = [*heading("Options considered", room=0)]
    if not options:
        return [*story, para("None recorded.")]
    rows = [
        (meeting_vocab.label(meeting_vocab.RECOMMENDATION, o.get("option")), o.get("note") or "—")
        for o in options
    ]
    return [*story, table(("Option", "Why chosen or not"), rows, (0.34, 0.66), width)]


def _actions(case: dict[str, Any], width: float, ages: Ages | None) -> list[Any]:
    actions = case.get("action_items") or []
    story: list[Any] = [*heading("Action items", room=0)]
    if not actions:
        return [*story, para("None recorded.")]
    rows = [
        (
            a.get("description") or "—",
            a.get("owner") or "no owner",
            _due(a.get("due_date"), ages),
            "done" if a.get("done") else "open",
        )
        for a in actions
    ]
    return [*story, table(("Action", "Owner", "Due", "Done"), rows, (0.5, 0.22, 0.16, 0.12), width)]


def _due(due: object, ages: Ages | None) -> str:
    """An action item's due date; de-identified, counted from the meeting ("12 days after the meeting")."""
    if not due:
        return "no due date"
    when = date.fromisoformat(str(due))
    return day(when) if ages is None else ages.from_meeting(when)

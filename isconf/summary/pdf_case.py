"""One case of the summary PDF, decision first: who, the decision box, the question, the
key findings, the checklist with its reasons, urgency, then the trade-off.

Everything comes from the case's entry in the stored content (and, identified, its
identification entry); nothing is read from the database, so a signed revision renders
the same years later. Sources are numbered citations into the document's one
reference list (``isconf.summary.citations``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from reportlab.platypus import KeepTogether

from isconf.ages import Ages
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
from isconf.summary.citations import Citations
from isconf.summary.pdf_clinical import alarm_paragraphs, clinical_story
from isconf.summary.pdf_decision import decision_box
from isconf.summary.pdf_decision import recommendation_words as recommendation_words
from isconf.summary.pdf_style import STATE_COLOURS, heading, para, table, text
from isconf.summary.pdf_tradeoff import tradeoff_section
from isconf.tradeoff.model import TradeoffView
from isconf.tradeoff.restore import deidentified_view, tradeoff_from_json


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


def case_story(
    case: dict[str, Any],
    person: dict[str, Any] | None,
    *,
    view: TradeoffView,
    citations: Citations,
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
    moment = moment_words if ages is None else ages.moment
    # The case's name, who the child is and the decision stay on one page: the page a case
    # starts on holds its recommendation.
    opening = [
        para(text(f"Case {number} of {total}: {patient_words(case, person, deidentify)}"), "case"),
        para(text(_who(case, person, deidentify)), "lead"),
        decision_box(case, width, ages, moment),
    ]
    return [
        KeepTogether(opening),
        para(f"<b>Question for the team:</b> {text(case.get('question') or 'none recorded')}", "lead"),
        *heading("Key findings", room=90),
        _findings(case.get("key_findings") or [], width),
        *key_findings_extras(case, width, ages, pictures),
        *_checklist(evaluation, case, width, ages, citations),
        *_urgency(evaluation, ages, citations),
        *tradeoff_section(view, width, citations),
    ]


def _findings(findings: list[dict[str, Any]], width: float) -> Any:
    """The key findings two to a row (label, text, label, text): most are a few words."""
    cells = [(para(text(f["label"]), "cellbold"), para(text(f["text"]), "small")) for f in findings]
    if not cells:
        return para("No key findings recorded.", "lead")
    rows = [[*cells[i], *(cells[i + 1] if i + 1 < len(cells) else ("", ""))] for i in range(0, len(cells), 2)]
    return table(None, rows, (0.14, 0.36, 0.14, 0.36), width)


def key_findings_extras(
    case: dict[str, Any], width: float, ages: Ages | None, pictures: dict[str, bytes] | None = None
) -> list[Any]:
    """The treatment timeline, the concordance row, development, the family's priorities, the
    reports and the key images, under the key findings (``isconf.summary.pdf_clinical``)."""
    return clinical_story(case, width, ages, pictures)


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


def _who(case: dict[str, Any], person: dict[str, Any] | None, deidentify: bool) -> str:
    age = case.get("age_months")
    parts = []
    if not deidentify and person is not None:
        born = person.get("date_of_birth")
        parts += [
            f"MRN {person.get('mrn') or '—'}",
            f"born {day(date.fromisoformat(born)) if born else 'not recorded'}",
        ]
    parts.append("age not recorded" if age is None else f"{age:.0f} months at the meeting")
    parts.append(
        f"{slot_caption(case.get('slot')).lower()} {case.get('slot') or '—'} ({case.get('minutes')} min)"
    )
    parts.append(f"summary reference {case.get('pseudonym') or '—'}")
    return " · ".join(parts)


def _checklist(
    e: Evaluation, case: dict[str, Any], width: float, ages: Ages | None, citations: Citations
) -> list[Any]:
    seen = (
        "the evaluation stored with the decision"
        if case.get("evaluation_source") == "decision"
        else "the case's evaluation (no decision stored one)"
    )
    # The works a criterion rests on are those of its rules version, whatever wording an older
    # stored evaluation gave them.
    sources = reference().criterion_sources
    rows = []
    for c in e.criteria:
        colour = STATE_COLOURS.get(c.state, "#000000")
        state = f"<font color='{colour}'><b>{STATE_WORDS.get(c.state, text(c.state))}</b></font>"
        detail = [para(f"{text(c.reason)} {citations.cite(sources.get(c.id, c.source))}", "small")]
        detail += [para("• " + _evidence(item, citations), "small") for item in c.evidence]
        if c.missing:
            words = "; ".join(f"{missing(m)} ({m})" for m in c.missing)
            detail.append(para("<b>Missing:</b> " + text(words), "small"))
        rows.append([para(text(c.title), "cellbold"), para(state, "cell"), detail])
    story = [
        *heading("Candidacy checklist", room=110),
        para(
            f"<b>{text(status_words(e.status))}</b> · pathway: {text(pathway_words(e.pathway, e.status))}. "
            f"{text(e.status_reason)}",
            "lead",
        ),
        *alarm_paragraphs(e),
        para(text(f"From {seen}, as of {_day(e.as_of, ages)}, rules version {e.rules_version}."), "note"),
        table(("Criterion", "State", "Reason and evidence [source]"), rows, (0.2, 0.12, 0.68), width),
    ]
    if e.missing:
        story.append(para("<b>Missing:</b> " + text("; ".join(f"{missing(m)} ({m})" for m in e.missing))))
    for w in e.warnings:
        story.append(para("<b>Warning:</b> " + text(w.message)))
    return story


PALLIATIVE_NOTE = "Palliative options"
WHY_SPEED_NOTE = "Why speed matters"


def _evidence(item: str, citations: Citations) -> str:
    """An evidence line; the palliative options' figures, which the lesion criterion quotes
    whole for every case without a focal lesion, are printed once with the references."""
    palliative = reference().palliative
    if not item.startswith(palliative.statement.split(":")[0]):
        return text(item)
    cited = citations.note(PALLIATIVE_NOTE, [(palliative.statement, palliative.source)])
    return (
        text(
            f"The palliative options' figures, from series of children: '{PALLIATIVE_NOTE}' after the references "
        )
        + cited
    )


def _day(value: date, ages: Ages | None) -> str:
    """A date of the case: as a date, or (de-identified) as the child's age that day."""
    return day(value) if ages is None else ages.noun(value)


def _urgency(e: Evaluation, ages: Ages | None, citations: Citations) -> list[Any]:
    ref = reference()
    colour = "#b00020" if e.urgency.urgent else "#000000"
    resistance = resistance_words(e) if ages is None else resistance_words(e, when=ages.at)
    why = citations.note(WHY_SPEED_NOTE, [(c.statement, c.source) for c in ref.why_speed_matters])
    facts = (
        f"Weeks of spasms: {text(spasm_weeks_words(e))} · weeks since drug resistance: {text(resistance)} · "
        f"lead time, onset to first-line treatment: {text(lead_time_words(e))} {citations.cite(ref.lead_time_source)}. "
        f"Why speed matters: see the statements after the references {why}."
    )
    return [
        *heading("Urgency", room=60),
        para(f"<font color='{colour}'><b>{text(urgency_words(e))}</b></font>", "lead"),
        para(facts, "lead"),
    ]


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

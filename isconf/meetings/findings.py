"""A case at a glance, for the presentation screen: the few findings a team reads first.

Plain words from the case snapshot (no verdicts: those come from the rules),
each a label and a line. Dates are worded as ages and weeks, not calendar
dates, because the screen is shown in a room. A field declared on a row
(``FieldInfo.finding``) is worded from its declaration (``fields.shown``).
"""

from __future__ import annotations

from datetime import date

from isconf import fields, timeline, vocab
from isconf.domain import EEG_ROW, ETIOLOGY_ROW, SPASMS_ROW, Case, Lesion
from isconf.rules import wording
from isconf.rules.conditions import latest_score, score_words
from isconf.rules.lesion import latest

Finding = tuple[str, str]


def has_tradeoff(case: Case) -> bool:
    """Whether the case has a trade-off worth a chart in the room: a proposed procedure,
    or any deficit the team has rated (docs/clinical-readings.md). Without either the
    chart holds only the reference's defaults, which the team has not yet weighed."""
    t = case.tradeoff
    return t.proposed_procedure is not None or any(a.rating is not None for a in t.assessments)


def key_findings(case: Case, as_of: date) -> list[Finding]:
    """Age, spasms, treatments, MRI, EEG, PET, etiology and development: one line each."""
    return [
        ("Age", _age(case, as_of)),
        (SPASMS_ROW, _spasms(case, as_of)),
        ("Treatment", _treatments(case)),
        ("MRI", _mri(case, as_of)),
        (EEG_ROW, _eeg(case, as_of)),
        ("PET", _pet(case, as_of)),
        (ETIOLOGY_ROW, _etiology(case)),
        ("Development", _development(case, as_of)),
    ]


def _age(case: Case, as_of: date) -> str:
    months = timeline.age_months(case.date_of_birth, as_of)
    sex = vocab.label(vocab.SEX, case.sex).lower() if case.sex else ""
    if months is None:
        return "not recorded" + (f" ({sex})" if sex else "")
    return f"{months:.0f} months" + (f", {sex}" if sex and sex != "unknown" else "")


def _spasms(case: Case, as_of: date) -> str:
    weeks = timeline.spasm_weeks(case.spasms, as_of) if case.spasms.onset_date else None
    if weeks is None:
        return "onset not recorded"
    state = "ongoing" if timeline.spasm_end(case.spasms, as_of) == as_of else "stopped"
    tail = "".join(f"; {words}" for words in fields.shown(case.spasms, SPASMS_ROW))
    return f"{weeks:.1f} weeks, {state}{tail}"


def _treatments(case: Case) -> str:
    if not case.treatments:
        return "none recorded"
    return "; ".join(f"{wording.agent(t)}: {wording.outcome(t.outcome)}" for t in case.treatments)


def _mri(case: Case, as_of: date) -> str:
    # The study the checklist's verdicts rest on (rules.lesion.latest), so the screen agrees with itself.
    newest = latest(case.mri, as_of)
    if newest is None:
        return "none recorded"
    study = newest[1]
    finding = (
        vocab.label(vocab.MRI_FINDING, study.finding).lower() if study.finding else "finding not recorded"
    )
    lesions = "; ".join(_lesion(lesion) for lesion in study.lesions)
    return lesions if lesions else finding


def _lesion(lesion: Lesion) -> str:
    """``left focal cortical dysplasia, lobar (frontal), epileptogenic``: short enough for a room."""
    kind = vocab.label(vocab.LESION_TYPE, lesion.type).lower() if lesion.type else "lesion"
    text = f"{lesion.side} {kind}" if lesion.side else kind
    if lesion.extent:
        text += f", {lesion.extent}"
    if lesion.lobes and lesion.extent != "hemispheric":
        text += f" ({', '.join(lesion.lobes)})"
    if lesion.epileptogenic:
        text += ", epileptogenic"
    return text


def _eeg(case: Case, as_of: date) -> str:
    newest = latest(case.eeg, as_of)
    if newest is None:
        return "none recorded"
    study = newest[1]
    parts = fields.shown(study, EEG_ROW)
    if study.lateralization:
        parts.append(
            f"lateralized {study.lateralization}" if study.lateralization != "none" else "not lateralized"
        )
    return ", ".join(parts) or "findings not recorded"


def _pet(case: Case, as_of: date) -> str:
    newest = latest(case.pet, as_of)
    if newest is None:
        return "none recorded"
    study = newest[1]
    words = [study.finding or "finding not recorded"]
    if study.side:
        words.append(study.side)
    words.extend(study.lobes)
    return " ".join(words)


def _etiology(case: Case) -> str:
    e = case.etiology
    parts = [e.category] if e.category else []
    parts += [a for a in e.also if a]
    text = ", ".join(parts) or "not recorded"
    genetic = ", ".join(fields.shown(e.genetic, ETIOLOGY_ROW))
    return "; ".join(
        [
            text,
            *fields.shown(e, ETIOLOGY_ROW),
            *([genetic] if genetic else []),
            *fields.shown(case, ETIOLOGY_ROW),
        ]
    )


def _development(case: Case, as_of: date) -> str:
    d = case.development
    scored = latest_score(case, as_of)
    if d.status is None and d.developmental_quotient is None and scored is None:
        return "not assessed"
    text = d.status or "status not recorded"
    if d.developmental_quotient is not None:
        text += f", DQ {wording.number(d.developmental_quotient)}"
    if scored is not None:
        text += f"; latest {score_words(*scored, dated=False).removeprefix('the ')}"
    return text

"""Criteria 3–5: metabolic or degenerative condition, development, function loss."""

from __future__ import annotations

from datetime import date
from typing import Any

from isconf import vocab
from isconf.domain import Case, DevelopmentAssessment
from isconf.rules import wording
from isconf.rules.reference import Reference
from isconf.rules.result import MET, NOT_MET, UNKNOWN, Criterion
from isconf.status import PALLIATIVE

DQ_THRESHOLD = 70  # "developmental quotient below 70", clinical-reference.md criterion 4
DELAY_WORDS = {
    "delayed": "development is delayed",
    "regression": "development has regressed",
    "arrest": "development has arrested",
}
DELAY_STATUSES = tuple(DELAY_WORDS)


def judge_metabolic(case: Case, ref: Reference) -> Criterion:
    cid = "no_metabolic_degenerative"
    etiology = case.etiology
    categories = [c for c in (etiology.category, *etiology.also) if c]
    evidence = []
    if categories:
        diagnosis = f" ({etiology.diagnosis})" if etiology.diagnosis else ""
        evidence.append(f"Etiology: {', '.join(categories)}{diagnosis}")
    evidence.append(f"Metabolic work-up: {_or_unrecorded(case.metabolic_workup)}")
    evidence.append(f"Degenerative condition: {_yes_no(case.degenerative_condition)}")
    against = []
    if "metabolic" in categories:
        against.append("the etiology includes a metabolic cause")
    if case.degenerative_condition is True:
        against.append("a degenerative condition is recorded")
    if case.metabolic_workup == "abnormal":
        against.append("the metabolic work-up is abnormal")
    if against:
        reason = (
            f"{wording.listing(against).capitalize()}: children with metabolic or degenerative disorders "
            "that cause seizures are typically not candidates for resective surgery."
        )
        return ref.criterion(cid, NOT_MET, reason, evidence)
    if case.metabolic_workup == "normal" and case.degenerative_condition is False:
        reason = "The metabolic work-up is normal and no degenerative condition is recorded."
        return ref.criterion(cid, MET, reason, evidence)
    missing, gaps = [], []
    if case.metabolic_workup != "normal":
        missing.append("metabolic_workup")
        gaps.append(
            "the metabolic work-up is not done"
            if case.metabolic_workup
            else "no metabolic work-up is recorded"
        )
    if case.degenerative_condition is None:
        missing.append("degenerative_condition")
        gaps.append("whether there is a degenerative condition is not recorded")
    reason = f"Cannot be judged yet: {wording.listing(gaps)}."
    return ref.criterion(cid, UNKNOWN, reason, evidence, missing)


def latest_score(case: Case, as_of: date) -> tuple[DevelopmentAssessment, float] | None:
    """The latest assessment by ``as_of`` that has a quotient or a standard score, and that score
    (its quotient where it has both). Undated ones count as older than dated ones; among equals
    the one listed last wins, as for studies."""
    known = [
        (i, a)
        for i, a in enumerate(case.development.assessments)
        if (a.date is None or a.date <= as_of)
        and (a.developmental_quotient is not None or a.standard_score is not None)
    ]
    if not known:
        return None
    _, newest = max(known, key=lambda pair: (pair[1].date is not None, pair[1].date or date.min, pair[0]))
    score = (
        newest.developmental_quotient if newest.developmental_quotient is not None else newest.standard_score
    )
    assert score is not None
    return newest, score


def score_words(assessment: DevelopmentAssessment, score: float, *, dated: bool = True) -> str:
    """'the Vineland-3 composite standard score 58 (1 Jul 2026)' (``dated``: with its day)."""
    instrument = assessment.name if assessment.instrument == "other" and assessment.name else None
    instrument = instrument or vocab.label(vocab.INSTRUMENT, assessment.instrument) or "unnamed instrument"
    domain = (
        f" {vocab.label(vocab.DEVELOPMENT_DOMAIN, assessment.domain).lower()}" if assessment.domain else ""
    )
    kind = "quotient" if assessment.developmental_quotient is not None else "standard score"
    when = f" ({wording.day(assessment.date)})" if assessment.date and dated else ""
    return f"the {instrument}{domain} {kind} {wording.number(score)}{when}"


def judge_development(case: Case, as_of: date, ref: Reference) -> Criterion:
    cid = "developmental_impact"
    dev = case.development
    if dev.assessed_on is not None and dev.assessed_on > as_of:
        reason = f"Development was assessed on {wording.day(dev.assessed_on)}, after the evaluation date."
        return ref.criterion(cid, UNKNOWN, reason, (), ["development.assessed_on"])
    dq = dev.developmental_quotient
    when = f" on {wording.day(dev.assessed_on)}" if dev.assessed_on else ""
    evidence = [f"Development{when}: {dev.status or 'status not recorded'}"]
    if dq is not None:
        evidence.append(f"Developmental quotient: {wording.number(dq)}")
    latest = latest_score(case, as_of)
    if latest is not None:
        evidence.append(f"Latest assessment: {score_words(*latest)}")
    low_dq = dq is not None and dq < DQ_THRESHOLD
    low_latest = latest is not None and latest[1] < DQ_THRESHOLD
    if dev.status in DELAY_STATUSES or low_dq or low_latest:
        parts = []
        if dev.status in DELAY_STATUSES:
            parts.append(DELAY_WORDS[dev.status])
        if low_dq:
            assert dq is not None
            parts.append(f"the developmental quotient {wording.number(dq)} is below {DQ_THRESHOLD}")
        if low_latest:
            assert latest is not None
            parts.append(f"{score_words(*latest)} is below {DQ_THRESHOLD}")
        assessed = f" (assessed {wording.day(dev.assessed_on)})" if dev.assessed_on else ""
        said = wording.listing(parts)
        reason = f"{said[:1].upper()}{said[1:]}{assessed}."
        return ref.criterion(cid, MET, reason, evidence)
    if dev.status == "normal":
        quotient = f" with a quotient of {wording.number(dq)}" if dq is not None else ""
        reason = f"Development was assessed as normal{when}{quotient}: no delay or arrest to weigh against surgery."
        return ref.criterion(cid, NOT_MET, reason, evidence)
    reason = "Development has not been assessed."
    if dq is not None:
        reason = f"Development status is not recorded, and the quotient {wording.number(dq)} is not below 70."
    elif latest is not None:
        reason = f"Development status is not recorded, and {score_words(*latest)} is not below 70."
    return ref.criterion(cid, UNKNOWN, reason, evidence, ["development.status"])


def judge_function_loss(case: Case, pathway: str | None, ref: Reference) -> Criterion:
    """Criterion 5, for the proposed procedure, else the lesion pathway's procedure(s).

    The palliative pathway names two procedures, each a way forward on its
    own: the criterion is met while one of them has ratings and none
    unacceptable, and not met only when every rated one has an unacceptable
    loss. An assessment without a rating has not said whether the loss is
    acceptable, so only rated assessments count.
    """
    cid = "acceptable_function_loss"
    proposed = case.tradeoff.proposed_procedure
    procedures = function_loss_procedures(proposed, pathway)
    if not procedures:
        reason = "No procedure is proposed and the lesion does not point to one yet."
        return ref.criterion(cid, UNKNOWN, reason, (), ["tradeoff.proposed_procedure"])
    named = wording.listing([wording.procedure(p) for p in procedures]).replace(" and ", " or ")
    which = "proposed" if proposed else "pathway's"
    rated = [a for a in case.tradeoff.assessments if a.procedure in procedures and a.rating]
    evidence = [
        f"{wording.procedure(a.procedure).capitalize()}: {vocab.label(vocab.DEFICIT, a.deficit).lower()} "
        f"rated {a.rating} by {a.rated_by or 'an unnamed rater'}"
        + (" (already present)" if a.already_present else "")
        for a in rated
    ]
    if not rated:
        reason = f"No rated assessment of the {which} {named} is recorded."
        return ref.criterion(cid, UNKNOWN, reason, evidence, ["tradeoff.assessments"])
    refused = [a for a in rated if a.rating == "unacceptable"]
    still_open = sorted({a.procedure for a in rated} - {a.procedure for a in refused})
    if refused and still_open:
        open_names = wording.listing([wording.procedure(p) for p in still_open])
        reason = (
            f"{_losses(refused)} rated unacceptable for {wording.procedure(refused[0].procedure)}, "
            f"but {open_names} remains acceptable ({wording.count(len(rated), 'rated assessment')})."
        )
        return ref.criterion(cid, MET, reason, evidence)
    if refused:
        reason = (
            f"For the {which} {named}, {_losses(refused)} rated unacceptable. "
            "Consider the alternatives in the trade-off workspace."
        )
        return ref.criterion(cid, NOT_MET, reason, evidence)
    reason = f"{wording.count(len(rated), 'rated assessment')} of the {which} {named}, none unacceptable."
    return ref.criterion(cid, MET, reason, evidence)


def _losses(refused: list[Any]) -> str:
    return wording.listing(
        [
            f"{vocab.label(vocab.DEFICIT, a.deficit).lower()} (by {a.rated_by or 'an unnamed rater'})"
            for a in refused
        ]
    )


def function_loss_procedures(proposed: str | None, pathway: str | None) -> tuple[str, ...]:
    """The procedures criterion 5 weighs: the proposed one, else the pathway's."""
    if proposed:
        return (proposed,)
    if pathway == PALLIATIVE:
        return ("corpus_callosotomy", "vns")
    return (pathway,) if pathway else ()


def _or_unrecorded(code: str | None) -> str:
    return vocab.label(vocab.METABOLIC_WORKUP, code).lower() if code else "not recorded"


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not recorded"}[value]

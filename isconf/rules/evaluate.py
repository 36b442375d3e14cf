"""The candidacy evaluation (rules version 1): criteria, then status, pathway and urgency.

A pure function of a case snapshot and a date, as ``clinical-reference.md``
states the rules; nothing here reads a database or a clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from isconf import timeline
from isconf.domain import Case
from isconf.rules import alerts, wording
from isconf.rules.conditions import judge_development, judge_function_loss, judge_metabolic
from isconf.rules.lesion import judge_lesion
from isconf.rules.reference import Reference, reference
from isconf.rules.result import MET, NOT_MET, RULES_VERSION, UNKNOWN, Criterion, Evaluation, Urgency, Warning
from isconf.rules.treatment import first_line_start, judge_first_line
from isconf.status import Status
from isconf.timeline import spasms_on, spasms_ongoing

URGENT_STATUSES = ("candidate", "palliative_candidate", "refer_for_evaluation")
NO_PATHWAY_STATUSES = ("not_yet", "not_candidate", "incomplete")


def evaluate(case: Case, as_of: date) -> Evaluation:
    """Evaluate ``case`` as of ``as_of``; never raises on a valid case."""
    ref = reference()
    first = judge_first_line(case, as_of, ref)
    lesion = judge_lesion(case, as_of, ref)
    criteria: tuple[Criterion, ...] = (
        first.criterion,
        lesion.criterion,
        judge_metabolic(case, ref),
        judge_development(case, as_of, ref),
        judge_function_loss(case, lesion.pathway, ref),
    )
    spasms = spasms_on(case.spasms, as_of)
    ongoing = spasms_ongoing(spasms)
    status, status_reason = decide_status(criteria, ongoing=ongoing, any_first_line_failed=first.any_failed)
    pathway = None if status in NO_PATHWAY_STATUSES else lesion.pathway
    if status in NO_PATHWAY_STATUSES:
        criteria = _no_pathway_to_weigh(case, criteria, status, ref)
    urgency = _urgency(replace(case, spasms=spasms), as_of, ongoing, status, first.resistance_date, ref)
    return Evaluation(
        rules_version=RULES_VERSION,
        as_of=as_of,
        status=status,
        status_reason=status_reason,
        pathway=pathway,
        criteria=criteria,
        warnings=(
            *alerts.untreated_spasms(case, as_of, ref),
            *first.warnings,
            *lesion.warnings,
            *alerts.same_date_studies(case, as_of),
            *_treated_before_onset(urgency),
        ),
        urgency=urgency,
    )


def decide_status(
    criteria: tuple[Criterion, ...], *, ongoing: bool, any_first_line_failed: bool
) -> tuple[str, str]:
    """The first status rule that applies, with the rule's own words."""
    state = {c.id: c.state for c in criteria}
    if state["no_metabolic_degenerative"] == NOT_MET:
        return "not_candidate", (
            "Rule 1: a metabolic or degenerative condition; such children are typically not "
            "candidates for resective surgery."
        )
    if state["first_line_failed"] == UNKNOWN:
        gaps = wording.listing([wording.missing(m) for m in criteria[0].missing])
        return "incomplete", f"Rule 2: first-line failure cannot be judged yet ({gaps})."
    if state["first_line_failed"] == NOT_MET:
        if state["focal_lesion"] == MET and ongoing and any_first_line_failed:
            return "refer_for_evaluation", (
                "Rule 3: a focal lesion with spasms going on after a failed first-line trial: "
                "refer early for surgical evaluation."
            )
        return (
            "not_yet",
            "Rule 3: first-line treatment has not yet failed twice; continue first-line treatment.",
        )
    if state["developmental_impact"] == NOT_MET:
        return (
            "not_candidate",
            "Rule 4: development is normal; no developmental impact to weigh surgery against.",
        )
    if state["acceptable_function_loss"] == NOT_MET:
        return "not_candidate", (
            "Rule 5: a loss of function the family or team rated unacceptable; consider the alternatives."
        )
    unknown = [c for c in criteria if c.state == UNKNOWN]
    if unknown:
        titles = wording.listing([c.title.lower() for c in unknown])
        needs = wording.listing([wording.missing(m) for c in unknown for m in c.missing])
        return "refer_for_evaluation", f"Rule 6: not yet known: {titles} ({needs})."
    if state["focal_lesion"] == MET:
        return "candidate", "Rule 7: every criterion is met, with a focal or unilateral lesion."
    return "palliative_candidate", "Rule 7: every criterion is met but no focal lesion: palliative surgery."


def _no_pathway_to_weigh(
    case: Case, criteria: tuple[Criterion, ...], status: str, ref: Reference
) -> tuple[Criterion, ...]:
    """Criterion 5 of a case with no pathway (not yet, not a candidate, incomplete) and no
    proposed procedure: there is nothing to weigh a loss of function against, so the lesion's
    procedure is not named and no rating is missing (issue 16: the pathway's procedure was
    named here, and "no rated trade-off assessment" listed as missing). What the criterion
    lacks is a procedure the team proposes. An unacceptable loss stays as judged: it may be
    why the case is not a candidate; a proposed procedure is weighed as usual."""
    cid = "acceptable_function_loss"
    judged = next(c for c in criteria if c.id == cid)
    if judged.state == NOT_MET or case.tradeoff.proposed_procedure is not None:
        return criteria
    reason = (
        f"Not weighed: no pathway while the status is “{_short(status)}”; "
        "a procedure the team proposes would be weighed here."
    )
    judged = ref.criterion(cid, UNKNOWN, reason, (), ["tradeoff.proposed_procedure"])
    return tuple(judged if c.id == cid else c for c in criteria)


def _short(status: str) -> str:
    known = Status.of(status)
    return status if known is None else known.short.lower()


def _treated_before_onset(urgency: Urgency) -> tuple[Warning, ...]:
    """A negative lead time: first-line treatment began before the recorded onset."""
    if urgency.lead_time_days is None or urgency.lead_time_days >= 0:
        return ()
    days = -urgency.lead_time_days
    message = (
        f"Treated before onset: the first first-line trial began {days} days before the recorded spasm "
        "onset (preventive treatment, or an onset date to check); the lead time is counted in band 1."
    )
    return (Warning("treated_before_onset", message),)


def _urgency(
    case: Case, as_of: date, ongoing: bool, status: str, resistance: date | None, ref: Reference
) -> Urgency:
    onset = case.spasms.onset_date
    start, lead_note = _first_treatment(case, as_of, ref)
    lead = (start - onset).days if start is not None and onset is not None else None
    if start is not None and onset is None:
        lead_note = "not known (spasm onset not recorded)"
    band = ref.lead_time_band(lead) if lead is not None else None
    since = (
        timeline.weeks_between(resistance, as_of) if resistance is not None and resistance <= as_of else None
    )
    return Urgency(
        ongoing=ongoing,
        spasm_weeks=timeline.spasm_weeks(case.spasms, as_of)
        if onset is not None and onset <= as_of
        else None,
        drug_resistance_date=resistance,
        weeks_since_drug_resistance=since,
        lead_time_days=lead,
        lead_time_category=band.category if band else None,
        lead_time_label=band.label if band else None,
        lead_time_note=lead_note,
        urgent=ongoing and status in URGENT_STATUSES,
    )


def _first_treatment(case: Case, as_of: date, ref: Reference) -> tuple[date | None, str | None]:
    """The start of the first first-line trial, or why there is no lead time to count.

    A first-line trial without a start date might have been the first: then
    the lead time is not known, rather than counted from a later trial.
    """
    for index, t in enumerate(case.treatments):
        if t.agent in ref.first_line_agents and t.start_date is None:
            return None, f"not known (start date of treatment {index + 1} not recorded)"
    start = first_line_start(case, as_of, ref)
    if start is not None:
        return start, None
    if not case.treatments:
        return None, "not known (no treatment recorded)"
    return None, "no first-line treatment started"


def stable_until(case: Case, as_of: date) -> date | None:
    """The first day after ``as_of`` on which the evaluation's verdicts may differ.

    Only the first-line trials depend on the date: a trial starts, reaches the
    minimum days, or ends. Weeks of spasms and since resistance grow every day
    but are computed from stored dates, so they do not count here. None: the
    verdicts hold until the case changes.
    """
    ref = reference()
    days = ref.minimum_days
    candidates = []
    for t in case.treatments:
        if t.agent not in ref.first_line_agents or t.start_date is None:
            continue
        candidates += [t.start_date, t.start_date + timedelta(days=days)]
        if t.end_date is not None:
            candidates.append(t.end_date)
    return min((d for d in candidates if d > as_of), default=None)

"""Criterion 1, ``first_line_failed``: which first-line trials count as failed.

A trial counts as failed when its outcome is no response, partial or relapse,
it lasted at least the minimum days (to its end date, or to the evaluation
date while it continues) and its dose reached the adequate minimum.

Readings where ``clinical-reference.md`` is silent, chosen as a careful
clinician would and kept visible in the reasons:
- a trial with no end date is taken as still being given, so its days run to
  the evaluation date; a trial ending after the evaluation date is counted
  only up to it, and one starting after it is not yet a trial;
- a failed-looking trial whose start date, dose or outcome is not recorded
  cannot be judged: it does not count, and when it would decide the
  criterion, the criterion is ``unknown`` and names the missing fields (the
  rule's exemption is only for a dose in a unit the table cannot compare);
- a responder is not told which agents are "not yet tried": the reason says
  no further first-line trial is needed unless the spasms return;
- a continuing failed trial established resistance on the day it reached
  the minimum days, the day it first counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from isconf.domain import Case, Treatment
from isconf.rules import wording
from isconf.rules.reference import Reference
from isconf.rules.result import MET, NOT_MET, UNKNOWN, Criterion, Warning


@dataclass(frozen=True)
class TrialVerdict:
    index: int
    treatment: Treatment
    failed: bool  # counts as a failed first-line trial
    failed_on: date | None  # when it counted: its end, or the day it reached the minimum days
    text: str
    warning: Warning | None = None
    started: bool = True  # begun by the evaluation date
    gaps: tuple[str, ...] = ()  # case-file fields whose absence keeps it from being judged


@dataclass(frozen=True)
class FirstLine:
    criterion: Criterion
    verdicts: tuple[TrialVerdict, ...]
    resistance_date: date | None
    warnings: tuple[Warning, ...]

    @property
    def any_failed(self) -> bool:
        return any(v.failed for v in self.verdicts)


def judge_first_line(case: Case, as_of: date, ref: Reference) -> FirstLine:
    cid = "first_line_failed"
    if not case.treatments:
        reason = "No treatment is recorded, so first-line failure cannot be judged."
        return FirstLine(ref.criterion(cid, UNKNOWN, reason, missing=["treatments"]), (), None, ())
    verdicts = tuple(
        _judge_trial(i, t, as_of, ref)
        for i, t in enumerate(case.treatments)
        if t.agent in ref.first_line_agents
    )
    others = [wording.agent(t) for t in case.treatments if t.agent not in ref.first_line_agents]
    failed = sorted((v for v in verdicts if v.failed), key=lambda v: (v.failed_on or as_of, v.index))
    needed = ref.failed_trials_needed
    # The trials that do not count are named in the reason itself (the rule asks it); the
    # evidence lists the ones that do, so nothing is said twice.
    evidence = [v.text for v in verdicts if v.failed]
    if others:
        evidence.append(f"Not first-line, so not counted here: {wording.listing(others)}.")
    not_counted = "".join(f" {v.text}" for v in verdicts if not v.failed)
    warnings = (*(v.warning for v in verdicts if v.warning is not None), *_same_agent_twice(failed))
    if len(failed) >= needed:
        resistance = failed[needed - 1].failed_on
        names = wording.listing([wording.trial(v.treatment) for v in failed])
        reason = f"{len(failed)} first-line trials count as failed: {names}."
        if resistance is not None:
            reason += f" Drug resistance established on {wording.day(resistance)}."
        criterion = ref.criterion(cid, MET, reason + not_counted, evidence)
        return FirstLine(criterion, verdicts, resistance, warnings)
    count = "No first-line trial counts" if not failed else f"{len(failed)} first-line trial counts"
    reason = f"{count} as failed; {needed} are needed.{not_counted}"
    gapped = [v for v in verdicts if v.gaps]
    if len(failed) + len(gapped) >= needed:
        missing = [path for v in gapped for path in v.gaps]
        reason += " Record what is missing to judge first-line failure."
        return FirstLine(ref.criterion(cid, UNKNOWN, reason, evidence, missing), verdicts, None, warnings)
    criterion = ref.criterion(cid, NOT_MET, reason + _what_next(verdicts, ref), evidence)
    return FirstLine(criterion, verdicts, None, warnings)


def _what_next(verdicts: tuple[TrialVerdict, ...], ref: Reference) -> str:
    """The untried first-line options; for a responder, that none is needed now."""
    started = sorted(
        (v for v in verdicts if v.started), key=lambda v: (v.treatment.start_date or date.min, v.index)
    )
    if started and started[-1].treatment.outcome == "response":
        agent = wording.agent(started[-1].treatment)
        return f" The spasms responded to {agent}; no further first-line trial is needed unless they return."
    tried = {v.treatment.agent for v in started}
    untried = [_agent_name(a) for a in ref.first_line_agents if a not in tried]
    if untried:
        return f" Not yet tried: {wording.listing(untried)}."
    return " Every first-line agent has been tried; see why each trial does not count."


def _same_agent_twice(failed: list[TrialVerdict]) -> tuple[Warning, ...]:
    """A dose increase entered as a second row would count one schedule twice."""
    agents = [v.treatment.agent for v in failed]
    repeated = sorted({a for a in agents if agents.count(a) > 1})
    return tuple(
        Warning(
            "same_agent_twice",
            f"Same agent counted twice: {agents.count(a)} failed trials of {_agent_name(a)}; confirm they "
            "were separate schedules (a dose increase within one course is one trial).",
        )
        for a in repeated
    )


def first_line_start(case: Case, as_of: date, ref: Reference) -> date | None:
    """The start of the first first-line trial begun by the evaluation date."""
    starts = [
        t.start_date
        for t in case.treatments
        if t.agent in ref.first_line_agents and t.start_date is not None and t.start_date <= as_of
    ]
    return min(starts, default=None)


def _agent_name(agent: str) -> str:
    return {"acth": "ACTH", "prednisolone": "high-dose prednisolone", "vigabatrin": "vigabatrin"}.get(
        agent, agent
    )


def _judge_trial(index: int, t: Treatment, as_of: date, ref: Reference) -> TrialVerdict:
    name = wording.trial(t)
    if t.start_date is not None and t.start_date > as_of:
        text = f"{name} starts after {wording.day(as_of)}; not yet a trial."
        return TrialVerdict(index, t, False, None, text, started=False)
    outcome_problem = _outcome_problem(t, ref)
    if outcome_problem:
        return TrialVerdict(index, t, False, None, f"{name} {outcome_problem} and does not count.")
    shortfalls: list[str] = []
    days = _days_given(t, as_of)
    if days is not None and days < ref.minimum_days:
        shortfalls.append(f"lasted only {days} days ({ref.minimum_days} needed)")
    dose_text, warning = _dose_check(t, ref)
    if dose_text:
        shortfalls.append(dose_text)
    gaps = _gaps(index, t, ref) if not shortfalls else ()
    if gaps:
        unrecorded = wording.listing([g.rsplit(".", 1)[1].replace("_", " ") for g in gaps])
        text = f"{name} cannot be judged: its {unrecorded} not recorded, so it does not count yet."
        return TrialVerdict(index, t, False, None, text, warning, gaps=gaps)
    if shortfalls:
        text = f"{name} {shortfalls[0]} and does not count."
        if len(shortfalls) > 1:
            text = f"{name} {shortfalls[0]} and {shortfalls[1]}; it does not count."
        return TrialVerdict(index, t, False, None, text, warning)
    assert t.start_date is not None and days is not None
    failed_on = _failed_on(t, as_of, ref)
    outcome = wording.outcome(t.outcome)
    running = ", still being given" if _continuing(t, as_of) else ""
    text = f"{name}: {outcome} after {days} days{running}; counts as failed."
    return TrialVerdict(index, t, True, failed_on, text, warning)


def _gaps(index: int, t: Treatment, ref: Reference) -> tuple[str, ...]:
    """The fields a possibly failed trial lacks before it can be judged."""
    where = f"treatments[{index}]"
    gaps = []
    if t.outcome is None:
        gaps.append(f"{where}.outcome")
    if t.start_date is None:
        gaps.append(f"{where}.start_date")
    if t.dose is None or t.dose_unit is None:
        gaps.append(f"{where}.dose")
    return tuple(gaps)


def _outcome_problem(t: Treatment, ref: Reference) -> str | None:
    if t.outcome in ref.failed_outcomes or t.outcome is None:
        return None
    if t.outcome == "stopped_adverse_effects":
        return "was stopped for adverse effects (drug resistance needs tolerated schedules)"
    if t.outcome == "response":
        return "brought a response (spasms stopped, hypsarrhythmia resolved), so it did not fail"
    return "is still running with its outcome not yet judged"  # "ongoing"


def _continuing(t: Treatment, as_of: date) -> bool:
    return t.end_date is None or t.end_date > as_of


def _days_given(t: Treatment, as_of: date) -> int | None:
    if t.start_date is None:
        return None
    end = as_of if _continuing(t, as_of) else t.end_date
    assert end is not None
    return (end - t.start_date).days


def _failed_on(t: Treatment, as_of: date, ref: Reference) -> date:
    if not _continuing(t, as_of):
        assert t.end_date is not None
        return t.end_date
    assert t.start_date is not None
    return t.start_date + timedelta(days=ref.minimum_days)


def _dose_check(t: Treatment, ref: Reference) -> tuple[str | None, Warning | None]:
    """(why the dose disqualifies the trial, or None; a warning when it cannot be compared)."""
    minimums = ref.adequate_dose.get(t.agent, ())
    adequate = " or ".join(f"{wording.number(m.value)} {wording.unit(m.unit)}" for m in minimums)
    name = wording.trial(t)
    if t.dose is None or t.dose_unit is None:
        return None, None  # a gap, judged by _gaps
    minimum = next((m for m in minimums if m.unit == t.dose_unit), None)
    if minimum is None:
        message = (
            f"Dose not comparable: {name} is in a unit the adequate-dose table ({adequate}) "
            "cannot compare; the trial counts."
        )
        return None, Warning("dose_not_comparable", message)
    if t.dose < minimum.value:
        return f"is below the adequate {wording.number(minimum.value)} {wording.unit(minimum.unit)}", None
    return None, None

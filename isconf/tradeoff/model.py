"""The trade-off of one infant as one plain view model.

``build_tradeoff(case, as_of)`` lays the options side by side: the procedure
the pathway points to, the proposed one, those the team adds, and continuing
medical treatment. Each has its expected benefit (published, or the team's
figure for this case, marked as such) and its expected deficits, each with a
likelihood, whether the infant already has it at baseline, why, and the
ratings given. The command line, the screen and the chart all read this model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from isconf import rules, timeline, vocab
from isconf.domain import Assessment, Case
from isconf.rules import Criterion, Evaluation, Warning
from isconf.rules.conditions import function_loss_procedures
from isconf.rules.lesion import judge_lesion
from isconf.rules.reference import Cited
from isconf.status import PALLIATIVE
from isconf.tradeoff.deficits import DeficitDefault, default_deficits, present_at_baseline
from isconf.tradeoff.figures import figures
from isconf.tradeoff.site import Site, surgical_site

MEDICAL = vocab.CONTINUE_MEDICAL
# The palliative procedures remove no cortex: their deficits have no side.
PALLIATIVE_PROCEDURES = ("corpus_callosotomy", "vns")
RATING_ORDER = ("acceptable", "concern", "unacceptable")

# An edited benefit's source: these words, then the note the team typed (``isconf.deid_text``
# withholds or scrubs the note in a de-identified output, never the words).
TEAM_FIGURE = "Team's figure for this case: "


@dataclass(frozen=True)
class Rating:
    rated_by: str
    rating: str
    comment: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"rated_by": self.rated_by, "rating": self.rating, "comment": self.comment}


@dataclass(frozen=True)
class Benefit:
    """The expected benefit of an option; ``edited`` when it is the team's figure."""

    value: float | None
    unit: str
    measure: str
    source: str
    edited: bool
    note: str
    words: str | None = None  # shown when there is no figure ("rarely")

    @property
    def text(self) -> str:
        """'66% seizure-free', or 'rarely free of spasms' when there is no figure."""
        amount = f"{self.value:g}{self.unit}" if self.value is not None else (self.words or "no figure")
        return f"{amount} {self.measure}" + (" (team's figure)" if self.edited else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "edited": self.edited,
            "measure": self.measure,
            "note": self.note,
            "words": self.words,
        }


@dataclass(frozen=True)
class DeficitView:
    deficit: str
    label: str
    likelihood: str | None
    likelihood_why: str
    already_present: bool | None
    present_why: str
    source: str
    ratings: tuple[Rating, ...] = ()

    @property
    def unacceptable_by(self) -> tuple[str, ...]:
        return tuple(r.rated_by for r in self.ratings if r.rating == "unacceptable")

    @property
    def worst_rating(self) -> str | None:
        """The gravest rating anyone gave (unacceptable, concern, acceptable); None when unrated."""
        given = [RATING_ORDER.index(r.rating) for r in self.ratings if r.rating in RATING_ORDER]
        return RATING_ORDER[max(given)] if given else None

    def to_json(self) -> dict[str, Any]:
        return {
            "deficit": self.deficit,
            "label": self.label,
            "likelihood": self.likelihood,
            "likelihood_why": self.likelihood_why,
            "already_present": self.already_present,
            "already_present_why": self.present_why,
            "source": self.source,
            "ratings": [r.to_json() for r in self.ratings],
        }


@dataclass(frozen=True)
class WaitingCost:
    """What continuing medical treatment costs in weeks of spasms."""

    next_surgery_date: date | None
    weeks_now: float | None
    weeks_by_surgery: float | None
    text: str
    evidence: tuple[Cited, ...]
    # How the chart names the next surgery date: set only in a de-identified view (the
    # child's age then); None shows the date itself. Not part of the JSON.
    date_words: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "next_surgery_date": None
            if self.next_surgery_date is None
            else self.next_surgery_date.isoformat(),
            "spasm_weeks_now": self.weeks_now,
            "spasm_weeks_by_next_surgery": self.weeks_by_surgery,
            "text": self.text,
            "evidence": [{"statement": c.statement, "source": c.source} for c in self.evidence],
        }


@dataclass(frozen=True)
class OptionView:
    procedure: str
    label: str
    roles: tuple[str, ...]  # pathway, proposed, added, rated, medical
    benefit: Benefit
    deficits: tuple[DeficitView, ...]
    waiting: WaitingCost | None = None

    @property
    def new_deficits(self) -> tuple[DeficitView, ...]:
        return tuple(d for d in self.deficits if d.already_present is not True)

    @property
    def baseline_deficits(self) -> tuple[DeficitView, ...]:
        return tuple(d for d in self.deficits if d.already_present is True)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "procedure": self.procedure,
            "label": self.label,
            "roles": list(self.roles),
            "benefit": self.benefit.to_json(),
            "deficits": [d.to_json() for d in self.deficits],
        }
        if self.waiting is not None:
            out["cost_of_waiting"] = self.waiting.to_json()
        return out


@dataclass(frozen=True)
class TradeoffView:
    mrn: str
    as_of: date
    proposed_procedure: str | None
    pathway: str | None  # the one the lesion points to, before the status rules
    site: Site
    options: tuple[OptionView, ...]
    function_loss_state: str
    function_loss_reason: str
    status: str
    # The procedures criterion 5 weighs (none when there is nothing to weigh), for "k of n rated".
    judged: tuple[str, ...] = ()
    # The alarms every view shows beside the status in the alert colour (untreated spasms).
    alarms: tuple[Warning, ...] = ()

    def option(self, procedure: str) -> OptionView | None:
        return next((o for o in self.options if o.procedure == procedure), None)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source a figure on the screen or chart rests on, once each, in order."""
        every = (s for o in self.options for s in (o.benefit.source, *(d.source for d in o.deficits)))
        return tuple(dict.fromkeys(s for s in every if s))

    def to_json(self) -> dict[str, Any]:
        return {
            "mrn": self.mrn,
            "as_of": self.as_of.isoformat(),
            "proposed_procedure": self.proposed_procedure,
            "pathway": self.pathway,
            "side_of_surgery": self.site.side,
            "site": self.site.words,
            "options": [o.to_json() for o in self.options],
            "function_loss": {"state": self.function_loss_state, "reason": self.function_loss_reason},
            "status": self.status,
        }


def build_tradeoff(case: Case, as_of: date, evaluation: Evaluation | None = None) -> TradeoffView:
    """The whole trade-off of ``case`` as of ``as_of`` (``evaluation``: the case's, when at hand)."""
    lesion = judge_lesion(case, as_of, rules.reference())  # judged once, for the pathway and the side
    evaluation = evaluation or rules.evaluate(case, as_of)
    # Not yet, not a candidate, incomplete: no pathway, so no procedure is offered as one (issue 16).
    no_pathway = evaluation.status in rules.NO_PATHWAY_STATUSES
    pathway = None if no_pathway else lesion.pathway
    function_loss = next(c for c in evaluation.criteria if c.id == "acceptable_function_loss")
    site = surgical_site(case, as_of, lesion.side)
    surgical = [_option(case, procedure, roles, site) for procedure, roles in _option_list(case, pathway)]
    options = (*surgical, _medical_option(case, as_of, surgery=not no_pathway))
    return TradeoffView(
        mrn=case.mrn,
        as_of=as_of,
        proposed_procedure=case.tradeoff.proposed_procedure,
        pathway=pathway,
        site=site,
        options=options,
        function_loss_state=function_loss.state,
        function_loss_reason=function_loss.reason,
        status=evaluation.status,
        judged=_judged(case, function_loss, lesion.pathway),
        alarms=evaluation.alarms,
    )


def _judged(case: Case, function_loss: Criterion, pathway: str | None) -> tuple[str, ...]:
    """What criterion 5 weighed: nothing when it was not weighed (no pathway, none proposed)."""
    if function_loss.state == rules.UNKNOWN and "tradeoff.proposed_procedure" in function_loss.missing:
        return ()
    return function_loss_procedures(case.tradeoff.proposed_procedure, pathway)


def _option_list(case: Case, pathway: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """The procedures to weigh, the pathway's first, each with why it is on the list."""
    t = case.tradeoff
    by_pathway = PALLIATIVE_PROCEDURES if pathway == PALLIATIVE else ((pathway,) if pathway else ())
    sources = (
        ("pathway", by_pathway),
        ("proposed", (t.proposed_procedure,) if t.proposed_procedure else ()),
        ("added", t.options),
        # Ratings or a team figure never disappear from view because the list changed.
        ("rated", tuple(a.procedure for a in t.assessments)),
        ("rated", tuple(b.procedure for b in t.benefit_overrides if b.procedure != MEDICAL)),
    )
    roles: dict[str, list[str]] = {}
    for role, procedures in sources:
        for procedure in procedures:
            if procedure not in vocab.codes(vocab.PROCEDURE):
                continue
            found = roles.setdefault(procedure, [])
            if role not in found and not (role == "rated" and found):
                found.append(role)
    return [(procedure, tuple(found)) for procedure, found in roles.items()]


def _option(case: Case, procedure: str, roles: tuple[str, ...], site: Site) -> OptionView:
    recorded = [a for a in case.tradeoff.assessments if a.procedure == procedure]
    defaults = default_deficits(procedure, site)
    listed = [d.deficit for d in defaults]
    extra = [
        code
        for code in vocab.codes(vocab.DEFICIT)
        if code not in listed and any(a.deficit == code for a in recorded)
    ]
    deficits = [_deficit(case, procedure, d, recorded, site) for d in defaults]
    deficits += [
        _deficit(
            case,
            procedure,
            DeficitDefault(code, None, "not estimated by the reference for this option", ""),
            recorded,
            site,
        )
        for code in extra
    ]
    return OptionView(
        procedure=procedure,
        label=vocab.label(vocab.PROCEDURE, procedure),
        roles=roles,
        benefit=_benefit(case, procedure),
        deficits=tuple(deficits),
    )


def _deficit(
    case: Case, procedure: str, default: DeficitDefault, recorded: list[Assessment], site: Site
) -> DeficitView:
    mine = [a for a in recorded if a.deficit == default.deficit]
    likelihood, why = default.likelihood, default.why
    team = next((a.likelihood for a in reversed(mine) if a.likelihood), None)
    if team is not None and default.likelihood is None:
        likelihood, why = team, "the team's estimate (the reference gives no default for it)"
    elif team is not None and team != default.likelihood:
        likelihood, why = team, f"the team's estimate (default: {default.likelihood}; {default.why})"
    side = site.side if procedure not in PALLIATIVE_PROCEDURES else None
    stated = next((a.already_present for a in reversed(mine) if a.already_present is not None), None)
    present, present_why = present_at_baseline(default.deficit, side, case.baseline_function, stated)
    return DeficitView(
        deficit=default.deficit,
        label=default.label or vocab.label(vocab.DEFICIT, default.deficit),
        likelihood=likelihood,
        likelihood_why=why,
        already_present=present,
        present_why=present_why,
        source=default.source,
        ratings=tuple(
            Rating(a.rated_by or "unnamed rater", a.rating, a.comment) for a in mine if a.rating is not None
        ),
    )


def _benefit(case: Case, procedure: str) -> Benefit:
    published = figures().benefit[procedure]
    mine = next((b for b in case.tradeoff.benefit_overrides if b.procedure == procedure), None)
    if mine is None or mine.value is None:
        return Benefit(
            value=published.value,
            unit=published.unit,
            measure=published.measure,
            source=published.source,
            edited=False,
            note=published.note,
            words=published.words,
        )
    was = f"{published.value:g}{published.unit}" if published.value is not None else published.words
    return Benefit(
        value=mine.value,
        unit=published.unit,
        measure=published.measure,
        source=f"{TEAM_FIGURE}{mine.note or 'no note'}",
        edited=True,
        note=f"Published: {was} {published.measure} ({published.source})",
    )


def _medical_option(case: Case, as_of: date, *, surgery: bool) -> OptionView:
    return OptionView(
        procedure=MEDICAL,
        label=vocab.label(vocab.OPTION, MEDICAL),
        roles=("medical",),
        benefit=_benefit(case, MEDICAL),
        deficits=(),
        waiting=waiting_cost(case, as_of, surgery=surgery),
    )


def waiting_cost(case: Case, as_of: date, *, surgery: bool = True) -> WaitingCost:
    """Weeks of spasms now and by the next possible surgery date, with the cited evidence
    (``surgery`` False: a case with no pathway, so without the evidence that urges surgery)."""
    evidence = figures().waiting_evidence if surgery else figures().waiting_evidence_medical
    planned = case.tradeoff.next_surgery_date
    spasms = timeline.spasms_on(case.spasms, as_of)
    onset = spasms.onset_date
    if onset is None or onset > as_of:
        text = "The spasm onset is not recorded, so the weeks of spasms cannot be counted."
        return WaitingCost(planned, None, None, text, evidence)
    now = timeline.spasm_weeks(spasms, as_of)
    if not rules.spasms_ongoing(spasms):
        total = f"{now:g} weeks in all" if now is not None else "the day last seen is not recorded"
        text = f"Spasms have stopped ({total}): waiting adds no weeks of spasms unless they return."
        return WaitingCost(planned, now, now, text, evidence)
    assert now is not None  # ongoing spasms run to as_of, after their onset
    if planned is None and not surgery:
        return WaitingCost(None, now, None, f"{now:g} weeks of spasms so far.", evidence)
    if planned is None:
        text = (
            f"{now:g} weeks of spasms so far. Enter the next possible surgery date to see how many weeks "
            "will have passed by then."
        )
        return WaitingCost(None, now, None, text, evidence)
    if planned < as_of:
        text = f"The next possible surgery date {planned.isoformat()} has passed; enter a new one."
        return WaitingCost(planned, now, None, text, evidence)
    by_then = timeline.weeks_between(onset, planned)
    assert by_then is not None
    text = (
        f"By the next possible surgery date ({planned.isoformat()}) the infant will have had {by_then:g} "
        f"weeks of spasms: {round(by_then - now, 1):g} more than the {now:g} so far."
    )
    return WaitingCost(planned, now, by_then, text, evidence)

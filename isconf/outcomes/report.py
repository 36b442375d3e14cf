"""Predicted against actual: the centre's seizure freedom per procedure performed, with its
Wilson 95% interval, beside the published figure the conference weighed for that option; the
team's predicted deficits against those recorded after surgery; development before and after.

A child counts at 12 (24) months when a visit is recorded within a month of that anniversary
of the surgery and says Engel or ILAE class. Rates are proportions (0–1); the literature
figure is in % as ``resources/tradeoff_v1.json`` gives it, with its source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from isconf.domain import Case, FollowUp
from isconf.outcomes.schedule import visit_in, window
from isconf.outcomes.statistics import rate, seizure_free, wilson
from isconf.tradeoff.figures import figures
from isconf.tradeoff.seen import seen_figure
from isconf.vocab import SURGERY_PROCEDURE, codes

# The trade-off's option for a procedure the case file names only among those performed.
OPTION_OF = {
    "hemispherotomy": "hemispherectomy",
    "anterior_callosotomy": "corpus_callosotomy",
    "complete_callosotomy": "corpus_callosotomy",
}
PREDICTED = ("expected", "possible")  # a likelihood that counts as the team predicting the deficit
LITERATURE_FILE = "resources/tradeoff_v1.json (the figures the trade-off workspace shows)"
HORIZONS = (12, 24)


def option_of(procedure: str) -> str:
    return OPTION_OF.get(procedure, procedure)


@dataclass(frozen=True)
class Literature:
    """The published figure beside a procedure's rate: the one the conference saw when it
    decided (``at_decision``, from the decisions' snapshots), or, when no decision kept one,
    today's with a note saying so rather than passing it off as what the room saw."""

    value: float | None
    unit: str
    source: str
    measure: str = ""
    at_decision: bool = False
    recorded_for: int = 0  # operated children whose decision kept the figure it saw
    children: int = 0
    tradeoff_version: str = ""
    interval: tuple[float, float] | None = None  # tradeoff_v1.json gives none
    note: str = ""

    def to_document(self) -> dict[str, object]:
        return {
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "measure": self.measure,
            "interval": list(self.interval) if self.interval else None,
            "tradeoff_version": self.tradeoff_version,
            "at_decision": self.at_decision,
            "recorded_for": self.recorded_for,
            "children": self.children,
            "note": self.note,
        }


NOT_RECORDED = "figure at decision not recorded; current figure shown"


@dataclass(frozen=True)
class Horizon:
    months: int
    followed: int
    seizure_free: int

    @property
    def rate(self) -> float | None:
        return rate(self.seizure_free, self.followed)

    @property
    def ci95(self) -> tuple[float, float] | None:
        return wilson(self.seizure_free, self.followed)


@dataclass(frozen=True)
class ProcedureOutcome:
    procedure: str
    operated: int
    horizons: tuple[Horizon, ...]
    literature: Literature | None

    def at(self, months: int) -> Horizon:
        return next(h for h in self.horizons if h.months == months)

    def to_document(self) -> dict[str, object]:
        out: dict[str, object] = {"procedure": self.procedure, "operated": self.operated}
        for h in self.horizons:
            ci = h.ci95
            out[f"followed_{h.months}m"] = h.followed
            out[f"seizure_free_{h.months}m"] = h.seizure_free
            out[f"rate_{h.months}m"] = _round(h.rate)
            out[f"ci95_{h.months}m"] = [_round(ci[0]), _round(ci[1])] if ci else None
        out["literature"] = self.literature.to_document() if self.literature else None
        return out


@dataclass(frozen=True)
class Deficits:
    predicted_and_happened: int
    predicted_not_happened: int
    unpredicted: int
    children: int  # operated children with a visit recorded, whose deficits are counted

    def to_document(self) -> dict[str, int]:
        return {
            "predicted_and_happened": self.predicted_and_happened,
            "predicted_not_happened": self.predicted_not_happened,
            "unpredicted": self.unpredicted,
        }


@dataclass(frozen=True)
class Development:
    children: int  # with a score before surgery and one after
    mean_before: float | None
    mean_after: float | None

    @property
    def mean_change(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before

    def to_document(self) -> dict[str, object]:
        return {
            "children": self.children,
            "mean_before": _round(self.mean_before, 1),
            "mean_after": _round(self.mean_after, 1),
            "mean_change": _round(self.mean_change, 1),
        }


@dataclass(frozen=True)
class OutcomeReport:
    as_of: date
    procedures: tuple[ProcedureOutcome, ...]
    deficits: Deficits
    development: Development

    def to_document(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "procedures": [p.to_document() for p in self.procedures],
            "deficits": self.deficits.to_document(),
            "development": self.development.to_document(),
        }


def build_report(
    cases: Iterable[Case], as_of: date, seen: Mapping[str, dict[str, Any] | None] | None = None
) -> OutcomeReport:
    """The report of ``cases`` as of ``as_of``; ``seen`` is each child's (by MRN) snapshot of
    the figures its deciding conference saw (``isconf.tradeoff.seen``; None: none kept)."""
    operated = [
        c for c in cases if c.surgery.date is not None and c.surgery.date <= as_of and c.surgery.procedure
    ]
    by_procedure: dict[str, list[Case]] = {}
    for case in operated:
        by_procedure.setdefault(str(case.surgery.procedure), []).append(case)
    order = codes(SURGERY_PROCEDURE)
    snapshots = seen or {}
    procedures = tuple(
        ProcedureOutcome(
            procedure,
            len(children),
            tuple(_horizon(children, months, as_of) for months in HORIZONS),
            literature_seen(procedure, [snapshots.get(c.mrn) for c in children]),
        )
        for procedure, children in sorted(by_procedure.items(), key=lambda kv: order.index(kv[0]))
    )
    return OutcomeReport(as_of, procedures, deficits(operated, as_of), development(operated, as_of))


def literature_seen(procedure: str, snapshots: Sequence[dict[str, Any] | None]) -> Literature | None:
    """The figure the conferences saw for the option of ``procedure`` when they decided on these
    children: the one most of them saw, with a note when some decisions kept none or the
    figures differed; today's figure, saying so, when no decision kept one."""
    option = option_of(procedure)
    known = [f for f in (seen_figure(s, option) for s in snapshots) if f is not None]
    if not known:
        current = literature(procedure)
        return None if current is None else replace(current, children=len(snapshots), note=NOT_RECORDED)
    counts = Counter((f.value, f.unit, f.measure, f.source, f.tradeoff_version, f.interval) for f in known)
    (value, unit, measure, source, version, interval), _ = counts.most_common(1)[0]
    notes = []
    if len(known) < len(snapshots):
        notes.append(f"figure at decision recorded for {len(known)} of {len(snapshots)} children")
    if len(counts) > 1:
        others = "; ".join(
            f"{v:g}{u} ({src}, {n} children)" if v is not None else f"no figure ({src})"
            for (v, u, _m, src, _ver, _i), n in counts.most_common()[1:]
        )
        notes.append(f"other figures seen at decision: {others}")
    return Literature(
        value, unit, source, measure, True, len(known), len(snapshots), version, interval, "; ".join(notes)
    )


def _horizon(children: Sequence[Case], months: int, as_of: date) -> Horizon:
    followed = free = 0
    for case in children:
        assert case.surgery.date is not None
        visit = visit_in(_seen_by(case, as_of), window(case.surgery.date, months))
        verdict = None if visit is None else seizure_free(visit)
        if verdict is not None:
            followed += 1
            free += verdict
    return Horizon(months, followed, free)


def _seen_by(case: Case, as_of: date) -> list[FollowUp]:
    return [v for v in case.follow_up if v.date is not None and v.date <= as_of]


def literature(procedure: str) -> Literature | None:
    """The published figure the trade-off shows today for the option of ``procedure``."""
    published = figures().benefit.get(option_of(procedure))
    if published is None:
        return None
    return Literature(
        published.value,
        published.unit,
        published.source,
        published.measure,
        tradeoff_version=figures().version,
    )


def predicted(case: Case) -> set[str]:
    """The deficits the team rated likely for the procedure performed and not present before."""
    option = option_of(str(case.surgery.procedure))
    return {
        a.deficit
        for a in case.tradeoff.assessments
        if a.procedure == option and a.likelihood in PREDICTED and a.already_present is not True
    }


def happened(case: Case) -> set[str]:
    """The deficits recorded after surgery (a shunted hydrocephalus is a complication too)."""
    found = set(case.surgery.new_deficits)
    if "hydrocephalus" in case.surgery.complications:
        found.add("hydrocephalus")
    return found


def deficits(operated: Sequence[Case], as_of: date) -> Deficits:
    both = missed = unpredicted = children = 0
    for case in operated:
        if not _seen_by(case, as_of):
            continue  # nothing is known yet of what did not happen
        children += 1
        expected, found = predicted(case), happened(case)
        both += len(expected & found)
        missed += len(expected - found)
        unpredicted += len(found - expected)
    return Deficits(both, missed, unpredicted, children)


def development(operated: Sequence[Case], as_of: date) -> Development:
    """Each child's latest score before surgery (an assessment's standard score or quotient, or
    the case's developmental quotient) against the first after it (an assessment or a visit's
    score, by ``as_of``); the children with both."""
    pairs = [
        (before, after)
        for case in operated
        if (before := score_before(case)) is not None and (after := score_after(case, as_of)) is not None
    ]
    if not pairs:
        return Development(0, None, None)
    return Development(
        len(pairs), sum(b for b, _ in pairs) / len(pairs), sum(a for _, a in pairs) / len(pairs)
    )


def score_before(case: Case) -> float | None:
    """The latest standard score or quotient on or before the day of surgery; an undated
    assessment or quotient counts as before (it was entered for the conference)."""
    surgery = case.surgery.date
    assert surgery is not None
    dated: list[tuple[date, float]] = []
    undated: list[float] = []
    for a in case.development.assessments:
        score = a.standard_score if a.standard_score is not None else a.developmental_quotient
        if score is None:
            continue
        if a.date is None:
            undated.append(score)
        elif a.date <= surgery:
            dated.append((a.date, score))
    quotient, assessed = case.development.developmental_quotient, case.development.assessed_on
    if quotient is not None:
        if assessed is None:
            undated.append(quotient)
        elif assessed <= surgery:
            dated.append((assessed, quotient))
    if dated:
        return max(dated, key=lambda pair: pair[0])[1]
    return undated[-1] if undated else None


def score_after(case: Case, as_of: date) -> float | None:
    """The first standard score or quotient after the day of surgery, by ``as_of``: a dated
    assessment, or a follow-up visit's score."""
    surgery = case.surgery.date
    assert surgery is not None
    found: list[tuple[date, float]] = [
        (v.date, v.development.standard_score)
        for v in _seen_by(case, as_of)
        if v.date is not None and v.date > surgery and v.development.standard_score is not None
    ]
    for a in case.development.assessments:
        score = a.standard_score if a.standard_score is not None else a.developmental_quotient
        if a.date is not None and surgery < a.date <= as_of and score is not None:
            found.append((a.date, score))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _round(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(value, places)

"""The developmental assessments as a small trend: score against age, instrument named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from isconf import vocab
from isconf.domain import Case, DevelopmentAssessment
from isconf.timeline import age_months


@dataclass(frozen=True)
class Point:
    age_months: float
    score: float
    kind: str  # "standard score" or "quotient"
    instrument: str  # "Vineland-3 composite"


def trend(case: Case, as_of: date) -> tuple[Point, ...]:
    """The scored assessments dated by ``as_of``, by age, oldest first (none without a birth date)."""
    points = []
    for a in case.development.assessments:
        score = a.developmental_quotient if a.developmental_quotient is not None else a.standard_score
        age = age_months(case.date_of_birth, a.date) if a.date is not None and a.date <= as_of else None
        if score is None or age is None:
            continue
        kind = "quotient" if a.developmental_quotient is not None else "standard score"
        points.append(Point(age, score, kind, instrument_words(a)))
    return tuple(sorted(points, key=lambda p: p.age_months))


def instrument_words(a: DevelopmentAssessment) -> str:
    """'Vineland-3 composite', or another instrument by its name."""
    name = a.name if a.instrument == "other" and a.name else None
    instrument = name or vocab.label(vocab.INSTRUMENT, a.instrument) or "unnamed instrument"
    return (
        f"{instrument} {vocab.label(vocab.DEVELOPMENT_DOMAIN, a.domain).lower()}" if a.domain else instrument
    )

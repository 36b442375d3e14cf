"""The infant's case as plain, immutable Python values.

This is the snapshot every part of isconf shares: the importer builds it from
a case file, the store builds it from rows, the editor builds it from its
fields, and the rules read it. ``None`` means "not recorded", which is not the
same as a negative finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Spasms:
    onset_date: date | None = None
    ongoing: bool | None = None
    last_seen_date: date | None = None
    clusters_per_day: float | None = None
    hypsarrhythmia: str | None = None


@dataclass(frozen=True)
class Treatment:
    agent: str
    name: str | None = None
    dose: float | None = None
    dose_unit: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class Lesion:
    type: str | None = None
    side: str | None = None
    lobes: tuple[str, ...] = ()
    extent: str | None = None
    epileptogenic: bool | None = None


@dataclass(frozen=True)
class MriStudy:
    date: date | None = None
    field_strength_t: float | None = None
    finding: str | None = None
    lesions: tuple[Lesion, ...] = ()


@dataclass(frozen=True)
class EegStudy:
    date: date | None = None
    hypsarrhythmia: str | None = None
    lateralization: str | None = None
    based_score: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class PetStudy:
    date: date | None = None
    finding: str | None = None
    side: str | None = None
    lobes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Etiology:
    category: str | None = None
    also: tuple[str, ...] = ()
    diagnosis: str | None = None


@dataclass(frozen=True)
class Development:
    assessed_on: date | None = None
    status: str | None = None
    developmental_quotient: float | None = None


@dataclass(frozen=True)
class BaselineFunction:
    hemiparesis: str | None = None
    visual_field: str | None = None


@dataclass(frozen=True)
class Assessment:
    procedure: str
    deficit: str
    likelihood: str | None = None
    already_present: bool | None = None
    rating: str | None = None
    rated_by: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class BenefitOverride:
    """The team's own expected-benefit figure for one option of this case, and why."""

    procedure: str
    value: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class Tradeoff:
    proposed_procedure: str | None = None
    assessments: tuple[Assessment, ...] = ()
    # Optional additions to isconf-case/1 (docs/case-file-additions.md): the options the
    # team adds beside the pathway's, its own benefit figures, and the next surgery date.
    options: tuple[str, ...] = ()
    benefit_overrides: tuple[BenefitOverride, ...] = ()
    next_surgery_date: date | None = None


@dataclass(frozen=True)
class Case:
    mrn: str
    family_name: str | None = None
    given_name: str | None = None
    date_of_birth: date | None = None
    sex: str | None = None
    referring_center: str | None = None
    spasms: Spasms = field(default_factory=Spasms)
    treatments: tuple[Treatment, ...] = ()
    mri: tuple[MriStudy, ...] = ()
    eeg: tuple[EegStudy, ...] = ()
    pet: tuple[PetStudy, ...] = ()
    etiology: Etiology = field(default_factory=Etiology)
    metabolic_workup: str | None = None
    degenerative_condition: bool | None = None
    development: Development = field(default_factory=Development)
    baseline_function: BaselineFunction = field(default_factory=BaselineFunction)
    tradeoff: Tradeoff = field(default_factory=Tradeoff)

    @property
    def display_name(self) -> str:
        """'Family, Given' as a list or a header shows it."""
        parts = [p for p in (self.family_name, self.given_name) if p]
        return ", ".join(parts)

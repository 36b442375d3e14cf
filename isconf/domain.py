"""The infant's case as plain, immutable Python values, and the one declaration of its fields.

This is the snapshot every part of isconf shares: the importer builds it from
a case file, the store builds it from rows, the editor builds it from its
fields, and the rules read it. ``None`` means "not recorded", which is not the
same as a negative finding. Each field carries its declaration (``isconf.fields``):
the case-file reader and writer, the store mapping and the editor's rows walk it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from isconf import vocab
from isconf.fields import binary, choice, codes, day, group, items, number, text, yesno

# Lengths a real record never needs to exceed; longer text is a paste error.
MRN_MAX = 40
NAME_MAX = 100
PLACE_MAX = 200
DIAGNOSIS_MAX = 300
NOTE_MAX = 2000
REPORT_MAX = 8000  # a radiologist's or neurophysiologist's report, pasted whole
GENE_MAX = 40
VARIANT_MAX = 200
CAPTION_MAX = 300
IMAGE_MAX_BYTES = 10 * 1024 * 1024  # an image, decoded (shared/case-format.md)
ROLE_MAX = 60
BENEFIT_RANGE = (0.0, 100.0)  # a team's figure is a percentage of children
FETAL_MRI_DAYS = 300  # a fetal MRI is done during pregnancy, so never earlier than this

Day = date  # for a date field declared after a field named ``date``, which hides the type
_BIRTH = "birth"  # the date of birth, as the earlier limit of a date (``FieldInfo.after``)
_FETAL = "fetal"
_SURGERY = "surgery"  # the date of surgery, as the earlier limit of a follow-up visit  # the earliest day a fetal MRI can have been done

# The key-findings rows (isconf.meetings.findings) that word a field's value (FieldInfo.finding).
SPASMS_ROW = "Spasms"
EEG_ROW = "EEG"
ETIOLOGY_ROW = "Etiology"


@dataclass(frozen=True)
class Semiology:
    """How the spasms look (an addition to isconf-case/1). Its description is free text,
    which de-identification drops like every other (``fields.free_text_keys``)."""

    type: str | None = choice("Semiology", vocab.SEMIOLOGY_TYPE)
    asymmetric: bool | None = yesno("Asymmetric", yes_no=("Yes, asymmetric", "No, symmetric"))
    side: str | None = choice("Side (if asymmetric)", vocab.SEMIOLOGY_SIDE)
    focal_seizures: bool | None = yesno("Focal seizures too")
    description: str | None = text("Semiology description", limit=NOTE_MAX, multiline=True)


@dataclass(frozen=True)
class Spasms:
    onset_date: date | None = day(
        "&Onset", after=(_BIRTH, "onset", "the date of birth"), column="spasm_onset_date"
    )
    ongoing: bool | None = yesno(
        "O&ngoing", yes_no=("Yes, spasms continue", "No, spasms stopped"), column="spasms_ongoing"
    )
    last_seen_date: date | None = day(
        "&Last seen", after=("onset_date", "last seen", "the onset"), column="spasm_last_seen_date"
    )
    clusters_per_day: float | None = number(
        "&Clusters per day", bounds=(0, 500), column="spasm_clusters_per_day"
    )
    hypsarrhythmia: str | None = choice(
        "&Hypsarrhythmia", vocab.HYPSARRHYTHMIA, column="spasm_hypsarrhythmia", finding=SPASMS_ROW
    )
    semiology: Semiology = group("Semiology", Semiology, inline=True)


@dataclass(frozen=True)
class Treatment:
    agent: str = choice("Agent", vocab.AGENT, required=True)
    name: str | None = text("Drug (other)", limit=NAME_MAX, help="Name of another anti-seizure medication")
    dose: float | None = number("Dose", bounds=(0, math.inf))
    dose_unit: str | None = choice("Unit", vocab.DOSE_UNIT)
    start_date: date | None = day("Start", after=(_BIRTH, "start", "the date of birth"))
    end_date: date | None = day(
        "End", after=("start_date", "end", "the start"), help="Empty while the trial continues"
    )
    outcome: str | None = choice(
        "Outcome",
        vocab.OUTCOME,
        help="Response: spasms stopped and hypsarrhythmia resolved. Partial: fewer spasms, or spasms "
        "stopped with hypsarrhythmia persisting. Relapse: responded, then spasms returned. "
        "Adverse effects: stopped because of them.",
    )


@dataclass(frozen=True)
class Lesion:
    type: str | None = choice("Type", vocab.LESION_TYPE)
    side: str | None = choice("Side", vocab.SIDE)
    lobes: tuple[str, ...] = codes("Lobes", vocab.LOBE)
    extent: str | None = choice("Extent", vocab.EXTENT)
    epileptogenic: bool | None = yesno(
        "Epileptogenic", help="The team's judgement that this lesion drives the spasms"
    )


@dataclass(frozen=True)
class MriStudy:
    date: date | None = day("Date", after=(_FETAL, "MRI", f"{FETAL_MRI_DAYS} days before birth"))
    field_strength_t: float | None = number("Field (T)", bounds=(0.1, 12), unit="T")
    finding: str | None = choice("Finding", vocab.MRI_FINDING)
    lesions: tuple[Lesion, ...] = items(
        "Lesions", Lesion, most=50, help="Lesions of this study: select it and edit them beside"
    )
    report: str | None = text("Report", limit=REPORT_MAX, multiline=True, help="The radiology report")


@dataclass(frozen=True)
class EegStudy:
    date: date | None = day("Date", after=(_BIRTH, "EEG", "the date of birth"))
    hypsarrhythmia: str | None = choice("Hypsarrhythmia", vocab.HYPSARRHYTHMIA, finding=EEG_ROW)
    lateralization: str | None = choice("Lateralization", vocab.LATERALIZATION)
    based_score: int | None = number("BASED", bounds=(0, 5), integer=True, help="BASED score, 0–5")
    note: str | None = text("Note", limit=NOTE_MAX, multiline=True)
    report: str | None = text(
        "Report", limit=REPORT_MAX, multiline=True, help="The EEG report: interictal and ictal findings"
    )


@dataclass(frozen=True)
class PetStudy:
    date: date | None = day("Date", after=(_BIRTH, "PET", "the date of birth"))
    finding: str | None = choice("Finding", vocab.PET_FINDING)
    side: str | None = choice("Side", vocab.LATERALIZATION)
    lobes: tuple[str, ...] = codes("Lobes", vocab.LOBE)


@dataclass(frozen=True)
class Genetic:
    """The genetic finding behind the etiology (an addition to isconf-case/1)."""

    gene: str | None = text("G&ene", limit=GENE_MAX, finding=ETIOLOGY_ROW)
    variant: str | None = text("&Variant", limit=VARIANT_MAX, finding=ETIOLOGY_ROW)
    classification: str | None = choice("C&lassification", vocab.GENETIC_CLASSIFICATION, finding=ETIOLOGY_ROW)


@dataclass(frozen=True)
class Etiology:
    category: str | None = choice("Cate&gory (ILAE)", vocab.ETIOLOGY)
    also: tuple[str, ...] = codes("Also", vocab.ETIOLOGY)
    diagnosis: str | None = text("&Diagnosis", limit=DIAGNOSIS_MAX)
    syndrome: str | None = choice(
        "S&yndrome", vocab.SYNDROME, help="Other: name it in the diagnosis", finding=ETIOLOGY_ROW
    )
    genetic: Genetic = group("Genetic finding", Genetic, inline=True)


@dataclass(frozen=True)
class DevelopmentAssessment:
    """One standardised assessment; the latest one's score counts for criterion 4."""

    date: date | None = day("Date", after=(_BIRTH, "assessment", "the date of birth"))
    instrument: str | None = choice("Instrument", vocab.INSTRUMENT)
    name: str | None = text("Instrument (other)", limit=NAME_MAX, help="Name of another instrument")
    domain: str | None = choice("Domain", vocab.DEVELOPMENT_DOMAIN)
    standard_score: float | None = number("Standard score", bounds=(0, 200), help="Mean 100, SD 15")
    developmental_quotient: float | None = number("Quotient", bounds=(0, 200), help="Developmental quotient")
    age_equivalent_months: float | None = number(
        "Age equiv. (months)", bounds=(0, 240), unit="months", help="Age equivalent in months"
    )


@dataclass(frozen=True)
class Development:
    assessed_on: date | None = day(
        "&Assessed on",
        after=(_BIRTH, "assessment", "the date of birth"),
        missing="no developmental assessment by the evaluation date",
    )
    status: str | None = choice(
        "&Status",
        vocab.DEVELOPMENT_STATUS,
        missing="no developmental assessment",
        readiness="no development status",
        lacking=("unknown",),
    )
    developmental_quotient: float | None = number(
        "Developmental &quotient", bounds=(0, 200), column="developmental_quotient"
    )
    assessments: tuple[DevelopmentAssessment, ...] = items("Assessments", DevelopmentAssessment)


@dataclass(frozen=True)
class Family:
    """What the family hopes for, in their order (an addition to isconf-case/1)."""

    priorities: tuple[str, ...] = codes(
        "Pri&orities, in order",
        vocab.PRIORITY,
        ordered=True,
        help="Tick in the family's order: first is most",
    )
    goals: str | None = text("Goa&ls, in their words", limit=NOTE_MAX, multiline=True)


@dataclass(frozen=True, kw_only=True)  # the case file's order puts required keys after optional ones
class KeyImage:
    """A key image of a study, stored whole (a DICOM file without its patient identifiers)."""

    modality: str = choice("Modality", vocab.IMAGE_MODALITY, required=True)
    study_date: date | None = day(
        "Study date", after=(_FETAL, "study", f"{FETAL_MRI_DAYS} days before birth")
    )
    caption: str | None = text("Caption", limit=CAPTION_MAX)
    media_type: str = choice("Type", vocab.MEDIA_TYPE, required=True)
    data: bytes = binary("Image", limit=IMAGE_MAX_BYTES, required=True)


@dataclass(frozen=True)
class BaselineFunction:
    hemiparesis: str | None = choice("&Hemiparesis", vocab.HEMIPARESIS, column="baseline_hemiparesis")
    visual_field: str | None = choice("&Visual field", vocab.VISUAL_FIELD, column="baseline_visual_field")


@dataclass(frozen=True)
class Assessment:
    procedure: str = choice("Procedure", vocab.PROCEDURE, required=True)
    deficit: str = choice("Deficit", vocab.DEFICIT, required=True)
    likelihood: str | None = choice("Likelihood", vocab.LIKELIHOOD)
    already_present: bool | None = yesno("At baseline", help="Already present before surgery")
    rating: str | None = choice("Rating", vocab.RATING)
    rated_by: str | None = text("Rated by", limit=ROLE_MAX, help="The family, or a team role")
    comment: str | None = text("Comment", limit=NOTE_MAX, multiline=True, help="Why this rating")


@dataclass(frozen=True)
class BenefitOverride:
    """The team's own expected-benefit figure for one option of this case, and why."""

    procedure: str = choice("Option", vocab.OPTION, required=True)
    value: float | None = number(
        "Team's figure (%)", bounds=BENEFIT_RANGE, unit="%", help="% of children seizure- or spasm-free"
    )
    note: str | None = text("Note (where the figure comes from)", limit=NOTE_MAX, multiline=True)


@dataclass(frozen=True)
class Tradeoff:
    proposed_procedure: str | None = choice(
        "&Proposed procedure", vocab.PROCEDURE, column="proposed_procedure", missing="no proposed procedure"
    )
    assessments: tuple[Assessment, ...] = items(
        "Assessments", Assessment, most=100, missing="no rated trade-off assessment"
    )
    # Optional additions to isconf-case/1 (docs/case-file-additions.md): the options the
    # team adds beside the pathway's, its own benefit figures, and the next surgery date.
    options: tuple[str, ...] = codes("Options the team &adds", vocab.PROCEDURE)
    benefit_overrides: tuple[BenefitOverride, ...] = items("Team's figures", BenefitOverride, most=50)
    next_surgery_date: date | None = day(
        "&Next possible surgery",
        future=True,
        after=(_BIRTH, "next surgery date", "the date of birth"),
        column="next_surgery_date",
    )


@dataclass(frozen=True)
class Surgery:
    """The operation as performed (an addition to isconf-case/1). ``new_deficits`` and
    ``pathology_category`` are isconf's own additions: which deficits appeared after surgery,
    weighed against the team's prediction; the pathology as the registry reports it."""

    date: date | None = day("&Date of surgery", after=(_BIRTH, "surgery", "the date of birth"))
    procedure: str | None = choice("Procedure &performed", vocab.SURGERY_PROCEDURE)
    side: str | None = choice("Si&de", vocab.SIDE)
    lobes: tuple[str, ...] = codes("Lo&bes", vocab.LOBE)
    completeness: str | None = choice("Co&mpleteness", vocab.COMPLETENESS, help="On the post-operative MRI")
    pathology: str | None = text("Pat&hology", limit=DIAGNOSIS_MAX, help="As the pathology report words it")
    pathology_category: str | None = choice(
        "Pathology ca&tegory", vocab.PATHOLOGY_CATEGORY, help="The category the outcome registry reports"
    )
    complications: tuple[str, ...] = codes("Complicatio&ns", vocab.COMPLICATION)
    new_deficits: tuple[str, ...] = codes(
        "New deficits", vocab.DEFICIT, help="Deficits present after surgery that were not there before"
    )


@dataclass(frozen=True)
class FollowUpDevelopment:
    instrument: str | None = choice("Instrument", vocab.INSTRUMENT)
    domain: str | None = choice("Domain", vocab.DEVELOPMENT_DOMAIN)
    standard_score: float | None = number("Score", bounds=(0, 200), help="Standard score (mean 100, SD 15)")


@dataclass(frozen=True)
class FollowUp:
    """One visit after surgery (an addition to isconf-case/1)."""

    date: date | None = day("Date", after=(_SURGERY, "follow-up", "the surgery date"))
    engel: str | None = choice("Engel", vocab.ENGEL, help="Engel class (1993); class I is seizure-free")
    ilae: int | None = number(
        "ILAE", bounds=vocab.ILAE_RANGE, integer=True, help="ILAE outcome class 1–6; 1–2 are seizure-free"
    )
    spasms: bool | None = yesno("Spasms", yes_no=("Yes, spasms", "No spasms"))
    last_spasm_date: Day | None = day("Last spasm", after=(_BIRTH, "last spasm", "the date of birth"))
    hypsarrhythmia: str | None = choice("Hypsarrhythmia", vocab.HYPSARRHYTHMIA)
    asm_count: int | None = number("ASMs", bounds=(0, 20), integer=True, help="Anti-seizure medicines taken")
    development: FollowUpDevelopment = group("Development", FollowUpDevelopment)


@dataclass(frozen=True)
class Case:
    mrn: str = text("&MRN", limit=MRN_MAX, required=True, identifies=True)
    family_name: str | None = text("&Family name", limit=NAME_MAX, identifies=True)
    given_name: str | None = text("&Given name", limit=NAME_MAX, identifies=True)
    date_of_birth: date | None = day("Date of &birth", identifies=True)
    sex: str | None = choice("Se&x", vocab.SEX)
    referring_center: str | None = text("&Referring centre", limit=PLACE_MAX)
    spasms: Spasms = group("Spasms", Spasms)
    treatments: tuple[Treatment, ...] = items(
        "Treatments", Treatment, most=200, missing="no treatment recorded"
    )
    mri: tuple[MriStudy, ...] = items("MRI", MriStudy, most=100, missing="no MRI", readiness="no MRI")
    eeg: tuple[EegStudy, ...] = items("EEG", EegStudy, most=100, readiness="no EEG")
    pet: tuple[PetStudy, ...] = items("PET", PetStudy, most=100)
    etiology: Etiology = group("Etiology", Etiology)
    metabolic_workup: str | None = choice(
        "&Metabolic work-up",
        vocab.METABOLIC_WORKUP,
        section="metabolic",
        missing="no metabolic work-up result",
        readiness="no metabolic work-up",
        lacking=("not_done",),  # not done counts as none
        finding=ETIOLOGY_ROW,
        alarm=("abnormal",),
    )
    degenerative_condition: bool | None = yesno(
        "Degenerati&ve condition", section="metabolic", missing="degenerative condition not recorded"
    )
    development: Development = group("Development", Development)
    family: Family = group("Family", Family)
    baseline_function: BaselineFunction = group("Baseline function", BaselineFunction)
    tradeoff: Tradeoff = group("Trade-off", Tradeoff)
    surgery: Surgery = group("Surgery", Surgery)
    follow_up: tuple[FollowUp, ...] = items("Follow-up", FollowUp)
    images: tuple[KeyImage, ...] = items("Key images", KeyImage)

    @property
    def display_name(self) -> str:
        """'Family, Given' as a list or a header shows it."""
        parts = [p for p in (self.family_name, self.given_name) if p]
        return ", ".join(parts)

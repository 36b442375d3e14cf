"""What the case editor shows, section by section, in the order a clinician reads a case."""

from __future__ import annotations

from isconf import schema, vocab
from ui.editor.fields import ChoiceField, CodesField, DateField, Field, NumberField, TextField, YesNoField
from ui.editor.record_table import Column


def identification_fields() -> list[tuple[str, Field]]:
    return [
        ("&MRN", TextField("case.mrn", max_length=schema.MRN_MAX, placeholder="required")),
        ("&Family name", TextField("case.family_name", max_length=schema.NAME_MAX)),
        ("&Given name", TextField("case.given_name", max_length=schema.NAME_MAX)),
        ("Date of &birth", DateField("case.date_of_birth")),
        ("Se&x", ChoiceField("case.sex", vocab.SEX)),
        ("&Referring centre", TextField("case.referring_center", max_length=schema.PLACE_MAX)),
    ]


def spasm_fields() -> list[tuple[str, Field]]:
    return [
        ("&Onset", DateField("case.spasms.onset_date")),
        ("O&ngoing", YesNoField("case.spasms.ongoing", yes="Yes, spasms continue", no="No, spasms stopped")),
        ("&Last seen", DateField("case.spasms.last_seen_date")),
        ("&Clusters per day", NumberField("case.spasms.clusters_per_day")),
        ("&Hypsarrhythmia", ChoiceField("case.spasms.hypsarrhythmia", vocab.HYPSARRHYTHMIA)),
    ]


def etiology_fields() -> list[tuple[str, Field]]:
    return [
        ("Cate&gory (ILAE)", ChoiceField("case.etiology.category", vocab.ETIOLOGY)),
        ("Also", CodesField("case.etiology.also", vocab.ETIOLOGY)),
        ("&Diagnosis", TextField("case.etiology.diagnosis", max_length=schema.DIAGNOSIS_MAX)),
    ]


def metabolic_fields() -> list[tuple[str, Field]]:
    return [
        ("&Metabolic work-up", ChoiceField("case.metabolic_workup", vocab.METABOLIC_WORKUP)),
        ("Degenerati&ve condition", YesNoField("case.degenerative_condition")),
    ]


def development_fields() -> list[tuple[str, Field]]:
    return [
        ("&Assessed on", DateField("case.development.assessed_on")),
        ("&Status", ChoiceField("case.development.status", vocab.DEVELOPMENT_STATUS)),
        ("Developmental &quotient", NumberField("case.development.developmental_quotient")),
    ]


def baseline_fields() -> list[tuple[str, Field]]:
    return [
        ("&Hemiparesis", ChoiceField("case.baseline_function.hemiparesis", vocab.HEMIPARESIS)),
        ("&Visual field", ChoiceField("case.baseline_function.visual_field", vocab.VISUAL_FIELD)),
    ]


def proposal_fields() -> list[tuple[str, Field]]:
    return [
        ("&Proposed procedure", ChoiceField("case.tradeoff.proposed_procedure", vocab.PROCEDURE)),
        ("Options the team &adds", CodesField("case.tradeoff.options", vocab.PROCEDURE, columns=2)),
        ("&Next possible surgery", DateField("case.tradeoff.next_surgery_date", future=True)),
    ]


TREATMENT_COLUMNS = [
    Column("agent", "Agent", "choice", vocab.AGENT, 150),
    Column("name", "Drug (other)", "text", width=95, tip="Name of another anti-seizure medication"),
    Column("dose", "Dose", "number", width=50),
    Column("dose_unit", "Unit", "choice", vocab.DOSE_UNIT, 85),
    Column("start_date", "Start", "date", width=88),
    Column("end_date", "End", "date", width=88, tip="Empty while the trial continues"),
    Column(
        "outcome",
        "Outcome",
        "choice",
        vocab.OUTCOME,
        tip="Response: spasms stopped and hypsarrhythmia resolved. Partial: fewer spasms, or spasms "
        "stopped with hypsarrhythmia persisting. Relapse: responded, then spasms returned. "
        "Adverse effects: stopped because of them.",
    ),
]
MRI_COLUMNS = [
    Column("date", "Date", "date", width=95),
    Column("field_strength_t", "Field (T)", "number", width=70),
    Column("finding", "Finding", "choice", vocab.MRI_FINDING, 110),
    Column("lesions", "Lesions", "count", tip="Lesions of this study: select it and edit them beside"),
]
LESION_COLUMNS = [
    Column("type", "Type", "choice", vocab.LESION_TYPE, 160),
    Column("side", "Side", "choice", vocab.SIDE, 80),
    Column("lobes", "Lobes", "codes", vocab.LOBE, 150),
    Column("extent", "Extent", "choice", vocab.EXTENT, 95),
    Column(
        "epileptogenic",
        "Epileptogenic",
        "yesno",
        tip="The team's judgement that this lesion drives the spasms",
    ),
]
PET_COLUMNS = [
    Column("date", "Date", "date", width=95),
    Column("finding", "Finding", "choice", vocab.PET_FINDING, 140),
    Column("side", "Side", "choice", vocab.LATERALIZATION, 90),
    Column("lobes", "Lobes", "codes", vocab.LOBE),
]
EEG_COLUMNS = [
    Column("date", "Date", "date", width=95),
    Column("hypsarrhythmia", "Hypsarrhythmia", "choice", vocab.HYPSARRHYTHMIA, 120),
    Column("lateralization", "Lateralization", "choice", vocab.LATERALIZATION, 110),
    Column("based_score", "BASED", "number", width=60, tip="BASED score, 0–5"),
    Column("note", "Note", "text"),
]
ASSESSMENT_COLUMNS = [
    Column("procedure", "Procedure", "choice", vocab.PROCEDURE, 165),
    Column("deficit", "Deficit", "choice", vocab.DEFICIT, 125),
    Column("likelihood", "Likelihood", "choice", vocab.LIKELIHOOD, 85),
    Column("already_present", "At baseline", "yesno", width=95, tip="Already present before surgery"),
    Column("rating", "Rating", "choice", vocab.RATING, 95),
    Column(
        "rated_by", "Rated by", "suggest", vocab.RATED_BY_SUGGESTIONS, 120, tip="The family, or a team role"
    ),
    Column("comment", "Comment", "text", tip="Why this rating"),
]
BENEFIT_COLUMNS = [
    Column("procedure", "Option", "choice", vocab.OPTION, 200),
    Column("value", "Team's figure (%)", "number", width=120, tip="% of children seizure- or spasm-free"),
    Column("note", "Note (where the figure comes from)", "text"),
]

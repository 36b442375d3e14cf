"""The controlled vocabularies of the case file (``shared/case-format.md``).

Each vocabulary is an ordered tuple of the exact strings the file uses, with a
label a clinician reads on screen. Order is the order a picker shows.
"""

from __future__ import annotations

from typing import Final

Vocabulary = tuple[tuple[str, str], ...]

SEX: Final[Vocabulary] = (
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other"),
    ("unknown", "Unknown"),
)
HYPSARRHYTHMIA: Final[Vocabulary] = (
    ("classic", "Classic"),
    ("modified", "Modified"),
    ("absent", "Absent"),
    ("unknown", "Unknown"),
)
# The spasms' semiology (an addition to isconf-case/1, shared/case-format.md).
SEMIOLOGY_TYPE: Final[Vocabulary] = (
    ("flexor", "Flexor"),
    ("extensor", "Extensor"),
    ("mixed", "Mixed"),
    ("subtle", "Subtle"),
    ("unknown", "Unknown"),
)
SEMIOLOGY_SIDE: Final[Vocabulary] = (
    ("left", "Left"),
    ("right", "Right"),
    ("none", "None"),
)
AGENT: Final[Vocabulary] = (
    ("vigabatrin", "Vigabatrin"),
    ("prednisolone", "Prednisolone"),
    ("acth", "ACTH / tetracosactide"),
    ("ketogenic_diet", "Ketogenic diet"),
    ("other_asm", "Other anti-seizure medication"),
)
DOSE_UNIT: Final[Vocabulary] = (
    ("mg/kg/day", "mg/kg/day"),
    ("mg/day", "mg/day"),
    ("IU/m2/day", "IU/m²/day"),
    ("IU/day", "IU/day"),
    ("IU/kg/day", "IU/kg/day"),
)
OUTCOME: Final[Vocabulary] = (
    ("response", "Response"),
    ("partial", "Partial response"),
    ("no_response", "No response"),
    ("relapse", "Relapse"),
    ("stopped_adverse_effects", "Adverse effects"),
    ("ongoing", "Ongoing"),
)
MRI_FINDING: Final[Vocabulary] = (
    ("normal", "Normal"),
    ("lesional", "Lesional"),
    ("nonspecific", "Nonspecific"),
)
LESION_TYPE: Final[Vocabulary] = (
    ("fcd", "Focal cortical dysplasia"),
    ("hemimegalencephaly", "Hemimegalencephaly"),
    ("tuberous_sclerosis", "Tuberous sclerosis (tubers)"),
    ("porencephaly", "Porencephaly"),
    ("stroke", "Stroke"),
    ("polymicrogyria", "Polymicrogyria"),
    ("tumor", "Tumour"),
    ("hypoxic_ischemic", "Hypoxic-ischaemic injury"),
    ("lissencephaly", "Lissencephaly"),
    ("heterotopia", "Heterotopia"),
    ("other_malformation", "Other malformation"),
    ("other", "Other"),
)
SIDE: Final[Vocabulary] = (
    ("left", "Left"),
    ("right", "Right"),
    ("bilateral", "Bilateral"),
)
EXTENT: Final[Vocabulary] = (
    ("focal", "Focal"),
    ("lobar", "Lobar"),
    ("multilobar", "Multilobar"),
    ("hemispheric", "Hemispheric"),
    ("diffuse", "Diffuse"),
)
LOBE: Final[Vocabulary] = (
    ("frontal", "Frontal"),
    ("temporal", "Temporal"),
    ("parietal", "Parietal"),
    ("occipital", "Occipital"),
    ("insular", "Insular"),
)
LATERALIZATION: Final[Vocabulary] = (
    ("left", "Left"),
    ("right", "Right"),
    ("bilateral", "Bilateral"),
    ("none", "None"),
)
PET_FINDING: Final[Vocabulary] = (
    ("normal", "Normal"),
    ("hypometabolism", "Hypometabolism"),
    ("hypermetabolism", "Hypermetabolism"),
)
ETIOLOGY: Final[Vocabulary] = (
    ("structural", "Structural"),
    ("genetic", "Genetic"),
    ("infectious", "Infectious"),
    ("metabolic", "Metabolic"),
    ("immune", "Immune"),
    ("unknown", "Unknown"),
)
# Additions to isconf-case/1 (shared/case-format.md): what a surgical conference decides on.
SYNDROME: Final[Vocabulary] = (
    ("tuberous_sclerosis_complex", "Tuberous sclerosis complex"),
    ("sturge_weber", "Sturge-Weber syndrome"),
    ("hemimegalencephaly", "Hemimegalencephaly"),
    ("focal_cortical_dysplasia", "Focal cortical dysplasia"),
    ("perinatal_stroke", "Perinatal stroke"),
    ("hypoxic_ischemic", "Hypoxic-ischaemic injury"),
    ("trisomy_21", "Trisomy 21"),
    ("cdkl5", "CDKL5 deficiency"),
    ("stxbp1", "STXBP1"),
    ("scn2a", "SCN2A"),
    ("other", "Other (see diagnosis)"),
)
GENETIC_CLASSIFICATION: Final[Vocabulary] = (
    ("pathogenic", "Pathogenic"),
    ("likely_pathogenic", "Likely pathogenic"),
    ("vus", "Variant of uncertain significance"),
)
INSTRUMENT: Final[Vocabulary] = (
    ("bayley_4", "Bayley-4"),
    ("vineland_3", "Vineland-3"),
    ("mullen", "Mullen"),
    ("griffiths_iii", "Griffiths III"),
    ("other", "Other (named)"),
)
DEVELOPMENT_DOMAIN: Final[Vocabulary] = (
    ("composite", "Composite"),
    ("cognitive", "Cognitive"),
    ("language", "Language"),
    ("motor", "Motor"),
    ("adaptive", "Adaptive"),
    ("social", "Social"),
)
PRIORITY: Final[Vocabulary] = (
    ("seizure_freedom", "Seizure freedom"),
    ("development", "Development"),
    ("walking", "Walking"),
    ("hand_use", "Hand use"),
    ("vision", "Vision"),
    ("language", "Language"),
    ("behavior", "Behaviour"),
    ("fewer_medications", "Fewer medications"),
)
IMAGE_MODALITY: Final[Vocabulary] = (
    ("mri", "MRI"),
    ("pet", "PET"),
    ("ct", "CT"),
    ("eeg", "EEG"),
    ("photo", "Photo"),
    ("other", "Other"),
)
MEDIA_TYPE: Final[Vocabulary] = (
    ("image/png", "PNG"),
    ("image/jpeg", "JPEG"),
    ("application/dicom", "DICOM"),
)
METABOLIC_WORKUP: Final[Vocabulary] = (
    ("not_done", "Not done"),
    ("normal", "Normal"),
    ("abnormal", "Abnormal"),
)
DEVELOPMENT_STATUS: Final[Vocabulary] = (
    ("normal", "Normal"),
    ("delayed", "Delayed"),
    ("regression", "Regression"),
    ("arrest", "Arrest"),
    ("unknown", "Unknown"),
)
HEMIPARESIS: Final[Vocabulary] = (
    ("none", "None"),
    ("left", "Left"),
    ("right", "Right"),
    ("unknown", "Unknown"),
)
VISUAL_FIELD: Final[Vocabulary] = (
    ("full", "Full"),
    ("left_hemianopia", "Left hemianopia"),
    ("right_hemianopia", "Right hemianopia"),
    ("unknown", "Unknown"),
)
PROCEDURE: Final[Vocabulary] = (
    ("focal_resection", "Focal resection"),
    ("lobar_resection", "Lobar resection"),
    ("multilobar_resection", "Multilobar resection"),
    ("hemispherectomy", "Hemispherectomy"),
    ("corpus_callosotomy", "Corpus callosotomy"),
    ("vns", "Vagus nerve stimulation"),
)
CONTINUE_MEDICAL: Final = "continue_medical"
# The options the trade-off weighs: every procedure, and not operating (yet).
OPTION: Final[Vocabulary] = (*PROCEDURE, (CONTINUE_MEDICAL, "Continue medical treatment"))
DEFICIT: Final[Vocabulary] = (
    ("hemiparesis", "Hemiparesis"),
    ("fine_motor_hand", "Fine motor hand function"),
    ("hemianopia", "Hemianopia"),
    ("language", "Language"),
    ("memory", "Memory"),
    ("behavior", "Behaviour"),
    ("hydrocephalus", "Hydrocephalus"),
    ("other", "Other"),
)
LIKELIHOOD: Final[Vocabulary] = (
    ("expected", "Expected"),
    ("possible", "Possible"),
    ("unlikely", "Unlikely"),
)
RATING: Final[Vocabulary] = (
    ("acceptable", "Acceptable"),
    ("concern", "Concern"),
    ("unacceptable", "Unacceptable"),
)
# The operation and its follow-up (additions to isconf-case/1, shared/case-format.md).
SURGERY_PROCEDURE: Final[Vocabulary] = (
    *PROCEDURE,
    ("hemispherotomy", "Hemispherotomy"),
    ("anterior_callosotomy", "Anterior callosotomy"),
    ("complete_callosotomy", "Complete callosotomy"),
    ("litt", "Laser ablation (LITT)"),
)
COMPLETENESS: Final[Vocabulary] = (
    ("complete", "Complete"),
    ("incomplete", "Incomplete"),
    ("unknown", "Unknown"),
)
# The pathology as the registry reports it (isconf's addition to ``surgery``): declared by the
# team, because matching the report's words ("no FCD IIb seen") could get it wrong.
PATHOLOGY_CATEGORY: Final[Vocabulary] = (
    ("fcd_iib", "FCD type IIb"),
    ("fcd_iia", "FCD type IIa"),
    ("fcd_iii", "FCD type III"),
    ("fcd_i", "FCD type I"),
    ("fcd_unspecified", "FCD, type not stated"),
    ("hemimegalencephaly", "Hemimegalencephaly"),
    ("tuber", "Cortical tuber"),
    ("polymicrogyria", "Polymicrogyria"),
    ("gliosis", "Gliosis or infarct"),
    ("tumour", "Tumour"),
    ("other", "Other"),
)
COMPLICATION: Final[Vocabulary] = (
    ("none", "None"),
    ("new_deficit", "New deficit"),
    ("hydrocephalus", "Hydrocephalus"),
    ("infection", "Infection"),
    ("reoperation", "Reoperation"),
    ("death", "Death"),
    ("other", "Other"),
)
# Engel's classes with their subclasses (Engel, 1993); class I is seizure-free.
ENGEL: Final[Vocabulary] = tuple(
    (code, f"Engel {code}")
    for code in ("IA", "IB", "IC", "ID", "IIA", "IIB", "IIC", "IID", "IIIA", "IIIB", "IVA", "IVB", "IVC")
)
# ILAE outcome classes 1-6 (Wieser et al., Epilepsia 2001); 1 and 2 are seizure-free.
ILAE_RANGE: Final = (1, 6)
# The case file allows "family" or any team role; these are the ones the
# picker offers (NAEC core disciplines first). Other role names are accepted.
RATED_BY_SUGGESTIONS: Final[Vocabulary] = (
    ("family", "Family"),
    ("epileptologist", "Epileptologist"),
    ("neurosurgeon", "Neurosurgeon"),
    ("neuroradiologist", "Neuroradiologist"),
    ("neuropsychologist", "Neuropsychologist"),
    ("neurophysiologist", "EEG / neurophysiologist"),
    ("nurse", "Nurse specialist"),
)


def codes(vocabulary: Vocabulary) -> tuple[str, ...]:
    """The exact strings of a vocabulary, in order."""
    return tuple(code for code, _ in vocabulary)


def label(vocabulary: Vocabulary, code: str | None) -> str:
    """The on-screen label of a code; an unknown code is shown as it is."""
    if code is None:
        return ""
    return dict(vocabulary).get(code, code)

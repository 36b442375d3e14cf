"""The code systems, codes and units of isconf's FHIR mapping (``docs/fhir.md`` lists them).

Codes that no standard system holds (isconf's own vocabularies, the fields themselves, Engel
and ILAE classes) are in isconf's local code systems under ``BASE``: the value of field ``X``
is a code of ``BASE/CodeSystem/X``, the field itself a code of ``FIELD_SYSTEM``.
"""

from __future__ import annotations

from typing import Any, Final

BASE: Final = "https://isconf.example/fhir"
FIELD_SYSTEM: Final = f"{BASE}/CodeSystem/field"
SECTION_TAG: Final = f"{BASE}/CodeSystem/section"  # meta.tag: which part of the case a resource holds
MRN_SYSTEM: Final = f"{BASE}/NamingSystem/mrn"
EXTENSION: Final = f"{BASE}/StructureDefinition"

SNOMED: Final = "http://snomed.info/sct"
ICD10CM: Final = "http://hl7.org/fhir/sid/icd-10-cm"
HPO: Final = "http://human-phenotype-ontology.org"
LOINC: Final = "http://loinc.org"
UCUM: Final = "http://unitsofmeasure.org"
RXNORM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
V2_0203: Final = "http://terminology.hl7.org/CodeSystem/v2-0203"
CONDITION_CLINICAL: Final = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/condition-category"
DIAGNOSTIC_SERVICE: Final = "http://terminology.hl7.org/CodeSystem/v2-0074"

WEST_SYNDROME_SNOMED: Final = "28055006"
INFANTILE_SPASMS_HPO: Final = "HP:0012469"
HYPSARRHYTHMIA_HPO: Final = "HP:0002521"
EPILEPTIC_SPASMS_ICD10CM: Final = "G40.82"  # G40.821 … G40.824 read as the same
LATERALITY_SNOMED: Final = "272741003"
# isconf's side or lateralization code → SNOMED CT laterality qualifier.
LATERALITY: Final = {"left": "7771000", "right": "24028007", "bilateral": "51440002"}
LATERALITY_WORDS: Final = {"left": "Left", "right": "Right", "bilateral": "Bilateral"}

# A dose unit of the case file → its UCUM code, and back (both daily doses).
UCUM_DOSE: Final = {
    "mg/kg/day": "mg/kg/d",
    "mg/day": "mg/d",
    "IU/m2/day": "[iU]/m2/d",
    "IU/day": "[iU]/d",
    "IU/kg/day": "[iU]/kg/d",
}
DOSE_FROM_UCUM: Final = {ucum: unit for unit, ucum in UCUM_DOSE.items()}

# Names a hospital's record gives the first-line agents (lower case) → isconf's agent code.
AGENT_NAMES: Final = {
    "vigabatrin": "vigabatrin",
    "sabril": "vigabatrin",
    "prednisolone": "prednisolone",
    "prednisone": "prednisolone",
    "acth": "acth",
    "corticotropin": "acth",
    "tetracosactide": "acth",
    "cosyntropin": "acth",
    "ketogenic diet": "ketogenic_diet",
}
# Words of a MedicationStatement's statusReason → a treatment's outcome; the first found wins,
# so the negative wordings come before "response".
OUTCOME_WORDS: Final = (
    ("adverse", "stopped_adverse_effects"),
    ("side effect", "stopped_adverse_effects"),
    ("no response", "no_response"),
    ("not effective", "no_response"),
    ("ineffective", "no_response"),
    ("lack of efficacy", "no_response"),
    ("partial", "partial"),
    ("relapse", "relapse"),
    ("response", "response"),
)
HYPSARRHYTHMIA_WORDS: Final = ("classic", "modified", "absent")


def coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def field_coding(path: str, display: str | None = None) -> dict[str, Any]:
    """The code of a case field (``eeg.hypsarrhythmia``) in isconf's field CodeSystem."""
    return coding(FIELD_SYSTEM, path, display)


def value_system(path: str) -> str:
    """The local CodeSystem of the values of the field at ``path``."""
    return f"{BASE}/CodeSystem/{path}"


def extension_url(path: str) -> str:
    return f"{EXTENSION}/{path}"


def codes_of(concept: Any, system: str) -> list[str]:
    """The codes of ``system`` in a CodeableConcept (a dict), in order."""
    if not isinstance(concept, dict):
        return []
    return [
        c["code"]
        for c in concept.get("coding") or []
        if isinstance(c, dict) and c.get("system") == system and isinstance(c.get("code"), str)
    ]


def words_of(concept: Any) -> str:
    """A CodeableConcept's text and displays, lower case, for matching a hospital's wording."""
    if not isinstance(concept, dict):
        return ""
    parts = [concept.get("text")] + [
        c.get("display") for c in concept.get("coding") or [] if isinstance(c, dict)
    ]
    return " ".join(p for p in parts if isinstance(p, str)).lower()


def has_code(concept: Any, system: str, code: str, *, prefix: bool = False) -> bool:
    found = codes_of(concept, system)
    return any(c.startswith(code) for c in found) if prefix else code in found

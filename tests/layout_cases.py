"""A synthetic case with a long history and long names: 8 trials, 3 MRIs, 3 EEGs."""

from __future__ import annotations

from typing import Any

LONG_MRN = "SYN-LONG-0001"

_AGENTS = [
    ("vigabatrin", 150, "mg/kg/day", "no_response"),
    ("prednisolone", 40, "mg/day", "relapse"),
    ("acth", 150, "IU/m2/day", "partial"),
    ("vigabatrin", 200, "mg/kg/day", "no_response"),
    ("ketogenic_diet", None, None, "partial"),
    ("other_asm", 10, "mg/kg/day", "stopped_adverse_effects"),
    ("prednisolone", 60, "mg/day", "relapse"),
    ("other_asm", 25, "mg/kg/day", "ongoing"),
]


def long_case_document() -> dict[str, Any]:
    treatments = []
    for n, (agent, dose, unit, outcome) in enumerate(_AGENTS):
        start = f"2026-{3 + n:02d}-02"
        trial: dict[str, Any] = {"agent": agent, "start_date": start, "outcome": outcome}
        if dose is not None:
            trial |= {"dose": dose, "dose_unit": unit}
        if outcome != "ongoing":
            trial["end_date"] = f"2026-{3 + n:02d}-27"
        if agent == "other_asm":
            trial["name"] = "Levetiracetam-extended-release" if n == 5 else "Topiramate (compassionate use)"
        treatments.append(trial)
    lesion = {
        "type": "fcd",
        "side": "left",
        "lobes": ["frontal", "temporal", "parietal"],
        "extent": "multilobar",
        "epileptogenic": True,
    }
    return {
        "format": "isconf-case/1",
        "case": {
            "mrn": LONG_MRN,
            "family_name": "Montgomery-Featherstonehaugh-Vandersteen",
            "given_name": "Maximiliana-Alexandrina Josephine",
            "date_of_birth": "2025-12-01",
            "sex": "female",
            "referring_center": "Synthetic Regional Children's Hospital and Neurodevelopmental Centre",
            "spasms": {
                "onset_date": "2026-02-15",
                "ongoing": True,
                "clusters_per_day": 12,
                "hypsarrhythmia": "classic",
            },
            "treatments": treatments,
            "mri": [
                {"date": "2026-03-01", "field_strength_t": 1.5, "finding": "nonspecific"},
                {"date": "2026-06-01", "field_strength_t": 3, "finding": "lesional", "lesions": [lesion]},
                {"date": "2026-10-01", "field_strength_t": 3, "finding": "lesional", "lesions": [lesion]},
            ],
            "eeg": [
                {"date": "2026-03-05", "hypsarrhythmia": "classic", "lateralization": "none"},
                {
                    "date": "2026-06-10",
                    "hypsarrhythmia": "modified",
                    "lateralization": "left",
                    "note": "left fronto-temporal predominance with interictal bursts",
                },
                {"date": "2026-10-10", "hypsarrhythmia": "modified", "lateralization": "left"},
            ],
            "metabolic_workup": "normal",
            "degenerative_condition": False,
            "etiology": {
                "category": "structural",
                "diagnosis": "Focal cortical dysplasia type IIb, fronto-temporo-parietal",
            },
            "development": {"assessed_on": "2026-09-01", "status": "arrest", "developmental_quotient": 45},
            "baseline_function": {"hemiparesis": "none", "visual_field": "full"},
            "tradeoff": {
                "proposed_procedure": "multilobar_resection",
                "assessments": [
                    {
                        "procedure": "multilobar_resection",
                        "deficit": "hemiparesis",
                        "likelihood": "possible",
                        "already_present": False,
                        "rating": "acceptable",
                        "rated_by": "family",
                    },
                ],
            },
        },
    }


DEMO = [f"DEMO-100{n}" for n in range(1, 9)]
VIEWS = ("cases", "case", "checklist", "tradeoff", "meeting", "present")
# A 1366×768 laptop, a 1920×1080 desktop, a 1280×720 projector.
SIZES = ((1366, 768), (1920, 1080), (1280, 720))


def conference(services: Any) -> int:
    """The demo cases and the long one, all on one meeting (today's), with a long question
    on one of them: the meeting's id."""
    from isconf import clock

    services.add_demo_cases()
    services.import_document(long_case_document())
    meeting = services.meetings.create_meeting(title="Infantile spasms surgery conference", day=clock.today())
    services.meetings.add_cases(meeting.id, [*DEMO, LONG_MRN])
    services.meetings.set_item(
        meeting.id,
        "DEMO-1002",
        question="Resect now, or wait for the PET and a second EEG before deciding on the extent?",
    )
    return int(meeting.id)

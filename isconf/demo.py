"""Synthetic demo cases, dated relative to today so their weeks of spasms look live.

Every name and MRN here is invented (``DEMO-…``, family name "Demo"). The
cases cover the pathways a team meets: a focal dysplasia, a hemimegalencephaly,
bilateral malformations, a metabolic disorder, a responder and an infant
still being worked up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from isconf.domain import Case
from isconf.schema import FORMAT, parse_case_document

CENTER = "Synthetic Children's Hospital"


def demo_cases(today: date) -> list[Case]:
    """The demo cases as of ``today``."""

    def ago(days: int) -> str:
        return (today - timedelta(days=days)).isoformat()

    return [parse_case_document({"format": FORMAT, "case": doc}, today=today) for doc in _documents(ago)]


def _trial(agent: str, dose: float, unit: str, start: str, end: str | None, outcome: str) -> dict[str, Any]:
    return {
        "agent": agent,
        "dose": dose,
        "dose_unit": unit,
        "start_date": start,
        "end_date": end,
        "outcome": outcome,
    }


# fmt: off
def _documents(ago: Callable[[int], str]) -> list[dict[str, Any]]:
    return [
        {
            "mrn": "DEMO-1001", "family_name": "Demo", "given_name": "Amara",
            "date_of_birth": ago(330), "sex": "female", "referring_center": CENTER,
            "spasms": {"onset_date": ago(200), "ongoing": True, "clusters_per_day": 6,
                       "hypsarrhythmia": "classic"},
            "treatments": [
                _trial("vigabatrin", 150, "mg/kg/day", ago(190), ago(160), "no_response"),
                _trial("prednisolone", 40, "mg/day", ago(159), ago(130), "relapse"),
            ],
            "mri": [{"date": ago(150), "field_strength_t": 3, "finding": "lesional",
                     "lesions": [{"type": "fcd", "side": "left", "lobes": ["frontal"],
                                  "extent": "lobar", "epileptogenic": True}]}],
            "eeg": [{"date": ago(140), "hypsarrhythmia": "modified", "lateralization": "left",
                     "based_score": 4, "note": "Left frontal predominance of multifocal discharges."}],
            "pet": [{"date": ago(100), "finding": "hypometabolism", "side": "left", "lobes": ["frontal"]}],
            "etiology": {"category": "structural", "diagnosis": "Focal cortical dysplasia type IIb"},
            "metabolic_workup": "normal", "degenerative_condition": False,
            "development": {"assessed_on": ago(90), "status": "arrest", "developmental_quotient": 52},
            "baseline_function": {"hemiparesis": "none", "visual_field": "full"},
            "tradeoff": {"proposed_procedure": "lobar_resection", "assessments": [
                {"procedure": "lobar_resection", "deficit": "hemiparesis", "likelihood": "possible",
                 "already_present": False, "rating": "acceptable", "rated_by": "family"}]},
        },
        {
            "mrn": "DEMO-1002", "family_name": "Demo", "given_name": "Bodhi",
            "date_of_birth": ago(300), "sex": "male", "referring_center": CENTER,
            "spasms": {"onset_date": ago(260), "ongoing": True, "clusters_per_day": 8,
                       "hypsarrhythmia": "classic"},
            "treatments": [
                _trial("acth", 150, "IU/m2/day", ago(256), ago(228), "no_response"),
                _trial("vigabatrin", 120, "mg/kg/day", ago(227), ago(190), "no_response"),
            ],
            "mri": [{"date": ago(240), "field_strength_t": 3, "finding": "lesional",
                     "lesions": [{"type": "hemimegalencephaly", "side": "right",
                                  "lobes": ["frontal", "temporal", "parietal", "occipital"],
                                  "extent": "hemispheric", "epileptogenic": True}]}],
            "eeg": [{"date": ago(230), "hypsarrhythmia": "modified", "lateralization": "right"}],
            "etiology": {"category": "structural", "diagnosis": "Hemimegalencephaly"},
            "metabolic_workup": "normal", "degenerative_condition": False,
            "development": {"assessed_on": ago(180), "status": "delayed", "developmental_quotient": 60},
            "baseline_function": {"hemiparesis": "left", "visual_field": "unknown"},
            "tradeoff": {"proposed_procedure": "hemispherectomy", "assessments": [
                {"procedure": "hemispherectomy", "deficit": "hemiparesis", "likelihood": "expected",
                 "already_present": True, "rating": "acceptable", "rated_by": "family"},
                {"procedure": "hemispherectomy", "deficit": "hemianopia", "likelihood": "expected",
                 "already_present": False, "rating": "concern", "rated_by": "family"}]},
        },
        {
            "mrn": "DEMO-1003", "family_name": "Demo", "given_name": "Chiara",
            "date_of_birth": ago(410), "sex": "female", "referring_center": CENTER,
            "spasms": {"onset_date": ago(290), "ongoing": True, "clusters_per_day": 5,
                       "hypsarrhythmia": "classic"},
            "treatments": [
                _trial("vigabatrin", 150, "mg/kg/day", ago(286), ago(250), "no_response"),
                _trial("acth", 150, "IU/m2/day", ago(249), ago(215), "partial"),
            ],
            "mri": [{"date": ago(270), "field_strength_t": 3, "finding": "lesional",
                     "lesions": [{"type": "polymicrogyria", "side": "bilateral",
                                  "lobes": ["frontal", "parietal"], "extent": "multilobar",
                                  "epileptogenic": None}]}],
            "eeg": [{"date": ago(260), "hypsarrhythmia": "modified", "lateralization": "bilateral"}],
            "etiology": {"category": "structural", "diagnosis": "Bilateral perisylvian polymicrogyria"},
            "metabolic_workup": "normal", "degenerative_condition": False,
            "development": {"assessed_on": ago(200), "status": "delayed"},
        },
        {
            "mrn": "DEMO-1004", "family_name": "Demo", "given_name": "Dmitri",
            "date_of_birth": ago(280), "sex": "male", "referring_center": CENTER,
            "spasms": {"onset_date": ago(170), "ongoing": True, "clusters_per_day": 4,
                       "hypsarrhythmia": "classic"},
            "treatments": [
                _trial("acth", 150, "IU/m2/day", ago(120), ago(100), "no_response"),
                _trial("vigabatrin", 150, "mg/kg/day", ago(99), ago(70), "no_response"),
            ],
            "mri": [{"date": ago(160), "field_strength_t": 1.5, "finding": "nonspecific"}],
            "etiology": {"category": "metabolic", "diagnosis": "Mitochondrial disease"},
            "metabolic_workup": "abnormal", "degenerative_condition": True,
            "development": {"assessed_on": ago(110), "status": "regression"},
        },
        {
            "mrn": "DEMO-1005", "family_name": "Demo", "given_name": "Elif",
            "date_of_birth": ago(260), "sex": "female", "referring_center": CENTER,
            "spasms": {"onset_date": ago(140), "ongoing": False, "last_seen_date": ago(121),
                       "clusters_per_day": 5, "hypsarrhythmia": "classic"},
            "treatments": [_trial("prednisolone", 60, "mg/day", ago(136), ago(108), "response")],
            "mri": [{"date": ago(130), "field_strength_t": 3, "finding": "normal"}],
            "eeg": [{"date": ago(110), "hypsarrhythmia": "absent", "lateralization": "none",
                     "based_score": 1}],
            "etiology": {"category": "unknown"},
            "metabolic_workup": "normal", "degenerative_condition": False,
            "development": {"assessed_on": ago(60), "status": "normal", "developmental_quotient": 92},
        },
        {
            "mrn": "DEMO-1006", "family_name": "Demo", "given_name": "Farid",
            "date_of_birth": ago(210), "sex": "male", "referring_center": CENTER,
            "spasms": {"onset_date": ago(35), "ongoing": True, "clusters_per_day": 7,
                       "hypsarrhythmia": "classic"},
            "mri": [{"date": ago(25), "field_strength_t": 3, "finding": "lesional",
                     "lesions": [{"type": "tuberous_sclerosis", "side": "bilateral", "lobes": [],
                                  "extent": "multilobar", "epileptogenic": None}]}],
            "etiology": {"category": "genetic", "also": ["structural"],
                         "diagnosis": "Tuberous sclerosis complex"},
        },
        {
            "mrn": "DEMO-1007", "family_name": "Demo", "given_name": "Greta",
            "date_of_birth": ago(250), "sex": "female", "referring_center": CENTER,
            "spasms": {"onset_date": ago(120), "ongoing": True, "clusters_per_day": 10,
                       "hypsarrhythmia": "modified"},
            "treatments": [
                _trial("vigabatrin", 150, "mg/kg/day", ago(112), ago(80), "no_response"),
                _trial("prednisolone", 8, "mg/kg/day", ago(79), ago(50), "no_response"),
                {"agent": "other_asm", "name": "Topiramate", "dose": 5, "dose_unit": "mg/kg/day",
                 "start_date": ago(49), "end_date": None, "outcome": "ongoing"},
            ],
            "mri": [{"date": ago(100), "field_strength_t": 3, "finding": "normal"}],
            "eeg": [{"date": ago(90), "hypsarrhythmia": "modified", "lateralization": "right"}],
            "pet": [{"date": ago(40), "finding": "hypometabolism", "side": "right",
                     "lobes": ["temporal", "occipital"]}],
            "etiology": {"category": "unknown", "diagnosis": "MRI-negative; right posterior hypometabolism"},
            "metabolic_workup": "normal", "degenerative_condition": False,
            "development": {"assessed_on": ago(45), "status": "delayed", "developmental_quotient": 64},
            "baseline_function": {"hemiparesis": "none", "visual_field": "unknown"},
        },
        {
            "mrn": "DEMO-1008", "family_name": "Demo", "given_name": "Hugo",
            "date_of_birth": ago(240), "sex": "male", "referring_center": CENTER,
            "spasms": {"onset_date": ago(75), "ongoing": True, "clusters_per_day": 6,
                       "hypsarrhythmia": "classic"},
            "treatments": [
                _trial("vigabatrin", 150, "mg/kg/day", ago(70), ago(40), "partial"),
                _trial("prednisolone", 40, "mg/day", ago(39), None, "ongoing"),
            ],
            "mri": [{"date": ago(60), "field_strength_t": 3, "finding": "lesional",
                     "lesions": [{"type": "stroke", "side": "left", "lobes": ["frontal", "parietal"],
                                  "extent": "multilobar", "epileptogenic": True}]}],
            "eeg": [{"date": ago(50), "hypsarrhythmia": "classic", "lateralization": "left"}],
            "etiology": {"category": "structural", "diagnosis": "Perinatal left MCA stroke"},
            "metabolic_workup": "normal", "degenerative_condition": False,
            "development": {"assessed_on": ago(30), "status": "delayed"},
            "baseline_function": {"hemiparesis": "right", "visual_field": "full"},
        },
    ]
# fmt: on

"""Synthetic operated children and conference decisions for the outcome-loop tests (issue 20).

Every child is the left frontal dysplasia vignette (SYN-0001) with its own MRN, name, surgery
and visits; the clock is set past the last visit so every date is in the past."""

from __future__ import annotations

import copy
import json
from datetime import date
from functools import cache
from typing import Any

from conftest import vignette_files
from isconf.outcomes.schedule import add_months
from isconf.schema import parse_case_document
from isconf.services import Services

TODAY = "2029-06-01"  # the clock of these tests: after every visit below


@cache
def _vignette(name: str) -> dict[str, Any]:
    [file] = [f for f in vignette_files() if f.name == name]
    return json.loads(file.read_text(encoding="utf-8"))


def child_document(
    mrn: str,
    surgery: date | None,
    procedure: str = "lobar_resection",
    visits: tuple[tuple[int, str | None, int | None], ...] = (),
    *,
    vignette: str = "fcd_left_frontal_candidate.json",
    new_deficits: tuple[str, ...] = (),
    complications: tuple[str, ...] = ("none",),
    score_after: float | None = None,
    pathology: str | None = "FCD IIb",
    pathology_category: str | None = None,
) -> dict[str, Any]:
    """A case file: ``visits`` are (months after surgery, Engel, ILAE), each on that anniversary."""
    document = copy.deepcopy(_vignette(vignette))
    case = document["case"]
    case["mrn"] = mrn
    case["family_name"], case["given_name"] = f"Family{mrn[-3:]}", "Child"
    if surgery is not None:
        case["surgery"] = {
            "date": surgery.isoformat(),
            "procedure": procedure,
            "side": "left",
            "lobes": ["frontal"],
            "completeness": "complete",
            "pathology": pathology,
            "pathology_category": pathology_category,
            "complications": list(complications),
            "new_deficits": list(new_deficits),
        }
        case["follow_up"] = [
            {
                "date": add_months(surgery, months).isoformat(),
                "engel": engel,
                "ilae": ilae,
                "spasms": engel is not None and engel.startswith("IA") is False,
                "development": {
                    "instrument": "vineland_3",
                    "domain": "composite",
                    "standard_score": score_after,
                },
            }
            for months, engel, ilae in visits
        ]
    return document


def add_child(services: Services, document: dict[str, Any]) -> None:
    services.create_case(parse_case_document(document))


def decide(services: Services, mrn: str, day: date, recommendation: str, tests: tuple[str, ...] = ()) -> int:
    """A meeting on ``day`` that decides ``recommendation`` for ``mrn``; its id."""
    meeting = services.meetings.create_meeting(title=f"Conference {day.isoformat()}", day=day)
    services.meetings.add_cases(meeting.id, [mrn])
    services.meetings.record_decision(
        meeting.id, mrn, recommendation=recommendation, rationale="Synthetic test decision", tests=tests
    )
    return meeting.id

"""The words of a case conference: statuses, recommendations, tests, consensus, roles.

Codes are stored; labels are what a clinician reads. The core disciplines come
from ``resources/conference_v1.json`` with their source (NAEC guideline).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from isconf.datafiles import load_json
from isconf.vocab import CONTINUE_MEDICAL, PROCEDURE, Vocabulary
from isconf.vocab import codes as codes
from isconf.vocab import label as label

PLANNED, IN_PROGRESS, CLOSED, SIGNED = "planned", "in_progress", "closed", "signed"
# Allowed status changes. closed → signed is the signing service's alone (isconf.signing),
# and nothing leaves signed but an amendment.
TRANSITIONS = {
    (PLANNED, IN_PROGRESS),
    (IN_PROGRESS, CLOSED),
    (PLANNED, CLOSED),
    (CLOSED, IN_PROGRESS),  # reopen
}
# "signed": the required signatures are in and the revision is locked (isconf.signing);
# only the signing service sets it, and only an amendment leaves it.
STATUS: Final[Vocabulary] = (
    (PLANNED, "Planned"),
    (IN_PROGRESS, "In progress"),
    (CLOSED, "Closed"),
    (SIGNED, "Signed and locked"),
)
FURTHER_EVALUATION = "further_evaluation"
# The procedures are the case's own (the trade-off weighs the same codes a decision names).
RECOMMENDATION: Final[Vocabulary] = (
    *(
        (code, "Hemispherectomy / hemispherotomy" if code == "hemispherectomy" else words)
        for code, words in PROCEDURE
    ),
    (FURTHER_EVALUATION, "Further evaluation"),
    (CONTINUE_MEDICAL, "Continue medical treatment"),
    ("not_candidate", "Not a surgical candidate"),
)
TEST: Final[Vocabulary] = (
    ("pet", "PET"),
    ("meg", "MEG"),
    ("seeg", "SEEG"),
    ("fmri", "fMRI"),
    ("genetic", "Genetic testing"),
    ("metabolic", "Metabolic testing"),
    ("repeat_mri", "Repeat MRI"),
)
UNANIMOUS, MAJORITY, NO_CONSENSUS = "unanimous", "majority", "none"
CONSENSUS: Final[Vocabulary] = (
    (UNANIMOUS, "Unanimous"),
    (MAJORITY, "Majority (dissent recorded)"),
    (NO_CONSENSUS, "No consensus, deferred"),
)


@dataclass(frozen=True)
class Disciplines:
    core: tuple[str, ...]
    core_source: str
    others: tuple[str, ...]
    default_minutes: int


@cache
def disciplines() -> Disciplines:
    """The conference's core disciplines and usual roles, with the guideline they come from."""
    data = load_json("conference_v1.json")
    return Disciplines(
        core=tuple(data["core_disciplines"]["roles"]),
        core_source=data["core_disciplines"]["source"],
        others=tuple(data["other_roles"]["roles"]),
        default_minutes=int(data["default_minutes_per_case"]),
    )

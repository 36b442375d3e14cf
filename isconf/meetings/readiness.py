"""Is a case ready to be discussed? What its evaluation still lacks, in a coordinator's words.

Two sources, each item said once: plain checks of the record (the studies and
results a conference expects to see) and the fields the candidacy evaluation
names as missing (``Criterion.missing``, worded by ``isconf.rules.wording``).
"""

from __future__ import annotations

from isconf.domain import Case
from isconf.rules import Evaluation
from isconf.rules.wording import missing as missing_words

NO_MRI = "no MRI"
NO_EEG = "no EEG"
NO_METABOLIC = "no metabolic work-up"
NO_DEVELOPMENT = "no development status"
# Evaluation paths the plain checks above already say in their own words.
_COVERED = {"mri": NO_MRI, "metabolic_workup": NO_METABOLIC, "development.status": NO_DEVELOPMENT}


def missing_items(case: Case, evaluation: Evaluation) -> list[str]:
    """What the evaluation is missing before the meeting; empty when the case is ready."""
    items: list[str] = []
    if not case.mri:
        items.append(NO_MRI)
    if not case.eeg:
        items.append(NO_EEG)
    if case.metabolic_workup in (None, "not_done"):
        items.append(NO_METABOLIC)
    if case.development.status in (None, "unknown"):
        items.append(NO_DEVELOPMENT)
    for path in evaluation.missing:
        words = _COVERED.get(path) or missing_words(path)
        if words not in items:
            items.append(words)
    return items


def readiness_words(items: list[str]) -> str:
    """One cell of the agenda: ``ready`` or what is missing."""
    return "ready" if not items else "missing: " + "; ".join(items)

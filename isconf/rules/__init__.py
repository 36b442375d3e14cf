"""The candidacy rules (``shared/clinical-reference.md``, rules version 1).

Pure functions of a case snapshot and an evaluation date: no database, no Qt,
no clock. ``evaluate(case, as_of)`` gives an ``Evaluation`` whose
``to_document()`` is the ``isconf-evaluation/1`` document.
"""

from isconf.rules.evaluate import NO_PATHWAY_STATUSES, URGENT_STATUSES, evaluate, spasms_ongoing, stable_until
from isconf.rules.reference import reference
from isconf.rules.result import (
    CRITERIA,
    FORMAT,
    MET,
    NOT_MET,
    RULES_VERSION,
    UNKNOWN,
    Criterion,
    Evaluation,
    Urgency,
    Warning,
)

__all__ = [
    "CRITERIA",
    "FORMAT",
    "MET",
    "NOT_MET",
    "NO_PATHWAY_STATUSES",
    "RULES_VERSION",
    "UNKNOWN",
    "URGENT_STATUSES",
    "Criterion",
    "Evaluation",
    "Urgency",
    "Warning",
    "evaluate",
    "reference",
    "spasms_ongoing",
    "stable_until",
]

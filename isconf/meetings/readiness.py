"""Is a case ready to be discussed? What its evaluation still lacks, in a coordinator's words.

Two sources, each item said once: the fields a conference expects to see recorded, each
declared with the words the agenda says while it lacks (``FieldInfo.readiness``: no MRI,
no EEG, no metabolic work-up, no development status), and the fields the candidacy
evaluation names as missing (``Criterion.missing``, worded by ``isconf.rules.wording``,
or by the field's readiness words when it is one of those).
"""

from __future__ import annotations

from isconf import fields
from isconf.domain import Case
from isconf.rules import Evaluation
from isconf.rules.wording import missing as missing_words

_EXPECTED = [p for p in fields.placed(Case) if p.info.readiness]
# Evaluation paths the readiness words above already say in their own words.
_COVERED = {p.path: p.info.readiness for p in _EXPECTED}


def missing_items(case: Case, evaluation: Evaluation) -> list[str]:
    """What the evaluation is missing before the meeting; empty when the case is ready."""
    items = [p.info.readiness for p in _EXPECTED if fields.lacks(p.info, p.value(case))]
    for path in evaluation.missing:
        words = _COVERED.get(path) or missing_words(path)
        if words not in items:
            items.append(words)
    return items


def readiness_words(items: list[str]) -> str:
    """One cell of the agenda: ``ready`` or what is missing."""
    return "ready" if not items else "missing: " + "; ".join(items)

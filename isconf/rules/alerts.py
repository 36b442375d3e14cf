"""Warnings added to rules version 1 (``clinical-reference.md``): ``untreated_spasms`` and
``same_date_studies``. A warning never changes a criterion, the status or ``urgent``.

Readings where the reference is silent:
- a first-line trial recorded without a start date counts as started (it was given; only
  its day is missing), so it does not raise the alarm;
- spasms count as ongoing as the rules read them (``timeline.spasms_ongoing``), but the alarm
  needs evidence that spasms began: an onset on or before the evaluation date, or ``ongoing``
  recorded as true;
- studies "disagree" when anything but their free text (note, report) differs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from isconf import fields, timeline
from isconf.domain import Case
from isconf.rules import wording
from isconf.rules.reference import Reference
from isconf.rules.result import ALARM_CODES, Warning

UNTREATED = "untreated_spasms"
SAME_DATE = "same_date_studies"
# The codes shown as an alarm beside the status (Evaluation.alarms).
ALARMS = ALARM_CODES
_STUDIES = (("mri", "MRI"), ("eeg", "EEG"), ("pet", "PET"))


def untreated_spasms(case: Case, as_of: date, ref: Reference) -> tuple[Warning, ...]:
    spasms = timeline.spasms_on(case.spasms, as_of)
    onset = spasms.onset_date
    began = (onset is not None and onset <= as_of) or (onset is None and spasms.ongoing is True)
    if not began or not timeline.spasms_ongoing(spasms):
        return ()
    started = any(
        t.agent in ref.first_line_agents and (t.start_date is None or t.start_date <= as_of)
        for t in case.treatments
    )
    if started:
        return ()
    weeks = timeline.spasm_weeks(spasms, as_of) if onset is not None else None
    so_far = (
        f"{wording.number(weeks)} weeks of spasms so far"
        if weeks is not None
        else "spasms of unrecorded onset"
    )
    message = (
        f"Untreated spasms: {so_far} and no first-line treatment (ACTH, prednisolone or vigabatrin) started. "
        "Infantile spasms are an emergency: first-line treatment should start within days (UKISS lead-time "
        "bands, O'Callaghan et al., Epilepsia 2011)."
    )
    return (Warning(UNTREATED, message),)


def same_date_studies(case: Case, as_of: date) -> tuple[Warning, ...]:
    found = []
    for attr, name in _STUDIES:
        studies: Sequence[Any] = getattr(case, attr)
        dated = [(i, s) for i, s in enumerate(studies) if s.date is not None and s.date <= as_of]
        if len(dated) < 2:
            continue
        newest = max(s.date for _, s in dated)
        same = [(i, s) for i, s in dated if s.date == newest]
        if len(same) < 2 or len({_content(s) for _, s in same}) < 2:
            continue
        where = wording.listing([f"{attr}[{i}]" for i, _ in same])
        message = (
            f"Same-date studies: {len(same)} {name} studies dated {wording.day(newest)} disagree ({where}); "
            f"the one listed last ({attr}[{same[-1][0]}]) is read. Check which is right."
        )
        found.append(Warning(SAME_DATE, message))
    return tuple(found)


def _content(study: Any) -> str:
    """A study's findings without its free text, to compare two studies by."""
    free = fields.free_text_keys(type(study))
    kept = {f.name: getattr(study, f.name) for f in dataclasses.fields(study) if f.name not in free}
    return repr(kept)

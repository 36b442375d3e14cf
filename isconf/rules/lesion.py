"""Criterion 2, ``focal_lesion``, the lesion pathway and the discordance warning.

Read from the latest MRI (and, when it shows no lesion, the latest PET).
Readings where ``clinical-reference.md`` is silent:
- the latest study is the one with the latest date on or before the
  evaluation date (a later study had not happened yet); undated studies
  count as older than dated ones, and among equals the one listed last wins;
- a lesion whose side or extent is not recorded could change the verdict, so
  the criterion is ``unknown`` (naming the field) unless a unilateral lesion
  marked epileptogenic already settles it;
- an MRI called lesional with no lesion described, or with no finding and no
  lesion, is ``unknown`` too: the lesions are what the rule reads;
- an MRI called normal or nonspecific is read as such even if lesions are
  listed (the rule sends it to PET), with a warning that the two disagree;
- a PET whose finding is not recorded does not show an abnormality;
- unilateral lesions on both sides, none marked epileptogenic, meet the rule
  as written, with a warning to confirm which drives the spasms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from isconf.domain import Case, EegStudy, Lesion, MriStudy, PetStudy
from isconf.rules import wording
from isconf.rules.reference import Reference
from isconf.rules.result import MET, NOT_MET, UNKNOWN, Criterion, Warning
from isconf.status import PALLIATIVE

UNILATERAL = ("left", "right")
EXTENT_ORDER = ("focal", "lobar", "multilobar", "hemispheric")
PATHWAY_OF_EXTENT = {
    "focal": "focal_resection",
    "lobar": "lobar_resection",
    "multilobar": "multilobar_resection",
    "hemispheric": "hemispherectomy",
}
PALLIATIVE_WORDS = "Surgery, if needed, would be palliative: corpus callosotomy or vagus nerve stimulation."

Study = TypeVar("Study", MriStudy, EegStudy, PetStudy)


@dataclass(frozen=True)
class LesionFinding:
    criterion: Criterion
    pathway: str | None  # the pathway the lesion points to, before the status rules
    side: str | None  # the side of the abnormality the criterion rests on
    warnings: tuple[Warning, ...] = ()


def latest(studies: Sequence[Study], as_of: date) -> tuple[int, Study] | None:
    """The latest study by date known on ``as_of``, with its index in the case.

    A study dated after ``as_of`` had not happened yet on that day.
    """
    known = [i for i, s in enumerate(studies) if s.date is None or s.date <= as_of]
    if not known:
        return None
    index = max(known, key=lambda i: (studies[i].date is not None, studies[i].date or date.min, i))
    return index, studies[index]


def judge_lesion(case: Case, as_of: date, ref: Reference) -> LesionFinding:
    found = _judge_structure(case, as_of, ref)
    discordance = _discordance(case, as_of, found.side, ref) if found.criterion.state == MET else ()
    return LesionFinding(found.criterion, found.pathway, found.side, (*found.warnings, *discordance))


def _judge_structure(case: Case, as_of: date, ref: Reference) -> LesionFinding:
    newest = latest(case.mri, as_of)
    if newest is None:
        none = "No MRI is recorded" + (" by that date." if case.mri else ".")
        return LesionFinding(ref.criterion("focal_lesion", UNKNOWN, none, missing=["mri"]), None, None)
    index, mri = newest
    where = f"mri[{index}]"
    seen = f"Latest MRI ({wording.day(mri.date)})" if mri.date else "Latest MRI (undated)"
    evidence = [f"{seen}: {mri.finding or 'finding not recorded'}"]
    evidence += [f"Lesion {j + 1}: {wording.lesion(x)}" for j, x in enumerate(mri.lesions)]
    if mri.finding in ("normal", "nonspecific"):
        # The rule lets PET alone define the zone whenever the MRI is not lesional.
        # The finding, not the lesion list, says whether the MRI shows a lesion: a
        # normal or nonspecific study leaves only PET to define a zone (criterion 2).
        by_pet = _pet_only(case, as_of, f"{seen} is {mri.finding}", evidence, ref)
        if not mri.lesions:
            return by_pet
        message = (
            f"MRI finding and lesions disagree: {seen.lower()} is called {mri.finding} but lists "
            f"{wording.count(len(mri.lesions), 'lesion')}; the lesions were not read. "
            "Call the study lesional if they are real."
        )
        return LesionFinding(
            by_pet.criterion, by_pet.pathway, by_pet.side, (Warning("mri_inconsistent", message),)
        )
    if not mri.lesions:
        missing = f"{where}.lesions" if mri.finding == "lesional" else f"{where}.finding"
        what = "is called lesional but describes no lesion" if mri.finding == "lesional" else "has no finding"
        return LesionFinding(
            ref.criterion("focal_lesion", UNKNOWN, f"{seen} {what}.", evidence, [missing]), None, None
        )
    return _judge_lesions(mri.lesions, where, seen, evidence, ref)


def _judge_lesions(
    lesions: tuple[Lesion, ...], where: str, seen: str, evidence: list[str], ref: Reference
) -> LesionFinding:
    unilateral = [x for x in lesions if x.side in UNILATERAL and x.extent in EXTENT_ORDER]
    leading = [x for x in unilateral if x.epileptogenic is True]
    if leading:
        return _met(leading, f"{seen}: ", "", lesions, evidence, ref)
    # A missing side or extent matters only where it could make a unilateral lesion:
    # a bilateral lesion is bilateral whatever its extent, a diffuse one whatever its side.
    incomplete = [
        f"{where}.lesions[{j}].{key}"
        for j, x in enumerate(lesions)
        for key, value in (("side", x.side), ("extent", x.extent))
        if value is None and x.side != "bilateral" and x.extent != "diffuse"
    ]
    if incomplete:
        reason = f"{seen}: a lesion's side or extent is not recorded, so whether it is unilateral is unknown."
        return LesionFinding(ref.criterion("focal_lesion", UNKNOWN, reason, evidence, incomplete), None, None)
    widespread = [x for x in lesions if x not in unilateral]
    if unilateral and not widespread:
        return _met(unilateral, f"{seen}: ", "a unilateral abnormality", lesions, evidence, ref)
    described = wording.listing([wording.lesion(x) for x in widespread])
    reason = f"{seen}: {described} (bilateral or diffuse)"
    if unilateral:
        reason += ", beside unilateral lesions none of which is marked epileptogenic"
    else:
        reason += ", with no unilateral lesion"
    reason += f". {PALLIATIVE_WORDS}"
    evidence.append(f"{ref.palliative.statement} ({ref.palliative.source})")
    return LesionFinding(ref.criterion("focal_lesion", NOT_MET, reason, evidence), PALLIATIVE, None)


def _met(
    counted: list[Lesion],
    prefix: str,
    kind: str,
    lesions: tuple[Lesion, ...],
    evidence: list[str],
    ref: Reference,
) -> LesionFinding:
    largest = max(counted, key=lambda x: EXTENT_ORDER.index(x.extent or "focal"))
    pathway = PATHWAY_OF_EXTENT[largest.extent or "focal"]
    sides = {x.side for x in counted}
    side = sides.pop() if len(sides) == 1 else None
    reason = f"{prefix}{wording.listing([wording.lesion(x) for x in counted])}"
    if kind:
        reason += f", {kind}"
    others = len(lesions) - len(counted)
    if others:
        reason += f"; {wording.count(others, 'other lesion')} not counted as leading"
    reason += f". Largest extent {largest.extent}: pathway {wording.procedure(pathway)}."
    warnings: tuple[Warning, ...] = ()
    if side is None:
        warnings = (
            Warning(
                "lesions_both_sides",
                "Lesions on both sides: the counted unilateral lesions lie left and right; "
                "confirm which drives the spasms (mark it epileptogenic).",
            ),
        )
    return LesionFinding(ref.criterion("focal_lesion", MET, reason, evidence), pathway, side, warnings)


def _pet_only(case: Case, as_of: date, mri_text: str, evidence: list[str], ref: Reference) -> LesionFinding:
    newest = latest(case.pet, as_of)
    pet_text = "no PET is recorded (a PET can define a resectable zone when the MRI shows none)"
    if newest is not None:
        _, pet = newest
        when = wording.day(pet.date) if pet.date else "undated"
        lobes = f" ({', '.join(pet.lobes)})" if pet.lobes else ""
        evidence.append(
            f"Latest PET ({when}): {pet.finding or 'finding not recorded'}, side {pet.side or 'not recorded'}{lobes}"
        )
        if pet.side in UNILATERAL and pet.finding not in (None, "normal"):
            pathway = "multilobar_resection" if len(pet.lobes) >= 2 else "lobar_resection"
            reason = (
                f"{mri_text}; the latest PET ({when}) shows {pet.side} {pet.finding}{lobes}: a zone of "
                f"cortical abnormality seen on PET alone can be resected. Pathway {wording.procedure(pathway)}."
            )
            return LesionFinding(ref.criterion("focal_lesion", MET, reason, evidence), pathway, pet.side)
        pet_text = f"the latest PET ({when}) shows no unilateral abnormality"
    reason = f"{mri_text} and {pet_text}. {PALLIATIVE_WORDS}"
    evidence.append(f"{ref.palliative.statement} ({ref.palliative.source})")
    return LesionFinding(ref.criterion("focal_lesion", NOT_MET, reason, evidence), PALLIATIVE, None)


def _discordance(case: Case, as_of: date, side: str | None, ref: Reference) -> tuple[Warning, ...]:
    if side is None:
        return ()
    found = []
    eeg = latest(case.eeg, as_of)
    if eeg is not None and eeg[1].lateralization in UNILATERAL and eeg[1].lateralization != side:
        when = wording.day(eeg[1].date) if eeg[1].date else "undated"
        found.append(f"the latest EEG ({when}) lateralizes {eeg[1].lateralization}")
    pet = latest(case.pet, as_of)
    if (
        pet is not None
        and pet[1].side in UNILATERAL
        and pet[1].side != side
        and pet[1].finding not in (None, "normal")
    ):
        when = wording.day(pet[1].date) if pet[1].date else "undated"
        found.append(f"the latest PET ({when}) shows {pet[1].side} {pet[1].finding}")
    if not found:
        return ()
    message = (
        f"Discordance: {wording.listing(found)}, against the {side}-sided abnormality; "
        f"{ref.discordance.statement}."
    )
    return (Warning("discordance", message),)

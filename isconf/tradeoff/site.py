"""Where the surgery would be: the side and lobes of the abnormality the rules count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from isconf import rules
from isconf.domain import Case
from isconf.rules.lesion import EXTENT_ORDER, judge_lesion, latest


@dataclass(frozen=True)
class Site:
    side: str | None  # left, right, or None when the lesion does not say one side
    lobes: tuple[str, ...]
    words: str


def surgical_site(case: Case, as_of: date) -> Site:
    """The side the candidacy rules found and the lobes of the counted lesions (or PET zone)."""
    side = judge_lesion(case, as_of, rules.reference()).side
    if side is None:
        return Site(None, (), "the side of surgery is not known from the MRI or PET")
    lobes, seen = _lesion_lobes(case, as_of, side)
    where = f"{side} hemisphere" + (f" ({', '.join(lobes)})" if lobes else ", lobes not recorded")
    return Site(side, lobes, f"{where}, from the {seen}")


def _lesion_lobes(case: Case, as_of: date, side: str) -> tuple[tuple[str, ...], str]:
    newest = latest(case.mri, as_of)
    if newest is not None and newest[1].finding == "lesional":
        on_side = [x for x in newest[1].lesions if x.side == side and x.extent in EXTENT_ORDER]
        # The rules count the lesions marked epileptogenic where any is marked.
        leading = [x for x in on_side if x.epileptogenic is True] or on_side
        return _union(lobe for x in leading for lobe in x.lobes), "latest MRI"
    pet = latest(case.pet, as_of)
    if pet is not None and pet[1].side == side:
        return _union(pet[1].lobes), "latest PET"
    return (), "latest studies"


def _union(lobes: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for lobe in lobes:
        if lobe not in found:
            found.append(lobe)
    return tuple(found)

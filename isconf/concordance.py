"""Concordance: whether the latest MRI, EEG and PET point to the same side and lobes, and where
they disagree, in one row a conference reads. The latest study of each kind is the one the rules
read (``isconf.rules.lesion.latest``); an MRI points where its unilateral lesions are (the
epileptogenic ones where any is marked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from isconf import vocab
from isconf.domain import Case
from isconf.rules.lesion import latest

UNILATERAL = ("left", "right")


@dataclass(frozen=True)
class Pointer:
    modality: str  # MRI, EEG, PET
    side: str | None  # left, right, bilateral, none; None: not recorded
    lobes: tuple[str, ...]
    day: date | None

    @property
    def words(self) -> str:
        """'MRI left frontal', 'EEG bilateral', 'PET not lateralized'."""
        if self.side is None:
            return f"{self.modality} side not recorded"
        if self.side == "none":
            return f"{self.modality} not lateralized"
        lobes = " ".join(vocab.label(vocab.LOBE, lobe).lower() for lobe in self.lobes)
        return f"{self.modality} {self.side}{f' {lobes}' if lobes else ''}"


@dataclass(frozen=True)
class Concordance:
    state: str  # concordant, discordant, partial (only some point to a side), unknown (no studies)
    pointers: tuple[Pointer, ...]
    words: str  # the row as a view shows it


def concordance(case: Case, as_of: date) -> Concordance:
    pointers = [p for p in (_mri(case, as_of), _eeg(case, as_of), _pet(case, as_of)) if p is not None]
    if not pointers:
        return Concordance("unknown", (), "Concordance: no MRI, EEG or PET recorded.")
    said = "; ".join(p.words for p in pointers)
    sided = [p for p in pointers if p.side in UNILATERAL]
    sides = {p.side for p in sided}
    if len(sides) > 1:
        return Concordance("discordant", tuple(pointers), f"Discordant sides: {said}.")
    with_lobes = [p for p in sided if p.lobes]
    if len(with_lobes) > 1 and not set.intersection(*(set(p.lobes) for p in with_lobes)):
        return Concordance("discordant", tuple(pointers), f"Same side, different lobes: {said}.")
    if len(sided) == len(pointers) and len(pointers) > 1:
        side = next(iter(sides))
        return Concordance("concordant", tuple(pointers), f"Concordant, {side}: {said}.")
    if not sided:
        return Concordance("partial", tuple(pointers), f"No study points to a side: {said}.")
    return Concordance("partial", tuple(pointers), f"Partly concordant: {said}.")


def _mri(case: Case, as_of: date) -> Pointer | None:
    found = latest(case.mri, as_of)
    if found is None:
        return None
    mri = found[1]
    if mri.finding in ("normal", "nonspecific") or not mri.lesions:
        return Pointer("MRI", "none" if mri.finding else None, (), mri.date)
    unilateral = [x for x in mri.lesions if x.side in UNILATERAL]
    counted = [x for x in unilateral if x.epileptogenic is True] or unilateral
    sides = {x.side for x in counted}
    if len(sides) != 1:
        side = "bilateral" if sides or any(x.side == "bilateral" for x in mri.lesions) else None
        return Pointer("MRI", side, (), mri.date)
    lobes = tuple(dict.fromkeys(lobe for x in counted for lobe in x.lobes))
    return Pointer("MRI", next(iter(sides)), lobes, mri.date)


def _eeg(case: Case, as_of: date) -> Pointer | None:
    found = latest(case.eeg, as_of)
    return None if found is None else Pointer("EEG", found[1].lateralization, (), found[1].date)


def _pet(case: Case, as_of: date) -> Pointer | None:
    found = latest(case.pet, as_of)
    if found is None:
        return None
    pet = found[1]
    side = "none" if pet.finding == "normal" else pet.side
    return Pointer("PET", side, pet.lobes if side in UNILATERAL else (), pet.date)

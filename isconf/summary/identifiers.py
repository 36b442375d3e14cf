"""Whether a de-identified summary would still name a child.

A de-identified summary leaves out the identification document, but it prints and
attaches the signed content as it is, free text included: a rationale, a question, a
dissent, an action item or an amendment reason typed with the infant's name or MRN
would be shown (and cannot be blanked out: the signatures bind that very text). So the
export looks for each agenda case's names and MRN in every text of the content first,
and refuses to write a de-identified copy that contains one, naming where it is.

Names are matched as whole words with their capitals as recorded (a given name such
as "Will" is not found in "the team will review"); the MRN is matched ignoring case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

MIN_NAME_LENGTH = 2  # a single letter (an initial) is what de-identification prints


def identifiers_found(content: dict[str, Any], identification: dict[str, Any]) -> list[str]:
    """One plain sentence per text of ``content`` that names an agenda case's infant."""
    patterns = list(_patterns(identification))
    found = []
    for where, value in _texts(content, ""):
        for label, pattern in patterns:
            if pattern.search(value):
                found.append(f"{where} contains {label}")
    return found


def _patterns(identification: dict[str, Any]) -> Iterator[tuple[str, re.Pattern[str]]]:
    for person in identification.get("cases") or []:
        for key, words in (("given_name", "a given name"), ("family_name", "a family name")):
            name = str(person.get(key) or "").strip()
            if len(name) >= MIN_NAME_LENGTH:
                yield f"{words} of a child on the agenda", re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        mrn = str(person.get("mrn") or "").strip()
        if mrn:
            yield "the MRN of a child on the agenda", re.compile(rf"(?<!\w){re.escape(mrn)}(?!\w)", re.I)


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(inner, _join(where, str(key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value, start=1):
            yield from _texts(inner, _join(where, _item(inner, index)))


def _join(where: str, step: str) -> str:
    """``cases › case 3 › decision › rationale``: where a text sits in the content."""
    return f"{where} › {step}" if where else step


def _item(value: Any, index: int) -> str:
    """``case 3`` for a case (by agenda position), else the item's number."""
    if isinstance(value, dict) and "pseudonym" in value and "position" in value:
        return f"case {int(value['position']) + 1}"
    return f"item {index}"

"""Names and MRNs typed into free text: found where the text is signed, replaced by
initials where it is not.

A de-identified agenda or presentation shows each child by initials and age, yet the
question for the team is free text and may have been typed with the child's name:
``redact`` puts the initials in its place. A de-identified summary leaves out the identification document, but it prints and
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
from collections.abc import Iterable, Iterator
from typing import Any

Person = tuple[str | None, str | None, str | None, str]  # given name, family name, MRN, initials

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


def redact(text: str, people: Iterable[Person]) -> str:
    """``text`` with each person's names and MRN replaced by their initials (``people``:
    (given name, family name, MRN, initials) of every child the text might name)."""
    for given, family, mrn, initials in people:
        for _, pattern in _labelled(given, family, mrn):
            text = pattern.sub(initials, text)
    return text


def _patterns(identification: dict[str, Any]) -> Iterator[tuple[str, re.Pattern[str]]]:
    for person in identification.get("cases") or []:
        for label, pattern in _labelled(
            person.get("given_name"), person.get("family_name"), person.get("mrn")
        ):
            yield f"{label} of a child on the agenda", pattern


def _labelled(given: str | None, family: str | None, mrn: str | None) -> list[tuple[str, re.Pattern[str]]]:
    """Whole-word patterns: the names with their capitals as recorded, the MRN in any case."""
    out = []
    for label, name in (("a given name", given), ("a family name", family)):
        name = (name or "").strip()
        if len(name) >= MIN_NAME_LENGTH:
            out.append((label, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")))
    mrn = (mrn or "").strip()
    if mrn:
        out.append(("the MRN", re.compile(rf"(?<!\w){re.escape(mrn)}(?!\w)", re.I)))
    return out


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

"""Free text in de-identified outputs: withheld unless a team member checked it, and even
then scrubbed.

A question, a rationale, a dissent or a meeting title is typed by people, and people type
a child's name, MRN, birth date, a parent's phone number. Matching the names exactly as
recorded misses ``OLIVER``, ``O l i v e r`` and ``MRN 7734219``; so a de-identified agenda,
summary, FHIR bundle or registry file prints a free text only when a team member has
marked that very text "checked for identifiers" (``isconf.meetings.text_checks``: the
mark names the text by its hash, so any later edit leaves it unmarked), and then only
through ``scrub``, which removes the case's names and MRN in any letter case and spacing,
dates in any common format, phone numbers, emails, street addresses and postcodes, and
long digit runs. Anything else is replaced by ``WITHHELD``, a visible note.

The one call for every output: ``withhold_or_scrub(text, checked, identifiers)``.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

WITHHELD = "[text withheld: not checked for identifiers]"
MIN_NAME_LENGTH = 2  # a single letter (an initial) is what de-identification prints

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Whatever a person may put between a name's or an MRN's characters: spaces, dots, dashes.
_GAP = r"[\s.\-_/'’]*"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("[email]", re.compile(r"[\w.+\-]+\s*(?:@|\(at\)|\[at\])\s*[\w\-]+(?:\s*\.\s*[\w\-]+)+", re.I)),
    ("[web address]", re.compile(r"\b(?:https?://|www\.)\S+", re.I)),
    (
        "[date]",
        re.compile(
            r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"  # 2025-03-12
            r"|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"  # 12/03/2025, 3.12.25
            rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTHS})\.?,?\s*\d{{2,4}}\b"  # 12 March 2025
            rf"|\b(?:{_MONTHS})\.?\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{2,4}}\b"  # March 12, 2025
            rf"|\b(?:{_MONTHS})\.?\s+\d{{4}}\b",  # March 2025
            re.I,
        ),
    ),
    ("[phone]", re.compile(r"(?<![\w])\+?\(?\d(?:[\s().\-]*\d){6,}(?![\w])")),
    (
        "[address]",
        re.compile(
            r"\b\d{1,5}[a-z]?\s+(?:[A-Za-z’'\-]+\s+){0,4}"
            r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|crescent|cres|"
            r"place|pl|boulevard|blvd|terrace|gardens|grove|square|sq|hill|row|mews|walk|parade)\b\.?",
            re.I,
        ),
    ),
    ("[postcode]", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)),
    ("[number]", re.compile(r"\d(?:[\s\-]?\d){4,}")),
)


@dataclass(frozen=True)
class Identifiers:
    """What a text might name: the children's (and parents') names, MRNs and birth dates.
    Dates, phones, emails, addresses and digit runs are removed whoever they belong to."""

    names: tuple[str, ...] = ()
    mrns: tuple[str, ...] = ()
    birth_dates: tuple[date, ...] = field(default=())

    @classmethod
    def of_people(cls, people: Iterable[dict[str, Any]]) -> Identifiers:
        """From identification entries (``given_name``, ``family_name``, ``mrn``, ``date_of_birth``)."""
        names: list[str] = []
        mrns: list[str] = []
        births: list[date] = []
        for person in people:
            for key in ("given_name", "family_name"):
                value = person.get(key)
                if isinstance(value, str):
                    names += value.split()
            mrn = person.get("mrn")
            if isinstance(mrn, str) and mrn.strip():
                mrns.append(mrn)
            born = person.get("date_of_birth")
            if isinstance(born, date):
                births.append(born)
            elif isinstance(born, str):
                with contextlib.suppress(ValueError):
                    births.append(date.fromisoformat(born))
        return cls(tuple(names), tuple(mrns), tuple(births))

    def __add__(self, other: Identifiers) -> Identifiers:
        return Identifiers(
            self.names + other.names, self.mrns + other.mrns, self.birth_dates + other.birth_dates
        )


def withhold_or_scrub(
    text: str | None, checked: bool, identifiers: Identifiers, *, dates: bool = True
) -> str:
    """``text`` as a de-identified output may print it: ``WITHHELD`` unless ``checked``,
    else scrubbed (``dates``: see ``scrub``); an empty text stays empty."""
    if text is None or not text.strip():
        return ""
    if not checked:
        return WITHHELD
    return scrub(text, identifiers, dates=dates)


def scrub(text: str, identifiers: Identifiers, *, dates: bool = True) -> str:
    """``text`` with every identifier the module docstring lists replaced by its kind.
    ``dates=False`` leaves dates as they are (and no other pattern eats them) for a caller
    that words each as the child's age (``isconf.ages``)."""
    text = _mrns(unicodedata.normalize("NFKC", text), identifiers)
    date_pattern = _PATTERNS[2][1]  # "[date]"
    pieces = date_pattern.split(text) if not dates else [text]
    kept = date_pattern.findall(text) if not dates else []
    out = []
    for n, piece in enumerate(pieces):
        for kind, pattern in _PATTERNS:
            piece = pattern.sub(kind, piece)
        out.append(piece)
        if n < len(kept):
            out.append(kept[n])
    return _names("".join(out), identifiers)


def name_and_mrn_scrub(text: str, identifiers: Identifiers) -> str:
    """Only the names and MRNs of ``identifiers`` (any letter case and spacing): for text
    isconf words itself, whose dates and figures must stay."""
    return _names(_mrns(text, identifiers), identifiers)


def _mrns(text: str, identifiers: Identifiers) -> str:
    for mrn in sorted(set(identifiers.mrns), key=len, reverse=True):
        pattern = _spaced(mrn)
        if pattern is not None:
            text = pattern.sub("[MRN]", text)
    return text


def _names(text: str, identifiers: Identifiers) -> str:
    for name in sorted(set(identifiers.names), key=len, reverse=True):
        pattern = _spaced(name, whole_word=True)
        if pattern is not None:
            text = pattern.sub("[name]", text)
    return text


def leaks(text: str, identifiers: Identifiers) -> list[str]:
    """What of ``identifiers`` ``text`` still holds, by kind (for an output's last guard)."""
    found = []
    for mrn in identifiers.mrns:
        pattern = _spaced(mrn)
        if pattern is not None and pattern.search(text):
            found.append("an MRN")
    for name in identifiers.names:
        pattern = _spaced(name, whole_word=True)
        if pattern is not None and pattern.search(text):
            found.append("a name")
    for born in identifiers.birth_dates:
        if born.isoformat() in text:
            found.append("a birth date")
    return sorted(set(found))


def _spaced(value: str, *, whole_word: bool = False) -> re.Pattern[str] | None:
    """``value``'s letters and digits in order, any letter case, anything of ``_GAP`` between."""
    core = [ch for ch in unicodedata.normalize("NFKC", value) if ch.isalnum()]
    if len(core) < MIN_NAME_LENGTH:
        return None
    body = _GAP.join(re.escape(ch) for ch in core)
    if whole_word:
        body = rf"(?<![^\W_]){body}(?![^\W_])"
    return re.compile(body, re.I)

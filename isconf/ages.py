"""A child's dates as ages: how every de-identified output words a date.

Conference strength (DESIGN.md) shows a child by initials and age. A calendar date
beside an age gives the birth date away, so in a de-identified output each of the
child's dates becomes the child's age on that day ("age 4.1 months"), a trial's dates
become the ages it ran between ("age 1.2–2.4 months"), and a date before birth is
counted to birth. The team's own deadlines (an action item's due date, the moment a
decision was recorded) are counted from the meeting ("12 days after the meeting"),
whose date every copy shows anyway. With no birth date recorded a child's date cannot
be made an age and is withheld; only the meeting's own date stays as it is.

``Ages.scrub`` does the same to text: the rules' reasons ("Latest MRI (12 Mar 2026)"),
and free text typed in any common format (``2026-03-05``, ``5 Mar 2026``,
``5 March 2026``, ``March 5, 2026``, ``05/03/2026``, ``March 2026``, ``5 Mar``). A
numeric date that reads as two different days (``05/03/2026``: 5 March or 3 May) is
withheld rather than guessed; a year alone stays (a citation's year is no one's date).

The agenda (PDF and text), the presentation screen, the summary (pages, chart and
attached JSON) and ``export --deidentify`` all word dates here; none does it alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from isconf import timeline
from isconf.rules.wording import MONTHS, day, utc_offset
from isconf.timeline import DAYS_PER_MONTH

WITHHELD = "[date withheld]"

# "may" in lower case is the verb far more often than the month; "Mar", "mar." are the month.
_MONTH = (
    r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?|May|MAY)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|2\d)\d\d"
_DATE = re.compile(
    "|".join(
        (
            rf"(?P<iso>(?<![\d.])(?P<iy>{_YEAR})(?P<isep>[-/.])(?P<im>[01]?\d)(?P=isep)(?P<id>[0-3]?\d)(?!\d))",
            rf"(?P<dmy>(?<!\w)(?P<dd>{_DAY})[ \-./]*(?P<dm>{_MONTH})[ \-./,]*(?P<dy>{_YEAR})(?!\d))",
            rf"(?P<mdy>(?<!\w)(?P<mm>{_MONTH}) ?(?P<md>{_DAY}),? (?P<my>{_YEAR})(?!\d))",
            # Day, month and a four-digit year; a two-digit year only after "/" or "." ("3-4-10" is
            # more often a score than a date).
            rf"(?P<num>(?<![\d.])(?P<n1>[0-3]?\d)(?P<nsep>[-/.])(?P<n2>[0-3]?\d)(?P=nsep)(?P<ny>{_YEAR})(?!\d))",
            r"(?P<short>(?<![\d.])(?P<s1>[0-3]?\d)(?P<ssep>[/.])(?P<s2>[0-3]?\d)(?P=ssep)(?P<sy>\d\d)(?![\d.]))",
            rf"(?P<my_only>(?<!\w)(?P<om>{_MONTH}),? (?P<oy>{_YEAR})(?!\d))",
            rf"(?P<dm_only>(?<!\w)(?P<xd>{_DAY}) (?P<xm>{_MONTH})(?!\w))",
            rf"(?P<md_only>(?<!\w)(?P<ym>{_MONTH}) (?P<yd>{_DAY})(?![\w:]))",
        )
    )
)
# "24 Feb – 1 Apr 2026": the rules write a period's first day without its year.
_RANGE = re.compile(r"\s*(?:–|—|-)\s*")
_LINK = re.compile(r"\s*(?:–|—|-)\s*|\s+(?:to|until|till|and)\s+", re.IGNORECASE)
# Words a date follows as a noun ("as of age 4.1 months", "(age 4.1 months)"); after any
# other word it takes a preposition ("assessed at age 4.1 months").
_NOUN_AFTER = re.compile(
    r"(?:^|[(\[:;,–—\-/]|\b(?:as of|from|since|until|till|to|for|by|after|before|between|and|or|than|"
    r"the)|[.!?])\s*$",
    re.IGNORECASE,
)
# "on 5 Mar", "the MRI of 5 Mar": the typed preposition gives way to the words' own ("at age …").
_PREPOSITION = re.compile(r"\b(?:on|at|in|(?<!\bas )of)\s+$", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")


@dataclass(frozen=True)
class _Found:
    """A date found in text: a whole day, a month of a year, or a day without its year."""

    start: int
    end: int
    day: date | None = None
    month: tuple[int, int] | None = None  # (year, month) when only the month is known
    no_year: tuple[int, int] | None = None  # (month, day) when the year is not written


@dataclass(frozen=True)
class Ages:
    """How one child's dates are worded in a de-identified output.

    ``birth``: the child's date of birth (None: not recorded, every date is withheld);
    ``meeting``: the meeting's date, which may stay, and from which deadlines are counted.
    """

    birth: date | None = None
    meeting: date | None = None

    # --- one date ----------------------------------------------------------------------

    def days_from_birth(self, when: date) -> int | None:
        """Whole days from birth to ``when`` (negative before birth)."""
        return None if self.birth is None else (when - self.birth).days

    def age_months(self, when: date) -> float | None:
        """The age in months on ``when``, to one decimal, as the rest of isconf reads an infant's age."""
        return timeline.age_months(self.birth, when)

    def noun(self, when: date) -> str:
        """``age 4.1 months``; ``12 days before birth``; the meeting's own date as it is; else withheld."""
        return self._worded(when)[0]

    def at(self, when: date) -> str:
        """The same with the preposition a sentence needs: ``at age 4.1 months``."""
        words, preposition = self._worded(when)
        return f"{preposition} {words}" if preposition else words

    def period(self, start: date | None, end: date | None) -> str:
        """``age 1.2–2.4 months``: the ages a trial ran between."""
        if start is not None and end is not None:
            first, last = self.age_months(start), self.age_months(end)
            if first is not None and last is not None and first >= 0 and last >= 0:
                return f"age {first:.1f} months" if first == last else f"age {first:.1f}–{last:.1f} months"
        words = [self.noun(d) if d is not None else "not recorded" for d in (start, end)]
        return " – ".join(words)

    def from_meeting(self, when: date) -> str:
        """A team deadline counted from the meeting: ``the meeting day``, ``12 days after the meeting``."""
        if self.meeting is None:
            return WITHHELD
        days = (when - self.meeting).days
        if days == 0:
            return "the meeting day"
        count = f"{abs(days)} day{'' if abs(days) == 1 else 's'}"
        return f"{count} after the meeting" if days > 0 else f"{count} before the meeting"

    def moment(self, iso: str) -> str:
        """A recorded moment (ISO 8601) counted from the meeting, the clock time kept:
        ``the meeting day, 13:00 UTC+01:00``; text that is not a moment is scrubbed."""
        try:
            moment = datetime.fromisoformat(iso)
        except ValueError:
            return self.scrub(iso)
        offset = utc_offset(moment)
        zone = f" UTC{offset}" if offset else " (no UTC offset recorded)"
        return f"{self.from_meeting(moment.date())}, {moment:%H:%M}{zone}"

    # --- dates in text -----------------------------------------------------------------

    def scrub(self, text: str) -> str:
        """``text`` with every date in it worded as an age (see the module docstring)."""
        found = _with_years(text, _find(text))
        out: list[str] = []
        position = 0
        index = 0
        while index < len(found):
            item = found[index]
            partner = found[index + 1] if index + 1 < len(found) else None
            if partner is not None and _RANGE.fullmatch(text[item.end : partner.start]):
                words, preposition = self._range_words(item, partner)
                end = partner.end
                index += 2
            else:
                words, preposition = self._found_words(item)
                end = item.end
                index += 1
            if self._keeps(item) and end == item.end:
                out.append(text[position:end])  # the meeting's own date, as it was typed
            else:
                out.append(_joined(text[: item.start], text[position : item.start], words, preposition))
            position = end
        out.append(text[position:])
        return "".join(out)

    def scrub_all(self, value: Any, fields: Mapping[str, Callable[[str], str]] | None = None) -> Any:
        """A JSON value with every string in it scrubbed, at any depth; the string under a key
        of ``fields`` is given to that key's function instead (to word a date field, or keep it)."""
        fields = fields or {}
        if isinstance(value, dict):
            return {
                key: fields[key](item)
                if key in fields and isinstance(item, str)
                else self.scrub_all(item, fields)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self.scrub_all(item, fields) for item in value]
        if isinstance(value, str):
            return self.scrub(value)
        return value

    def _keeps(self, item: _Found) -> bool:
        """Only the meeting's own date stays, and only where no child's age can replace it."""
        return self.birth is None and item.day is not None and item.day == self.meeting

    def _worded(self, when: date) -> tuple[str, str]:
        """The words for one day, and the preposition they take in a sentence."""
        days = self.days_from_birth(when)
        if days is None:
            if when == self.meeting:
                return day(when), "on"
            return WITHHELD, "on"
        if days < 0:
            return f"{-days} day{'' if days == -1 else 's'} before birth", ""
        months = self.age_months(when)
        return f"age {months:.1f} months", "at"

    def _found_words(self, item: _Found) -> tuple[str, str]:
        if item.day is not None:
            return self._worded(item.day)
        if item.month is not None and self.birth is not None:
            year, month = item.month
            middle = date(year, month, 15)
            if middle >= self.birth:
                return f"age about {round((middle - self.birth).days / DAYS_PER_MONTH)} months", "at"
            return "before birth", ""
        return WITHHELD, "on"

    def _range_words(self, first: _Found, last: _Found) -> tuple[str, str]:
        start = first.day
        if start is None or last.day is None:
            return " – ".join(self._found_words(item)[0] for item in (first, last)), ""
        period = self.period(start, last.day)
        return period, "at" if period.startswith("age ") else ""


def _joined(head: str, before: str, words: str, preposition: str) -> str:
    """``before`` (the text since the previous date) followed by a date's ``words``, worded as
    the sentence needs (``head``: all the text before the date): an "on", "at" or "in" typed
    before the date gives way to the words' own preposition ("established at age 4.1
    months"); after "(", "as of", "from", "by" … the words stand alone ("as of age 4.1
    months"); after any other word they take their preposition ("assessed at age 4.1 months")."""
    typed = _PREPOSITION.search(before)
    if typed:
        kept = before[: typed.start()]
        return kept + _capital(head[: len(head) - len(before) + len(kept)], _phrase(preposition, words))
    if _NOUN_AFTER.search(head):
        return before + _capital(head, words)
    return before + _phrase(preposition, words)


def _phrase(preposition: str, words: str) -> str:
    return f"{preposition} {words}" if preposition else words


def _capital(head: str, words: str) -> str:
    """Words that open a sentence start with a capital."""
    return words[0].upper() + words[1:] if _SENTENCE_START.search(head) else words


def _with_years(text: str, found: list[_Found]) -> list[_Found]:
    """Days written without their year given the year of the dated day they run to
    ("5 Feb – 10 Mar 2026", "from 5 Feb to 10 Mar 2026")."""
    out = list(found)
    for n, (item, following) in enumerate(itertools.pairwise(found)):
        linked = _LINK.fullmatch(text[item.end : following.start])
        if item.no_year is not None and following.day is not None and linked:
            start = _in_year_before(item.no_year, following.day)
            if start is not None:
                out[n] = replace(item, day=start)
    return out


def _in_year_before(month_day: tuple[int, int], end: date) -> date | None:
    """A period's first day written without its year: the year of its last day, or the one before."""
    month, number = month_day
    for year in (end.year, end.year - 1):
        try:
            start = date(year, month, number)
        except ValueError:
            continue
        if start <= end:
            return start
    return None


def _find(text: str) -> list[_Found]:
    return [found for match in _DATE.finditer(text) if (found := _parsed(match)) is not None]


def _parsed(match: re.Match[str]) -> _Found | None:
    g = match.groupdict()
    span = (match.start(), match.end())
    if g["iso"]:
        return _whole(span, int(g["iy"]), int(g["im"]), int(g["id"]))
    if g["dmy"]:
        return _whole(span, int(g["dy"]), _month(g["dm"]), _number(g["dd"]))
    if g["mdy"]:
        return _whole(span, int(g["my"]), _month(g["mm"]), _number(g["md"]))
    if g["num"]:
        return _numeric(span, int(g["n1"]), int(g["n2"]), int(g["ny"]))
    if g["short"]:
        return _numeric(span, int(g["s1"]), int(g["s2"]), 2000 + int(g["sy"]))
    if g["my_only"]:
        return _Found(*span, month=(int(g["oy"]), _month(g["om"])))
    if g["dm_only"]:
        return _Found(*span, no_year=(_month(g["xm"]), _number(g["xd"])))
    return _Found(*span, no_year=(_month(g["ym"]), _number(g["yd"])))


def _whole(span: tuple[int, int], year: int, month: int, number: int) -> _Found | None:
    try:
        return _Found(*span, day=date(year, month, number))
    except ValueError:
        return None  # "2026-13-45" is no date; it stays as typed


def _numeric(span: tuple[int, int], first: int, second: int, year: int) -> _Found | None:
    """``05/03/2026``: read day first and month first; a date valid both ways that gives two
    different days is withheld, not guessed."""
    readings = {
        found.day for found in (_whole(span, year, second, first), _whole(span, year, first, second)) if found
    }
    if not readings:
        return None
    if len(readings) > 1:
        return _Found(*span)  # withheld
    return _Found(*span, day=readings.pop())


def _month(name: str) -> int:
    key = name.rstrip(".")[:3].title()  # "sept." and "SEPTEMBER" are "Sep"
    return MONTHS.index(key) + 1


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))

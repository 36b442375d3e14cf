"""The de-identified form of a summary's content: what a de-identified summary prints and attaches.

The signed content holds the children's dates: the rules' reasons name them ("Latest
MRI (12 Mar 2026)"), the evaluation and the trade-off carry them as fields, and free
text may hold them in any spelling. A de-identified copy shows none of them, so it
cannot carry the signed content itself. It carries this form instead: the same
document with every date worded by ``isconf.ages`` (from each child's birth date, which
the identification document holds), every text scrubbed the same way, and the format
``isconf-deidentified-summary/1``. It is made from the signed content and its
identification alone, so whoever holds both makes the same form again, byte for byte,
and can compare its SHA-256 with the one the copy records (docs/summary-format.md).

- ``readable_content``: every text scrubbed, the date fields still ISO dates: what the
  de-identified pages are rendered from, each date field worded by the case's ``Ages``
  exactly as ``field_words`` words it here;
- ``deidentified_content``: that, with the date fields in words too: what is attached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from isconf.ages import Ages
from isconf.summary.withheld import withheld_form

FORMAT = "isconf-deidentified-summary/1"
# The case fields that hold a date or a moment, and how each is worded (``field_words``).
AGE_FIELDS = frozenset({"as_of", "drug_resistance_date", "next_surgery_date", "study_date"})
MEETING_FIELDS = frozenset({"due_date"})  # a team deadline: counted from the meeting
MOMENT_FIELDS = frozenset({"decided_at"})
DATE_FIELDS = AGE_FIELDS | MEETING_FIELDS | MOMENT_FIELDS


def meeting_day(content: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(content["meeting"]["date"]))
    except (KeyError, TypeError, ValueError):
        return None


def meeting_ages(content: dict[str, Any]) -> Ages:
    """For the meeting's own texts (title, place, an amendment's reason): no child's birth
    date applies, so only the meeting's date stays and any other date is withheld."""
    return Ages(meeting=meeting_day(content))


def case_ages(content: dict[str, Any], identification: dict[str, Any]) -> dict[str, Ages]:
    """Each case's ``Ages``, by pseudonym, from the birth dates in the identification."""
    meeting = meeting_day(content)
    births = {p.get("pseudonym"): _day(p.get("date_of_birth")) for p in identification.get("cases") or []}
    return {
        str(case.get("pseudonym")): Ages(birth=births.get(case.get("pseudonym")), meeting=meeting)
        for case in content.get("cases") or []
    }


def readable_content(
    content: dict[str, Any], identification: dict[str, Any], checked: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """``content`` with every text scrubbed of dates; its date fields as they are. Typed texts
    not in ``checked`` (SHA-256 of texts marked checked for identifiers) are withheld
    (``isconf.summary.withheld``)."""
    return _form(withheld_form(content, identification, checked), identification, words=False)


def deidentified_content(
    content: dict[str, Any], identification: dict[str, Any], checked: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The ``isconf-deidentified-summary/1`` form of ``content`` (see the module docstring)."""
    return {
        **_form(withheld_form(content, identification, checked), identification, words=True),
        "format": FORMAT,
    }


def field_words(key: str, value: str, ages: Ages) -> str:
    """A date field of a case in words: an age, or a deadline counted from the meeting."""
    if key in MOMENT_FIELDS:
        return ages.moment(value)
    day = _day(value)
    if day is None:
        return ages.scrub(value)
    return ages.from_meeting(day) if key in MEETING_FIELDS else ages.noun(day)


def _form(content: dict[str, Any], identification: dict[str, Any], *, words: bool) -> dict[str, Any]:
    """Every string scrubbed (so a text added to the content later is scrubbed too); each
    case's date fields in words, or left as they are for the pages to word."""
    ages = case_ages(content, identification)
    meeting = meeting_ages(content)
    out: dict[str, Any] = {key: meeting.scrub_all(value) for key, value in content.items()}
    if isinstance(content.get("cases"), list):
        out["cases"] = [
            _case(case, ages.get(str(case.get("pseudonym")), meeting), words)
            if isinstance(case, dict)
            else case
            for case in content["cases"]
        ]
    return out


def _case(case: dict[str, Any], ages: Ages, words: bool) -> Any:
    def worded(key: str) -> Callable[[str], str]:
        return lambda value: field_words(key, value, ages) if words else value

    return ages.scrub_all(case, {key: worded(key) for key in DATE_FIELDS})


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None

"""A case file with the HIPAA Safe Harbor identifiers removed (45 CFR §164.514(b)(2)).

What is removed or replaced, for ``isconf export --deidentify``:
- names (family, given) and the referring centre (a place): removed;
- the MRN: replaced by the case's random pseudonym (stable for the case, not
  derived from the MRN, so it cannot be reversed without the database);
- every date: replaced by the infant's age in days on that date, counted from
  birth (issue 7: "dates as ages in months or days relative to birth";
  ``isconf.ages``, as every de-identified output counts them); the
  date of birth itself is removed, and without it the other dates cannot be
  made relative and are removed too. No calendar date or year is written;
- all free text (the diagnosis, EEG notes and reports, MRI reports, the semiology's
  description, a gene and variant, the family's goals, a drug's or an instrument's
  name, an image's caption, a rater recorded by name): removed or replaced, because
  free text may name the child, a relative, a place or a date in any spelling. Every
  text field the case declares is free text here (``fields.free_text_keys``);
- key images: removed whole (a picture may carry a name burned into its pixels), their
  modality and study age kept. What remains are numbers,
  yes/no values and the case file's own vocabulary codes; any other string is
  dropped, so a field added later cannot leak by default.
DESIGN.md's stricter research strength (years only, no age finer than years)
is not produced here.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from isconf import fields, vocab
from isconf.ages import Ages
from isconf.domain import Case

FORMAT = "isconf-deidentified-case/1"
# Named for what it does: the identifiers of Safe Harbor's list are removed, with dates kept as
# ages in days (issue 7). DESIGN.md's stricter tier (years only) is a different output.
STANDARD = (
    "HIPAA Safe Harbor identifiers removed (45 CFR 164.514(b)(2) list: names, MRN, places, free text); "
    "dates kept as ages in days from birth, not reduced to years"
)
ROLES = {code for code, _ in vocab.RATED_BY_SUGGESTIONS}


def age_key(date_key: str) -> str:
    """The key of a date kept as an age in days: its last word (``date``, ``on``) becomes
    ``age_days``: ``onset_date`` → ``onset_age_days``, ``assessed_on`` → ``assessed_age_days``,
    ``date`` → ``age_days``."""
    stem = date_key.rpartition("_")[0]
    return f"{stem}_age_days" if stem else "age_days"


# Every date the case file declares, outside those removed as identifiers (the date of birth).
DATE_KEYS = {
    d.key: age_key(d.key)
    for d in fields.every_declared(Case)
    if d.info.kind == "date" and not d.info.identifies
}
REMOVED = ("mrn", "family_name", "given_name", "referring_center", "date_of_birth")
RATER_REPLACEMENT = "team member"
FREE_TEXT = fields.free_text_keys(Case) - {"rated_by"}  # a rater is a role, or replaced below
CODES = frozenset(
    code
    for name in dir(vocab)
    if name.isupper() and isinstance(getattr(vocab, name), tuple)
    for entry in getattr(vocab, name)
    for code in ((entry[0],) if isinstance(entry, tuple) else (entry,))
) | {RATER_REPLACEMENT}


def deidentify_case(case: dict[str, Any], pseudonym: str) -> dict[str, Any]:
    """The ``isconf-deidentified-case/1`` document of a case file's ``case`` object."""
    birth = _day(case.get("date_of_birth"))
    ages = Ages(birth=birth)
    body = {key: value for key, value in case.items() if key not in REMOVED}
    return {
        "format": FORMAT,
        "deidentification": {
            "standard": STANDARD,
            "pseudonym": "random per case, not derived from the MRN",
            "dates": "ages in days from birth" if birth else "removed (no date of birth recorded)",
            "removed": ["names", "MRN", "date of birth", "referring centre", "free text", "image data"],
        },
        "case": {"pseudonym": pseudonym, **_walk(body, ages)},
    }


def rater_words(rater: str) -> str:
    """A rater as a de-identified output names them: a role as it is, anyone else a team member."""
    return rater if rater in ROLES else RATER_REPLACEMENT


def without_raters(text: str, raters: Iterable[str]) -> str:
    """``text`` (isconf's own words, e.g. "rated acceptable by Dr Jones") with each rater who is
    not named by a role (any letter case) replaced by ``RATER_REPLACEMENT``."""
    for rater in sorted({r.strip() for r in raters if r and r.strip() not in ROLES}, key=len, reverse=True):
        if rater:
            text = re.sub(rf"(?<!\w){re.escape(rater)}(?!\w)", RATER_REPLACEMENT, text, flags=re.I)
    return text


def new_pseudonym() -> str:
    """A random case pseudonym (migration 0003 makes them the same way)."""
    return "ANON-" + secrets.token_hex(5).upper()


def _walk(value: Any, ages: Ages) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in FREE_TEXT:
                continue
            if key in DATE_KEYS:
                day = _day(item)
                days = ages.days_from_birth(day) if day is not None else None
                if days is not None:
                    out[DATE_KEYS[key]] = days
                continue
            if key == "rated_by" and isinstance(item, str) and item not in ROLES:
                out[key] = RATER_REPLACEMENT
                continue
            out[key] = _walk(item, ages)
        return out
    if isinstance(value, list):
        return [_walk(item, ages) for item in value]
    if isinstance(value, str):
        return value if value in CODES else None  # only the file's own codes survive
    return value


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None

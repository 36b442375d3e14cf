"""A case file with the HIPAA Safe Harbor identifiers removed (45 CFR §164.514(b)(2)).

What is removed or replaced, for ``isconf export --deidentify``:
- names (family, given) and the referring centre (a place): removed;
- the MRN: replaced by the case's random pseudonym (stable for the case, not
  derived from the MRN, so it cannot be reversed without the database);
- every date: replaced by the infant's age in days on that date, counted from
  birth; the date of birth itself is removed, and without it the other dates
  cannot be made relative and are removed too. No year survives, so ages in
  days cannot be combined with a year to recover the birth date;
- free text that may carry identifiers (EEG notes, a rater recorded by name
  rather than role): removed, or the rater replaced by "team member".
The diagnosis text stays (it is clinical), with any identifying value found
in it blanked out.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from isconf import vocab

FORMAT = "isconf-deidentified-case/1"
STANDARD = "HIPAA Safe Harbor, 45 CFR 164.514(b)(2)"
ROLES = {code for code, _ in vocab.RATED_BY_SUGGESTIONS}
DATE_KEYS = {
    "onset_date": "onset_age_days",
    "last_seen_date": "last_seen_age_days",
    "start_date": "start_age_days",
    "end_date": "end_age_days",
    "date": "age_days",
    "assessed_on": "assessed_age_days",
}
REMOVED = ("family_name", "given_name", "referring_center", "date_of_birth")
FREE_TEXT = {"note"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def deidentify_case(case: dict[str, Any], pseudonym: str) -> dict[str, Any]:
    """The ``isconf-deidentified-case/1`` document of a case file's ``case`` object."""
    birth = _day(case.get("date_of_birth"))
    secrets = _identifying_values(case)
    body = {key: value for key, value in case.items() if key not in REMOVED and key != "mrn"}
    clean = _walk(body, birth, secrets)
    return {
        "format": FORMAT,
        "deidentification": {
            "standard": STANDARD,
            "pseudonym": "random per case, not derived from the MRN",
            "dates": "ages in days from birth" if birth else "removed (no date of birth recorded)",
            "removed": ["names", "MRN", "date of birth", "referring centre", "free-text notes"],
        },
        "case": {"pseudonym": pseudonym, **clean},
    }


def new_pseudonym() -> str:
    """A random case pseudonym (migration 0003 makes them the same way)."""
    return "ANON-" + secrets.token_hex(5).upper()


def _walk(value: Any, birth: date | None, secrets: list[str]) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in FREE_TEXT:
                continue
            if key in DATE_KEYS:
                day = _day(item)
                if birth is not None and day is not None:
                    out[DATE_KEYS[key]] = (day - birth).days
                continue
            if key == "rated_by" and isinstance(item, str) and item not in ROLES:
                out[key] = "team member"
                continue
            out[key] = _walk(item, birth, secrets)
        return out
    if isinstance(value, list):
        return [_walk(item, birth, secrets) for item in value]
    if isinstance(value, str):
        return _redact(value, secrets)
    return value


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = re.sub(re.escape(secret), "[removed]", text, flags=re.IGNORECASE)
    return ISO_DATE.sub("[date removed]", text)


def _identifying_values(case: dict[str, Any]) -> list[str]:
    """Names, MRN and centre in every spelling a case change makes of them ("Aß", "ASS")."""
    values = [case.get(key) for key in ("mrn", "family_name", "given_name", "referring_center")]
    found = {
        variant
        for v in values
        if isinstance(v, str) and len(v.strip()) >= 2
        for variant in (v, v.upper(), v.lower(), v.casefold(), v.title())
    }
    return sorted(found, key=len, reverse=True)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None

"""Ages and durations in the units a clinician reads, and the course of the spasms.

Whether spasms go on, and up to which day they count, is read here alone, so the
rules, the case list and the editor's header read a case's spasms the same way.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from isconf.domain import Spasms

DAYS_PER_MONTH = 365.25 / 12


def age_months(date_of_birth: date | None, as_of: date) -> float | None:
    """Age in months, to one decimal (an infant's age is read in months)."""
    if date_of_birth is None:
        return None
    return round((as_of - date_of_birth).days / DAYS_PER_MONTH, 1)


def weeks_between(start: date | None, end: date | None) -> float | None:
    """Whole and tenth weeks from ``start`` to ``end``."""
    if start is None or end is None:
        return None
    return round((end - start).days / 7, 1)


def spasm_end(spasms: Spasms, as_of: date) -> date | None:
    """The day up to which spasms count: today while ongoing, else the day last seen.

    When it is not recorded whether spasms go on, the careful reading is that
    they do (the clock keeps running) unless a last-seen date says otherwise.
    """
    if spasms.ongoing is False:
        return spasms.last_seen_date
    if spasms.ongoing is None and spasms.last_seen_date is not None:
        return spasms.last_seen_date
    return as_of


def spasm_weeks(spasms: Spasms, as_of: date) -> float | None:
    """Weeks of spasms from onset to ``spasm_end``."""
    return weeks_between(spasms.onset_date, spasm_end(spasms, as_of))


def spasms_ongoing(spasms: Spasms) -> bool:
    """Whether spasms go on. Not recorded counts as ongoing unless a last-seen date
    says they stopped: a missing tick box must not take an infant off the urgent list."""
    if spasms.ongoing is not None:
        return spasms.ongoing
    return spasms.last_seen_date is None


def spasms_on(spasms: Spasms, as_of: date) -> Spasms:
    """The spasms as they were on ``as_of``: last seen after that day means still going on then."""
    if spasms.last_seen_date is not None and spasms.last_seen_date > as_of:
        return replace(spasms, ongoing=True, last_seen_date=None)
    return spasms

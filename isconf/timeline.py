"""Ages and durations in the units a clinician reads: months of age, weeks of spasms."""

from __future__ import annotations

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

"""The one clock: every "today" and "now" in isconf is read here.

No other module calls ``date.today()``, ``datetime.now()`` or ``time.time()`` for a date
(``tests/test_clock.py`` enforces it), so a test, a benchmark or a reproduction of what
the app showed on a given day sets the time in one place.

- ``ISCONF_CLOCK`` in the environment (an ISO date or date-time, e.g. ``2026-03-01`` or
  ``2026-03-01T09:30:00+00:00``) fixes the clock for a whole process: the command-line
  tests start ``isconf`` with it, and a clinician can replay a day ("what did the
  checklist say on 1 March?").
- ``fixed(moment)`` fixes it inside a process (a context manager) and ``set_fixed``
  fixes or releases it for the rest of a test.

A fixed clock stands still: ``now()`` returns the same moment until it is moved.
Otherwise it is the computer's clock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from typing import Protocol

ENV = "ISCONF_CLOCK"

_fixed: datetime | None = None


class ClockError(ValueError):
    """``ISCONF_CLOCK`` (or a fixed moment) that is not a date or date-time."""


def parse_moment(text: str) -> datetime:
    """An aware moment from an ISO date (noon UTC that day) or date-time (UTC when no offset)."""
    try:
        if len(text.strip()) == 10:
            # Noon, so the local date is the same day in every zone from UTC-11 to UTC+11.
            return datetime.combine(date.fromisoformat(text.strip()), time(12, 0), tzinfo=UTC)
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ClockError(
            f"{ENV}: {text!r} is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS][+HH:MM])"
        ) from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _from_environment() -> datetime | None:
    text = os.environ.get(ENV, "").strip()
    return parse_moment(text) if text else None


def now() -> datetime:
    """The present moment, aware, in UTC."""
    moment = _fixed if _fixed is not None else _from_environment()
    # ``datetime.now(UTC)``: the one place the computer's clock is read for a date.
    return moment.astimezone(UTC) if moment is not None else datetime.now(UTC)


def local_now() -> datetime:
    """The present moment, aware, in this computer's time zone."""
    return now().astimezone()


def today() -> date:
    """Today's date where this computer is."""
    return local_now().date()


def timestamp() -> float:
    """Seconds since the epoch, for comparisons with file times."""
    return now().timestamp()


def is_fixed() -> bool:
    """Whether the clock is fixed (by ``fixed``, ``set_fixed`` or ``ISCONF_CLOCK``)."""
    return _fixed is not None or bool(os.environ.get(ENV, "").strip())


def set_fixed(moment: datetime | date | str | None) -> None:
    """Fix the clock at ``moment`` (a date is noon UTC that day), or release it with None."""
    global _fixed
    _fixed = _as_moment(moment) if moment is not None else None


@contextmanager
def fixed(moment: datetime | date | str) -> Iterator[datetime]:
    """The clock fixed at ``moment`` inside the block, then as it was."""
    global _fixed
    before = _fixed
    _fixed = _as_moment(moment)
    try:
        yield _fixed
    finally:
        _fixed = before


def _as_moment(moment: datetime | date | str) -> datetime:
    if isinstance(moment, str):
        return parse_moment(moment)
    if isinstance(moment, datetime):
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return datetime.combine(moment, time(12, 0), tzinfo=UTC)


class Clock(Protocol):
    """What a service reads the time from: the services are built with one."""

    def today(self) -> date: ...

    def now(self) -> datetime: ...


class _ProcessClock:
    """This module's clock as an object (fixed or not, as the functions above say)."""

    def today(self) -> date:
        return today()

    def now(self) -> datetime:
        return now()


SYSTEM: Clock = _ProcessClock()

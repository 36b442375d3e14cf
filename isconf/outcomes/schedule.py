"""When a visit after surgery is due: at 6, 12 and 24 months, then yearly, each in a window
of one month either side of its target (issue 20)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from isconf.domain import Case, FollowUp

FIRST_VISITS = (6, 12, 24)  # months after surgery; yearly after the last
WINDOW_MONTHS = 1


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def visit_months() -> Iterator[int]:
    """6, 12, 24, 36, 48, … months after surgery."""
    yield from FIRST_VISITS
    month = FIRST_VISITS[-1]
    while True:
        month += 12
        yield month


@dataclass(frozen=True)
class Window:
    months: int  # the visit's name: months after surgery
    target: date
    opens: date
    closes: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.opens <= day <= self.closes


def window(surgery: date, months: int) -> Window:
    target = add_months(surgery, months)
    return Window(months, target, add_months(target, -WINDOW_MONTHS), add_months(target, WINDOW_MONTHS))


def windows_opened(surgery: date, as_of: date) -> list[Window]:
    """The visit windows that have opened by ``as_of``, in order."""
    opened: list[Window] = []
    for months in visit_months():
        found = window(surgery, months)
        if found.opens > as_of:
            return opened
        opened.append(found)
    raise AssertionError("unreachable")  # pragma: no cover


def visit_in(visits: Iterable[FollowUp], found: Window) -> FollowUp | None:
    """The visit recorded in a window (the one nearest its target when there are several)."""
    held = [v for v in visits if found.holds(v.date)]
    return min(held, key=lambda v: abs((v.date - found.target).days) if v.date else 0, default=None)


@dataclass(frozen=True)
class VisitDue:
    """A child's visit that is due (its window is open) or overdue (its window has closed)."""

    mrn: str
    name: str
    months: int
    surgery_date: date
    target: date
    opens: date
    closes: date
    as_of: date

    @property
    def overdue(self) -> bool:
        return self.as_of > self.closes

    @property
    def days_overdue(self) -> int:
        """Days past the window's end; 0 while the window is open."""
        return max(0, (self.as_of - self.closes).days)

    @property
    def state(self) -> str:
        return "overdue" if self.overdue else "due"

    def to_document(self) -> dict[str, object]:
        return {
            "mrn": self.mrn,
            "name": self.name,
            "visit_months": self.months,
            "surgery_date": self.surgery_date.isoformat(),
            "target": self.target.isoformat(),
            "window": [self.opens.isoformat(), self.closes.isoformat()],
            "state": self.state,
            "days_overdue": self.days_overdue,
        }


def visit_due(case: Case, as_of: date) -> VisitDue | None:
    """The child's visit due or overdue on ``as_of``: the latest whose window has opened, when
    no visit is recorded in it. An earlier visit that was missed gives way to the next once
    that one's window opens (it can no longer be done in time)."""
    surgery = case.surgery.date
    if surgery is None or surgery > as_of:
        return None
    opened = windows_opened(surgery, as_of)
    if not opened:
        return None
    latest = opened[-1]
    if visit_in(case.follow_up, latest) is not None:
        return None
    return VisitDue(
        case.mrn,
        case.display_name,
        latest.months,
        surgery,
        latest.target,
        latest.opens,
        latest.closes,
        as_of,
    )


def visits_due(cases: Iterable[Case], as_of: date) -> list[VisitDue]:
    """Every visit due or overdue on ``as_of``, most overdue first (earliest target first)."""
    due = [found for case in cases if (found := visit_due(case, as_of)) is not None]
    return sorted(due, key=lambda v: (v.target, v.mrn))

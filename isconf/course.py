"""The treatment timeline of a case, as one plain model every view draws (the editor's and the
slide's Qt widget, the summary PDF's vector drawing): one bar per trial on a time axis from the
spasms' onset, coloured by outcome and labelled with the outcome's word (never colour alone)
and the dose; markers for onset, drug resistance and the day shown (today or the meeting day);
the MRI, EEG and PET studies as ticks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from isconf import rules, vocab
from isconf.case_writer import number
from isconf.domain import Case, Treatment

# One colour per outcome, shared by the screen and the PDF; each bar also says its outcome.
OUTCOME_COLOURS = {
    "response": "#2e7d32",
    "partial": "#b7791f",
    "no_response": "#c62828",
    "relapse": "#d84315",
    "stopped_adverse_effects": "#6a1b9a",
    "ongoing": "#1565c0",
    None: "#757575",
}
STUDY_KINDS = (("mri", "MRI"), ("eeg", "EEG"), ("pet", "PET"))


@dataclass(frozen=True)
class Bar:
    label: str  # "Vigabatrin 150 mg/kg/day"
    outcome: str  # the outcome's word: "No response", "Ongoing", "Outcome not recorded"
    colour: str
    start: date
    end: date
    running: bool  # no end date: the trial runs to the day shown


@dataclass(frozen=True)
class Marker:
    kind: str  # onset, resistance, today
    day: date
    words: str


@dataclass(frozen=True)
class Tick:
    kind: str  # MRI, EEG, PET
    day: date


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    bars: tuple[Bar, ...]
    markers: tuple[Marker, ...]
    ticks: tuple[Tick, ...]
    undated: int  # trials not drawn for want of a start date

    @property
    def days(self) -> int:
        return max(1, (self.end - self.start).days)

    def fraction(self, day: date) -> float:
        """Where ``day`` falls on the axis, 0 at the start and 1 at the end."""
        return min(1.0, max(0.0, (day - self.start).days / self.days))

    def week_ticks(self) -> list[tuple[date, str]]:
        """Axis labels every few weeks from the start ('0 w', '4 w', …), about six of them."""
        weeks = max(1, self.days // 7)
        step = next(s for s in (1, 2, 4, 8, 13, 26, 52, 104) if weeks / s <= 7)
        return [(self.start + timedelta(weeks=w), f"{w} w") for w in range(0, weeks + 1, step)]


@dataclass(frozen=True)
class TickLabel:
    """A study label placed above the axis: the kinds studied on one day ("MRI · EEG"), its
    left edge and width in the drawing's units, and its row (0 nearest the axis)."""

    words: str
    day: date
    left: float
    width: float
    row: int

    @property
    def right(self) -> float:
        return self.left + self.width


def tick_labels(
    ticks: Sequence[Tick],
    x_of: Callable[[date], float],
    width_of: Callable[[str], float],
    *,
    bounds: tuple[float, float],
    gap: float,
) -> list[TickLabel]:
    """The study labels of ``ticks``, placed so that none overlaps another: the studies of one
    day share a label, and a label that would touch the one before it in a row goes up a row.
    Each is centred on its day and kept within ``bounds`` (the drawing's left and right)."""
    kinds_on: dict[date, list[str]] = {}
    for tick in ticks:
        found = kinds_on.setdefault(tick.day, [])
        if tick.kind not in found:
            found.append(tick.kind)
    placed: list[TickLabel] = []
    row_ends: list[float] = []  # where each row's last label ends
    for day in sorted(kinds_on):
        words = " · ".join(kinds_on[day])
        width = width_of(words)
        left = min(max(bounds[0], x_of(day) - width / 2), bounds[1] - width)
        row = next((r for r, end in enumerate(row_ends) if end + gap <= left), len(row_ends))
        if row == len(row_ends):
            row_ends.append(left + width)
        else:
            row_ends[row] = left + width
        placed.append(TickLabel(words, day, left, width, row))
    return placed


def build_timeline(case: Case, as_of: date, *, today_words: str = "today") -> Timeline | None:
    """The timeline of ``case`` up to ``as_of`` (``today_words``: "today", "meeting day"); None
    when nothing of it is dated."""
    bars = [_bar(t, as_of) for t in case.treatments if t.start_date is not None and t.start_date <= as_of]
    ticks = [
        Tick(name, s.date)
        for attr, name in STUDY_KINDS
        for s in getattr(case, attr)
        if s.date is not None and s.date <= as_of
    ]
    onset = case.spasms.onset_date if case.spasms.onset_date and case.spasms.onset_date <= as_of else None
    days = [d for d in (onset, *(b.start for b in bars), *(t.day for t in ticks)) if d is not None]
    if not days:
        return None
    start = min(days)
    markers = []
    if onset is not None:
        markers.append(Marker("onset", onset, "onset"))
    resistance = rules.evaluate(case, as_of).urgency.drug_resistance_date
    if resistance is not None and resistance <= as_of:
        markers.append(Marker("resistance", resistance, "drug-resistant"))
    markers.append(Marker("today", as_of, today_words))
    undated = sum(1 for t in case.treatments if t.start_date is None)
    return Timeline(
        start, max(as_of, start + timedelta(days=7)), tuple(bars), tuple(markers), tuple(ticks), undated
    )


def _bar(t: Treatment, as_of: date) -> Bar:
    assert t.start_date is not None
    name = t.name if t.agent == "other_asm" and t.name else vocab.label(vocab.AGENT, t.agent)
    dose = f" {number(t.dose)} {vocab.label(vocab.DOSE_UNIT, t.dose_unit)}" if t.dose is not None else ""
    end = t.end_date if t.end_date is not None and t.end_date <= as_of else as_of
    outcome = vocab.label(vocab.OUTCOME, t.outcome) if t.outcome else "Outcome not recorded"
    return Bar(
        label=f"{name}{dose}",
        outcome=outcome,
        colour=OUTCOME_COLOURS.get(t.outcome, OUTCOME_COLOURS[None]),
        start=t.start_date,
        end=max(end, t.start_date),
        running=t.end_date is None or t.end_date > as_of,
    )

"""Checks on what a user types for a meeting: one ``Problem`` per field, in words."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from isconf.meetings import vocab
from isconf.schema import Problem
from isconf.value_reader import control_character

if TYPE_CHECKING:  # the command line's parser, built at every start, checks names with this module
    from isconf.meetings.model import ActionItem, Attendee, ConsideredOption

MAX_MINUTES = 240


def text(path: str, value: str | None, limit: int, *, required: bool = False) -> list[Problem]:
    if value is None or not value.strip():
        return [Problem(path, "is required; write it in words")] if required else []
    if len(value) > limit:
        return [Problem(path, f"is {len(value)} characters; at most {limit}")]
    bad = control_character(value, multiline=True)
    if bad is not None:
        # A NUL is refused by PostgreSQL and kept by SQLite: refused here on both.
        return [Problem(path, f"contains a control character ({bad})")]
    return []


def clock(text: str) -> time:
    """A start time as people write it, "7:30" as well as "07:30" (24-hour); ValueError otherwise.
    The same reading as ``isconf meeting new --time``."""
    hours, colon, mins = text.strip().partition(":")
    if not (colon and hours.isdigit() and len(hours) <= 2 and mins.isdigit() and len(mins) == 2):
        raise ValueError(f"{text!r} is not a time of day (HH:MM, 24-hour)")
    return time(int(hours), int(mins))


def minutes(value: int) -> list[Problem]:
    if not 1 <= value <= MAX_MINUTES:
        return [Problem("minutes", f"{value} is outside 1 … {MAX_MINUTES} minutes per case")]
    return []


def decision(
    *, recommendation: str, rationale: str, consensus: str, dissent: str | None, tests: tuple[str, ...]
) -> list[Problem]:
    """A recommendation the record can stand on: a known option, its rationale, and the
    dissent whenever the team was not unanimous by majority."""
    problems: list[Problem] = []
    if not recommendation:
        problems.append(Problem("recommendation", "choose one"))
    elif recommendation not in vocab.codes(vocab.RECOMMENDATION):
        known = ", ".join(vocab.codes(vocab.RECOMMENDATION))
        problems.append(Problem("recommendation", f"{recommendation!r} is not one of {known}"))
    problems += text("rationale", rationale, 5000, required=True)
    if consensus not in vocab.codes(vocab.CONSENSUS):
        known = ", ".join(vocab.codes(vocab.CONSENSUS))
        problems.append(Problem("consensus", f"{consensus!r} is not one of {known}"))
    has_dissent = bool(dissent and dissent.strip())
    if consensus == vocab.MAJORITY and not has_dissent:
        problems.append(Problem("dissent", "a majority decision records the dissent: who disagreed and why"))
    if consensus == vocab.UNANIMOUS and has_dissent:
        problems.append(Problem("dissent", "a unanimous decision has no dissent; choose majority"))
    problems += text("dissent", dissent, 5000)
    unknown = [t for t in tests if t not in vocab.codes(vocab.TEST)]
    if unknown:
        known = ", ".join(vocab.codes(vocab.TEST))
        problems.append(Problem("tests", f"{', '.join(unknown)}: not one of {known}"))
    if tests and recommendation != vocab.FURTHER_EVALUATION:
        problems.append(Problem("tests", "tests are requested only with further_evaluation"))
    return problems


def attendees(people: list[Attendee]) -> list[Problem]:
    problems: list[Problem] = []
    for n, person in enumerate(people, 1):
        problems += text(f"attendance row {n} name", person.name, 100, required=True)
        problems += text(f"attendance row {n} role", person.role, 60, required=True)
    return problems


def options(chosen: list[ConsideredOption]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for n, option in enumerate(chosen, 1):
        if option.option not in vocab.codes(vocab.RECOMMENDATION):
            problems.append(Problem(f"option {n}", f"{option.option!r} is not a known option"))
        elif option.option in seen:  # the app lists each once; a script may name one twice
            problems.append(Problem(f"option {n}", f"{option.option!r} is named twice; name it once"))
        seen.add(option.option)
        problems += text(f"option {n} note", option.note, 2000)
    return problems


def actions(items: list[ActionItem]) -> list[Problem]:
    problems: list[Problem] = []
    for n, item in enumerate(items, 1):
        problems += text(f"action item {n} description", item.description, 500, required=True)
        problems += text(f"action item {n} owner", item.owner, 100)
    return problems

"""Decisions typed and not recorded yet, one per case, for one meetings window.

The chair types the team's decision while the case is discussed; before "Record decision"
the form may be reloaded (another write of the meeting, a conflict), another case looked at,
the app may crash or lock. What was typed is kept here per case and put back when that case
is shown again, unless a decision for it was recorded meanwhile: then it is "superseded", and
the words list it each time the case is shown, until something new is typed or recorded for
it, so that it can be recorded again if still wanted. ``ui.meeting.kept_details`` mirrors both
on disk. Plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from isconf.meetings import vocab
from isconf.meetings.model import ActionItem, AgendaEntry, ConsideredOption


@dataclass(frozen=True)
class Typed:
    """A decision typed for a case: the form's values, options and action items, and the
    recorded decision it was typed over (``base``: its time, None when there was none)."""

    mrn: str
    base: str | None
    values: dict[str, Any]
    options: tuple[ConsideredOption, ...]
    actions: tuple[ActionItem, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "mrn": self.mrn,
            "base": self.base,
            "values": self.values,
            "options": [o.to_json() for o in self.options],
            "actions": [a.to_json() for a in self.actions],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Typed:
        """Raises KeyError, TypeError or ValueError for what is not one."""
        options = tuple(ConsideredOption(o["option"], o["note"]) for o in d["options"])
        actions = tuple(
            ActionItem(a["description"], a["owner"], _day(a["due_date"]), bool(a["done"]))
            for a in d["actions"]
        )
        return cls(str(d["mrn"]), d["base"], dict(d["values"]), options, actions)


def recorded_base(item: AgendaEntry | None) -> str | None:
    """The recorded decision a new one is typed over: its time, None when there is none."""
    decision = item.decision if item is not None else None
    return decision.decided_at.isoformat() if decision is not None else None


class Unrecorded:
    """The decisions typed and not recorded, by MRN, and those a recorded decision superseded."""

    def __init__(self) -> None:
        self.by_mrn: dict[str, Typed] = {}
        self.superseded: dict[str, Typed] = {}

    def stash(self, mrn: str | None, typed: Typed | None) -> None:
        """The form leaves case ``mrn``: keep what was typed for it, or forget it (nothing was)."""
        if typed is not None:
            self.by_mrn[typed.mrn] = typed
            self.superseded.pop(typed.mrn, None)  # typed anew: the old words are moved on from
        elif mrn is not None:
            self.by_mrn.pop(mrn, None)

    def take(self, mrn: str, base: str | None) -> tuple[Typed | None, str]:
        """What was typed for ``mrn`` to put back, and the words listing what a decision recorded
        meanwhile superseded."""
        typed = self.by_mrn.get(mrn)
        if typed is not None and typed.base != base:
            self.superseded[mrn] = self.by_mrn.pop(mrn)
            typed = None
        old = self.superseded.get(mrn)
        if old is None:
            return typed, ""
        return (
            typed,
            f"Not put back, as a decision for {mrn} was recorded after you typed this: {typed_words(old)}",
        )

    def adopt(self, kept: list[Typed], superseded: list[Typed], mrns: set[str]) -> None:
        """Decisions kept on disk (a crash, the idle lock), for the cases still on the agenda;
        what this window holds already wins."""
        for typed in kept:
            if typed.mrn in mrns:
                self.by_mrn.setdefault(typed.mrn, typed)
        for typed in superseded:
            if typed.mrn in mrns and typed.mrn not in self.by_mrn:
                self.superseded.setdefault(typed.mrn, typed)

    def forget(self, mrn: str) -> None:
        """A decision for ``mrn`` was recorded from this window: nothing typed is left for it."""
        self.by_mrn.pop(mrn, None)
        self.superseded.pop(mrn, None)

    def clear(self) -> None:
        self.by_mrn.clear()
        self.superseded.clear()


def typed_words(typed: Typed) -> str:
    """Every field of a typed decision as the form labels it, to read (and type again)."""
    v = typed.values
    parts = [
        f"Recommendation: {vocab.label(vocab.RECOMMENDATION, v['recommendation']) if v['recommendation'] else 'none'}",
        f"Rationale: “{v['rationale']}”",
        f"Consensus: {vocab.label(vocab.CONSENSUS, v['consensus']) if v['consensus'] else 'none'}",
    ]
    if v.get("dissent"):
        parts.append(f"Dissent: “{v['dissent']}”")
    if v.get("tests"):
        parts.append("Tests requested: " + ", ".join(vocab.label(vocab.TEST, t) for t in v["tests"]))
    if typed.options:
        parts.append(
            "Options considered: "
            + "; ".join(
                vocab.label(vocab.RECOMMENDATION, o.option) + (f" (“{o.note}”)" if o.note else "")
                for o in typed.options
            )
        )
    if typed.actions:
        parts.append("Action items: " + "; ".join(f"“{a.description}”" for a in typed.actions))
    return ". ".join(parts) + "."


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None

"""What a write changed, so a screen refreshes only that (Anki's ``OpChanges``).

A leaf module: the case and meeting services return it, the UI reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """The cases (by MRN) and meetings (by id) a write touched; empty when nothing was written."""

    cases: frozenset[str] = frozenset()
    meetings: frozenset[int] = frozenset()

    @classmethod
    def of(cls, *, cases: Iterable[str] = (), meetings: Iterable[int] = ()) -> Changes:
        return cls(frozenset(cases), frozenset(meetings))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.cases | other.cases, self.meetings | other.meetings)

    def __bool__(self) -> bool:
        return bool(self.cases or self.meetings)


NOTHING = Changes()

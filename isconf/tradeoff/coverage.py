"""How many of the weighed option's expected deficits have a rating.

Criterion 5 is met by one rated assessment with none unacceptable
(clinical-reference.md, criterion 5): the verdict stays the rules'. What the
team also needs beside it is how much of the option that rests on: "1 of 5
deficits rated" and which are not rated yet, so a MET on one rating is not
read as a MET on all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from isconf.rules import wording
from isconf.tradeoff.model import TradeoffView


@dataclass(frozen=True)
class RatingCoverage:
    """The expected deficits of one option weighed by criterion 5, rated and not."""

    procedure: str
    rated: tuple[str, ...]  # the deficits' labels, as the workspace lists them
    unrated: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.rated) + len(self.unrated)

    @property
    def words(self) -> str:
        """'1 of 5 deficits of lobar resection rated; not yet rated: language and memory.'"""
        of = f"of {wording.procedure(self.procedure)}"
        if not self.unrated:
            return f"{self.total} of {wording.count(self.total, 'deficit')} {of} rated (all)."
        missing = wording.listing([label.lower() for label in self.unrated])
        return f"{len(self.rated)} of {wording.count(self.total, 'deficit')} {of} rated; not yet rated: {missing}."


def rating_coverage(view: TradeoffView) -> tuple[RatingCoverage, ...]:
    """For each option criterion 5 weighs (none when it weighs none), its rated and unrated
    deficits; an option with no expected deficit is left out (nothing to rate)."""
    found = []
    for procedure in view.judged:
        option = view.option(procedure)
        if option is None or not option.deficits:
            continue
        found.append(
            RatingCoverage(
                procedure,
                rated=tuple(d.label for d in option.deficits if d.ratings),
                unrated=tuple(d.label for d in option.deficits if not d.ratings),
            )
        )
    return tuple(found)


def coverage_words(view: TradeoffView) -> str:
    """The coverage of every weighed option in one line; empty when nothing is weighed."""
    return " ".join(c.words for c in rating_coverage(view))

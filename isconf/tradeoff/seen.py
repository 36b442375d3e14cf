"""What the conference saw of the published figures when it decided (issue 20).

A decision keeps this snapshot beside the evaluation it was made on, so the outcome report
sets the centre's rate beside the figure the room weighed, not the one ``tradeoff_v1.json``
holds years later. Every published option is kept, not only those the trade-off showed: a
child may be operated on with another procedure than the options weighed, and the figure of
that procedure at the time is still the fair comparison (``shown`` says which were on screen).
``tradeoff_v1.json`` gives no interval for its figures, so ``interval`` is kept as None: the
place is there for a reference file that gives one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from isconf.tradeoff.figures import figures
from isconf.tradeoff.model import TradeoffView


@dataclass(frozen=True)
class SeenFigure:
    """One option's published figure as a decision's snapshot holds it."""

    value: float | None
    unit: str
    measure: str
    source: str
    interval: tuple[float, float] | None
    tradeoff_version: str
    rules_version: str
    shown: bool  # the trade-off showed this option to the conference
    words: str | None = None


def figures_seen(view: TradeoffView, rules_version: str) -> dict[str, Any]:
    """The snapshot a decision stores: every published benefit figure, which options the
    trade-off showed, the team's own figure where it set one, and the versions."""
    published = figures()
    return {
        "tradeoff_version": published.version,
        "rules_version": rules_version,
        "shown": [o.procedure for o in view.options],
        "literature": {
            code: {
                "value": b.value,
                "unit": b.unit,
                "measure": b.measure,
                "source": b.source,
                "interval": None,
                "words": b.words,
            }
            for code, b in published.benefit.items()
        },
        "team": {o.procedure: o.benefit.value for o in view.options if o.benefit.edited},
    }


def seen_figure(snapshot: dict[str, Any] | None, option: str) -> SeenFigure | None:
    """The published figure of ``option`` a decision's snapshot holds; None when the decision
    kept no snapshot (recorded before migration 0014) or the option had no figure then."""
    if not snapshot:
        return None
    found = snapshot.get("literature", {}).get(option)
    if found is None:
        return None
    interval = found.get("interval")
    return SeenFigure(
        value=found.get("value"),
        unit=str(found.get("unit", "")),
        measure=str(found.get("measure", "")),
        source=str(found.get("source", "")),
        interval=(float(interval[0]), float(interval[1])) if interval else None,
        tradeoff_version=str(snapshot.get("tradeoff_version", "")),
        rules_version=str(snapshot.get("rules_version", "")),
        shown=option in snapshot.get("shown", ()),
        words=found.get("words"),
    )

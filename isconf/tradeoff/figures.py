"""The trade-off defaults, read from ``resources/tradeoff_v1.json``.

Every published figure the workspace shows (benefit per option, deficits per
procedure with their likelihood, the lobe-to-function map and the evidence
for the cost of waiting) lives in that file beside its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from isconf.datafiles import load_json
from isconf.rules.reference import Cited

FIGURES_FILE = "tradeoff_v1.json"


@dataclass(frozen=True)
class PublishedBenefit:
    value: float | None
    unit: str
    measure: str
    source: str
    note: str
    words: str | None = None  # for an option without a figure ("rarely")


@dataclass(frozen=True)
class DefaultDeficit:
    deficit: str
    likelihood: str
    note: str
    source: str
    side: str | None = None  # "contralateral": the side opposite the operated hemisphere
    what: str | None = None  # the words for an "other" deficit


@dataclass(frozen=True)
class LobeRule:
    deficit: str
    lobes: frozenset[str]
    why: str
    dominant_only: bool = False


@dataclass(frozen=True)
class Figures:
    benefit: dict[str, PublishedBenefit]
    deficits: dict[str, tuple[DefaultDeficit, ...]]
    lobe_deficits: tuple[str, ...]
    lobe_rules: tuple[LobeRule, ...]
    lobe_source: str
    dominant_side: str
    dominant_note: str
    waiting_evidence: tuple[Cited, ...]
    # The same without the statements that urge surgery: for a case with no pathway (not yet, not
    # a candidate, incomplete), whose cost of waiting is the development, not a later operation.
    waiting_evidence_medical: tuple[Cited, ...] = ()
    version: str = ""  # the file's own version, kept with a decision's snapshot of what it saw


@cache
def figures() -> Figures:
    """The defaults, read once per process."""
    return _parse(load_json(FIGURES_FILE))


def _parse(data: dict[str, Any]) -> Figures:
    lobe = data["by_lobe"]
    return Figures(
        benefit={
            key: PublishedBenefit(**_own(data["benefit"], spec)) for key, spec in data["benefit"].items()
        },
        deficits={
            key: tuple(DefaultDeficit(**item) for item in items) for key, items in data["deficits"].items()
        },
        lobe_deficits=tuple(lobe["deficits"]),
        lobe_rules=tuple(
            LobeRule(r["deficit"], frozenset(r["lobes"]), r["why"], bool(r.get("dominant_only", False)))
            for r in lobe["rules"]
        ),
        lobe_source=lobe["source"],
        dominant_side=lobe["dominant_side"],
        dominant_note=lobe["dominant_note"],
        waiting_evidence=tuple(_cited(item) for item in data["waiting"]["evidence"]),
        waiting_evidence_medical=tuple(
            _cited(item) for item in data["waiting"]["evidence"] if not item.get("about_surgery")
        ),
        version=str(data.get("version", "")),
    )


def _cited(item: dict[str, Any]) -> Cited:
    return Cited(statement=item["statement"], source=item["source"])


def _own(specs: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """An option's figure, or that of the option it names with ``same_as`` (one pooled series)."""
    return specs[spec["same_as"]] if "same_as" in spec else spec

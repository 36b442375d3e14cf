"""The figures of rules version 1, read from ``resources/rules_v1.json``.

Every threshold, band and cited statement the rules use lives in that file
beside its source, so a reviewer checks them against
``shared/clinical-reference.md`` in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from isconf.datafiles import load_json
from isconf.rules.result import RULES_VERSION, Criterion

RULES_FILE = "rules_v1.json"


@dataclass(frozen=True)
class DoseMinimum:
    unit: str
    value: float


@dataclass(frozen=True)
class LeadTimeBand:
    category: int
    max_days: int | None  # None: no upper bound
    label: str


@dataclass(frozen=True)
class Cited:
    statement: str
    source: str


@dataclass(frozen=True)
class Reference:
    rules_version: str
    first_line_agents: tuple[str, ...]
    failed_outcomes: frozenset[str]
    minimum_days: int
    failed_trials_needed: int
    adequate_dose: dict[str, tuple[DoseMinimum, ...]]
    usual_regimen: dict[str, str]
    lead_time_bands: tuple[LeadTimeBand, ...]
    lead_time_source: str
    criterion_titles: dict[str, str]
    criterion_sources: dict[str, str]
    palliative: Cited
    discordance: Cited
    why_speed_matters: tuple[Cited, ...]

    def criterion(
        self, cid: str, state: str, reason: str, evidence: Sequence[str] = (), missing: Sequence[str] = ()
    ) -> Criterion:
        """A criterion's verdict, with the title and source this file gives it."""
        return Criterion(
            cid,
            state,
            reason,
            tuple(evidence),
            tuple(missing),
            self.criterion_titles[cid],
            self.criterion_sources[cid],
        )

    def lead_time_band(self, days: int) -> LeadTimeBand:
        """The UKISS band a lead time in days falls in (a negative one counts as the first)."""
        for band in self.lead_time_bands:
            if band.max_days is None or days <= band.max_days:
                return band
        return self.lead_time_bands[-1]


@cache
def reference() -> Reference:
    """Rules version 1's figures, read once per process."""
    return _parse(load_json(RULES_FILE))


def _parse(data: dict[str, Any]) -> Reference:
    if str(data.get("rules_version")) != RULES_VERSION:
        # A figures file for other rules must never be read as these.
        raise RuntimeError(
            f"{RULES_FILE} is for rules version {data.get('rules_version')}, not {RULES_VERSION}"
        )
    first = data["first_line"]
    doses = first["adequate_dose"]
    criteria = data["criteria"]
    return Reference(
        rules_version=str(data["rules_version"]),
        first_line_agents=tuple(first["agents"]),
        failed_outcomes=frozenset(first["failed_outcomes"]),
        minimum_days=int(first["minimum_days"]),
        failed_trials_needed=int(first["failed_trials_needed"]),
        adequate_dose={
            agent: tuple(DoseMinimum(m["unit"], float(m["value"])) for m in spec["minimum"])
            for agent, spec in doses.items()
        },
        usual_regimen={agent: spec["usual"] for agent, spec in doses.items()},
        lead_time_bands=tuple(
            LeadTimeBand(int(b["category"]), b["max_days"], b["label"]) for b in data["lead_time"]["bands"]
        ),
        lead_time_source=data["lead_time"]["source"],
        criterion_titles={key: value["title"] for key, value in criteria.items()},
        criterion_sources={key: value["source"] for key, value in criteria.items()},
        palliative=Cited(**data["palliative"]),
        discordance=Cited(**data["discordance"]),
        why_speed_matters=tuple(Cited(**item) for item in data["why_speed_matters"]),
    )

"""The evaluation of one case: criteria, status, pathway, warnings and urgency.

``Evaluation.to_document()`` is the ``isconf-evaluation/1`` document of
``shared/case-format.md``. Beyond that format it adds, per criterion, its
title and source, and a ``status_reason`` saying which status rule applied:
every automatic verdict carries its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

FORMAT = "isconf-evaluation/1"
RULES_VERSION = "1"  # stamped on every result; resources/rules_v1.json must say the same

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
ALARM_CODES = ("untreated_spasms",)  # isconf.rules.alerts raises them
CRITERIA = (
    "first_line_failed",
    "focal_lesion",
    "no_metabolic_degenerative",
    "developmental_impact",
    "acceptable_function_loss",
)


@dataclass(frozen=True)
class Criterion:
    id: str
    state: str
    reason: str
    evidence: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    title: str = ""
    source: str = ""


@dataclass(frozen=True)
class Warning:
    code: str  # "discordance", "dose_not_comparable", "dose_not_recorded", …
    message: str


@dataclass(frozen=True)
class Urgency:
    ongoing: bool
    spasm_weeks: float | None
    drug_resistance_date: date | None
    weeks_since_drug_resistance: float | None
    lead_time_days: int | None
    lead_time_category: int | None
    lead_time_label: str | None
    urgent: bool
    lead_time_note: str | None = None  # why there is no lead time, when there is none


@dataclass(frozen=True)
class Evaluation:
    rules_version: str
    as_of: date
    status: str
    status_reason: str
    pathway: str | None
    criteria: tuple[Criterion, ...]
    warnings: tuple[Warning, ...]
    urgency: Urgency

    @property
    def alarms(self) -> tuple[Warning, ...]:
        """The warnings every view shows beside the status in the alert colour (untreated spasms)."""
        return tuple(w for w in self.warnings if w.code in ALARM_CODES)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    @property
    def missing(self) -> tuple[str, ...]:
        """What the unknown criteria still need, each field once, in criterion order."""
        seen: dict[str, None] = {}
        for criterion in self.criteria:
            for item in criterion.missing:
                seen.setdefault(item, None)
        return tuple(seen)

    def to_document(self) -> dict[str, Any]:
        u = self.urgency
        return {
            "format": FORMAT,
            "rules_version": self.rules_version,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "status_reason": self.status_reason,
            "pathway": self.pathway,
            "criteria": [
                {
                    "id": c.id,
                    "state": c.state,
                    "reason": c.reason,
                    "evidence": list(c.evidence),
                    "missing": list(c.missing),
                    "title": c.title,
                    "source": c.source,
                }
                for c in self.criteria
            ],
            "missing": list(self.missing),
            # Plain sentences, as the format shows; each starts with what kind of warning it is.
            "warnings": [w.message for w in self.warnings],
            # Their codes in the same order, so a script need not parse the sentences.
            "warning_codes": [w.code for w in self.warnings],
            "urgency": {
                "ongoing": u.ongoing,
                "spasm_weeks": u.spasm_weeks,
                "weeks_since_drug_resistance": u.weeks_since_drug_resistance,
                "drug_resistance_date": u.drug_resistance_date.isoformat()
                if u.drug_resistance_date
                else None,
                "lead_time_days": u.lead_time_days,
                "lead_time_category": u.lead_time_category,
                "lead_time_note": u.lead_time_note,
                "urgent": u.urgent,
            },
        }

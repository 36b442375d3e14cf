"""An evaluation rebuilt from its ``isconf-evaluation/1`` document (the one a decision
stored), so a summary shows what the team saw, worded as the checklist words it."""

from __future__ import annotations

from datetime import date
from typing import Any

from isconf.rules.reference import reference
from isconf.rules.result import Criterion, Evaluation, Urgency, Warning


def evaluation_from_document(document: dict[str, Any]) -> Evaluation:
    u = document["urgency"]
    resistance = u.get("drug_resistance_date")
    return Evaluation(
        rules_version=str(document["rules_version"]),
        as_of=date.fromisoformat(document["as_of"]),
        status=document["status"],
        status_reason=document.get("status_reason", ""),
        pathway=document.get("pathway"),
        criteria=tuple(
            Criterion(
                id=c["id"],
                state=c["state"],
                reason=c.get("reason", ""),
                evidence=tuple(c.get("evidence", ())),
                missing=tuple(c.get("missing", ())),
                title=c.get("title", ""),
                source=c.get("source", ""),
            )
            for c in document["criteria"]
        ),
        # Each warning's sentence, and its code where the document has them (warning_codes, in the
        # same order; an older document has none, and its warnings keep an empty code).
        warnings=tuple(
            Warning(code, message)
            for message, code in zip(document.get("warnings", ()), _codes(document), strict=False)
        ),
        urgency=Urgency(
            ongoing=bool(u.get("ongoing")),
            spasm_weeks=u.get("spasm_weeks"),
            drug_resistance_date=date.fromisoformat(resistance) if resistance else None,
            weeks_since_drug_resistance=u.get("weeks_since_drug_resistance"),
            lead_time_days=u.get("lead_time_days"),
            lead_time_category=u.get("lead_time_category"),
            lead_time_label=_band_label(u.get("lead_time_category")),
            urgent=bool(u.get("urgent")),
            lead_time_note=u.get("lead_time_note"),
        ),
    )


def _codes(document: dict[str, Any]) -> list[str]:
    warnings, codes = document.get("warnings", ()), document.get("warning_codes") or []
    return [*codes[: len(warnings)], *[""] * max(0, len(warnings) - len(codes))]


def _band_label(category: int | None) -> str | None:
    """The document stores the UKISS category only; its label is the rules reference's."""
    if category is None:
        return None
    return next((b.label for b in reference().lead_time_bands if b.category == category), None)

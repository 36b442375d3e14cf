"""The names ``isconf.services`` re-exports when a screen first asks for one (PEP 562).

The first window (the case list) shows none of them; importing their modules on every start
cost ~17 ms of CPU (startup_s in docs/performance.md). ``tests/test_services_later.py`` checks
that each resolves and that the start path does not import them.
"""

from __future__ import annotations

import importlib
from typing import Any

# By module: the names, "alias=name" where the services call it otherwise.
LATER = {
    # What the case list's window does not show: the case file, the trade-off, the audit trail.
    "isconf.cases.reader": "evaluate_document read_case_file",
    "isconf.deidentify": "without_raters",
    "isconf.schema": "FORMAT CaseFileError dose_limits",
    "isconf.store.audit": "AuditEntry shown",
    "isconf.tradeoff.model": "TradeoffView",
    "isconf.concordance": "Concordance",
    "isconf.course": "TickLabel Timeline tick_labels",
    "isconf.development_trend": "TrendPoint=Point",
    "isconf.drafts": "NEW_CASE",
    "isconf.fhir.service": "FhirFilePreview FhirImportResult FhirPreview",
    "isconf.outcomes.report": "OutcomeReport",
    "isconf.outcomes.rescreen": "RescreenDue",
    "isconf.outcomes.schedule": "VisitDue",
    "isconf.outcomes.statistics": "INTERVAL_SOURCE SEIZURE_FREE_RULE",
    "isconf.outcomes.words": "horizon_words literature_words percent procedure_words",
    "isconf.tradeoff.coverage": "coverage_words",
    "isconf.tradeoff.restore": "deidentified_view",
}
WHERE = {
    entry.partition("=")[0]: (module, entry.rpartition("=")[2])
    for module, entries in LATER.items()
    for entry in entries.split()
}


def resolve(name: str, namespace: dict[str, Any]) -> Any:
    """``name`` from its module, kept in ``namespace`` (the services' globals) for next time."""
    if name not in WHERE:
        raise AttributeError(f"module 'isconf.services' has no attribute {name!r}")
    module, attribute = WHERE[name]
    value = namespace[name] = getattr(importlib.import_module(module), attribute)
    return value

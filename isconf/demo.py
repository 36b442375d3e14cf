"""Synthetic demo cases, dated relative to today so their weeks of spasms look live.

The cases live in ``resources/demo_cases.json``; every name and MRN there is invented
(``DEMO-…``, family name "Demo"). They cover the pathways a team meets: a focal
dysplasia, a hemimegalencephaly, bilateral malformations, a metabolic disorder, a
responder and an infant still being worked up.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from isconf.datafiles import load_json
from isconf.domain import Case
from isconf.schema import FORMAT, parse_case_document

RESOURCE = "demo_cases.json"
# A date in the demo file is written as days before today ("-330d"): a fixed date
# would make the demo infants older, and their spasms longer, every day.
_DAYS_AGO = re.compile(r"-([0-9]+)d")


def demo_cases(today: date) -> list[Case]:
    """The demo cases as of ``today``."""
    return [
        parse_case_document({"format": FORMAT, "case": doc}, today=today) for doc in demo_documents(today)
    ]


def demo_documents(today: date) -> list[dict[str, Any]]:
    """The demo cases as the ``case`` objects of case files, dated as of ``today``."""
    return [resolve_dates(doc, today) for doc in load_json(RESOURCE)["cases"]]


def resolve_dates(value: Any, today: date) -> Any:
    """``value`` with each "-Nd" string replaced by the ISO date N days before ``today``."""
    if isinstance(value, dict):
        return {key: resolve_dates(item, today) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_dates(item, today) for item in value]
    if isinstance(value, str) and (days := _DAYS_AGO.fullmatch(value)):
        return (today - timedelta(days=int(days.group(1)))).isoformat()
    return value

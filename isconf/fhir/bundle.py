"""Bundles in and out: a case's ``collection`` Bundle, reading any Bundle or single resource,
and checking resources against the FHIR R4B models of ``fhir.resources``."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from isconf.errors import Problem

BUNDLE_TYPES = ("collection", "transaction", "searchset", "document", "batch", "transaction-response")


@dataclass(frozen=True)
class Entry:
    """One resource of what was read, with where it was (``Bundle.entry[3].resource``)."""

    where: str
    full_url: str | None
    resource: dict[str, Any]

    @property
    def type(self) -> str:
        return str(self.resource.get("resourceType"))

    @property
    def label(self) -> str:
        """``Observation/abc``: how a resource is named to the user."""
        return f"{self.type}/{self.resource.get('id') or self.full_url or '?'}"


def bundle(kind: str, entries: Sequence[tuple[str, dict[str, Any]]], **more: Any) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": kind,
        **more,
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }


def entries_of(document: Any, source: str = "Bundle") -> tuple[list[Entry], list[Problem]]:
    """The resources of a Bundle (nested Bundles opened) or of a single resource."""
    if not isinstance(document, dict) or not isinstance(document.get("resourceType"), str):
        return [], [Problem(source, "is not a FHIR resource (no resourceType)")]
    if document["resourceType"] != "Bundle":
        return [Entry(document["resourceType"], None, document)], []
    if document.get("type") not in BUNDLE_TYPES:
        return [], [Problem("Bundle.type", f"{document.get('type')!r} is not a Bundle type isconf reads")]
    entries: list[Entry] = []
    problems: list[Problem] = []
    listed = document.get("entry") or []
    if not isinstance(listed, list):
        return [], [Problem("Bundle.entry", "is not a list of entries")]
    for n, entry in enumerate(listed):
        where = f"Bundle.entry[{n}].resource"
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            continue  # a transaction response's entry, or a deleted one
        if not isinstance(resource.get("resourceType"), str):
            problems.append(Problem(f"{where}.resourceType", "is missing: not a FHIR resource"))
        elif resource.get("resourceType") == "Bundle":
            inner, inner_problems = entries_of(resource, where)
            entries += [
                Entry(f"{where}.{e.where.removeprefix('Bundle.')}", e.full_url, e.resource) for e in inner
            ]
            problems += inner_problems
        else:
            full_url = entry.get("fullUrl")
            entries.append(Entry(where, full_url if isinstance(full_url, str) else None, resource))
    return entries, problems


def validate(entries: Sequence[Entry]) -> list[Problem]:
    """Each resource checked against its FHIR R4B model: ``Bundle.entry[3].resource.status: …``."""
    from fhir.resources.R4B import get_fhir_model_class

    problems = []
    for entry in entries:
        try:
            model = get_fhir_model_class(entry.type)
        except (KeyError, ValueError):
            problems.append(Problem(entry.where, f"{entry.type!r} is not a FHIR R4B resource type"))
            continue
        try:
            model.model_validate(entry.resource)
        except ValidationError as exc:
            for error in exc.errors()[:5]:
                location = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
                problems.append(Problem(f"{entry.where}{location}", _message(error)))
    return problems


def validate_document(document: dict[str, Any]) -> None:
    """Raise ``ValueError`` unless a whole Bundle parses as FHIR R4B (for tests and exports)."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(document)


def _message(error: Any) -> str:
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")


def read_json(path: Path) -> tuple[Any, Problem | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, Problem(str(path), f"cannot be read ({exc.strerror or exc})")
    except UnicodeDecodeError:
        return None, Problem(str(path), "is not UTF-8 text")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, Problem(str(path), f"is not JSON (line {exc.lineno}: {exc.msg})")


def references(value: Any) -> Iterator[str]:
    """Every ``reference`` string inside a resource."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)

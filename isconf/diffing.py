"""What differs between two versions of a case document, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Difference:
    path: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.path}: {_show(self.old)} → {_show(self.new)}"


def diff_documents(old: Any, new: Any, path: str = "case") -> list[Difference]:
    """Every leaf that differs between ``old`` and ``new``, with its path."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[Difference] = []
        for key in list(old) + [k for k in new if k not in old]:
            out += diff_documents(old.get(key), new.get(key), f"{path}.{key}")
        return out
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, dict) for x in (*old, *new)):
        out = []
        for index in range(max(len(old), len(new))):
            a = old[index] if index < len(old) else None
            b = new[index] if index < len(new) else None
            out += diff_documents(a, b, f"{path}[{index}]")
        return out
    return [] if old == new else [Difference(path, old, new)]


def _show(value: Any) -> str:
    if value is None:
        return "(not recorded)"
    if isinstance(value, dict):
        return "(added)" if value else "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)

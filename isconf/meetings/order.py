"""Hand ordering of the agenda: where dragged cases land."""

from __future__ import annotations


def reorder(order: list[str], moving: list[str], target: int) -> list[str]:
    """``order`` with ``moving`` taken out and put back, in their order, before the row that
    was at ``target`` (``len(order)``: at the end)."""
    before = [m for m in order[:target] if m not in moving]
    after = [m for m in order[target:] if m not in moving]
    return before + [m for m in order if m in moving] + after

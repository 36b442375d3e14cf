"""Seizure freedom and its 95% interval.

Seizure-free means Engel class I, or ILAE class 1–2 where Engel is not recorded
(shared/case-format.md). The interval is Wilson's score interval (Wilson, JASA 1927),
which stays inside 0–1 and is sound for the small counts of one centre, unlike the
normal approximation (Brown, Cai & DasGupta, Statistical Science 2001).
"""

from __future__ import annotations

import math

from isconf.domain import FollowUp

Z95 = 1.959963984540054  # the standard normal's 97.5th percentile
SOURCE = "Wilson score interval, 95% (Wilson, JASA 1927)"
INTERVAL_SOURCE = SOURCE  # the name the screens import it by
SEIZURE_FREE_RULE = "Engel class I, or ILAE class 1–2 where Engel is not recorded"


def seizure_free(visit: FollowUp) -> bool | None:
    """Whether a visit found the child seizure-free; None when neither class is recorded."""
    if visit.engel is not None:
        return engel_class(visit.engel) == "I"
    if visit.ilae is not None:
        return visit.ilae <= 2
    return None


def engel_class(code: str) -> str:
    """The class of an Engel code without its subclass letter: ``IIIA`` → ``III``."""
    return code.rstrip("ABCD")


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson's score interval for ``successes`` of ``n``; None without any child."""
    if n <= 0:
        return None
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(successes: int, n: int) -> float | None:
    return successes / n if n else None

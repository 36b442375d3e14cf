"""How the outcome loop words its figures, for the CLI's text, the PDF and the window alike."""

from __future__ import annotations

from isconf.outcomes.report import NOT_RECORDED, Horizon, Literature
from isconf.vocab import SURGERY_PROCEDURE, label


def procedure_words(code: str) -> str:
    return label(SURGERY_PROCEDURE, code)


def horizon_words(h: Horizon) -> str:
    """``7 of 9 seizure-free, 77.8% (95% CI 45.3–93.7%)``; ``no child followed yet``."""
    if not h.followed:
        return "no child followed yet"
    ci = h.ci95
    assert h.rate is not None and ci is not None
    return f"{h.seizure_free} of {h.followed} seizure-free, {percent(h.rate)} (95% CI {interval(ci)})"


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def interval(ci: tuple[float, float]) -> str:
    return f"{ci[0] * 100:.1f}–{ci[1] * 100:.1f}%"


def literature_words(found: Literature | None) -> str:
    if found is None:
        return "no published figure in isconf's reference for this procedure"
    value = "no figure" if found.value is None else f"{found.value:g}{found.unit}"
    measure = f" {found.measure}" if found.measure else ""
    return f"{value}{measure} ({found.source}); {seen_words(found)}"


def seen_words(found: Literature) -> str:
    """Whether the figure is the one the conference saw: 'as seen at decision (3 of 3 children,
    figures v1)', 'as seen at decision (figures v1); figure at decision recorded for 2 of 3
    children', or 'figure at decision not recorded; current figure shown'."""
    if not found.at_decision:
        return found.note or NOT_RECORDED
    version = f"figures v{found.tradeoff_version}" if found.tradeoff_version else ""
    if found.recorded_for == found.children:  # the note, if any, names other figures seen
        words = f"as seen at decision ({found.children} of {found.children} children{', ' if version else ''}{version})"
    else:  # the note says for how many
        words = f"as seen at decision ({version})" if version else "as seen at decision"
    return f"{words}; {found.note}" if found.note else words

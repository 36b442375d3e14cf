"""Default deficits per procedure, and whether the infant already has one at baseline.

Readings (docs/clinical-readings.md, "Trade-off"):
- motor and visual deficits of a one-sided operation fall on the side opposite
  the operated hemisphere (contralateral);
- a baseline hemiparesis on that side means hemiparesis and fine motor hand
  function are already affected; a baseline hemianopia on that side means the
  hemianopia is already there;
- lobar, multilobar and focal resections take their deficits from the lobes
  involved (resources/tradeoff_v1.json, "by_lobe").
"""

from __future__ import annotations

from dataclasses import dataclass

from isconf.domain import BaselineFunction
from isconf.tradeoff.figures import LobeRule, figures
from isconf.tradeoff.site import Site

BY_LOBE = ("focal_resection", "lobar_resection", "multilobar_resection")
MOTOR = ("hemiparesis", "fine_motor_hand")
OTHER_SIDE = {"left": "right", "right": "left"}


@dataclass(frozen=True)
class DeficitDefault:
    deficit: str
    likelihood: str | None
    why: str
    source: str
    label: str | None = None


def default_deficits(procedure: str, site: Site) -> list[DeficitDefault]:
    """The deficits the reference expects of ``procedure`` at ``site``, with likelihood and why."""
    if procedure in BY_LOBE:
        return [_by_lobe(rule, procedure, site) for rule in _rules()]
    return [
        DeficitDefault(
            d.deficit,
            d.likelihood,
            d.note,
            d.source,
            f"Other: {d.what}" if d.what else None,
        )
        for d in figures().deficits.get(procedure, ())
    ]


def _rules() -> list[LobeRule]:
    by_deficit = {rule.deficit: rule for rule in figures().lobe_rules}
    return [by_deficit[code] for code in figures().lobe_deficits]


def _by_lobe(rule: LobeRule, procedure: str, site: Site) -> DeficitDefault:
    f = figures()
    focal = (
        " A focal resection: mapping decides whether eloquent cortex is spared."
        if procedure == "focal_resection"
        else ""
    )
    if not site.lobes:
        why = "The lobes to be resected are not recorded: possible, by the lobes involved."
        return DeficitDefault(rule.deficit, "possible", why + focal, f.lobe_source)
    involved = [lobe for lobe in site.lobes if lobe in rule.lobes]
    if not involved:
        spared = "/".join(sorted(rule.lobes))
        why = f"The resection ({', '.join(site.lobes)}) spares the {spared} lobe: {rule.why}."
        return DeficitDefault(rule.deficit, "unlikely", why, f.lobe_source)
    lobes = "/".join(involved)
    if rule.dominant_only and site.side is not None and site.side != f.dominant_side:
        why = f"The {site.side} {lobes} lobe is taken as non-dominant ({f.dominant_note})"
        return DeficitDefault(rule.deficit, "unlikely", why, f.lobe_source)
    why = f"The {lobes} lobe is involved: {rule.why}."
    if rule.dominant_only:
        why += f" {f.dominant_note}" if site.side is None else f" The {site.side} side is taken as dominant."
    return DeficitDefault(rule.deficit, "possible", why + focal, f.lobe_source)


def present_at_baseline(
    deficit: str, side: str | None, baseline: BaselineFunction, stated: bool | None
) -> tuple[bool | None, str]:
    """Whether the infant already has ``deficit`` before surgery on ``side``, and why.

    Baseline function decides where it can; otherwise what an assessment
    recorded; otherwise not known (``None``), which the screen counts as new.
    """
    if deficit in MOTOR:
        found = _from_side(deficit, side, baseline.hemiparesis, "hemiparesis")
    elif deficit == "hemianopia":
        seen = baseline.visual_field
        field = {"left_hemianopia": "left", "right_hemianopia": "right"}.get(seen or "", seen)
        found = _from_side(deficit, side, "none" if field == "full" else field, "hemianopia")
    else:
        found = None
    if found is not None:
        return found
    if stated is not None:
        return stated, "as the team recorded in its assessment"
    return None, "baseline function does not record it; counted as new"


def _from_side(deficit: str, side: str | None, baseline: str | None, what: str) -> tuple[bool, str] | None:
    if baseline is None or baseline == "unknown":
        return None
    if baseline == "none":
        return False, f"no {what} at baseline"
    if side is None:
        return None
    affected = OTHER_SIDE[side]
    if baseline == affected:
        if deficit == "fine_motor_hand":
            return True, f"the baseline {affected} hemiparesis already limits the {affected} hand"
        return True, (
            f"already has a {affected} {what}: surgery on the {side} hemisphere acts on the {affected} side"
        )
    return False, (
        f"the baseline {what} is on the {baseline} side, the same side as the surgery: "
        f"a new {what} would be on the {affected} side"
    )

"""A trade-off view rebuilt from its JSON (``TradeoffView.to_json()``), so a summary signed
years ago draws its chart from the stored snapshot, not from today's case and figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from isconf.ages import Ages
from isconf.rules.reference import Cited
from isconf.tradeoff.model import (
    TEAM_FIGURE,
    Benefit,
    DeficitView,
    OptionView,
    Rating,
    TradeoffView,
    WaitingCost,
)
from isconf.tradeoff.site import Site


def tradeoff_from_json(document: dict[str, Any], *, mrn: str | None = None) -> TradeoffView:
    """The view ``document`` was made from. The summary's copy has no MRN (identifiers live in
    the identification document): ``mrn`` names the infant on the chart instead."""
    return TradeoffView(
        mrn=mrn if mrn is not None else str(document.get("mrn") or ""),
        as_of=date.fromisoformat(document["as_of"]),
        proposed_procedure=document.get("proposed_procedure"),
        pathway=document.get("pathway"),
        # The lobes are only in the site's words; nothing drawn needs them apart.
        site=Site(document.get("side_of_surgery"), (), str(document.get("site") or "")),
        options=tuple(_option(o) for o in document.get("options", [])),
        function_loss_state=document["function_loss"]["state"],
        function_loss_reason=document["function_loss"]["reason"],
        status=document["status"],
    )


def deidentified_view(
    view: TradeoffView, ages: Ages, *, shown_as: str, typed: Callable[[str], str] | None = None
) -> TradeoffView:
    """``view`` as a de-identified output shows it: named ``shown_as`` (the initials), every
    text scrubbed of dates (a rating's comment, the cost of waiting), and the chart naming the
    next surgery date by the child's age then. Its dates stay dates inside, for the weeks.
    ``typed``: how the output shows a typed text (a rating's comment, the note of the team's
    own figure: ``Meeting.redacted``, withheld until checked); a rater not named by a role is
    a "team member". Without it (a summary's stored form, already withheld), as they are."""
    document = view.to_json() if typed is None else _typed(view.to_json(), typed)
    kept = {"as_of": str, "next_surgery_date": str}
    shown = tradeoff_from_json(ages.scrub_all(document, kept), mrn=shown_as)
    return replace(shown, options=tuple(_aged(option, ages) for option in shown.options))


def _typed(document: dict[str, Any], typed: Callable[[str], str]) -> dict[str, Any]:
    """The typed texts of ``document`` as ``typed`` shows them; raters named by no role become
    team members, in isconf's own words too (a reason may name who rated)."""
    from isconf.deidentify import rater_words, without_raters

    raters = [
        str(r.get("rated_by") or "")
        for o in document.get("options", [])
        for d in o.get("deficits", [])
        for r in d.get("ratings", [])
    ]
    options = []
    for option in document.get("options", []):
        benefit = dict(option["benefit"])
        source = str(benefit.get("source") or "")
        if benefit.get("edited") and source.startswith(TEAM_FIGURE):
            benefit["source"] = TEAM_FIGURE + typed(source[len(TEAM_FIGURE) :])
        deficits = [
            {
                **deficit,
                "ratings": [
                    {
                        **rating,
                        "rated_by": rater_words(rating["rated_by"]),
                        "comment": typed(rating["comment"])
                        if rating.get("comment")
                        else rating.get("comment"),
                    }
                    for rating in deficit.get("ratings", [])
                ],
            }
            for deficit in option.get("deficits", [])
        ]
        options.append({**option, "benefit": benefit, "deficits": deficits})
    return _strings({**document, "options": options}, lambda text: without_raters(text, raters))


def _strings(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return {key: _strings(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_strings(item, change) for item in value]
    return change(value) if isinstance(value, str) else value


def _aged(option: OptionView, ages: Ages) -> OptionView:
    waiting = option.waiting
    if waiting is None or waiting.next_surgery_date is None:
        return option
    return replace(option, waiting=replace(waiting, date_words=ages.noun(waiting.next_surgery_date)))


def _option(o: dict[str, Any]) -> OptionView:
    waiting = o.get("cost_of_waiting")
    return OptionView(
        procedure=o["procedure"],
        label=o["label"],
        roles=tuple(o.get("roles", ())),
        benefit=_benefit(o["benefit"]),
        deficits=tuple(_deficit(d) for d in o.get("deficits", [])),
        waiting=_waiting(waiting) if waiting is not None else None,
    )


def _benefit(b: dict[str, Any]) -> Benefit:
    return Benefit(
        value=b.get("value"),
        unit=b.get("unit", ""),
        measure=b.get("measure", ""),
        source=b.get("source", ""),
        edited=bool(b.get("edited")),
        note=b.get("note", ""),
        words=b.get("words"),
    )


def _deficit(d: dict[str, Any]) -> DeficitView:
    return DeficitView(
        deficit=d["deficit"],
        label=d["label"],
        likelihood=d.get("likelihood"),
        likelihood_why=d.get("likelihood_why", ""),
        already_present=d.get("already_present"),
        present_why=d.get("already_present_why", ""),
        source=d.get("source", ""),
        ratings=tuple(Rating(r["rated_by"], r["rating"], r.get("comment")) for r in d.get("ratings", [])),
    )


def _waiting(w: dict[str, Any]) -> WaitingCost:
    planned = w.get("next_surgery_date")
    return WaitingCost(
        next_surgery_date=date.fromisoformat(planned) if planned else None,
        weeks_now=w.get("spasm_weeks_now"),
        weeks_by_surgery=w.get("spasm_weeks_by_next_surgery"),
        text=w.get("text", ""),
        evidence=tuple(Cited(c["statement"], c["source"]) for c in w.get("evidence", [])),
    )

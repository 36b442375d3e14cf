"""The typed texts of a de-identified summary: withheld unless checked, then scrubbed.

A summary's content holds texts people typed (the meeting's title and place, an
amendment's reason, each case's question, the decision's rationale and dissent, the notes
of the options considered, action items and their owners, rater comments and the team's
own benefit figures' notes) beside texts isconf words itself (the rules' reasons, the
trade-off's references). A de-identified copy prints a typed text only when a team
member marked that very text checked for identifiers, and then scrubbed
(``isconf.deid_text``); every other string is still scrubbed of the children's names and
MRNs in any letter case and spacing. The form records which texts were shown as checked
(their SHA-256), so whoever holds the content makes the same form again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from isconf.deid_text import Identifiers, name_and_mrn_scrub, withhold_or_scrub
from isconf.deidentify import rater_words, without_raters
from isconf.tradeoff.model import TEAM_FIGURE

# Typed texts by the key that holds them. A benefit's ``source`` holds typed text only when it
# is the team's own figure (``edited``): the note after ``TEAM_FIGURE``; its ``note`` then is
# isconf's words. A rater is a role (kept) or typed (``RATER_REPLACEMENT``, as a
# de-identified case file words it). Each can be marked from the meeting
# (``isconf.meetings.text_checks.meeting_texts`` lists them).
_MEETING_TEXTS = frozenset({"title", "place", "reason"})
_CASE_TEXTS = frozenset(
    {"question", "rationale", "dissent", "note", "description", "owner", "comment"}
    | {"goals", "report", "caption"}
)
# Keys whose values are codes, hashes, references or dates a renderer reads: never scrubbed.
_KEPT = frozenset(
    {"format", "ref", "pseudonym", "initials", "date", "time", "due_date", "as_of", "decided_at", "slot"}
)


def withheld_form(
    content: dict[str, Any], identification: dict[str, Any], checked: frozenset[str]
) -> dict[str, Any]:
    """``content`` with its typed texts withheld or scrubbed, the rest scrubbed of names and MRNs."""
    identifiers = Identifiers.of_people(identification.get("cases") or [])
    names_only = Identifiers(identifiers.names, identifiers.mrns)
    shown: set[str] = set()
    raters = set(_raters(content))  # isconf's own words name them too ("rated … by Dr Jones")

    def typed(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in checked:
            shown.add(digest)
        shown_text = withhold_or_scrub(text, digest in checked, identifiers, dates=False)  # ages next
        return without_raters(shown_text, raters)

    def field(k: str, v: Any, keys: frozenset[str], benefit: bool) -> Any:
        if benefit and k == "source" and isinstance(v, str) and v.startswith(TEAM_FIGURE):
            return TEAM_FIGURE + typed(v[len(TEAM_FIGURE) :])
        if k == "rated_by" and isinstance(v, str):
            return rater_words(v)
        if k in keys and isinstance(v, str):
            return typed(v)
        return walk(v, k, keys)

    def walk(value: Any, key: str, typed_keys: frozenset[str]) -> Any:
        if isinstance(value, dict):
            benefit = value.get("edited") is not None  # a benefit: its note is isconf's words
            keys = typed_keys - {"note"} if benefit else typed_keys
            return {k: field(k, v, keys, benefit) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(item, key, typed_keys) for item in value]
        if isinstance(value, str) and key not in _KEPT and not key.endswith("sha256"):
            return without_raters(name_and_mrn_scrub(value, names_only), raters)
        return value

    out = {k: walk(v, k, frozenset()) for k, v in content.items() if k not in ("meeting", "cases")}
    if isinstance(content.get("meeting"), dict):
        out["meeting"] = walk(content["meeting"], "meeting", _MEETING_TEXTS)
    if isinstance(content.get("cases"), list):
        out["cases"] = [walk(case, "cases", _CASE_TEXTS) for case in content["cases"]]
    out["texts_checked"] = sorted(shown)
    return out


def _raters(value: Any) -> Iterator[str]:
    """Every ``rated_by`` of ``value``."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "rated_by" and isinstance(inner, str):
                yield inner
            else:
                yield from _raters(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _raters(inner)

"""A team member's name: one person, one name, however it is typed.

Two names are the same member when they match after Unicode compatibility normalisation
(NFKC, so a full-width "Ｄｒ" is "Dr") and case folding (so "STRASSE" is "straße"). A name
whose letters come from two scripts is refused: a Cyrillic "А" in "Dr А Chair" looks like
the Latin one, and would let someone sign as a colleague under a name that only looks the same.
Chinese, Japanese and Korean writing mixes its scripts by nature, so those count as one.
"""

from __future__ import annotations

import unicodedata

from isconf.errors import Problem

# Scripts written together in one name (Japanese mixes kana and kanji; Korean may use hanja).
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "KATAKANA-HIRAGANA", "HALFWIDTH"})


def name_key(name: str) -> str:
    """What two names must share to be one member: NFKC, case-folded, inner spaces as one."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return unicodedata.normalize("NFKC", " ".join(folded.split()))


def script_of(char: str) -> str | None:
    """The script of a letter, from its Unicode name ("LATIN", "CYRILLIC", …); None for others."""
    if not unicodedata.category(char).startswith("L"):
        return None
    try:
        first = unicodedata.name(char).split()[0]
    except ValueError:
        return None
    return "EAST ASIAN" if first in _EAST_ASIAN else first


def look_alike_problems(name: str) -> list[Problem]:
    """One problem when the name's letters are of more than one script (naming the odd letter)."""
    normal = unicodedata.normalize("NFKC", name)
    counts: dict[str, int] = {}
    for char in normal:
        script = script_of(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if len(counts) < 2:
        return []
    main = max(counts, key=lambda s: (counts[s], s == "LATIN"))
    odd = next(c for c in normal if script_of(c) not in (None, main))
    described = unicodedata.name(odd, f"U+{ord(odd):04X}")
    return [
        Problem(
            "name",
            f"{odd!r} ({described}) is not of the script of the rest "
            f"of the name ({main.title()}); a look-alike letter is refused: type the name in one script",
        )
    ]

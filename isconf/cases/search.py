"""Search as you type over a precomputed, normalised column: which rows hold every word typed.

Each row's text (MRN and names) is folded once, when the list is filled: case-folded, and
accents dropped, so ``jose`` finds José and ``MÜLLER`` finds Müller. A keystroke then compares
plain strings, in C (``str.__contains__`` mapped over the column), never a Python call per row.

A keystroke usually extends or shortens the query before it, so results are kept for the last
queries (``KEPT``): shortening finds its answer there, and extending searches only the rows of a
kept query that the new one must be among (every word of the older query lies inside a word of
the new one). At 100,000 cases a keystroke that narrows costs a fraction of a full scan
(bench/run.py, ``filter_p95_ms_100k``).
"""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from itertools import compress, repeat

KEPT = 64  # queries whose results are kept


def fold(text: str) -> str:
    """``text`` as the search compares it: case-folded, accents dropped."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(query: str) -> tuple[str, ...]:
    return tuple(fold(query).split())


class TextSearch:
    """The rows (by index) whose folded text holds every word of a query."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)  # folded by the caller (``fold``)
        self._kept: OrderedDict[tuple[str, ...], list[int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._texts)

    def matching(self, query: str) -> list[int] | None:
        """Indexes of the matching rows in order; None when the query has no words (every row)."""
        words = words_of(query)
        if not words:
            return None
        found = self._kept.get(words)
        if found is None:
            found = self._search(words, self._narrowest(words))
            self._kept[words] = found
            if len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(words)
        return found

    def _narrowest(self, words: tuple[str, ...]) -> list[int] | None:
        """The fewest rows the answer must be among: a kept query each of whose words lies
        inside a word of this one matches every row this one matches (None: every row)."""
        best: list[int] | None = None
        for kept, rows in self._kept.items():
            if (best is None or len(rows) < len(best)) and all(
                any(old in new for new in words) for old in kept
            ):
                best = rows
        return best

    def _search(self, words: tuple[str, ...], among: list[int] | None) -> list[int]:
        texts = self._texts
        rows = range(len(texts)) if among is None else among
        for word in sorted(words, key=len, reverse=True):  # the longest word rules most out
            # Every step in C (map, compress): a Python loop over 100,000 rows cost ~8 ms.
            column = texts if len(rows) == len(texts) else map(texts.__getitem__, rows)
            rows = list(compress(rows, map(str.__contains__, column, repeat(word))))
        return list(rows)

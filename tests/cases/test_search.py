"""Search as you type (``isconf.cases.search``): whatever the order of the keystrokes, and
whatever its kept results, every query finds exactly the rows a full scan finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from isconf.cases.search import TextSearch, fold, words_of

LETTERS = st.sampled_from("akloé -1É")
TEXTS = st.lists(st.text(LETTERS, max_size=12).map(fold), max_size=40)
QUERIES = st.lists(st.text(LETTERS, max_size=6), max_size=25)


def _scan(texts: list[str], query: str) -> list[int] | None:
    words = words_of(query)
    if not words:
        return None
    return [i for i, text in enumerate(texts) if all(w in text for w in words)]


@settings(max_examples=300, deadline=None)
@given(TEXTS, QUERIES)
def test_every_query_finds_what_a_full_scan_finds(texts: list[str], queries: list[str]) -> None:
    search = TextSearch(texts)
    for query in queries:
        assert search.matching(query) == _scan(texts, query), query


def test_typing_and_erasing_a_name() -> None:
    texts = [fold(t) for t in ("SYN-0001 Kalo Ren", "SYN-0002 Müller Ana", "syn-0003 José Lo")]
    search = TextSearch(texts)
    assert [search.matching(q) for q in ("k", "ka", "kal", "ka", "")] == [[0], [0], [0], [0], None]
    assert search.matching("MULLER") == [1]  # letter case and accents do not count
    assert search.matching("jose syn") == [2]
    assert search.matching("lo") == [0, 2]
    assert search.matching("zz") == []

"""The case list's own sort and its search (the model shows the rows ``isconf.cases.search``
matches; the proxy passes them on) show the matching rows, in the list's order."""

from __future__ import annotations

import random
from datetime import date

from PySide6.QtCore import QPersistentModelIndex, Qt

from isconf.services import CaseSummary
from ui.case_list import MRN_COLUMN, NAME_COLUMN, URGENCY_COLUMN, CaseFilterProxy, CaseListModel

QUERIES = ("k", "ka", "kal", "ka", "k", "", "syn-00", "syn-001", "syn-0012", "", "lo ka", "lo", "")


def _summaries(count: int) -> list[CaseSummary]:
    rng = random.Random(7)
    syllables = ("ka", "lo", "ren", "mi", "sa", "to")
    return [
        CaseSummary(
            mrn=f"SYN-{i:04d}",
            family_name="".join(rng.choice(syllables) for _ in range(3)).capitalize(),
            given_name=rng.choice(syllables).capitalize(),
            date_of_birth=date(2025, 1, 1),
            age_months=float(rng.randrange(3, 24)),
            spasm_onset=None,
            spasms_ongoing=True,
            spasm_weeks=float(rng.randrange(0, 60)),
        )
        for i in range(count)
    ]


def _shown(proxy: CaseFilterProxy) -> list[str]:
    return [proxy.index(r, MRN_COLUMN).data() for r in range(proxy.rowCount())]


def _expected(everything: list[str], names: dict[str, str], query: str) -> list[str]:
    words = query.casefold().split()
    return [m for m in everything if all(w in names[m] for w in words)]


def test_every_query_shows_the_matching_rows_in_list_order(qtmodeltester) -> None:
    model = CaseListModel()
    rows = _summaries(400)
    model.set_cases(rows)
    texts = {r.mrn: f"{r.mrn} {r.family_name} {r.given_name}".casefold() for r in rows}
    everything = [r.mrn for r in rows]
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    for query in QUERIES:
        proxy.set_query(query)
        assert _shown(proxy) == _expected(everything, texts, query), query
        assert model.total() == 400
    proxy.sort(NAME_COLUMN, Qt.SortOrder.DescendingOrder)
    proxy.set_query("ka")
    names = [proxy.index(r, NAME_COLUMN).data().casefold() for r in range(proxy.rowCount())]
    assert names == sorted(names, reverse=True) and all("ka" in n for n in names)
    qtmodeltester.check(proxy)


def test_a_keystroke_that_changes_no_row_leaves_the_list_alone() -> None:
    model = CaseListModel()
    model.set_cases(_summaries(50))
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.set_query("syn") is False  # every MRN holds it: nothing to lay out again
    assert proxy.set_query("syn-001") is True
    assert proxy.set_query("syn-001 ") is False


def test_sorting_keeps_a_row_held_by_the_view_and_the_urgency_order_comes_back() -> None:
    model = CaseListModel()
    rows = _summaries(50)
    model.set_cases(rows)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    held = QPersistentModelIndex(proxy.index(10, MRN_COLUMN))
    mrn = held.data()
    proxy.sort(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
    assert held.data() == mrn  # the view's current row follows its case
    proxy.sort(URGENCY_COLUMN, Qt.SortOrder.AscendingOrder)
    assert _shown(proxy) == [r.mrn for r in rows]
    assert held.row() == 10 and held.data() == mrn
    model.set_cases(rows[:20])  # a reload keeps the chosen sort
    proxy.sort(MRN_COLUMN, Qt.SortOrder.DescendingOrder)
    model.set_cases(rows)
    assert _shown(proxy) == sorted((r.mrn for r in rows), reverse=True)

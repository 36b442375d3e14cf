"""The agenda's order and the readiness check: plain tests, no database."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import VIGNETTES
from isconf import rules
from isconf.domain import Case
from isconf.meetings import validate, vocab
from isconf.meetings.model import AgendaEntry
from isconf.meetings.order import reorder
from isconf.meetings.readiness import missing_items, readiness_words
from isconf.meetings.records import insert_at, urgency_order
from isconf.schema import parse_case_document
from isconf.services import CaseSummary
from isconf.value_reader import control_character

TODAY = date(2026, 11, 26)


def _summary(mrn: str, *, urgent: bool, resistant: float | None, spasms: float | None) -> CaseSummary:
    return CaseSummary(
        mrn=mrn,
        family_name=None,
        given_name=None,
        date_of_birth=None,
        age_months=None,
        spasm_onset=None,
        spasms_ongoing=True,
        spasm_weeks=spasms,
        urgent=urgent,
        weeks_since_drug_resistance=resistant,
    )


def _entry(mrn: str) -> AgendaEntry:
    return AgendaEntry(
        mrn=mrn, pseudonym="", family_name=None, given_name=None, date_of_birth=None, age_months=None,
        position=0, minutes=15, question=None, slot_offset=0, status=None, pathway=None, urgent=False,
        weeks_since_drug_resistance=None, spasm_weeks=None, missing=(),
    )  # fmt: skip


SUMMARIES = {
    s.mrn: s
    for s in (
        _summary("A-NOT-URGENT-LONG", urgent=False, resistant=40.0, spasms=60.0),
        _summary("B-URGENT-NO-RESIST", urgent=True, resistant=None, spasms=30.0),
        _summary("C-URGENT-RESIST-5", urgent=True, resistant=5.0, spasms=10.0),
        _summary("D-URGENT-RESIST-12", urgent=True, resistant=12.0, spasms=20.0),
        _summary("E-URGENT-RESIST-5-LONGER", urgent=True, resistant=5.0, spasms=25.0),
        _summary("F-URGENT-NO-RESIST-SHORT", urgent=True, resistant=None, spasms=3.0),
    )
}


def test_urgent_first_then_weeks_since_resistance_then_weeks_of_spasms() -> None:
    entries = [_entry(m) for m in sorted(SUMMARIES)]
    order = [e.mrn for e in urgency_order(entries, SUMMARIES)]
    assert order == [
        "D-URGENT-RESIST-12",  # urgent, longest since drug resistance
        "E-URGENT-RESIST-5-LONGER",  # tie on resistance: longer spasms first
        "C-URGENT-RESIST-5",
        "B-URGENT-NO-RESIST",  # urgent without established resistance: after those with it
        "F-URGENT-NO-RESIST-SHORT",
        "A-NOT-URGENT-LONG",  # not urgent comes last, however long
    ]


def test_the_agenda_order_is_the_case_lists_order() -> None:
    """One ordering in isconf: the agenda sorts by ``CaseSummary.urgency_rank`` as the list does."""
    entries = [_entry(m) for m in SUMMARIES]
    by_list = sorted(SUMMARIES.values(), key=lambda s: (s.urgency_rank, s.mrn))
    assert [e.mrn for e in urgency_order(entries, SUMMARIES)] == [s.mrn for s in by_list]


def test_a_case_added_after_a_hand_order_goes_before_the_first_less_urgent_case() -> None:
    class Row:
        def __init__(self, mrn: str) -> None:
            self.mrn = mrn

    # The coordinator put the non-urgent case first on purpose; that stays.
    hand_order: list[Any] = [
        (None, Row(m)) for m in ("A-NOT-URGENT-LONG", "D-URGENT-RESIST-12", "B-URGENT-NO-RESIST")
    ]
    new = Row("C-URGENT-RESIST-5")
    # Before the first case that is less urgent than it: A (not urgent) is first.
    assert insert_at(hand_order, new, SUMMARIES) == 0
    rest: list[Any] = hand_order[1:]
    assert insert_at(rest, new, SUMMARIES) == 1  # after D (more urgent), before B
    assert insert_at(rest[:1], Row("F-URGENT-NO-RESIST-SHORT"), SUMMARIES) == 1


def _vignette(stem: str) -> Case:
    return parse_case_document(json.loads((VIGNETTES / f"{stem}.json").read_text("utf-8")))


def test_a_complete_case_is_ready() -> None:
    case = _vignette("fcd_left_frontal_candidate")
    assert missing_items(case, rules.evaluate(case, TODAY)) == []
    assert readiness_words([]) == "ready"


def test_an_empty_case_names_each_missing_piece_in_words() -> None:
    case = Case(mrn="EMPTY-1")
    items = missing_items(case, rules.evaluate(case, TODAY))
    assert items[:4] == ["no MRI", "no EEG", "no metabolic work-up", "no development status"]
    assert "no treatment recorded" in items
    assert all("." not in item and "[" not in item for item in items), "paths must be worded"


@pytest.mark.parametrize("stem", ["no_treatment_incomplete"])
def test_each_missing_item_is_said_once(stem: str) -> None:
    case = _vignette(stem)
    items = missing_items(case, rules.evaluate(case, TODAY))
    assert "no metabolic work-up" in items
    assert "no metabolic work-up result" not in items  # the evaluation's path, already said
    assert len(items) == len(set(items))
    assert readiness_words(items).startswith("missing: no EEG; no metabolic work-up")


def test_a_metabolic_work_up_done_is_not_missing() -> None:
    case = _vignette("mitochondrial_not_candidate")
    assert "no metabolic work-up" not in missing_items(case, rules.evaluate(case, TODAY))


@given(
    order=st.lists(st.text(alphabet="ABCDEFGH", min_size=1, max_size=3), min_size=1, max_size=8, unique=True),
    data=st.data(),
)
def test_a_drop_keeps_every_case_once_and_moves_only_the_dragged(
    order: list[str], data: st.DataObject
) -> None:
    moving = data.draw(st.lists(st.sampled_from(order), min_size=1, unique=True))
    target = data.draw(st.integers(min_value=0, max_value=len(order)))
    result = reorder(order, moving, target)
    assert sorted(result) == sorted(order)
    rest = [m for m in result if m not in moving]
    assert rest == [m for m in order if m not in moving]
    first = result.index(next(m for m in order if m in moving))
    assert result[first : first + len(moving)] == [m for m in order if m in moving]


@given(
    recommendation=st.sampled_from([*vocab.codes(vocab.RECOMMENDATION), "", "surgery"]),
    rationale=st.text(max_size=20),
    consensus=st.sampled_from([*vocab.codes(vocab.CONSENSUS), "maybe"]),
    dissent=st.one_of(st.none(), st.text(max_size=10)),
    tests=st.lists(st.sampled_from([*vocab.codes(vocab.TEST), "xray"]), max_size=3, unique=True),
)
def test_decision_checks_name_a_field_for_every_refusal(
    recommendation: str, rationale: str, consensus: str, dissent: str | None, tests: list[str]
) -> None:
    problems = validate.decision(
        recommendation=recommendation,
        rationale=rationale,
        consensus=consensus,
        dissent=dissent,
        tests=tuple(tests),
    )
    fields = {p.path for p in problems}
    assert fields <= {"recommendation", "rationale", "consensus", "dissent", "tests"}
    # A control character (a NUL, an escape) is refused too (issue 23): it is refused on
    # PostgreSQL and would be kept by SQLite.
    assert ("rationale" in fields) == (
        not rationale.strip() or control_character(rationale, True) is not None
    )
    if consensus == "majority" and not (dissent or "").strip():
        assert "dissent" in fields
    if not problems:
        assert recommendation in vocab.codes(vocab.RECOMMENDATION) and rationale.strip()


def test_a_case_has_a_tradeoff_with_a_proposed_procedure_or_a_rated_deficit() -> None:
    from dataclasses import replace

    from isconf.domain import Assessment, Tradeoff
    from isconf.meetings.findings import has_tradeoff

    case = Case(mrn="SYN-9")
    assert not has_tradeoff(case)
    unrated = Assessment("lobar_resection", "hemiparesis", likelihood="possible")
    assert not has_tradeoff(replace(case, tradeoff=Tradeoff(assessments=(unrated,))))
    rated = replace(unrated, rating="concern", rated_by="neurosurgeon")
    assert has_tradeoff(replace(case, tradeoff=Tradeoff(assessments=(rated,))))
    assert has_tradeoff(replace(case, tradeoff=Tradeoff(proposed_procedure="lobar_resection")))


def test_key_findings_read_the_mri_the_checklist_reads() -> None:
    """The latest study known on the day shown, as the lesion verdict beside it takes it."""
    from isconf.domain import MriStudy
    from isconf.meetings.findings import key_findings

    case = Case(
        mrn="SYN-9",
        mri=(
            MriStudy(date=date(2026, 3, 1), finding="nonspecific"),
            MriStudy(date=date(2026, 1, 1), finding="normal"),
            MriStudy(date=None, finding="lesional"),
        ),
    )
    assert dict(key_findings(case, date(2026, 4, 1)))["MRI"] == "nonspecific"
    assert dict(key_findings(case, date(2026, 2, 1)))["MRI"] == "normal"  # March's was not done yet
    assert dict(key_findings(Case(mrn="SYN-9"), date(2026, 2, 1)))["MRI"] == "none recorded"

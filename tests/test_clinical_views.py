"""The core models the views draw (issue 16): the treatment timeline, concordance and the
development trend."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clinical_files import close_studies_document, long_document
from isconf.concordance import concordance
from isconf.course import OUTCOME_COLOURS, Tick, Timeline, build_timeline, tick_labels
from isconf.development_trend import trend
from isconf.schema import parse_case_document
from isconf.summary.clinical import timeline_from_json, timeline_json

AS_OF = date(2026, 11, 24)


def test_the_timeline_has_a_bar_per_trial_with_its_outcome_and_dose() -> None:
    case = parse_case_document(long_document())
    t = build_timeline(case, AS_OF, today_words="meeting day")
    assert t is not None and len(t.bars) == 8
    assert t.bars[0].label == "Vigabatrin 150 mg/kg/day" and t.bars[0].outcome == "No response"
    assert t.bars[0].colour == OUTCOME_COLOURS["no_response"]
    assert t.bars[-1].running and t.bars[-1].end == AS_OF and t.bars[-1].label == "Clobazam 8 mg/kg/day"
    assert [m.kind for m in t.markers] == ["onset", "resistance", "today"]
    assert t.markers[-1].words == "meeting day" and t.markers[1].day == date(2026, 6, 5)
    assert sorted(k.kind for k in t.ticks) == ["EEG", "EEG", "EEG", "MRI", "MRI", "MRI", "PET"]
    assert t.start == date(2026, 4, 15)  # the onset
    assert [words for _, words in t.week_ticks()][:2] == ["0 w", "8 w"]  # 32 weeks: a label every 8
    stored = timeline_from_json(timeline_json(t))  # days from the start only, no calendar date
    assert [stored.fraction(b.start) for b in stored.bars] == [t.fraction(b.start) for b in t.bars]
    assert stored.week_ticks()[1][1] == "8 w" and stored.bars[-1].running


def test_concordance_names_where_the_studies_disagree() -> None:
    document = long_document()
    assert concordance(parse_case_document(document), AS_OF).state == "concordant"
    document["case"]["eeg"][-1]["lateralization"] = "right"
    found = concordance(parse_case_document(document), AS_OF)
    assert found.state == "discordant"
    assert found.words == "Discordant sides: MRI left frontal parietal; EEG right; PET left frontal."
    document["case"]["eeg"][-1]["lateralization"] = "left"
    document["case"]["pet"][0]["lobes"] = ["occipital"]
    assert concordance(parse_case_document(document), AS_OF).words.startswith("Same side, different lobes")
    document["case"]["mri"] = []
    document["case"]["eeg"] = []
    document["case"]["pet"] = []
    assert concordance(parse_case_document(document), AS_OF).state == "unknown"


def test_the_development_trend_is_score_against_age_with_the_instrument() -> None:
    points = trend(parse_case_document(long_document()), AS_OF)
    assert [(p.age_months, p.score, p.instrument) for p in points] == [
        (5.0, 74.0, "Bayley-4 cognitive"),
        (7.0, 58.0, "Vineland-3 composite"),
        (9.0, 55.0, "Locally normed scale motor"),
    ]


def _studied_close_together() -> Timeline:
    t = build_timeline(parse_case_document(close_studies_document()), AS_OF)
    assert t is not None
    return t


def test_study_labels_of_one_day_are_merged_and_close_ones_staggered() -> None:
    t = _studied_close_together()
    labels = tick_labels(
        t.ticks, lambda day: t.fraction(day) * 400, lambda words: 7.0 * len(words), bounds=(0, 400), gap=4
    )
    assert [label.words for label in labels][:2] == ["MRI · EEG", "EEG"]  # 1 June: one label for both
    assert max(label.row for label in labels) >= 1  # a week's studies need more than one row
    for a, b in itertools.combinations(labels, 2):
        assert a.row != b.row or a.right + 4 <= b.left or b.right + 4 <= a.left


@given(
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["MRI", "EEG", "PET"])), max_size=25),
    st.floats(100, 1000),
)
def test_no_two_study_labels_overlap_whatever_the_dates(studies: list[tuple[int, str]], width: float) -> None:
    ticks = [Tick(kind, date(2026, 1, 1) + timedelta(days=days)) for days, kind in studies]
    labels = tick_labels(
        ticks,
        lambda day: (day - date(2026, 1, 1)).days / 60 * width,
        lambda words: 6.0 * len(words),
        bounds=(0, width),
        gap=3,
    )
    assert len(labels) == len({t.day for t in ticks})
    for label in labels:
        assert label.left >= 0 and label.right <= width + 1e-9
    for a, b in itertools.combinations(labels, 2):
        assert a.row != b.row or a.right + 3 <= b.left + 1e-9 or b.right + 3 <= a.left + 1e-9

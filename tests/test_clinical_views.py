"""The core models the views draw (issue 16): the treatment timeline, concordance and the
development trend."""

from __future__ import annotations

from datetime import date

from clinical_files import long_document
from isconf.concordance import concordance
from isconf.course import OUTCOME_COLOURS, build_timeline
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

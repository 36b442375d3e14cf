"""The trade-off workspace's core: options, benefits, deficits, baseline, waiting, chart, CLI, store."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from matplotlib.patches import Rectangle
from sqlalchemy import inspect

from conftest import run_cli, vignette_document, vignette_files
from isconf import clock
from isconf.schema import CaseFileError, case_to_document, parse_case_document
from isconf.services import Services
from isconf.store.database import open_database
from isconf.store.migrate import downgrade
from isconf.tradeoff.chart import BASELINE_COLOUR, chart_png, draw_figure, drawn, write_chart
from isconf.tradeoff.figures import figures
from isconf.tradeoff.model import build_tradeoff

AS_OF = date(2026, 11, 24)
PNG = b"\x89PNG\r\n\x1a\n"


def view_of(document: dict[str, Any], as_of: date = AS_OF) -> Any:
    return build_tradeoff(parse_case_document(document), as_of)


def deficit(view: Any, procedure: str, code: str) -> Any:
    option = view.option(procedure)
    assert option is not None, procedure
    return next(d for d in option.deficits if d.deficit == code)


# --- options and benefit --------------------------------------------------------------------------


def test_options_pathway_first_then_added_then_continue_medical() -> None:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["tradeoff"]["options"] = ["vns", "multilobar_resection"]
    view = view_of(document)
    assert [o.procedure for o in view.options] == [
        "hemispherectomy",
        "vns",
        "multilobar_resection",
        "continue_medical",
    ]
    assert view.options[0].roles == ("pathway", "proposed")
    assert view.option("vns").roles == ("added",)


def test_palliative_pathway_lists_both_procedures() -> None:
    view = view_of(vignette_document("bilateral_pmg_palliative"))
    assert [o.procedure for o in view.options][:2] == ["corpus_callosotomy", "vns"]


def test_published_benefit_has_its_source() -> None:
    view = view_of(vignette_document("hme_right_hemispherectomy"))
    benefit = view.option("hemispherectomy").benefit
    assert (benefit.value, benefit.unit, benefit.edited) == (66, "%", False)
    assert "Moosa" in benefit.source
    medical = view.option("continue_medical").benefit
    assert medical.value is None and "Jehi" in medical.source and medical.text.startswith("rarely")


# Phrases of clinical-reference.md ("Why speed matters", "Figures the screens and the summary
# show") that carry a number, as the resource must quote them.
REFERENCE_PHRASES = (
    "68.8",
    "21 studies (531 children)",
    "recurrence risk about 7% higher per extra year of spasms",
    "70% Engel class I (21 of 30) at mean 4.1 years",
    "26 of 28",
    "78% of 23 infants seizure-free or with at least 90% fewer seizures",
    "112 of 170 children seizure-free at mean 5.3 years",
    "at 6 months and 63% at 5 years",
    "12 studies (253 patients)",
    "about 43% of 56 children in one series of West syndrome",
    "153 children (UCLA)",
    "1 of 24 had a video-EEG-confirmed response",
    "about half of children under 12 have at least 50% fewer seizures",
    "83% walked independently",
    "new visual symptoms in 24%",
    "behaviour problems in 27%",
    "70% had satisfactory spoken language",
    "persisted in 5 of 13",
    "raised the risk of recurrence by about 7%",
    "about 3.9 points lower for each step up in lead-time category",
    "For children with a focal, unilateral or unihemispheric malformation",
)


def test_the_resource_quotes_the_reference_word_for_word() -> None:
    text = (Path(__file__).parents[2] / "resources" / "tradeoff_v1.json").read_text(encoding="utf-8")
    missing = [phrase for phrase in REFERENCE_PHRASES if phrase not in text]
    assert missing == []
    values = {option: published.value for option, published in figures().benefit.items()}
    assert values == {
        "focal_resection": 68.8,
        "lobar_resection": 68.8,
        "multilobar_resection": 68.8,
        "hemispherectomy": 66,
        "corpus_callosotomy": 31,
        "vns": 5,
        "continue_medical": None,
    }


def test_team_benefit_figure_is_marked_as_the_teams() -> None:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["tradeoff"]["benefit_overrides"] = [
        {"procedure": "hemispherectomy", "value": 72, "note": "our centre's last 40 infants"}
    ]
    benefit = view_of(document).option("hemispherectomy").benefit
    assert (benefit.value, benefit.edited) == (72, True)
    assert "our centre's last 40 infants" in benefit.source
    assert "66%" in benefit.note and "Moosa" in benefit.note  # the published figure stays in view
    assert "team" in benefit.text


# --- deficits and baseline ---------------------------------------------------------------------------


def test_hme_hemiparesis_is_already_present_and_hemianopia_new() -> None:
    view = view_of(vignette_document("hme_right_hemispherectomy"))
    hemiparesis = deficit(view, "hemispherectomy", "hemiparesis")
    assert hemiparesis.likelihood == "expected"
    assert hemiparesis.already_present is True
    assert "left hemiparesis" in hemiparesis.present_why
    assert deficit(view, "hemispherectomy", "fine_motor_hand").already_present is True
    option = view.option("hemispherectomy")
    assert {d.deficit for d in option.baseline_deficits} == {"hemiparesis", "fine_motor_hand"}
    assert "hemianopia" in {d.deficit for d in option.new_deficits}


def test_baseline_hemiparesis_on_the_operated_side_is_not_the_deficit() -> None:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["baseline_function"] = {"hemiparesis": "right", "visual_field": "left_hemianopia"}
    view = view_of(document)
    hemiparesis = deficit(view, "hemispherectomy", "hemiparesis")
    assert hemiparesis.already_present is False
    assert "same side as the surgery" in hemiparesis.present_why
    assert deficit(view, "hemispherectomy", "hemianopia").already_present is True


def test_unknown_baseline_falls_back_to_the_assessment_then_to_not_known() -> None:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["baseline_function"] = {"hemiparesis": "unknown", "visual_field": None}
    view = view_of(document)
    assert deficit(view, "hemispherectomy", "hemiparesis").already_present is True  # as assessed
    assert deficit(view, "hemispherectomy", "fine_motor_hand").already_present is None


def test_lobar_deficits_follow_the_lobes_and_the_side() -> None:
    view = view_of(vignette_document("fcd_left_frontal_candidate"))
    likely = {d.deficit: d.likelihood for d in view.option("lobar_resection").deficits}
    assert likely == {
        "hemiparesis": "possible",
        "fine_motor_hand": "possible",
        "hemianopia": "unlikely",
        "language": "possible",  # left (dominant) frontal
        "memory": "unlikely",
    }
    assert "frontal" in deficit(view, "lobar_resection", "hemiparesis").likelihood_why


def test_right_temporal_resection_spares_language() -> None:
    document = vignette_document("fcd_left_frontal_candidate")
    lesion = document["case"]["mri"][0]["lesions"][0]
    lesion.update(side="right", lobes=["temporal", "occipital"])
    document["case"]["tradeoff"]["assessments"] = []  # no team estimate: the defaults alone
    view = view_of(document)
    likely = {d.deficit: d.likelihood for d in view.option("lobar_resection").deficits}
    assert likely["language"] == "unlikely" and likely["memory"] == "unlikely"
    assert likely["hemianopia"] == "possible" and likely["hemiparesis"] == "unlikely"
    assert "non-dominant" in deficit(view, "lobar_resection", "language").likelihood_why


def test_a_parietal_or_temporal_resection_may_cut_the_visual_field() -> None:
    """The reference's 'occipital/posterior -> vision': the optic radiations cross both lobes."""
    document = vignette_document("fcd_left_frontal_candidate")
    lesion = document["case"]["mri"][0]["lesions"][0]
    document["case"]["tradeoff"]["assessments"] = []
    for lobes in (["parietal"], ["temporal"]):
        lesion.update(lobes=lobes)
        hemianopia = deficit(view_of(document), "lobar_resection", "hemianopia")
        assert hemianopia.likelihood == "possible", lobes
        assert "optic radiations" in hemianopia.likelihood_why
    lesion.update(lobes=["frontal"])
    spared = deficit(view_of(document), "lobar_resection", "hemianopia")
    assert spared.likelihood == "unlikely"
    assert "spares the occipital/parietal/temporal lobes" in spared.likelihood_why


def test_the_teams_likelihood_replaces_the_default_and_says_so() -> None:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["tradeoff"]["assessments"].append(
        {"procedure": "hemispherectomy", "deficit": "language", "likelihood": "unlikely"}
    )
    language = deficit(view_of(document), "hemispherectomy", "language")
    assert language.likelihood == "unlikely"
    assert "team's estimate" in language.likelihood_why and "possible" in language.likelihood_why


def test_ratings_with_comments_are_listed_per_deficit() -> None:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["tradeoff"]["assessments"].append(
        {
            "procedure": "hemispherectomy",
            "deficit": "hemiparesis",
            "rating": "concern",
            "rated_by": "neurosurgeon",
            "comment": "walking matters to them",
        }
    )
    ratings = deficit(view_of(document), "hemispherectomy", "hemiparesis").ratings
    assert [(r.rated_by, r.rating, r.comment) for r in ratings] == [
        ("family", "acceptable", None),
        ("neurosurgeon", "concern", "walking matters to them"),
    ]


# --- cost of waiting --------------------------------------------------------------------------------


def test_weeks_of_spasms_by_the_next_surgery_date() -> None:
    document = vignette_document("hme_right_hemispherectomy")  # onset 2026-03-01, ongoing
    document["case"]["tradeoff"]["next_surgery_date"] = "2026-12-22"
    waiting = view_of(document).option("continue_medical").waiting
    assert waiting.weeks_now == 38.3
    assert waiting.weeks_by_surgery == 42.3
    assert "42.3 weeks" in waiting.text and "4 more" in waiting.text
    sources = " ".join(c.source for c in waiting.evidence)
    assert "Kolosky" in sources and "O'Callaghan" in sources


def test_waiting_without_a_date_asks_for_one() -> None:
    waiting = view_of(vignette_document("hme_right_hemispherectomy")).option("continue_medical").waiting
    assert waiting.weeks_by_surgery is None and "Enter the next possible surgery date" in waiting.text


def test_waiting_after_spasms_stopped_adds_no_weeks() -> None:
    waiting = view_of(vignette_document("prednisolone_responder_not_yet")).option("continue_medical").waiting
    assert waiting.weeks_now == waiting.weeks_by_surgery == 2.7
    assert "stopped" in waiting.text


# --- the JSON and the command ----------------------------------------------------------------------


def test_json_shape() -> None:
    out = view_of(vignette_document("hme_right_hemispherectomy")).to_json()
    assert out["mrn"] == "SYN-0002" and out["proposed_procedure"] == "hemispherectomy"
    for option in out["options"]:
        assert {"procedure", "benefit", "deficits"} <= option.keys()
        assert {"value", "unit", "source", "edited"} <= option["benefit"].keys()
        for d in option["deficits"]:
            assert {"deficit", "likelihood", "already_present", "ratings"} <= d.keys()
            for r in d["ratings"]:
                assert set(r) == {"rated_by", "rating", "comment"}
    assert out["options"][-1]["procedure"] == "continue_medical"


@pytest.mark.both_backends
def test_cli_tradeoff_json_for_the_hme_vignette(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "import", "--db", db, *map(str, vignette_files()))
    assert code == 0, err
    code, out, err = run_cli(capsys, "tradeoff", "SYN-0002", "--json", "--db", db)
    assert code == 0, err
    data = json.loads(out)
    [hemi] = [o for o in data["options"] if o["procedure"] == "hemispherectomy"]
    [paresis] = [d for d in hemi["deficits"] if d["deficit"] == "hemiparesis"]
    assert paresis["already_present"] is True and paresis["likelihood"] == "expected"
    assert paresis["ratings"] == [{"rated_by": "family", "rating": "acceptable", "comment": None}]
    assert data["options"][-1]["procedure"] == "continue_medical"


def test_cli_tradeoff_text_and_chart(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(capsys, "import", "--db", str(db_path), *map(str, vignette_files()))
    chart = tmp_path / "chart.png"
    code, out, err = run_cli(
        capsys, "tradeoff", "SYN-0001", "--as-of", "2026-11-24", "--chart", str(chart), "--db", str(db_path)
    )
    assert code == 0, err
    assert "▶ LOBAR RESECTION" in out and "68.8% seizure-free" in out and "Kolosky" in out
    assert "1 of 5 deficits of lobar resection rated; not yet rated:" in out
    assert "CONTINUE MEDICAL TREATMENT" in out and "Cost of waiting" in out
    assert chart.read_bytes().startswith(PNG)


def test_cli_tradeoff_unknown_case(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Services.open(str(db_path)).close()
    code, _, err = run_cli(capsys, "tradeoff", "NOPE", "--db", str(db_path))
    assert code == 1 and err.strip() == "isconf: error: mrn: no case has MRN 'NOPE'"


# --- the chart ------------------------------------------------------------------------------------------


def _blocks(view: Any) -> list[Rectangle]:
    figure = draw_figure(view)
    deficit_axes = figure.axes[1]
    return [p for p in deficit_axes.patches if isinstance(p, Rectangle)]


def test_chart_draws_baseline_deficits_apart_from_new_ones() -> None:
    view = view_of(vignette_document("hme_right_hemispherectomy"))
    blocks = _blocks(view)
    top = max(b.get_y() for b in blocks)  # the first option (hemispherectomy) is drawn on top
    row = [b for b in blocks if b.get_y() == top]
    baseline = [b for b in row if b.get_hatch()]
    new = [b for b in row if not b.get_hatch()]
    assert len(baseline) == 2 and len(new) == 4
    grey = tuple(int(BASELINE_COLOUR[i : i + 2], 16) / 255 for i in (1, 3, 5))
    assert all(b.get_facecolor()[:3] == pytest.approx(grey) for b in baseline)
    # After every new block, with a gap.
    assert min(b.get_x() for b in baseline) > max(b.get_x() + b.get_width() for b in new) + 0.3


def test_chart_png_and_atomic_file(tmp_path: Path) -> None:
    view = view_of(vignette_document("fcd_left_frontal_candidate"))
    data = chart_png(view)
    assert data.startswith(PNG) and len(data) > 10_000
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    write_chart(view, target)
    assert target.read_bytes().startswith(PNG)
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]


def test_chart_benefit_figures_carry_their_source_number() -> None:
    view = view_of(vignette_document("bilateral_pmg_palliative"))
    figure = draw_figure(view)
    benefit_texts = [t.get_text() for t in figure.axes[0].texts]
    for option in view.options:
        number = view.sources.index(option.benefit.source) + 1
        assert any(text.endswith(f"[{number}]") for text in benefit_texts), option.procedure


def test_a_long_block_label_is_wrapped_whole_not_cut() -> None:
    figure = draw_figure(view_of(vignette_document("bilateral_pmg_palliative")))
    texts = {t.get_text(): t for t in figure.axes[1].texts}
    # Every word kept, in smaller type, in three lines.
    whole = texts["disconnection\nsigns, speech\noutput"]
    assert "✓ acceptable" in texts  # rated acceptable by the family, under its block
    assert whole.get_fontsize() < texts["hoarseness,\ncough\n(stimulation)"].get_fontsize()
    assert not any("…" in text for text in texts)


def test_chart_is_drawn_at_the_width_asked_for() -> None:
    view = view_of(vignette_document("fcd_left_frontal_candidate"))
    data = chart_png(view, width_px=1200)
    assert int.from_bytes(data[16:20], "big") == 1200  # the PNG header's width


def test_chart_content_follows_what_is_drawn_only() -> None:
    document = vignette_document("hme_right_hemispherectomy")
    before = drawn(view_of(document))
    assessment = document["case"]["tradeoff"]["assessments"][0]
    assessment["comment"] = "a comment is not on the chart"
    assert drawn(view_of(document)) == before
    assessment["rating"] = "unacceptable"
    assert drawn(view_of(document)) != before  # the refused deficit gets its dark frame


def test_chart_caption_names_every_source() -> None:
    view = view_of(vignette_document("bilateral_pmg_palliative"))
    figure = draw_figure(view)
    caption = " ".join(t.get_text() for t in figure.texts)
    for source in view.sources:
        assert source.split(" (")[0] in caption.replace("\n", " ")


# --- the case file and the store ----------------------------------------------------------------------


ADDITIONS = {
    "options": ["vns", "multilobar_resection"],
    "benefit_overrides": [
        {"procedure": "hemispherectomy", "value": 72.5, "note": "our centre"},
        {"procedure": "continue_medical", "value": 3, "note": "one more drug"},
    ],
    "next_surgery_date": "2026-12-22",
}


def with_additions() -> dict[str, Any]:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["tradeoff"].update(copy.deepcopy(ADDITIONS))
    document["case"]["tradeoff"]["assessments"][0]["comment"] = "he already uses\nhis right hand"
    return document


def test_additions_are_optional_and_round_trip_in_the_file() -> None:
    document = with_additions()
    case = parse_case_document(document)
    written = case_to_document(case)
    assert written["case"]["tradeoff"]["options"] == ADDITIONS["options"]
    assert written["case"]["tradeoff"]["benefit_overrides"] == ADDITIONS["benefit_overrides"]
    assert written["case"]["tradeoff"]["next_surgery_date"] == "2026-12-22"
    assert parse_case_document(written) == case


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"options": ["vns", "vns"]}, "case.tradeoff.options[1]", "listed twice"),
        ({"options": ["continue_medical"]}, "case.tradeoff.options[0]", "is not one of"),
        (
            {"benefit_overrides": [{"procedure": "vns", "value": 101, "note": "x"}]},
            "case.tradeoff.benefit_overrides[0].value",
            "outside the plausible range 0–100",
        ),
        (
            {"benefit_overrides": [{"procedure": "vns", "value": 5}]},
            "case.tradeoff.benefit_overrides[0].note",
            "is required",
        ),
        (
            {"benefit_overrides": [{"procedure": "vns", "note": "x"}]},
            "case.tradeoff.benefit_overrides[0].value",
            "is required",
        ),
        (
            {"benefit_overrides": [{"value": 5, "note": "x"}]},
            "case.tradeoff.benefit_overrides[0].procedure",
            "is required",
        ),
        (
            {"benefit_overrides": [{"procedure": "vns", "value": 5, "note": "x"}] * 2},
            "case.tradeoff.benefit_overrides[1].procedure",
            "keep one",
        ),
        ({"next_surgery_date": "2025-01-01"}, "case.tradeoff.next_surgery_date", "before the date of birth"),
        ({"next_surgery_date": "2031-01-01"}, "case.tradeoff.next_surgery_date", "more than two years ahead"),
        ({"next_surgery_date": "soon"}, "case.tradeoff.next_surgery_date", "not a date"),
    ],
)
def test_additions_are_validated_by_field_path(change: dict[str, Any], path: str, words: str) -> None:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["tradeoff"].update(change)
    with pytest.raises(CaseFileError) as caught:
        parse_case_document(document, today=AS_OF)
    assert [(p.path, words in p.message) for p in caught.value.problems] == [(path, True)], caught.value


def test_a_rating_comment_is_validated() -> None:
    document = vignette_document("hme_right_hemispherectomy")
    document["case"]["tradeoff"]["assessments"][0]["comment"] = 7
    with pytest.raises(CaseFileError) as caught:
        parse_case_document(document, today=AS_OF)
    assert str(caught.value) == "case.tradeoff.assessments[0].comment: must be text, not a number"


@pytest.mark.both_backends
def test_the_store_keeps_every_trade_off_field(services: Services) -> None:
    case = parse_case_document(with_additions())
    services.create_case(case)
    assert services.get_case("SYN-0002").case == case
    assert services.export_document("SYN-0002") == case_to_document(case)
    view = services.tradeoff("SYN-0002", as_of=AS_OF)
    assert view.option("hemispherectomy").benefit.edited is True
    assert view.option("continue_medical").waiting.weeks_by_surgery == 42.3


@pytest.mark.both_backends
def test_import_export_round_trip_of_the_additions(
    db: str, other_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "case.json"
    source.write_text(json.dumps(with_additions()), encoding="utf-8")
    assert run_cli(capsys, "import", "--db", db, str(source))[0] == 0
    code, out, err = run_cli(capsys, "export", "SYN-0002", "--db", db)
    assert code == 0, err
    exported = json.loads(out)
    expected = with_additions()["case"]["tradeoff"]
    expected["assessments"][1]["comment"] = None  # not recorded is written as null
    assert exported["case"]["tradeoff"] == expected
    again = tmp_path / "again.json"
    again.write_text(out, encoding="utf-8")
    assert run_cli(capsys, "import", "--db", other_db, str(again))[0] == 0
    assert json.loads(run_cli(capsys, "export", "SYN-0002", "--db", other_db)[1]) == exported


def test_deidentified_export_drops_comments_and_dates_the_surgery_by_age(services: Services) -> None:
    services.create_case(parse_case_document(with_additions()))
    tradeoff = services.export_deidentified("SYN-0002")["case"]["tradeoff"]
    assert "comment" not in tradeoff["assessments"][0]
    assert all("note" not in b for b in tradeoff["benefit_overrides"])
    assert tradeoff["benefit_overrides"][1]["procedure"] == "continue_medical"
    assert tradeoff["next_surgery_age_days"] == (date(2026, 12, 22) - date(2026, 1, 5)).days
    assert "next_surgery_date" not in tradeoff


@pytest.mark.both_backends
def test_cases_stored_before_0004_upgrade_with_nothing_added(db: str) -> None:
    services = Services.open(db)
    try:
        services.import_files(vignette_files())
    finally:
        services.close()
    database = open_database(db)
    downgrade(database.engine, "0003")
    assert "tradeoff_benefit" not in inspect(database.engine).get_table_names()
    database.close()
    services = Services.open(db)
    try:
        case = services.get_case("SYN-0002").case
    finally:
        services.close()
    assert case.tradeoff.options == () and case.tradeoff.benefit_overrides == ()
    assert case.tradeoff.next_surgery_date is None
    assert all(a.comment is None for a in case.tradeoff.assessments)
    assert len(case.tradeoff.assessments) == 2


# --- any valid case ---------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402

from case_documents import valid_documents  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_documents())
def test_any_valid_case_has_a_trade_off_with_every_rating_once(document: dict[str, Any]) -> None:
    case = parse_case_document(document)
    view = build_tradeoff(case, clock.today())
    out = json.loads(json.dumps(view.to_json()))
    assert out["options"][-1]["procedure"] == "continue_medical"
    procedures = [o["procedure"] for o in out["options"]]
    assert len(procedures) == len(set(procedures))
    shown = sorted(
        (o["procedure"], d["deficit"], r["rated_by"], r["rating"])
        for o in out["options"]
        for d in o["deficits"]
        for r in d["ratings"]
    )
    rated = sorted(
        (a.procedure, a.deficit, a.rated_by or "unnamed rater", a.rating)
        for a in case.tradeoff.assessments
        if a.rating is not None
    )
    assert shown == rated
    for option in view.options:
        assert option.benefit.source
        assert all(d.likelihood_why and d.present_why for d in option.deficits)

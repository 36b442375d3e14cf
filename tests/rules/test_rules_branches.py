"""One focused test per branch of the candidacy rules (clinical-reference.md, rules version 1).

Written from ``shared/clinical-reference.md`` ("The candidacy checklist (rules
version 1)", "Adequate first-line dosing") and ``shared/case-format.md``. Each
test edits a compact, valid base case (a surgical candidate) and checks one
rule. Where the reference is silent, the tests follow the readings the rules
document in their docstrings (``isconf/rules/*.py``) and say so.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date, timedelta
from typing import Any

import pytest

from isconf.rules import evaluate
from isconf.schema import parse_case_document

AS_OF = date(2026, 11, 24)
ONSET = date(2026, 4, 15)
CRITERIA = [
    "first_line_failed",
    "focal_lesion",
    "no_metabolic_degenerative",
    "developmental_impact",
    "acceptable_function_loss",
]
RESECTIONS = ("focal_resection", "lobar_resection", "multilobar_resection", "hemispherectomy")

# --- building cases ---------------------------------------------------------------------------------


def trial(
    agent: str = "vigabatrin",
    dose: float | None = 150,
    unit: str | None = "mg/kg/day",
    start: str | None = "2026-05-01",
    end: str | None = "2026-05-29",
    outcome: str | None = "no_response",
) -> dict[str, Any]:
    return {
        "agent": agent,
        "dose": dose,
        "dose_unit": unit,
        "start_date": start,
        "end_date": end,
        "outcome": outcome,
    }


def vigabatrin(**kw: Any) -> dict[str, Any]:
    return trial(**{"agent": "vigabatrin", "dose": 150, "unit": "mg/kg/day", **kw})


def prednisolone(**kw: Any) -> dict[str, Any]:
    return trial(
        **{
            "agent": "prednisolone",
            "dose": 40,
            "unit": "mg/day",
            "start": "2026-06-01",
            "end": "2026-06-29",
            **kw,
        }
    )


def acth(**kw: Any) -> dict[str, Any]:
    return trial(
        **{
            "agent": "acth",
            "dose": 150,
            "unit": "IU/m2/day",
            "start": "2026-07-01",
            "end": "2026-07-29",
            **kw,
        }
    )


def lesion(
    side: str | None = "left",
    extent: str | None = "lobar",
    lobes: tuple[str, ...] = ("frontal",),
    kind: str = "fcd",
    epileptogenic: bool | None = None,
) -> dict[str, Any]:
    return {
        "type": kind,
        "side": side,
        "lobes": list(lobes),
        "extent": extent,
        "epileptogenic": epileptogenic,
    }


def mri(
    day: str = "2026-05-20", finding: str = "lesional", lesions: list[dict[str, Any]] | None = None
) -> dict:
    if lesions is None:
        lesions = [] if finding == "normal" else [lesion()]
    return {"date": day, "field_strength_t": 3, "finding": finding, "lesions": lesions}


def pet(
    day: str = "2026-07-01", finding: str = "hypometabolism", side: str = "left", lobes: tuple = ("frontal",)
) -> dict:
    return {"date": day, "finding": finding, "side": side, "lobes": list(lobes)}


def eeg(day: str = "2026-06-10", lateralization: str = "left") -> dict[str, Any]:
    return {"date": day, "hypsarrhythmia": "modified", "lateralization": lateralization}


def assessment(
    procedure: str, rating: str | None = "acceptable", deficit: str = "hemiparesis"
) -> dict[str, Any]:
    return {
        "procedure": procedure,
        "deficit": deficit,
        "likelihood": "possible",
        "already_present": False,
        "rating": rating,
        "rated_by": "family",
    }


BASE: dict[str, Any] = {
    "format": "isconf-case/1",
    "case": {
        "mrn": "RULE-BASE",
        "family_name": "Testcase",
        "given_name": "Base",
        "date_of_birth": "2025-12-01",
        "sex": "female",
        "referring_center": "Synthetic Children's Hospital",
        "spasms": {
            "onset_date": ONSET.isoformat(),
            "ongoing": True,
            "last_seen_date": None,
            "clusters_per_day": 5,
            "hypsarrhythmia": "classic",
        },
        "treatments": [vigabatrin(), prednisolone()],
        "mri": [mri()],
        "eeg": [],
        "pet": [],
        "etiology": {"category": "structural", "also": [], "diagnosis": "Focal cortical dysplasia"},
        "metabolic_workup": "normal",
        "degenerative_condition": False,
        "development": {"assessed_on": "2026-07-01", "status": "delayed", "developmental_quotient": None},
        "baseline_function": {"hemiparesis": "none", "visual_field": "full"},
        # Every procedure rated acceptable, so criterion 5 is met whatever the pathway.
        "tradeoff": {
            "proposed_procedure": None,
            "assessments": [assessment(p) for p in (*RESECTIONS, "corpus_callosotomy", "vns")],
        },
    },
}


def case_doc(**fields: Any) -> dict[str, Any]:
    """The base document with whole case fields replaced (``spasms`` and friends are merged)."""
    document = copy.deepcopy(BASE)
    case = document["case"]
    for key, value in fields.items():
        if key in ("spasms", "development", "etiology", "tradeoff") and isinstance(value, dict):
            case[key] = {**case[key], **copy.deepcopy(value)}
        else:
            case[key] = copy.deepcopy(value)
    return document


def run(document: dict[str, Any], as_of: date = AS_OF) -> dict[str, Any]:
    """The isconf-evaluation/1 document for a case-file document."""
    case = parse_case_document(document, today=max(AS_OF, as_of))
    result: dict[str, Any] = evaluate(case, as_of).to_document()
    json.dumps(result)  # always serialisable
    return result


def ev(as_of: date = AS_OF, **fields: Any) -> dict[str, Any]:
    return run(case_doc(**fields), as_of)


def crit(result: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in result["criteria"] if c["id"] == cid)


def state(result: dict[str, Any], cid: str) -> str:
    return str(crit(result, cid)["state"])


def discordant(result: dict[str, Any]) -> bool:
    return any("Discordance" in w for w in result["warnings"])


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def names_day(text: str, day: date) -> bool:
    """Whether ``text`` names ``day`` (ISO, or "1 May", or "May 1")."""
    month = MONTHS[day.month - 1]
    patterns = [day.isoformat(), rf"\b{day.day} {month}", rf"\b{month}\w* {day.day}\b"]
    return any(re.search(p, text) for p in patterns)


def test_base_case_is_a_candidate() -> None:
    result = ev()
    assert result["format"] == "isconf-evaluation/1"
    assert result["rules_version"] == "1"
    assert result["as_of"] == AS_OF.isoformat()
    assert [c["id"] for c in result["criteria"]] == CRITERIA
    assert all(c["state"] == "met" for c in result["criteria"]), result["criteria"]
    assert result["status"] == "candidate"
    assert result["pathway"] == "lobar_resection"
    assert result["warnings"] == []


# --- criterion 1: first_line_failed -----------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["no_response", "partial", "relapse"])
def test_each_failed_outcome_counts(outcome: str) -> None:
    result = ev(treatments=[vigabatrin(outcome=outcome), prednisolone(outcome=outcome)])
    assert state(result, "first_line_failed") == "met"


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        ("response", ("response", "respond")),
        ("stopped_adverse_effects", ("adverse",)),
        ("ongoing", ("ongoing", "running", "not yet judged")),
    ],
)
def test_outcomes_that_are_not_failure_do_not_count_and_say_why(outcome: str, words: tuple[str, ...]) -> None:
    result = ev(treatments=[vigabatrin(outcome=outcome), prednisolone()])
    assert state(result, "first_line_failed") == "not_met"
    said = crit(result, "first_line_failed")["reason"].lower()
    assert any(w in said for w in words), said
    assert "vigabatrin" in said


def test_the_criterion_reason_itself_names_an_adverse_effect_stop() -> None:
    result = ev(treatments=[vigabatrin(outcome="stopped_adverse_effects"), prednisolone()])
    assert "adverse" in crit(result, "first_line_failed")["reason"].lower()


def test_a_trial_stopped_for_adverse_effects_does_not_count_even_when_long_and_adequate() -> None:
    result = ev(
        treatments=[
            vigabatrin(start="2026-05-01", end="2026-08-01", outcome="stopped_adverse_effects"),
            prednisolone(),
        ]
    )
    assert state(result, "first_line_failed") == "not_met"
    assert result["urgency"]["weeks_since_drug_resistance"] is None


@pytest.mark.parametrize(("end", "counts"), [("2026-05-14", False), ("2026-05-15", True)])
def test_the_14_day_minimum(end: str, counts: bool) -> None:
    # 1 May to 14 May is 13 days; to 15 May, 14 days.
    result = ev(treatments=[vigabatrin(start="2026-05-01", end=end), prednisolone()])
    assert state(result, "first_line_failed") == ("met" if counts else "not_met")
    if not counts:
        said = crit(result, "first_line_failed")["reason"]
        assert "13" in said and "14" in said, said


@pytest.mark.parametrize(("as_of", "counts"), [(date(2026, 11, 23), False), (date(2026, 11, 24), True)])
def test_a_trial_without_end_date_counts_once_14_days_have_passed(as_of: date, counts: bool) -> None:
    # Documented reading: no end date means still being given, counted to the evaluation date.
    running = acth(start="2026-11-10", end=None, outcome="no_response")
    result = ev(as_of=as_of, treatments=[vigabatrin(), running])
    assert state(result, "first_line_failed") == ("met" if counts else "not_met")


def test_a_trial_ending_after_the_evaluation_date_is_counted_to_it() -> None:
    trials = [
        vigabatrin(start="2026-05-01", end="2026-05-29"),
        acth(start="2026-06-01", end="2026-07-31", outcome="partial"),
    ]
    assert state(ev(as_of=date(2026, 6, 14), treatments=trials), "first_line_failed") == "not_met"
    assert state(ev(as_of=date(2026, 6, 15), treatments=trials), "first_line_failed") == "met"


DOSE_CASES = [
    ("vigabatrin", "mg/kg/day", 99, 100),
    ("prednisolone", "mg/kg/day", 3.9, 4),
    ("prednisolone", "mg/day", 39, 40),
    ("acth", "IU/m2/day", 19, 20),
    ("acth", "IU/day", 19, 20),
]


def _dose_trials(agent: str, unit: str, dose: float) -> list[dict[str, Any]]:
    tested = trial(agent=agent, dose=dose, unit=unit, start="2026-05-01", end="2026-05-29")
    other = prednisolone() if agent == "vigabatrin" else vigabatrin(start="2026-06-01", end="2026-06-29")
    return [tested, other]


@pytest.mark.parametrize(("agent", "unit", "low", "adequate"), DOSE_CASES)
def test_dose_below_the_minimum_does_not_count(agent: str, unit: str, low: float, adequate: float) -> None:
    result = ev(treatments=_dose_trials(agent, unit, low))
    assert state(result, "first_line_failed") == "not_met"
    said = crit(result, "first_line_failed")["reason"].replace("\u00b2", "2")
    assert "below" in said and f"{adequate:g} {unit}" in said and f"{low:g} {unit}" in said, said


@pytest.mark.parametrize(("agent", "unit", "low", "adequate"), DOSE_CASES)
def test_dose_at_the_minimum_counts(agent: str, unit: str, low: float, adequate: float) -> None:
    result = ev(treatments=_dose_trials(agent, unit, adequate))
    assert state(result, "first_line_failed") == "met"
    assert not [w for w in result["warnings"] if "dose" in w.lower()]


def test_the_underdosed_trial_is_named_with_agent_dose_dates_and_minimum() -> None:
    result = ev(treatments=[vigabatrin(dose=99, start="2026-05-01", end="2026-05-29"), prednisolone()])
    said = crit(result, "first_line_failed")["reason"]
    assert "vigabatrin" in said.lower()
    assert "99 mg/kg/day" in said
    assert names_day(said, date(2026, 5, 1)) and names_day(said, date(2026, 5, 29)), said
    assert "below the adequate 100 mg/kg/day" in said


@pytest.mark.parametrize(
    ("tested", "other"),
    [
        (trial(agent="acth", dose=2, unit="IU/kg/day"), prednisolone()),
        (trial(agent="vigabatrin", dose=1000, unit="mg/day"), prednisolone()),
    ],
)
def test_a_dose_the_table_cannot_compare_warns_and_counts(
    tested: dict[str, Any], other: dict[str, Any]
) -> None:
    result = ev(treatments=[tested, other])
    assert state(result, "first_line_failed") == "met"
    assert any("not comparable" in w.lower() for w in result["warnings"]), result["warnings"]


def test_a_dose_not_recorded_leaves_the_criterion_unknown_and_names_it() -> None:
    # Documented reading (treatment.py): only a dose in an incomparable unit is exempt.
    result = ev(treatments=[vigabatrin(dose=None, unit=None), prednisolone()])
    assert state(result, "first_line_failed") == "unknown"
    assert crit(result, "first_line_failed")["missing"] == ["treatments[0].dose"]
    assert "cannot be judged: its dose not recorded" in crit(result, "first_line_failed")["reason"]
    assert result["status"] == "incomplete"
    assert result["status_reason"] == (
        "Rule 2: first-line failure cannot be judged yet (dose of treatment 1 not recorded)."
    )


@pytest.mark.parametrize("field", ["outcome", "start_date"])
def test_an_unrecorded_outcome_or_start_that_would_decide_is_unknown(field: str) -> None:
    first = vigabatrin(**({"outcome": None} if field == "outcome" else {"start": None}))
    result = ev(treatments=[first, prednisolone()])
    assert state(result, "first_line_failed") == "unknown"
    assert crit(result, "first_line_failed")["missing"] == [f"treatments[0].{field}"]


def test_a_gap_that_cannot_decide_leaves_not_met() -> None:
    # One trial whose dose is missing cannot make two failures on its own.
    result = ev(treatments=[vigabatrin(dose=None, unit=None)])
    assert state(result, "first_line_failed") == "not_met"
    assert "dose not recorded" in crit(result, "first_line_failed")["reason"]


def test_a_responder_is_not_told_to_try_other_agents() -> None:
    result = ev(treatments=[prednisolone(outcome="response")])
    reason = crit(result, "first_line_failed")["reason"]
    assert "Not yet tried" not in reason
    assert "responded to Prednisolone; no further first-line trial is needed unless they return" in reason


def test_two_failed_trials_of_one_agent_warn() -> None:
    result = ev(
        treatments=[
            vigabatrin(start="2026-05-01", end="2026-05-20", dose=100),
            vigabatrin(start="2026-05-21", end="2026-06-10", dose=150),
        ]
    )
    assert state(result, "first_line_failed") == "met"
    assert any(w.startswith("Same agent counted twice") for w in result["warnings"])


def test_two_agents_given_together_count_as_one_trial_each() -> None:
    together = [
        vigabatrin(start="2026-05-01", end="2026-05-29"),
        prednisolone(start="2026-05-01", end="2026-05-29"),
    ]
    result = ev(treatments=together)
    assert state(result, "first_line_failed") == "met"
    assert result["urgency"]["drug_resistance_date"] == "2026-05-29"


def test_one_failed_trial_is_not_met_and_names_the_untried_options() -> None:
    result = ev(treatments=[vigabatrin()])
    assert state(result, "first_line_failed") == "not_met"
    reason = crit(result, "first_line_failed")["reason"]
    assert "ACTH" in reason and "prednisolone" in reason.lower(), reason


def test_other_treatments_are_not_first_line() -> None:
    others = [
        {
            "agent": "other_asm",
            "name": "Topiramate",
            "dose": 5,
            "dose_unit": "mg/kg/day",
            "start_date": "2026-05-01",
            "end_date": "2026-06-01",
            "outcome": "no_response",
        },
        {
            "agent": "ketogenic_diet",
            "start_date": "2026-06-02",
            "end_date": "2026-07-15",
            "outcome": "no_response",
        },
    ]
    result = ev(treatments=others)
    assert state(result, "first_line_failed") == "not_met"
    reason = crit(result, "first_line_failed")["reason"]
    assert "ACTH" in reason and "prednisolone" in reason.lower() and "vigabatrin" in reason.lower(), reason
    assert result["urgency"]["lead_time_days"] is None


def test_no_treatment_is_unknown() -> None:
    result = ev(treatments=[])
    c = crit(result, "first_line_failed")
    assert c["state"] == "unknown" and c["missing"]
    assert result["status"] == "incomplete"


def test_drug_resistance_is_the_end_of_the_second_failed_trial() -> None:
    result = ev(treatments=[vigabatrin(), prednisolone(), acth()])
    assert state(result, "first_line_failed") == "met"
    assert result["urgency"]["drug_resistance_date"] == "2026-06-29"
    assert result["urgency"]["weeks_since_drug_resistance"] == round((AS_OF - date(2026, 6, 29)).days / 7, 1)


def test_drug_resistance_skips_a_trial_that_does_not_count() -> None:
    trials = [vigabatrin(outcome="stopped_adverse_effects"), prednisolone(), acth()]
    result = ev(treatments=trials)
    assert result["urgency"]["drug_resistance_date"] == "2026-07-29"
    assert result["urgency"]["weeks_since_drug_resistance"] == 16.9  # 118 days


def test_no_drug_resistance_without_two_failures() -> None:
    assert ev(treatments=[vigabatrin()])["urgency"]["weeks_since_drug_resistance"] is None


# --- criterion 2: focal_lesion ----------------------------------------------------------------------


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_unilateral_non_diffuse_lesion_is_met(side: str) -> None:
    result = ev(mri=[mri(lesions=[lesion(side=side, extent="focal")])])
    assert state(result, "focal_lesion") == "met"
    assert result["pathway"] == "focal_resection"


def test_a_unilateral_diffuse_lesion_is_not_met() -> None:
    result = ev(mri=[mri(lesions=[lesion(side="left", extent="diffuse")])])
    assert state(result, "focal_lesion") == "not_met"
    assert result["pathway"] == "corpus_callosotomy_or_vns"
    assert result["status"] == "palliative_candidate"


@pytest.mark.parametrize("marked", [None, False])
def test_bilateral_lesion_without_a_leading_lesion_is_not_met(marked: bool | None) -> None:
    tubers = lesion(
        side="bilateral", extent="multilobar", lobes=("frontal", "parietal"), kind="tuberous_sclerosis"
    )
    alone = ev(mri=[mri(lesions=[tubers])])
    assert state(alone, "focal_lesion") == "not_met"
    assert alone["pathway"] == "corpus_callosotomy_or_vns"
    beside = ev(
        mri=[
            mri(
                lesions=[
                    tubers,
                    lesion(side="left", extent="focal", kind="tuberous_sclerosis", epileptogenic=marked),
                ]
            )
        ]
    )
    assert state(beside, "focal_lesion") == "not_met"
    assert beside["pathway"] == "corpus_callosotomy_or_vns"


def test_bilateral_lesion_with_an_epileptogenic_unilateral_lesion_is_met() -> None:
    lesions = [
        lesion(
            side="bilateral", extent="multilobar", lobes=("frontal", "parietal"), kind="tuberous_sclerosis"
        ),
        lesion(side="right", extent="multilobar", lobes=("temporal", "parietal"), kind="tuberous_sclerosis"),
        lesion(
            side="left", extent="focal", lobes=("frontal",), kind="tuberous_sclerosis", epileptogenic=True
        ),
    ]
    result = ev(mri=[mri(lesions=lesions)])
    assert state(result, "focal_lesion") == "met"
    # The pathway comes from the epileptogenic lesion, not from the larger unmarked one.
    assert result["pathway"] == "focal_resection"
    assert result["status"] == "candidate"


def test_diffuse_lesion_with_an_epileptogenic_unilateral_lesion_is_met() -> None:
    lesions = [
        lesion(side="left", extent="diffuse", kind="other"),
        lesion(side="left", extent="lobar", lobes=("temporal",), epileptogenic=True),
    ]
    result = ev(mri=[mri(lesions=lesions)])
    assert state(result, "focal_lesion") == "met"
    assert result["pathway"] == "lobar_resection"


def test_pathway_from_the_marked_lesions_when_any_is_marked() -> None:
    lesions = [
        lesion(side="left", extent="hemispheric", kind="polymicrogyria"),
        lesion(side="left", extent="focal", epileptogenic=True),
    ]
    assert ev(mri=[mri(lesions=lesions)])["pathway"] == "focal_resection"


def test_pathway_from_the_largest_extent_among_unilateral_lesions() -> None:
    lesions = [
        lesion(side="left", extent="focal"),
        lesion(side="left", extent="multilobar", lobes=("frontal", "parietal")),
    ]
    assert ev(mri=[mri(lesions=lesions)])["pathway"] == "multilobar_resection"


@pytest.mark.parametrize(
    ("extent", "pathway"),
    [
        ("focal", "focal_resection"),
        ("lobar", "lobar_resection"),
        ("multilobar", "multilobar_resection"),
        ("hemispheric", "hemispherectomy"),
    ],
)
def test_pathway_by_extent(extent: str, pathway: str) -> None:
    result = ev(mri=[mri(lesions=[lesion(side="right", extent=extent)])])
    assert result["pathway"] == pathway
    assert result["status"] == "candidate"


def test_the_latest_mri_by_date_is_read_not_the_first_listed() -> None:
    newer_lesional = mri(day="2026-09-01", lesions=[lesion(side="right", extent="hemispheric")])
    older_normal = mri(day="2026-03-01", finding="normal")
    result = ev(mri=[newer_lesional, older_normal])
    assert state(result, "focal_lesion") == "met"
    assert result["pathway"] == "hemispherectomy"

    newer_normal = mri(day="2026-09-01", finding="normal")
    older_lesional = mri(day="2026-03-01", lesions=[lesion(side="right", extent="hemispheric")])
    result = ev(mri=[newer_normal, older_lesional])
    assert state(result, "focal_lesion") == "not_met"
    assert result["pathway"] == "corpus_callosotomy_or_vns"


@pytest.mark.parametrize("finding", ["normal", "nonspecific"])
@pytest.mark.parametrize(
    ("lobes", "pathway"),
    [
        ((), "lobar_resection"),
        (("temporal",), "lobar_resection"),
        (("temporal", "parietal"), "multilobar_resection"),
        (("frontal", "temporal", "parietal"), "multilobar_resection"),
    ],
)
def test_mri_negative_with_unilateral_pet_is_met(finding: str, lobes: tuple[str, ...], pathway: str) -> None:
    result = ev(mri=[mri(finding=finding, lesions=[])], pet=[pet(side="right", lobes=lobes)])
    assert state(result, "focal_lesion") == "met"
    assert result["pathway"] == pathway
    assert result["status"] == "candidate"


def test_pet_hypermetabolism_counts_as_unilateral_abnormality() -> None:
    result = ev(mri=[mri(finding="normal")], pet=[pet(finding="hypermetabolism", side="left")])
    assert state(result, "focal_lesion") == "met"


@pytest.mark.parametrize(
    "pet_study",
    [
        pet(finding="normal", side="none", lobes=()),
        pet(finding="normal", side="left"),
        pet(finding="hypometabolism", side="bilateral", lobes=("temporal",)),
        pet(finding="hypometabolism", side="none", lobes=()),
    ],
)
def test_mri_negative_without_unilateral_pet_is_not_met_and_palliative(pet_study: dict[str, Any]) -> None:
    result = ev(mri=[mri(finding="normal")], pet=[pet_study])
    assert state(result, "focal_lesion") == "not_met"
    assert result["pathway"] == "corpus_callosotomy_or_vns"
    assert result["status"] == "palliative_candidate"


def test_mri_negative_and_no_pet_is_not_met() -> None:
    result = ev(mri=[mri(finding="nonspecific", lesions=[])], pet=[])
    assert state(result, "focal_lesion") == "not_met"
    assert result["pathway"] == "corpus_callosotomy_or_vns"


def test_the_latest_pet_is_read() -> None:
    result = ev(
        mri=[mri(finding="normal")],
        pet=[
            pet(day="2026-09-01", finding="normal", side="none", lobes=()),
            pet(day="2026-06-01", side="left"),
        ],
    )
    assert state(result, "focal_lesion") == "not_met"


def test_pet_does_not_replace_a_lesional_mri() -> None:
    # PET alone only counts when the MRI is normal or nonspecific.
    bilateral = lesion(side="bilateral", extent="diffuse", kind="polymicrogyria")
    result = ev(mri=[mri(lesions=[bilateral])], pet=[pet(side="left")])
    assert state(result, "focal_lesion") == "not_met"


def test_no_mri_is_unknown_with_no_pathway() -> None:
    result = ev(mri=[], pet=[pet(side="left")])
    c = crit(result, "focal_lesion")
    assert c["state"] == "unknown" and c["missing"]
    assert result["pathway"] is None
    assert result["status"] == "refer_for_evaluation"


def test_unrecorded_side_of_the_only_lesion_is_unknown() -> None:
    # Documented reading (lesion.py): side or extent not recorded → unknown, naming the field.
    for bad in (lesion(side=None), lesion(extent=None)):
        c = crit(ev(mri=[mri(lesions=[bad])]), "focal_lesion")
        assert c["state"] == "unknown" and c["missing"], c


def test_discordance_when_the_latest_eeg_lateralizes_to_the_other_side() -> None:
    # Latest listed first; the older study agrees with the lesion.
    result = ev(
        eeg=[eeg(day="2026-08-01", lateralization="right"), eeg(day="2026-06-01", lateralization="left")]
    )
    assert state(result, "focal_lesion") == "met"
    assert discordant(result)


@pytest.mark.parametrize("side", ["left", "bilateral", "none"])
def test_no_discordance_when_the_latest_eeg_is_concordant_or_bilateral(side: str) -> None:
    result = ev(
        eeg=[eeg(day="2026-08-01", lateralization=side), eeg(day="2026-06-01", lateralization="right")]
    )
    assert not discordant(result)


def test_discordance_when_the_latest_pet_shows_the_other_side() -> None:
    result = ev(pet=[pet(side="right", lobes=("temporal",))])
    assert state(result, "focal_lesion") == "met"
    assert discordant(result)
    assert not discordant(ev(pet=[pet(side="left")]))
    assert not discordant(ev(pet=[pet(side="bilateral")]))


def test_discordance_for_a_pet_defined_zone_and_an_eeg_on_the_other_side() -> None:
    result = ev(mri=[mri(finding="normal")], pet=[pet(side="left")], eeg=[eeg(lateralization="right")])
    assert state(result, "focal_lesion") == "met"
    assert discordant(result)


# --- criterion 3: no_metabolic_degenerative -------------------------------------------------------


@pytest.mark.parametrize(
    "etiology",
    [
        {"category": "metabolic", "also": []},
        {"category": "structural", "also": ["genetic", "metabolic"]},
        {"category": None, "also": ["infectious", "metabolic", "immune"]},
    ],
)
def test_a_metabolic_etiology_is_not_met(etiology: dict[str, Any]) -> None:
    result = ev(etiology=etiology)
    assert state(result, "no_metabolic_degenerative") == "not_met"
    assert result["status"] == "not_candidate"
    assert result["pathway"] is None


def test_a_degenerative_condition_is_not_met() -> None:
    assert state(ev(degenerative_condition=True), "no_metabolic_degenerative") == "not_met"


def test_an_abnormal_metabolic_workup_is_not_met() -> None:
    assert state(ev(metabolic_workup="abnormal"), "no_metabolic_degenerative") == "not_met"


def test_normal_workup_and_no_degenerative_condition_is_met() -> None:
    result = ev(etiology={"category": "genetic", "also": ["structural"]})
    assert state(result, "no_metabolic_degenerative") == "met"


@pytest.mark.parametrize(
    ("workup", "degenerative", "missing"),
    [
        (None, False, {"metabolic_workup"}),
        ("not_done", False, {"metabolic_workup"}),
        ("normal", None, {"degenerative_condition"}),
        (None, None, {"metabolic_workup", "degenerative_condition"}),
    ],
)
def test_metabolic_unknown_names_what_is_missing(
    workup: str | None, degenerative: bool | None, missing: set[str]
) -> None:
    result = ev(metabolic_workup=workup, degenerative_condition=degenerative)
    c = crit(result, "no_metabolic_degenerative")
    assert c["state"] == "unknown"
    assert {m.split(".")[-1] for m in c["missing"]} >= missing, c["missing"]
    for field in missing:
        assert field.split("_")[0] in c["reason"].lower(), c["reason"]
    assert result["status"] == "refer_for_evaluation"


# --- criterion 4: developmental_impact -----------------------------------------------------------


@pytest.mark.parametrize("status", ["delayed", "regression", "arrest"])
def test_delay_regression_or_arrest_is_met(status: str) -> None:
    assert (
        state(ev(development={"status": status, "developmental_quotient": 95}), "developmental_impact")
        == "met"
    )


@pytest.mark.parametrize("status", ["normal", None, "unknown"])
def test_a_quotient_below_70_is_met_whatever_the_status(status: str | None) -> None:
    result = ev(development={"status": status, "developmental_quotient": 65})
    assert state(result, "developmental_impact") == "met"


@pytest.mark.parametrize(
    ("dq", "expected"), [(69.9, "met"), (70, "not_met"), (90, "not_met"), (None, "not_met")]
)
def test_normal_status_without_a_quotient_below_70_is_not_met(dq: float | None, expected: str) -> None:
    result = ev(development={"status": "normal", "developmental_quotient": dq})
    assert state(result, "developmental_impact") == expected
    if expected == "not_met":
        assert result["status"] == "not_candidate"
        assert result["pathway"] is None


@pytest.mark.parametrize("status", [None, "unknown"])
def test_development_not_assessed_is_unknown(status: str | None) -> None:
    result = ev(development={"assessed_on": None, "status": status, "developmental_quotient": None})
    c = crit(result, "developmental_impact")
    assert c["state"] == "unknown" and c["missing"]
    assert result["status"] == "refer_for_evaluation"


# --- criterion 5: acceptable_function_loss ---------------------------------------------------------


def test_the_proposed_procedure_is_judged_not_the_pathway() -> None:
    # Pathway lobar resection (rated acceptable) but the team proposes hemispherectomy.
    tradeoff = {
        "proposed_procedure": "hemispherectomy",
        "assessments": [assessment("lobar_resection"), assessment("hemispherectomy", "unacceptable")],
    }
    result = ev(tradeoff=tradeoff)
    assert state(result, "acceptable_function_loss") == "not_met"
    assert result["status"] == "not_candidate"

    tradeoff = {"proposed_procedure": "hemispherectomy", "assessments": [assessment("lobar_resection")]}
    c = crit(ev(tradeoff=tradeoff), "acceptable_function_loss")
    assert c["state"] == "unknown" and c["missing"]


def test_without_a_proposal_the_pathway_procedure_is_judged() -> None:
    tradeoff = {
        "proposed_procedure": None,
        "assessments": [assessment("lobar_resection", "unacceptable"), assessment("hemispherectomy")],
    }
    result = ev(tradeoff=tradeoff)
    c = crit(result, "acceptable_function_loss")
    assert c["state"] == "not_met"
    assert "hemiparesis" in c["reason"].lower()  # names the unacceptable loss
    assert result["status"] == "not_candidate"


def test_acceptable_and_concern_ratings_are_met() -> None:
    tradeoff = {
        "proposed_procedure": "lobar_resection",
        "assessments": [assessment("lobar_resection"), assessment("lobar_resection", "concern", "language")],
    }
    assert state(ev(tradeoff=tradeoff), "acceptable_function_loss") == "met"


def test_one_unacceptable_among_acceptable_is_not_met() -> None:
    tradeoff = {
        "proposed_procedure": "lobar_resection",
        "assessments": [
            assessment("lobar_resection"),
            assessment("lobar_resection", "unacceptable", "language"),
        ],
    }
    assert state(ev(tradeoff=tradeoff), "acceptable_function_loss") == "not_met"


def test_no_assessment_of_the_procedure_is_unknown() -> None:
    result = ev(tradeoff={"proposed_procedure": None, "assessments": [assessment("vns")]})
    c = crit(result, "acceptable_function_loss")
    assert c["state"] == "unknown" and c["missing"]
    assert result["status"] == "refer_for_evaluation"
    assert result["pathway"] == "lobar_resection"


def test_unrated_assessments_do_not_count() -> None:
    # Documented reading (conditions.py): only rated assessments count.
    result = ev(tradeoff={"proposed_procedure": None, "assessments": [assessment("lobar_resection", None)]})
    assert state(result, "acceptable_function_loss") == "unknown"


def test_palliative_pathway_reads_callosotomy_or_vns_assessments() -> None:
    normal_mri = [mri(finding="normal")]
    met = ev(
        mri=normal_mri,
        tradeoff={"proposed_procedure": None, "assessments": [assessment("corpus_callosotomy")]},
    )
    assert state(met, "acceptable_function_loss") == "met"
    assert met["status"] == "palliative_candidate"
    refused = ev(
        mri=normal_mri,
        tradeoff={"proposed_procedure": None, "assessments": [assessment("vns", "unacceptable")]},
    )
    assert state(refused, "acceptable_function_loss") == "not_met"


def test_no_procedure_at_all_is_unknown() -> None:
    # No proposal and no pathway (no MRI): nothing to judge.
    c = crit(ev(mri=[], tradeoff={"proposed_procedure": None}), "acceptable_function_loss")
    assert c["state"] == "unknown" and c["missing"]


# --- status rules 1-7, in order ----------------------------------------------------------------------


def test_rule_1_metabolic_comes_before_everything() -> None:
    result = ev(metabolic_workup="abnormal", treatments=[], mri=[], development={"status": "normal"})
    assert result["status"] == "not_candidate"
    assert result["pathway"] is None
    assert result["urgency"]["urgent"] is False


def test_rule_2_no_treatment_is_incomplete_before_rules_3_to_7() -> None:
    result = ev(treatments=[], development={"status": "normal"})
    assert result["status"] == "incomplete"
    assert result["pathway"] is None
    assert result["urgency"]["urgent"] is False


def test_rule_3_early_referral_for_a_focal_lesion_after_one_failed_trial() -> None:
    result = ev(treatments=[vigabatrin()])
    assert state(result, "first_line_failed") == "not_met"
    assert result["status"] == "refer_for_evaluation"
    assert result["pathway"] == "lobar_resection"
    assert result["urgency"]["urgent"] is True


def test_rule_3_comes_before_rule_4() -> None:
    result = ev(treatments=[vigabatrin()], development={"status": "normal", "developmental_quotient": 95})
    assert result["status"] == "refer_for_evaluation"


def test_rule_3_not_yet_when_spasms_stopped() -> None:
    result = ev(treatments=[vigabatrin()], spasms={"ongoing": False, "last_seen_date": "2026-08-01"})
    assert result["status"] == "not_yet"
    assert result["pathway"] is None
    assert result["urgency"]["urgent"] is False


def test_rule_3_not_yet_without_a_focal_lesion() -> None:
    result = ev(treatments=[vigabatrin()], mri=[mri(finding="normal")])
    assert result["status"] == "not_yet"
    assert result["pathway"] is None


def test_rule_3_not_yet_when_no_first_line_trial_has_failed() -> None:
    result = ev(treatments=[vigabatrin(outcome="response"), prednisolone(outcome="stopped_adverse_effects")])
    assert result["status"] == "not_yet"
    assert result["pathway"] is None
    assert result["urgency"]["urgent"] is False


def test_rule_3_unrecorded_ongoing_counts_as_ongoing_unless_a_last_seen_date() -> None:
    # Documented reading (evaluate.py): ongoing not recorded counts as ongoing unless last seen.
    assert ev(treatments=[vigabatrin()], spasms={"ongoing": None})["status"] == "refer_for_evaluation"
    stopped = ev(treatments=[vigabatrin()], spasms={"ongoing": None, "last_seen_date": "2026-08-01"})
    assert stopped["status"] == "not_yet"


def test_rule_4_normal_development_is_not_candidate() -> None:
    result = ev(development={"status": "normal", "developmental_quotient": 90})
    assert result["status"] == "not_candidate"
    assert result["pathway"] is None


def test_rule_4_comes_before_rules_5_and_6() -> None:
    result = ev(
        development={"status": "normal"},
        tradeoff={"proposed_procedure": None, "assessments": [assessment("lobar_resection", "unacceptable")]},
        metabolic_workup=None,
    )
    assert result["status"] == "not_candidate"


def test_rule_5_unacceptable_loss_is_not_candidate_before_rule_6() -> None:
    result = ev(
        tradeoff={"proposed_procedure": None, "assessments": [assessment("lobar_resection", "unacceptable")]},
        metabolic_workup="not_done",
    )
    assert result["status"] == "not_candidate"
    assert result["pathway"] is None


@pytest.mark.parametrize(
    "fields",
    [
        {"metabolic_workup": "not_done"},
        {"development": {"status": None, "developmental_quotient": None}},
        {"tradeoff": {"proposed_procedure": None, "assessments": []}},
        {"mri": []},
    ],
)
def test_rule_6_any_unknown_is_refer_for_evaluation(fields: dict[str, Any]) -> None:
    result = ev(**fields)
    assert result["status"] == "refer_for_evaluation"
    assert result["missing"], result
    assert result["urgency"]["urgent"] is True


def test_rule_7_candidate_and_palliative_candidate() -> None:
    assert ev()["status"] == "candidate"
    palliative = ev(mri=[mri(lesions=[lesion(side="bilateral", extent="multilobar")])])
    assert palliative["status"] == "palliative_candidate"
    assert palliative["pathway"] == "corpus_callosotomy_or_vns"


# --- urgency ----------------------------------------------------------------------------------------


def test_spasm_weeks_run_to_the_evaluation_date_while_ongoing() -> None:
    result = ev()
    assert result["urgency"]["ongoing"] is True
    assert result["urgency"]["spasm_weeks"] == round((AS_OF - ONSET).days / 7, 1) == 31.9


def test_spasm_weeks_run_to_last_seen_once_stopped() -> None:
    result = ev(spasms={"ongoing": False, "last_seen_date": "2026-08-01"})
    assert result["urgency"]["ongoing"] is False
    assert result["urgency"]["spasm_weeks"] == round((date(2026, 8, 1) - ONSET).days / 7, 1) == 15.4
    assert result["urgency"]["urgent"] is False
    assert result["status"] == "candidate"


@pytest.mark.parametrize(
    ("days", "category"),
    [(0, 1), (7, 1), (8, 2), (14, 2), (15, 3), (30, 3), (31, 4), (60, 4), (61, 5), (120, 5)],
)
def test_lead_time_and_ukiss_band(days: int, category: int) -> None:
    start = ONSET + timedelta(days=days)
    first = vigabatrin(start=start.isoformat(), end=(start + timedelta(days=28)).isoformat())
    second = prednisolone(
        start=(start + timedelta(days=30)).isoformat(), end=(start + timedelta(days=60)).isoformat()
    )
    result = ev(treatments=[second, first])
    assert result["urgency"]["lead_time_days"] == days
    assert result["urgency"]["lead_time_category"] == category


def test_lead_time_is_to_the_first_first_line_trial_whatever_its_outcome() -> None:
    other = {"agent": "other_asm", "name": "Topiramate", "start_date": "2026-04-16", "outcome": "no_response"}
    trials = [prednisolone(), other, vigabatrin(start="2026-04-25", outcome="response")]
    result = ev(treatments=trials)
    assert result["urgency"]["lead_time_days"] == 10
    assert result["urgency"]["lead_time_category"] == 2


def test_no_lead_time_without_a_first_line_trial() -> None:
    result = ev(treatments=[])
    assert result["urgency"]["lead_time_days"] is None
    assert result["urgency"]["lead_time_category"] is None


@pytest.mark.parametrize(
    ("fields", "status", "urgent"),
    [
        ({}, "candidate", True),
        ({"mri": [mri(finding="normal")]}, "palliative_candidate", True),
        ({"metabolic_workup": "not_done"}, "refer_for_evaluation", True),
        ({"treatments": [vigabatrin()]}, "refer_for_evaluation", True),
        ({"treatments": [vigabatrin()], "mri": [mri(finding="normal")]}, "not_yet", False),
        ({"development": {"status": "normal"}}, "not_candidate", False),
        ({"treatments": []}, "incomplete", False),
        ({"spasms": {"ongoing": False, "last_seen_date": "2026-10-01"}}, "candidate", False),
        (
            {"spasms": {"ongoing": False, "last_seen_date": "2026-10-01"}, "metabolic_workup": None},
            "refer_for_evaluation",
            False,
        ),
    ],
)
def test_urgent_only_while_ongoing_and_in_an_urgent_status(
    fields: dict[str, Any], status: str, urgent: bool
) -> None:
    result = ev(**fields)
    assert result["status"] == status
    assert result["urgency"]["urgent"] is urgent


@pytest.mark.parametrize("days", [1, 3, 100, 101, 222, 365])
def test_weeks_are_rounded_to_one_decimal(days: int) -> None:
    onset = AS_OF - timedelta(days=days)
    result = ev(
        date_of_birth="2025-06-01",
        spasms={"onset_date": onset.isoformat()},
        treatments=[
            vigabatrin(start=onset.isoformat(), end=None),
            prednisolone(start=onset.isoformat(), end=None),
        ]
        if days >= 14
        else [vigabatrin(start=onset.isoformat(), end=None)],
    )
    weeks = result["urgency"]["spasm_weeks"]
    assert weeks == round(days / 7, 1)
    assert weeks == float(f"{weeks:.1f}")


def test_rules_version_is_stamped() -> None:
    assert ev()["rules_version"] == "1"
    assert ev(treatments=[], mri=[])["rules_version"] == "1"


def test_every_unknown_criterion_lists_what_is_missing() -> None:
    bare = {
        "format": "isconf-case/1",
        "case": {"mrn": "RULE-BARE", "family_name": "Testcase", "treatments": [vigabatrin(), prednisolone()]},
    }
    result = run(bare)
    states = {c["id"]: c["state"] for c in result["criteria"]}
    assert states["first_line_failed"] == "met"
    assert [s for cid, s in states.items() if cid != "first_line_failed"] == ["unknown"] * 4
    for c in result["criteria"]:
        if c["state"] == "unknown":
            assert c["missing"], c
            assert c["reason"]
    assert result["missing"]
    assert result["status"] == "refer_for_evaluation"
    assert result["pathway"] is None
    assert result["urgency"]["spasm_weeks"] is None


def test_a_trial_starting_after_the_evaluation_date_is_not_yet_tried() -> None:
    result = ev(
        as_of=date(2026, 6, 10), treatments=[vigabatrin(), acth(start="2026-07-01", end="2026-07-29")]
    )
    reason = crit(result, "first_line_failed")["reason"]
    assert state(result, "first_line_failed") == "not_met"
    assert "ACTH" in reason and "prednisolone" in reason.lower(), reason


def test_a_unilateral_lesion_beside_a_diffuse_one_without_a_leading_lesion_is_not_met() -> None:
    lesions = [lesion(side="left", extent="diffuse", kind="other"), lesion(side="left", extent="focal")]
    result = ev(mri=[mri(lesions=lesions)])
    assert state(result, "focal_lesion") == "not_met"
    assert result["pathway"] == "corpus_callosotomy_or_vns"


def test_unilateral_lesions_on_both_sides_are_met_from_the_largest() -> None:
    # Each lesion is on one side and none is bilateral or diffuse: the met branch applies.
    lesions = [lesion(side="left", extent="focal"), lesion(side="right", extent="lobar", lobes=("temporal",))]
    result = ev(mri=[mri(lesions=lesions)])
    assert state(result, "focal_lesion") == "met"
    assert result["pathway"] == "lobar_resection"


# --- readings where the reference is silent or at odds with itself ---------------------------------


def test_a_met_reason_also_names_a_trial_that_does_not_count() -> None:
    result = ev(
        treatments=[vigabatrin(), prednisolone(), acth(start="2026-07-01", outcome="stopped_adverse_effects")]
    )
    reason = crit(result, "first_line_failed")["reason"]
    assert state(result, "first_line_failed") == "met"
    assert "ACTH" in reason and "adverse effects" in reason


def test_a_nonspecific_mri_that_lists_a_lesion_reads_only_pet_and_warns() -> None:
    result = ev(mri=[mri(finding="nonspecific", lesions=[lesion(side="left", extent="focal")])])
    assert state(result, "focal_lesion") == "not_met"
    assert any(w.startswith("MRI finding and lesions disagree") for w in result["warnings"])
    with_pet = ev(mri=[mri(finding="nonspecific", lesions=[lesion()])], pet=[pet()])
    assert state(with_pet, "focal_lesion") == "met" and with_pet["pathway"] == "lobar_resection"


def test_unilateral_lesions_on_both_sides_are_met_with_a_warning() -> None:
    lesions = [lesion(side="left", extent="focal"), lesion(side="right", extent="lobar", lobes=("temporal",))]
    result = ev(mri=[mri(lesions=lesions)])
    assert state(result, "focal_lesion") == "met"
    assert any(w.startswith("Lesions on both sides") for w in result["warnings"])
    assert not discordant(result)


def test_palliative_pathway_stays_open_while_one_procedure_is_acceptable() -> None:
    tubers = lesion(side="bilateral", extent="multilobar", kind="tuberous_sclerosis")
    split = {
        "proposed_procedure": None,
        "assessments": [assessment("corpus_callosotomy", "unacceptable"), assessment("vns", "acceptable")],
    }
    result = ev(mri=[mri(lesions=[tubers])], tradeoff=split)
    assert state(result, "acceptable_function_loss") == "met"
    assert "vagus nerve stimulation remains acceptable" in crit(result, "acceptable_function_loss")["reason"]
    assert result["status"] == "palliative_candidate"
    both_refused = {
        "proposed_procedure": None,
        "assessments": [assessment("corpus_callosotomy", "unacceptable"), assessment("vns", "unacceptable")],
    }
    assert ev(mri=[mri(lesions=[tubers])], tradeoff=both_refused)["status"] == "not_candidate"


def test_no_pet_is_named_as_missing_evidence_not_as_a_normal_pet() -> None:
    reason = crit(ev(mri=[mri(finding="normal")]), "focal_lesion")["reason"]
    assert "no PET is recorded" in reason
    with_normal = ev(mri=[mri(finding="normal")], pet=[pet(finding="normal")])
    assert (
        "the latest PET (1 Jul 2026) shows no unilateral abnormality"
        in crit(with_normal, "focal_lesion")["reason"]
    )


def test_studies_after_the_evaluation_date_are_not_read() -> None:
    later_mri = [mri(day="2026-05-20", finding="normal"), mri(day="2026-10-01", lesions=[lesion()])]
    before = ev(as_of=date(2026, 9, 1), mri=later_mri)
    assert state(before, "focal_lesion") == "not_met"
    after = ev(as_of=date(2026, 11, 1), mri=later_mri)
    assert state(after, "focal_lesion") == "met"
    assessed_later = ev(as_of=date(2026, 6, 15), development={"assessed_on": "2026-07-01"})
    assert state(assessed_later, "developmental_impact") == "unknown"


def test_a_bilateral_lesion_without_extent_is_still_bilateral() -> None:
    result = ev(mri=[mri(lesions=[lesion(side="bilateral", extent=None)])])
    assert state(result, "focal_lesion") == "not_met"


def test_treatment_before_onset_warns() -> None:
    result = ev(treatments=[vigabatrin(start="2026-02-20", end="2026-03-30"), prednisolone()])
    assert result["urgency"]["lead_time_days"] < 0
    assert result["urgency"]["lead_time_category"] == 1
    assert any(w.startswith("Treated before onset") for w in result["warnings"])


def test_lead_time_is_not_known_when_a_first_line_start_is_missing() -> None:
    result = ev(treatments=[vigabatrin(start=None), prednisolone()])
    assert result["urgency"]["lead_time_days"] is None
    assert result["urgency"]["lead_time_note"] == "not known (start date of treatment 1 not recorded)"
    no_onset = ev(spasms={"onset_date": None})
    assert no_onset["urgency"]["lead_time_note"] == "not known (spasm onset not recorded)"
    untreated = ev(treatments=[])
    assert untreated["urgency"]["lead_time_note"] == "not known (no treatment recorded)"


def test_spasms_last_seen_after_the_evaluation_date_were_going_on_then() -> None:
    stopped_later = {"ongoing": False, "last_seen_date": "2026-11-20"}
    result = ev(as_of=date(2026, 8, 1), spasms=stopped_later)
    assert result["urgency"]["ongoing"] is True
    assert result["urgency"]["spasm_weeks"] == round((date(2026, 8, 1) - ONSET).days / 7, 1)
    assert ev(spasms=stopped_later)["urgency"]["ongoing"] is False


def test_a_diffuse_lesion_without_side_cannot_count() -> None:
    result = ev(mri=[mri(lesions=[lesion(side=None, extent="diffuse")])])
    assert state(result, "focal_lesion") == "not_met"


def test_metabolic_work_up_not_done_is_named_as_a_missing_result() -> None:
    result = ev(metabolic_workup="not_done")
    assert state(result, "no_metabolic_degenerative") == "unknown"
    assert "no metabolic work-up result" in result["status_reason"]

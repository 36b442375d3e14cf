"""Property tests for the candidacy rules: invariants over random valid cases.

Two sources of cases: the general valid-document strategy of
``case_documents.py`` (every field, any value the case file accepts) and a
rules-focused strategy below that keeps dates, doses and lesions near the
thresholds of ``clinical-reference.md``. The status, the first-line verdict and
criteria 3-4 are re-derived here from the reference, independently of
``isconf/rules``; where the reference is silent the documented readings of
the rules are used (no end date: still given; a possibly failed trial without
its start date, dose or outcome: cannot be judged, and the criterion is unknown
when such trials could make the two failures; ongoing not recorded: ongoing
unless last seen).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from case_documents import valid_documents
from isconf import clock, vocab
from isconf.domain import Case
from isconf.rules import evaluate
from isconf.schema import dose_limits, parse_case_document

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CRITERIA = [
    "first_line_failed",
    "focal_lesion",
    "no_metabolic_degenerative",
    "developmental_impact",
    "acceptable_function_loss",
]
URGENT = {"candidate", "palliative_candidate", "refer_for_evaluation"}
NO_PATHWAY = {"not_yet", "not_candidate", "incomplete"}
RESECTIONS = {"focal_resection", "lobar_resection", "multilobar_resection", "hemispherectomy"}

# From clinical-reference.md, "Adequate first-line dosing" and criterion 1.
FIRST_LINE = {"acth", "prednisolone", "vigabatrin"}
FAILED = {"no_response", "partial", "relapse"}
MINIMUM_DAYS = 14
ADEQUATE = {
    "vigabatrin": {"mg/kg/day": 100},
    "prednisolone": {"mg/kg/day": 4, "mg/day": 40},
    "acth": {"IU/m2/day": 20, "IU/day": 20},
}
BANDS = ((7, 1), (14, 2), (30, 3), (60, 4))


# --- the rules, re-derived from the reference ------------------------------------------------------


def ongoing(case: Case, as_of: date) -> bool:
    if case.spasms.last_seen_date is not None and case.spasms.last_seen_date > as_of:
        return True  # still going on that day (documented reading)
    if case.spasms.ongoing is not None:
        return case.spasms.ongoing
    return case.spasms.last_seen_date is None


def _shortfall(t: Any, as_of: date) -> bool:
    """Too short, or a recorded dose below the adequate minimum."""
    if t.start_date is not None:
        still_given = t.end_date is None or t.end_date > as_of
        end = as_of if still_given else t.end_date
        if (end - t.start_date).days < MINIMUM_DAYS:
            return True
    if t.dose is not None and t.dose_unit is not None:
        minimum = ADEQUATE[t.agent].get(t.dose_unit)
        if minimum is not None and t.dose < minimum:
            return True
    return False


def _candidates(case: Case, as_of: date) -> list[Any]:
    """First-line trials begun by ``as_of`` whose outcome is a failure or not recorded, not short."""
    return [
        t
        for t in case.treatments
        if t.agent in FIRST_LINE
        and (t.outcome in FAILED or t.outcome is None)
        and (t.start_date is None or t.start_date <= as_of)
        and not _shortfall(t, as_of)
    ]


def _complete(t: Any) -> bool:
    return (
        t.outcome is not None and t.start_date is not None and t.dose is not None and t.dose_unit is not None
    )


def failed_on_dates(case: Case, as_of: date) -> list[date]:
    """For each first-line trial that counts as failed, the day it counted."""
    out = []
    for t in _candidates(case, as_of):
        if not _complete(t):
            continue
        still_given = t.end_date is None or t.end_date > as_of
        out.append(t.start_date + timedelta(days=MINIMUM_DAYS) if still_given else t.end_date)
    return out


def first_line_state(case: Case, as_of: date) -> str:
    if not case.treatments:
        return "unknown"
    failed = len(failed_on_dates(case, as_of))
    if failed >= 2:
        return "met"
    gapped = sum(not _complete(t) for t in _candidates(case, as_of))
    return "unknown" if failed + gapped >= 2 else "not_met"


def metabolic_state(case: Case) -> str:
    categories = {case.etiology.category, *case.etiology.also}
    if (
        "metabolic" in categories
        or case.degenerative_condition is True
        or case.metabolic_workup == "abnormal"
    ):
        return "not_met"
    if case.metabolic_workup == "normal" and case.degenerative_condition is False:
        return "met"
    return "unknown"


def development_state(case: Case, as_of: date) -> str:
    dev = case.development
    if dev.assessed_on is not None and dev.assessed_on > as_of:
        return "unknown"  # not yet assessed on that day (documented reading)
    low = dev.developmental_quotient is not None and dev.developmental_quotient < 70
    if dev.status in ("delayed", "regression", "arrest") or low:
        return "met"
    if dev.status == "normal":
        return "not_met"
    return "unknown"


def expected_status(states: dict[str, str], *, spasms_go_on: bool, any_failed: bool) -> str:
    if states["no_metabolic_degenerative"] == "not_met":
        return "not_candidate"
    if states["first_line_failed"] == "unknown":
        return "incomplete"
    if states["first_line_failed"] == "not_met":
        if states["focal_lesion"] == "met" and spasms_go_on and any_failed:
            return "refer_for_evaluation"
        return "not_yet"
    if states["developmental_impact"] == "not_met":
        return "not_candidate"
    if states["acceptable_function_loss"] == "not_met":
        return "not_candidate"
    if "unknown" in states.values():
        return "refer_for_evaluation"
    return "candidate" if states["focal_lesion"] == "met" else "palliative_candidate"


def band(days: int) -> int:
    return next((category for limit, category in BANDS if days <= limit), 5)


# --- a rules-focused strategy ----------------------------------------------------------------------

ONSET = date(2026, 3, 1)
PARSE_TODAY = date(2030, 1, 1)
LIMITS = dose_limits()
EXTENTS = ["focal", "lobar", "multilobar", "hemispheric"]
THRESHOLD_DOSES = [0.5, 3.9, 4, 8, 8, 19, 20, 39, 40, 60, 60, 99, 100, 150, 150, 150, 1000]


def days_after(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: (ONSET + timedelta(days=n)).isoformat())


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def treatment(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.booleans()):  # a plainly failed first-line trial, so that two often fail
        agent, unit, dose = draw(
            st.sampled_from(
                [("vigabatrin", "mg/kg/day", 150), ("prednisolone", "mg/day", 60), ("acth", "IU/m2/day", 150)]
            )
        )
        start = ONSET + timedelta(days=draw(st.integers(0, 150)))
        return {
            "agent": agent,
            "dose": dose,
            "dose_unit": unit,
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=28)).isoformat(),
            "outcome": draw(st.sampled_from(sorted(FAILED))),
        }
    agent = draw(st.sampled_from([*sorted(FIRST_LINE) * 3, "other_asm", "ketogenic_diet"]))
    out: dict[str, Any] = {"agent": agent}
    if agent == "other_asm":
        out["name"] = "Topiramate"
    units = LIMITS.get(agent, {})
    if units and draw(st.integers(0, 4)):
        unit = draw(st.sampled_from(sorted(units)))
        low, high = units[unit]
        out["dose_unit"] = unit
        out["dose"] = draw(st.sampled_from([d for d in THRESHOLD_DOSES if low <= d <= high]))
    start = draw(st.sampled_from([None, *range(-10, 150, 3)]))
    if start is not None:
        out["start_date"] = (ONSET + timedelta(days=start)).isoformat()
        length = draw(st.sampled_from([None, 0, 7, 13, 14, 15, 28, 28, 60]))
        if length is not None:
            out["end_date"] = (ONSET + timedelta(days=start + length)).isoformat()
    out["outcome"] = draw(st.sampled_from([*sorted(FAILED) * 3, *vocab.codes(vocab.OUTCOME), None]))
    return out


@st.composite
def lesion(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "type": draw(st.sampled_from(["fcd", "tuberous_sclerosis", "polymicrogyria", "hemimegalencephaly"])),
        "side": draw(st.sampled_from(["left", "right", "bilateral", "left", "right", "left", "right", None])),
        "lobes": draw(st.lists(st.sampled_from(vocab.codes(vocab.LOBE)), unique=True, max_size=3)),
        "extent": draw(st.sampled_from([*vocab.codes(vocab.EXTENT), *EXTENTS, None])),
        "epileptogenic": draw(st.sampled_from([True, False, None, None])),
    }


@st.composite
def mri(draw: st.DrawFn) -> dict[str, Any]:
    finding = draw(st.sampled_from(["normal", "lesional", "lesional", "lesional", "nonspecific", None]))
    lesions = (
        []
        if finding == "normal"
        else draw(st.lists(lesion(), min_size=draw(st.sampled_from([0, 1, 1])), max_size=3))
    )
    return {"date": draw(optional(days_after(0, 250))), "finding": finding, "lesions": lesions}


@st.composite
def rules_documents(draw: st.DrawFn) -> dict[str, Any]:
    sides = ["left", "right", "bilateral", "none", None]
    case: dict[str, Any] = {
        "mrn": "RULE-PROP",
        "family_name": "Testcase",
        "date_of_birth": "2025-12-01",
        "spasms": {
            "onset_date": draw(st.sampled_from([ONSET.isoformat(), None])),
            "ongoing": draw(st.sampled_from([True, True, False, None])),
            "last_seen_date": draw(optional(days_after(0, 250))),
        },
        "treatments": draw(
            st.lists(treatment(), min_size=draw(st.sampled_from([0, 1, 2, 2, 2])), max_size=4)
        ),
        "mri": draw(st.lists(mri(), min_size=draw(st.sampled_from([0, 1, 1, 1])), max_size=3)),
        "eeg": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"date": optional(days_after(0, 250)), "lateralization": st.sampled_from(sides)}
                ),
                max_size=2,
            )
        ),
        "pet": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": optional(days_after(0, 250)),
                        "finding": st.sampled_from([*vocab.codes(vocab.PET_FINDING), None]),
                        "side": st.sampled_from(sides),
                        "lobes": st.lists(st.sampled_from(vocab.codes(vocab.LOBE)), unique=True, max_size=3),
                    }
                ),
                max_size=2,
            )
        ),
        "etiology": {
            "category": draw(
                st.sampled_from([*vocab.codes(vocab.ETIOLOGY), "structural", "structural", None])
            ),
            "also": draw(
                st.lists(
                    st.sampled_from(vocab.codes(vocab.ETIOLOGY)),
                    unique=True,
                    max_size=draw(st.sampled_from([0, 0, 0, 2])),
                )
            ),
        },
        "metabolic_workup": draw(st.sampled_from(["normal"] * 6 + ["abnormal", "not_done", None])),
        "degenerative_condition": draw(st.sampled_from([False] * 6 + [True, None])),
        "development": {
            "status": draw(
                st.sampled_from([*vocab.codes(vocab.DEVELOPMENT_STATUS), "delayed", "arrest", None])
            ),
            "developmental_quotient": draw(st.sampled_from([None, 45, 69.9, 70, 90])),
        },
        "tradeoff": {
            "proposed_procedure": draw(optional(st.sampled_from(vocab.codes(vocab.PROCEDURE)))),
            "assessments": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "procedure": st.sampled_from(vocab.codes(vocab.PROCEDURE)),
                            "deficit": st.sampled_from(vocab.codes(vocab.DEFICIT)),
                            "rating": st.sampled_from(
                                [*vocab.codes(vocab.RATING), "acceptable", "acceptable", None]
                            ),
                        }
                    ),
                    max_size=3,
                )
            ),
        },
    }
    if draw(st.booleans()):  # every procedure rated acceptable: criterion 5 met whatever the pathway
        case["tradeoff"] = {
            "proposed_procedure": None,
            "assessments": [
                {"procedure": p, "deficit": "other", "rating": "acceptable"}
                for p in vocab.codes(vocab.PROCEDURE)
            ],
        }
    return {"format": "isconf-case/1", "case": case}


as_of_dates = st.dates(date(2026, 2, 1), date(2027, 3, 1)) | st.dates(date(2026, 9, 1), date(2026, 12, 31))


# --- the invariants ---------------------------------------------------------------------------------


def check_invariants(case: Case, as_of: date) -> None:
    result = evaluate(case, as_of)  # never raises on a valid case
    document = result.to_document()
    assert json.loads(json.dumps(document)) == document
    assert document["format"] == "isconf-evaluation/1"
    assert document["rules_version"] == "1"
    assert document["as_of"] == as_of.isoformat()

    criteria = document["criteria"]
    assert [c["id"] for c in criteria] == CRITERIA
    states = {c["id"]: c["state"] for c in criteria}
    assert set(states.values()) <= {"met", "not_met", "unknown"}
    for c in criteria:
        assert isinstance(c["reason"], str) and c["reason"].strip()
        if c["state"] == "unknown":
            assert c["missing"], c
            assert set(c["missing"]) <= set(document["missing"])
    assert bool(document["missing"]) == ("unknown" in states.values())

    # Criteria 1, 3 and 4 from the reference.
    assert states["first_line_failed"] == first_line_state(case, as_of)
    assert states["no_metabolic_degenerative"] == metabolic_state(case)
    assert states["developmental_impact"] == development_state(case, as_of)

    # The status rules 1-7, in order.
    failed = failed_on_dates(case, as_of)
    spasms_go_on = ongoing(case, as_of)
    status = document["status"]
    assert status == expected_status(states, spasms_go_on=spasms_go_on, any_failed=bool(failed))

    # The pathway.
    pathway = document["pathway"]
    if status in NO_PATHWAY or states["focal_lesion"] == "unknown":
        assert pathway is None
    elif states["focal_lesion"] == "met":
        assert pathway in RESECTIONS
    else:
        assert pathway == "corpus_callosotomy_or_vns"

    # Urgency.
    urgency = document["urgency"]
    assert urgency["ongoing"] is spasms_go_on
    assert urgency["urgent"] is (spasms_go_on and status in URGENT)
    if urgency["urgent"]:
        assert status in URGENT
    if len(failed) >= 2:
        resistance = sorted(failed)[1]
        assert urgency["drug_resistance_date"] == resistance.isoformat()
        assert urgency["weeks_since_drug_resistance"] == round((as_of - resistance).days / 7, 1)
    else:
        assert urgency["drug_resistance_date"] is None
        assert urgency["weeks_since_drug_resistance"] is None
    starts = [
        t.start_date
        for t in case.treatments
        if t.agent in FIRST_LINE and t.start_date is not None and t.start_date <= as_of
    ]
    onset = case.spasms.onset_date
    undated = any(t.agent in FIRST_LINE and t.start_date is None for t in case.treatments)
    if starts and onset is not None and not undated:
        lead = (min(starts) - onset).days
        assert urgency["lead_time_days"] == lead
        assert urgency["lead_time_category"] == band(lead)
    else:
        assert urgency["lead_time_days"] is None
        assert urgency["lead_time_category"] is None
    weeks = urgency["spasm_weeks"]
    if onset is not None and onset <= as_of:
        end = as_of if spasms_go_on else case.spasms.last_seen_date
        assert weeks == (None if end is None else round((end - onset).days / 7, 1))
    for key in ("spasm_weeks", "weeks_since_drug_resistance"):
        value = urgency[key]
        if value is not None:
            assert value == round(value, 1)


@SETTINGS
@given(rules_documents(), as_of_dates)
def test_rules_invariants_near_the_thresholds(document: dict[str, Any], as_of: date) -> None:
    check_invariants(parse_case_document(document, today=PARSE_TODAY), as_of)


@SETTINGS
@given(
    valid_documents(), st.dates(clock.today() - timedelta(days=3 * 365), clock.today() + timedelta(days=90))
)
def test_rules_invariants_on_any_valid_document(document: dict[str, Any], as_of: date) -> None:
    check_invariants(parse_case_document(document), as_of)

"""Property tests for the case file: robustness, round trips, and the text rules."""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import BACKENDS
from isconf import clock, domain, schema, vocab
from isconf.schema import CaseFileError, case_to_document, dose_limits, parse_case_document
from isconf.services import Services

TODAY = clock.today()
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STORE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- arbitrary input: only CaseFileError, and every problem says where and what -------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["2026-01-01", "vigabatrin", "mg/kg/day", "left", "frontal", "isconf-case/1"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)

SMALL_VALID: dict[str, Any] = {
    "format": "isconf-case/1",
    "case": {
        "mrn": "PROP-1",
        "family_name": "Synthetic",
        "given_name": "Ada",
        "date_of_birth": "2025-12-01",
        "sex": "female",
        "referring_center": "Synthetic Children's Hospital",
        "spasms": {
            "onset_date": "2026-04-15",
            "ongoing": True,
            "last_seen_date": None,
            "clusters_per_day": 5,
            "hypsarrhythmia": "classic",
        },
        "treatments": [
            {
                "agent": "vigabatrin",
                "dose": 150,
                "dose_unit": "mg/kg/day",
                "start_date": "2026-05-10",
                "end_date": "2026-05-25",
                "outcome": "no_response",
            },
            {"agent": "other_asm", "name": "Topiramate", "dose": 5, "dose_unit": "mg/kg/day"},
        ],
        "mri": [
            {
                "date": "2026-06-01",
                "field_strength_t": 3,
                "finding": "lesional",
                "lesions": [
                    {
                        "type": "fcd",
                        "side": "left",
                        "lobes": ["frontal"],
                        "extent": "lobar",
                        "epileptogenic": True,
                    }
                ],
            }
        ],
        "eeg": [
            {
                "date": "2026-06-10",
                "hypsarrhythmia": "modified",
                "lateralization": "left",
                "based_score": 4,
                "note": "left\nfrontal",
            }
        ],
        "pet": [{"date": "2026-07-01", "finding": "hypometabolism", "side": "left", "lobes": ["frontal"]}],
        "etiology": {"category": "structural", "also": ["genetic"], "diagnosis": "FCD II"},
        "metabolic_workup": "normal",
        "degenerative_condition": False,
        "development": {"assessed_on": "2026-07-01", "status": "arrest", "developmental_quotient": 50},
        "baseline_function": {"hemiparesis": "none", "visual_field": "full"},
        "tradeoff": {
            "proposed_procedure": "lobar_resection",
            "assessments": [
                {
                    "procedure": "lobar_resection",
                    "deficit": "hemiparesis",
                    "likelihood": "possible",
                    "already_present": False,
                    "rating": "acceptable",
                    "rated_by": "family",
                    "comment": "she asked\nabout walking",
                }
            ],
            "options": ["hemispherectomy"],
            "benefit_overrides": [{"procedure": "lobar_resection", "value": 70, "note": "our own series"}],
            "next_surgery_date": "2026-12-15",
        },
    },
}
FIXED_TODAY = date(2026, 11, 24)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key or index path inside a JSON value."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key)
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*prefix, index)
            yield from _paths(child, (*prefix, index))


VALID_PATHS = list(_paths(SMALL_VALID))


def assert_only_case_file_errors(document: Any) -> None:
    try:
        parse_case_document(document, today=FIXED_TODAY)
    except CaseFileError as exc:
        assert exc.problems, "CaseFileError without a problem"
        for problem in exc.problems:
            assert isinstance(problem.path, str) and problem.path.strip()
            assert isinstance(problem.message, str) and problem.message.strip()
            # One problem is one line of error output, and prints nothing a terminal would obey.
            assert str(problem).isprintable(), str(problem)


def test_small_valid_document_is_valid() -> None:
    parse_case_document(SMALL_VALID, today=FIXED_TODAY)


@PROPERTY
@given(json_values)
def test_arbitrary_json_raises_only_case_file_error(value: Any) -> None:
    assert_only_case_file_errors(value)


@PROPERTY
@given(json_values)
def test_arbitrary_case_object_raises_only_case_file_error(value: Any) -> None:
    assert_only_case_file_errors({"format": "isconf-case/1", "case": value})


@PROPERTY
@given(st.dictionaries(st.sampled_from(schema.keys(domain.Case)), json_values, max_size=8))
def test_arbitrary_case_fields_raise_only_case_file_error(fields: dict[str, Any]) -> None:
    assert_only_case_file_errors({"format": "isconf-case/1", "case": fields})


@PROPERTY
@given(st.sampled_from(VALID_PATHS), json_values)
def test_mutated_valid_document_raises_only_case_file_error(path: tuple[Any, ...], value: Any) -> None:
    document = copy.deepcopy(SMALL_VALID)
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert_only_case_file_errors(document)


@PROPERTY
@given(st.sampled_from([p for p in VALID_PATHS if isinstance(p[-1], str)]), st.text(max_size=10), json_values)
def test_added_key_raises_only_case_file_error(path: tuple[Any, ...], key: str, value: Any) -> None:
    document = copy.deepcopy(SMALL_VALID)
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    if not isinstance(target, dict):
        return
    target[key] = value
    assert_only_case_file_errors(document)


# --- valid documents: always accepted, and they round-trip ---------------------------------------

# Text the case file accepts: no control characters, line separators or bidi overrides.
SAFE_CHARS = st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


def text(limit: int) -> st.SearchStrategy[str]:
    return st.text(SAFE_CHARS, max_size=min(limit, 40)) | st.text(SAFE_CHARS, min_size=limit, max_size=limit)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def code_of(vocabulary: vocab.Vocabulary) -> st.SearchStrategy[str]:
    return st.sampled_from(vocab.codes(vocabulary))


def codes_of(vocabulary: vocab.Vocabulary) -> st.SearchStrategy[list[str]]:
    return st.lists(code_of(vocabulary), unique=True, max_size=3)


def day_between(low: date, high: date) -> st.SearchStrategy[str]:
    return st.dates(min_value=low, max_value=high).map(date.isoformat)


def number(low: float, high: float) -> st.SearchStrategy[float | int]:
    return st.integers(int(low) if low == int(low) else int(low) + 1, int(high)) | st.floats(
        low, high, allow_nan=False, allow_infinity=False
    )


mrns = st.text(SAFE_CHARS, min_size=1, max_size=schema.MRN_MAX).filter(lambda s: s == s.strip() and s != "")


@st.composite
def treatments(draw: st.DrawFn, dob: date) -> dict[str, Any]:
    agent = draw(code_of(vocab.AGENT))
    limits = dose_limits()[agent]
    out: dict[str, Any] = {"agent": agent}
    if agent == "other_asm":
        out["name"] = draw(st.text(SAFE_CHARS, min_size=1, max_size=schema.NAME_MAX))
    elif draw(st.booleans()):
        out["name"] = draw(optional(text(schema.NAME_MAX)))
    if limits and draw(st.booleans()):
        unit = draw(st.sampled_from(sorted(limits)))
        out["dose_unit"] = unit
        low, high = limits[unit]
        out["dose"] = draw(
            st.integers(max(1, int(low)), int(high))
            | st.floats(low, high, allow_nan=False, allow_infinity=False)
        )
    start = draw(optional(st.dates(dob, TODAY)))
    out["start_date"] = None if start is None else start.isoformat()
    out["end_date"] = draw(optional(day_between(start or dob, TODAY)))
    out["outcome"] = draw(optional(code_of(vocab.OUTCOME)))
    return out


@st.composite
def lesions(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "type": draw(optional(code_of(vocab.LESION_TYPE))),
        "side": draw(optional(code_of(vocab.SIDE))),
        "lobes": draw(codes_of(vocab.LOBE)),
        "extent": draw(optional(code_of(vocab.EXTENT))),
        "epileptogenic": draw(optional(st.booleans())),
    }


@st.composite
def mri_studies(draw: st.DrawFn, dob: date) -> dict[str, Any]:
    finding = draw(optional(code_of(vocab.MRI_FINDING)))
    return {
        # A fetal MRI may predate birth.
        "date": draw(optional(day_between(dob - timedelta(days=120), TODAY))),
        "field_strength_t": draw(optional(number(0.1, 12))),
        "finding": finding,
        "lesions": [] if finding == "normal" else draw(st.lists(lesions(), max_size=2)),
    }


@st.composite
def valid_documents(draw: st.DrawFn) -> dict[str, Any]:
    dob = draw(st.dates(TODAY - timedelta(days=3 * 365), TODAY))
    onset = draw(optional(st.dates(dob, TODAY)))
    case: dict[str, Any] = {
        "mrn": draw(mrns),
        "family_name": draw(optional(text(schema.NAME_MAX))),
        "given_name": draw(optional(text(schema.NAME_MAX))),
        "date_of_birth": dob.isoformat(),
        "sex": draw(optional(code_of(vocab.SEX))),
        "referring_center": draw(optional(text(schema.PLACE_MAX))),
        "spasms": {
            "onset_date": None if onset is None else onset.isoformat(),
            "ongoing": draw(optional(st.booleans())),
            "last_seen_date": draw(optional(day_between(onset or dob, TODAY))),
            "clusters_per_day": draw(optional(number(0, 500))),
            "hypsarrhythmia": draw(optional(code_of(vocab.HYPSARRHYTHMIA))),
        },
        "treatments": draw(st.lists(treatments(dob), max_size=3)),
        "mri": draw(st.lists(mri_studies(dob), max_size=2)),
        "eeg": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": optional(day_between(dob, TODAY)),
                        "hypsarrhythmia": optional(code_of(vocab.HYPSARRHYTHMIA)),
                        "lateralization": optional(code_of(vocab.LATERALIZATION)),
                        "based_score": optional(st.integers(0, 5)),
                        "note": optional(
                            st.text(st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\n\t"))
                            | st.text(SAFE_CHARS, min_size=schema.NOTE_MAX, max_size=schema.NOTE_MAX)
                        ),
                    }
                ),
                max_size=2,
            )
        ),
        "pet": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": optional(day_between(dob, TODAY)),
                        "finding": optional(code_of(vocab.PET_FINDING)),
                        "side": optional(code_of(vocab.LATERALIZATION)),
                        "lobes": codes_of(vocab.LOBE),
                    }
                ),
                max_size=2,
            )
        ),
        "etiology": {
            "category": draw(optional(code_of(vocab.ETIOLOGY))),
            "also": draw(codes_of(vocab.ETIOLOGY)),
            "diagnosis": draw(optional(text(schema.DIAGNOSIS_MAX))),
        },
        "metabolic_workup": draw(optional(code_of(vocab.METABOLIC_WORKUP))),
        "degenerative_condition": draw(optional(st.booleans())),
        "development": {
            "assessed_on": draw(optional(day_between(dob, TODAY))),
            "status": draw(optional(code_of(vocab.DEVELOPMENT_STATUS))),
            "developmental_quotient": draw(optional(number(0, 200))),
        },
        "baseline_function": {
            "hemiparesis": draw(optional(code_of(vocab.HEMIPARESIS))),
            "visual_field": draw(optional(code_of(vocab.VISUAL_FIELD))),
        },
        "tradeoff": {
            "proposed_procedure": draw(optional(code_of(vocab.PROCEDURE))),
            "assessments": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "procedure": code_of(vocab.PROCEDURE),
                            "deficit": code_of(vocab.DEFICIT),
                            "likelihood": optional(code_of(vocab.LIKELIHOOD)),
                            "already_present": optional(st.booleans()),
                            "rating": optional(code_of(vocab.RATING)),
                            "rated_by": optional(
                                st.sampled_from(vocab.codes(vocab.RATED_BY_SUGGESTIONS))
                                | text(schema.ROLE_MAX)
                            ),
                            "comment": optional(text(schema.COMMENT_MAX)),
                        }
                    ),
                    max_size=3,
                )
            ),
            # The optional additions of the trade-off workspace (docs/case-file-additions.md).
            "options": draw(codes_of(vocab.PROCEDURE)),
            "benefit_overrides": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "procedure": code_of(vocab.OPTION),
                            "value": number(0, 100),
                            "note": text(schema.NOTE_MAX).filter(lambda s: s.strip() != ""),
                        }
                    ),
                    max_size=3,
                    unique_by=lambda b: b["procedure"],
                )
            ),
            "next_surgery_date": draw(optional(day_between(dob, TODAY + timedelta(days=700)))),
        },
    }
    # Leave out some optional keys entirely: missing means "not recorded", like null.
    for key in draw(st.lists(st.sampled_from([k for k in case if k != "mrn"]), unique=True, max_size=4)):
        del case[key]
    return {"format": "isconf-case/1", "case": case}


@PROPERTY
@given(valid_documents())
def test_valid_documents_parse_and_round_trip(document: dict[str, Any]) -> None:
    case = parse_case_document(document)
    written = case_to_document(case)
    assert parse_case_document(written) == case
    # And through real JSON text, as a file would carry it.
    assert parse_case_document(json.loads(json.dumps(written))) == case
    assert case_to_document(parse_case_document(written)) == written


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """One database per backend for the module: any valid case must survive SQLite and PostgreSQL."""
    if request.param == "postgresql":
        db = request.getfixturevalue("pg_server").fresh_schema_url()
    else:
        db = str(tmp_path_factory.mktemp("properties") / "isconf.db")
    services = Services.open(db)
    yield services
    services.close()


@STORE
@given(document=valid_documents())
def test_valid_documents_survive_the_store(store: Services, document: dict[str, Any]) -> None:
    case = parse_case_document(document)
    stored = store.create_case(case)
    try:
        assert stored.case == case
        assert stored.version == 1
        assert store.get_case(case.mrn).case == case
        assert store.export_document(case.mrn) == case_to_document(case)
    finally:
        store.delete_case(case.mrn)
    assert store.count_cases() == 0


# --- text rules ------------------------------------------------------------------------------------

# (path in the case, limit, multiline): every free-text field of the case file.
TEXT_FIELDS: list[tuple[tuple[Any, ...], int, bool]] = [
    (("mrn",), schema.MRN_MAX, False),
    (("family_name",), schema.NAME_MAX, False),
    (("given_name",), schema.NAME_MAX, False),
    (("referring_center",), schema.PLACE_MAX, False),
    (("treatments", 1, "name"), schema.NAME_MAX, False),
    (("eeg", 0, "note"), schema.NOTE_MAX, True),
    (("etiology", "diagnosis"), schema.DIAGNOSIS_MAX, False),
    (("tradeoff", "assessments", 0, "rated_by"), schema.ROLE_MAX, False),
    (("tradeoff", "assessments", 0, "comment"), schema.COMMENT_MAX, True),
    (("tradeoff", "benefit_overrides", 0, "note"), schema.NOTE_MAX, True),
]


def _field_path(keys: tuple[Any, ...]) -> str:
    out = "case"
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else f".{key}"
    return out


def _with_text(keys: tuple[Any, ...], value: str) -> dict[str, Any]:
    document = copy.deepcopy(SMALL_VALID)
    target: Any = document["case"]
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return document


def _problem_paths(document: dict[str, Any]) -> list[str]:
    try:
        parse_case_document(document, today=FIXED_TODAY)
    except CaseFileError as exc:
        return [p.path for p in exc.problems]
    return []


def test_every_text_field_is_covered() -> None:
    for keys, _, _ in TEXT_FIELDS:
        assert _problem_paths(_with_text(keys, "fine")) == []


control_chars = st.characters(categories=("Cc",))


@PROPERTY
@given(
    st.sampled_from(TEXT_FIELDS),
    st.text(SAFE_CHARS, max_size=15),
    control_chars,
    st.text(SAFE_CHARS, max_size=15),
)
def test_control_characters_are_rejected(
    field: tuple[tuple[Any, ...], int, bool], before: str, control: str, after: str
) -> None:
    keys, _, multiline = field
    assert unicodedata.category(control) == "Cc"
    assume(not (multiline and control in "\n\t"))
    value = f"X{before}{control}{after}X"
    assert _field_path(keys) in _problem_paths(_with_text(keys, value))


@PROPERTY
@given(st.text(SAFE_CHARS | st.sampled_from("\n\t"), max_size=60))
def test_newline_and_tab_are_allowed_in_the_eeg_note_only(note: str) -> None:
    assert _problem_paths(_with_text(("eeg", 0, "note"), note)) == []


@pytest.mark.parametrize(("keys", "limit", "multiline"), [f for f in TEXT_FIELDS if not f[2]])
@pytest.mark.parametrize("control", ["\n", "\t"])
def test_newline_and_tab_are_rejected_in_single_line_fields(
    keys: tuple[Any, ...], limit: int, multiline: bool, control: str
) -> None:
    assert _field_path(keys) in _problem_paths(_with_text(keys, f"A{control}B"))


@PROPERTY
@given(st.sampled_from(TEXT_FIELDS), st.integers(1, 50), st.data())
def test_text_over_the_limit_is_rejected(
    field: tuple[tuple[Any, ...], int, bool], extra: int, data: st.DataObject
) -> None:
    keys, limit, _ = field
    value = data.draw(st.text(SAFE_CHARS, min_size=limit + extra, max_size=limit + extra))
    assert len(value) > limit
    paths = _problem_paths(_with_text(keys, value))
    assert _field_path(keys) in paths


@PROPERTY
@given(st.sampled_from(TEXT_FIELDS), st.data())
def test_text_at_the_limit_is_accepted(field: tuple[tuple[Any, ...], int, bool], data: st.DataObject) -> None:
    keys, limit, _ = field
    value = data.draw(st.text(SAFE_CHARS, min_size=limit, max_size=limit))
    assume(value.strip() == value and value.strip())  # an MRN must not be blank or padded
    assert _problem_paths(_with_text(keys, value)) == []


@pytest.mark.parametrize("key", ["a\nisconf: error: forged line", "\x1b[2J", "tab\there"])
def test_unknown_key_is_shown_on_one_printable_line(key: str) -> None:
    document = copy.deepcopy(SMALL_VALID)
    document["case"][key] = 1
    with pytest.raises(CaseFileError) as caught:
        parse_case_document(document, today=FIXED_TODAY)
    [problem] = caught.value.problems
    assert "unknown field" in problem.message
    assert str(problem).isprintable(), str(problem)
    assert problem.path == f"case[{key!r}]"


def test_unicode_digits_in_dates_are_not_dates() -> None:
    """A date must be written with ASCII digits."""
    document = _with_text(("date_of_birth",), "２０２５-12-01")
    assert _problem_paths(document) == ["case.date_of_birth"]

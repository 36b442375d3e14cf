"""Property tests for the case file: robustness, round trips, and the text rules."""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from case_documents import ID_CHARS, SAFE_CHARS, valid_documents
from conftest import BACKENDS
from isconf import clock, domain, schema
from isconf.schema import CaseFileError, case_to_document, parse_case_document
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
    # Identifiers take no invisible format character (Cf): tests/cases/test_identifier_input.py
    chars = ID_CHARS if keys[-1] in ("mrn", "family_name", "given_name") else SAFE_CHARS
    value = data.draw(st.text(chars, min_size=limit, max_size=limit))
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

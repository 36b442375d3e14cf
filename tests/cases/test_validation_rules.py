"""One test per case-file validation rule, through the services and through ``isconf import``.

Each test starts from a small valid case, breaks one rule, and checks that the
case is rejected with a message naming the field path and the problem, that
the command exits 1, and that the database is exactly as it was before.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from isconf import cli, clock
from isconf.services import Services

TODAY = clock.today()
DOB = TODAY - timedelta(days=300)


def _ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def valid_document(mrn: str = "VAL-0001") -> dict[str, Any]:
    """A small case that every rule accepts; dates are relative to today."""
    return {
        "format": "isconf-case/1",
        "case": {
            "mrn": mrn,
            "family_name": "Synthetic",
            "given_name": "Ada",
            "date_of_birth": DOB.isoformat(),
            "sex": "female",
            "referring_center": "Synthetic Children's Hospital",
            "spasms": {
                "onset_date": _ago(200),
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
                    "start_date": _ago(190),
                    "end_date": _ago(160),
                    "outcome": "no_response",
                }
            ],
            "mri": [
                {
                    "date": _ago(150),
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
                    "date": _ago(140),
                    "hypsarrhythmia": "modified",
                    "lateralization": "left",
                    "note": "left frontal predominance",
                }
            ],
            "etiology": {"category": "structural", "diagnosis": "Focal cortical dysplasia type II"},
            "metabolic_workup": "normal",
            "degenerative_condition": False,
            "development": {"assessed_on": _ago(90), "status": "arrest", "developmental_quotient": 52},
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
                    }
                ],
            },
        },
    }


SEED_MRN = "SEED-0001"


@pytest.fixture
def seeded(services: Services) -> Services:
    """A database holding one unrelated case, so "unchanged" is not just "empty"."""
    result = services.import_document(valid_document(SEED_MRN))
    assert result.ok, result.problems
    return services


def snapshot(services: Services) -> tuple[int, list[tuple[str, dict[str, Any], int]]]:
    """Everything observable about the stored cases."""
    rows = []
    for summary in services.list_cases():
        stored = services.get_case(summary.mrn)
        rows.append((summary.mrn, services.export_document(summary.mrn), stored.version))
    return services.count_cases(), rows


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def run_import(capsys: pytest.CaptureFixture[str], db_path: Path, *files: Path, replace: bool = False):
    capsys.readouterr()
    argv = ["import", "--db", str(db_path), *map(str, files)]
    if replace:
        argv.append("--replace")
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_rejected(
    services: Services,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    document: Any,
    expected: list[tuple[str, str]],
) -> None:
    """``document`` is refused, for exactly the ``(path, message fragment)`` problems, and nothing is written.

    Checked through ``Services.import_document`` and through ``isconf import``.
    """
    before = snapshot(services)

    result = services.import_document(copy.deepcopy(document))
    assert not result.ok
    found = [(p.path, p.message) for p in result.problems]
    assert sorted(path for path, _ in found) == sorted(path for path, _ in expected), found
    for path, fragment in expected:
        assert any(p == path and fragment in m for p, m in found), (path, fragment, found)
    for problem in result.problems:
        assert str(problem) == f"{problem.path}: {problem.message}"
    assert snapshot(services) == before

    file = write_json(tmp_path / "bad-case.json", document)
    code, out, err = run_import(capsys, db_path, file)
    assert code == 1
    assert "imported" not in out
    lines = err.splitlines()
    assert lines, "no error was printed"
    assert all(line.startswith("isconf: error: ") for line in lines), err
    for path, fragment in expected:
        assert any(f"{file}: {path}: " in line and fragment in line for line in lines), (path, fragment, err)
    assert lines[-1] == "isconf: error: 0 imported, 1 rejected; nothing of the rejected file was written"
    # One line per problem, plus the summary line.
    assert len(lines) == len(expected) + 1, err
    assert snapshot(services) == before


def assert_accepted(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], document: Any
) -> None:
    """``document`` is accepted by both doors (the CLI one into a second database)."""
    mrn = document["case"]["mrn"]
    result = services.import_document(copy.deepcopy(document))
    assert result.ok, result.problems
    assert services.get_case(mrn).case.mrn == mrn

    other_db = tmp_path / "other.db"
    file = write_json(tmp_path / "good-case.json", document)
    code, out, err = run_import(capsys, other_db, file)
    assert code == 0, err
    assert err == ""
    assert f"imported {mrn} from {file}" in out


def mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = valid_document()
    change(document["case"])
    return document


def _set(*keys: str | int, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets ``case[keys...] = value``."""

    def change(case: dict[str, Any]) -> None:
        target: Any = case
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def _born_today(case: dict[str, Any]) -> None:
    """A newborn: born today, nothing recorded yet after birth."""
    case["date_of_birth"] = TODAY.isoformat()
    for key in ("spasms", "development"):
        del case[key]
    for key in ("treatments", "eeg"):
        case[key] = []


def _delete(key: str) -> Callable[[dict[str, Any]], None]:
    def change(case: dict[str, Any]) -> None:
        del case[key]

    return change


FUTURE = (TODAY + timedelta(days=1)).isoformat()

# (id, change to the valid case, [(field path, message fragment), ...])
RULES: list[tuple[str, Callable[[dict[str, Any]], None], list[tuple[str, str]]]] = [
    (
        "date-of-birth-in-future",
        _set("date_of_birth", value=FUTURE),
        [("case.date_of_birth", f"{FUTURE} is in the future")],
    ),
    (
        "spasm-onset-before-birth",
        _set("spasms", "onset_date", value=(DOB - timedelta(days=1)).isoformat()),
        [("case.spasms.onset_date", "is before the date of birth")],
    ),
    (
        "spasm-onset-in-future",
        _set("spasms", "onset_date", value=FUTURE),
        [("case.spasms.onset_date", "is in the future")],
    ),
    (
        "trial-ends-before-it-starts",
        _set("treatments", 0, "end_date", value=_ago(191)),
        [("case.treatments[0].end_date", "is before the start")],
    ),
    (
        "dose-negative",
        _set("treatments", 0, "dose", value=-150),
        [("case.treatments[0].dose", "must be greater than zero, not -150")],
    ),
    (
        "dose-zero",
        _set("treatments", 0, "dose", value=0),
        [("case.treatments[0].dose", "must be greater than zero, not 0")],
    ),
    (
        "dose-implausible-for-agent",
        _set("treatments", 0, "dose", value=301),
        [("case.treatments[0].dose", "301 mg/kg/day is implausible for Vigabatrin")],
    ),
    (
        "dose-unit-does-not-fit-agent",
        _set("treatments", 0, "dose_unit", value="IU/m2/day"),
        [("case.treatments[0].dose_unit", "IU/m2/day does not fit Vigabatrin")],
    ),
    (
        "dose-unit-outside-vocabulary",
        _set("treatments", 0, "dose_unit", value="mg"),
        [("case.treatments[0].dose_unit", "'mg' is not one of")],
    ),
    ("sex-outside-vocabulary", _set("sex", value="f"), [("case.sex", "'f' is not one of: female")]),
    (
        "lesion-side-outside-vocabulary",
        _set("mri", 0, "lesions", 0, "side", value="up"),
        [("case.mri[0].lesions[0].side", "'up' is not one of: left, right, bilateral")],
    ),
    (
        "agent-outside-vocabulary",
        _set("treatments", 0, "agent", value="aspirin"),
        [("case.treatments[0].agent", "'aspirin' is not one of")],
    ),
    (
        "lobe-outside-vocabulary",
        _set("mri", 0, "lesions", 0, "lobes", value=["nose"]),
        [("case.mri[0].lesions[0].lobes[0]", "'nose' is not one of")],
    ),
    (
        "lobe-listed-twice",
        _set("mri", 0, "lesions", 0, "lobes", value=["frontal", "frontal"]),
        [("case.mri[0].lesions[0].lobes[1]", "listed twice")],
    ),
    ("mrn-missing", _delete("mrn"), [("case.mrn", "is required")]),
    ("mrn-null", _set("mrn", value=None), [("case.mrn", "is required")]),
    ("mrn-blank", _set("mrn", value="   "), [("case.mrn", "must not be blank")]),
    ("mrn-empty", _set("mrn", value=""), [("case.mrn", "must not be blank")]),
    ("mrn-padded", _set("mrn", value=" VAL-0001"), [("case.mrn", "must not start or end with a space")]),
    ("mrn-too-long", _set("mrn", value="M" * 41), [("case.mrn", "41 characters long; the limit is 40")]),
    (
        "family-name-too-long",
        _set("family_name", value="x" * 101),
        [("case.family_name", "101 characters long; the limit is 100")],
    ),
    (
        "eeg-note-too-long",
        _set("eeg", 0, "note", value="n" * 2001),
        [("case.eeg[0].note", "2001 characters long; the limit is 2000")],
    ),
    (
        "bell-in-given-name",
        _set("given_name", value="A\x07da"),
        [("case.given_name", "contains a control character (U+0007)")],
    ),
    (
        "nul-in-referring-center",
        _set("referring_center", value="Synthetic\x00Hospital"),
        [("case.referring_center", "contains a control character (U+0000)")],
    ),
    (
        "newline-in-given-name",
        _set("given_name", value="A\nda"),
        [("case.given_name", "contains a control character (U+000A)")],
    ),
    (
        "carriage-return-in-eeg-note",
        _set("eeg", 0, "note", value="line one\rline two"),
        [("case.eeg[0].note", "contains a control character (U+000D)")],
    ),
    ("unknown-case-field", _set("foo", value=1), [("case.foo", "unknown field")]),
    (
        "unknown-nested-field",
        _set("treatments", 0, "route", value="oral"),
        [("case.treatments[0].route", "unknown field")],
    ),
    (
        "boolean-as-dose",
        _set("treatments", 0, "dose", value=True),
        [("case.treatments[0].dose", "must be a number, not true/false")],
    ),
    (
        "boolean-as-clusters-per-day",
        _set("spasms", "clusters_per_day", value=False),
        [("case.spasms.clusters_per_day", "must be a number, not true/false")],
    ),
    (
        "text-as-dose",
        _set("treatments", 0, "dose", value="150"),
        [("case.treatments[0].dose", "is text, not a number")],
    ),
    (
        "number-as-boolean",
        _set("spasms", "ongoing", value=1),
        [("case.spasms.ongoing", "must be true, false or null, not 1")],
    ),
    (
        "text-as-boolean",
        _set("degenerative_condition", value="no"),
        [("case.degenerative_condition", "must be true, false or null")],
    ),
    (
        "number-as-text",
        _set("family_name", value=42),
        [("case.family_name", "must be text, not a number")],
    ),
    (
        "date-wrong-form",
        _set("date_of_birth", value="01/02/2026"),
        [("case.date_of_birth", "is not a date in the form YYYY-MM-DD")],
    ),
    (
        "date-not-in-calendar",
        _set("date_of_birth", value="2025-02-30"),
        [("case.date_of_birth", "is not a real calendar date")],
    ),
    (
        "based-score-not-whole",
        _set("eeg", 0, "based_score", value=2.5),
        [("case.eeg[0].based_score", "must be a whole number")],
    ),
    (
        "normal-mri-with-lesions",
        _set("mri", 0, "finding", value="normal"),
        [("case.mri[0].lesions", "a normal MRI cannot list lesions")],
    ),
    (
        "other-asm-without-name",
        _set("treatments", 0, "agent", value="other_asm"),
        [("case.treatments[0].name", "is required for another anti-seizure medication")],
    ),
]


@pytest.mark.parametrize(("change", "expected"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rule_rejects_and_leaves_database_unchanged(
    seeded: Services,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[dict[str, Any]], None],
    expected: list[tuple[str, str]],
) -> None:
    assert_rejected(seeded, db_path, tmp_path, capsys, mutated(change), expected)


def test_valid_document_is_accepted(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert services.validate(valid_document()) == []
    assert_accepted(services, db_path, tmp_path, capsys, valid_document())


BOUNDARIES: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("vigabatrin-300-mg-kg-day-is-the-limit", _set("treatments", 0, "dose", value=300)),
    ("vigabatrin-fractional-dose", _set("treatments", 0, "dose", value=0.5)),
    ("newline-and-tab-in-eeg-note", _set("eeg", 0, "note", value="line one\nline two\ttabbed")),
    ("family-name-at-limit", _set("family_name", value="x" * 100)),
    ("eeg-note-at-limit", _set("eeg", 0, "note", value="n" * 2000)),
    ("mrn-at-limit", _set("mrn", value="M" * 40)),
    ("born-today", _born_today),
    ("fetal-mri-before-birth", _set("mri", 0, "date", value=(DOB - timedelta(days=30)).isoformat())),
    ("one-day-trial", _set("treatments", 0, "end_date", value=_ago(190))),
    ("non-ascii-names", _set("family_name", value="Ødegård-Łukasiewicz 山田")),
]


@pytest.mark.parametrize("change", [b[1] for b in BOUNDARIES], ids=[b[0] for b in BOUNDARIES])
def test_boundary_values_are_accepted(
    services: Services,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[dict[str, Any]], None],
) -> None:
    document = mutated(change)
    assert services.validate(document) == []
    assert_accepted(services, db_path, tmp_path, capsys, document)


def test_unknown_top_level_field(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = valid_document()
    document["comment"] = "hello"
    assert_rejected(seeded, db_path, tmp_path, capsys, document, [("comment", "unknown field")])


@pytest.mark.parametrize("fmt", ["isconf-case/2", "isconf-case", "", None, 1])
def test_wrong_format_string(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: Any
) -> None:
    document = valid_document()
    document["format"] = fmt
    assert_rejected(seeded, db_path, tmp_path, capsys, document, [("format", "must be 'isconf-case/1'")])


def test_missing_format(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = valid_document()
    del document["format"]
    assert_rejected(seeded, db_path, tmp_path, capsys, document, [("format", "must be 'isconf-case/1'")])


def test_missing_case(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_rejected(seeded, db_path, tmp_path, capsys, {"format": "isconf-case/1"}, [("case", "is required")])


@pytest.mark.parametrize(
    ("root", "kind"),
    [([], "a list"), ("case", "text"), (3, "a number"), (True, "true/false"), (None, "null")],
)
def test_document_that_is_not_an_object(
    seeded: Services,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    root: Any,
    kind: str,
) -> None:
    assert_rejected(
        seeded,
        db_path,
        tmp_path,
        capsys,
        root,
        [("(file)", f'must hold a JSON object with "format" and "case", not {kind}')],
    )


def test_huge_integer_is_rejected_not_a_crash(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An integer too large for a float is a problem, not an OverflowError."""
    document = mutated(_set("spasms", "clusters_per_day", value=10**400))
    assert_rejected(
        seeded,
        db_path,
        tmp_path,
        capsys,
        document,
        [("case.spasms.clusters_per_day", "must be a finite number")],
    )


def test_huge_integer_in_a_file(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(seeded)
    document = valid_document()
    text = json.dumps(document).replace('"dose": 150', '"dose": 1' + "0" * 400)
    file = tmp_path / "huge.json"
    file.write_text(text, encoding="utf-8")
    code, _, err = run_import(capsys, db_path, file)
    assert code == 1
    assert f"isconf: error: {file}: case.treatments[0].dose: must be a finite number" in err
    assert snapshot(seeded) == before


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"format": "isconf-case/1",\n  "case": {"mrn": "X",}}', 2, 23),
        ("not json at all", 1, 1),
        ("", 1, 1),
        ('{"format": "isconf-case/1"', 1, 27),
    ],
    ids=["trailing-comma", "prose", "empty-file", "unterminated"],
)
def test_not_json(
    seeded: Services,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    line: int,
    column: int,
) -> None:
    before = snapshot(seeded)
    file = tmp_path / "broken.json"
    file.write_text(text, encoding="utf-8")

    [result] = seeded.import_files([file])
    assert not result.ok
    [problem] = result.problems
    assert problem.path == str(file)
    assert f"line {line} column {column}: invalid JSON" in problem.message
    assert snapshot(seeded) == before

    code, out, err = run_import(capsys, db_path, file)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0] == f"isconf: error: {file}: {problem.message}"
    assert lines[1] == "isconf: error: 0 imported, 1 rejected; nothing of the rejected file was written"
    assert snapshot(seeded) == before


def test_not_json_names_the_file_once(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "broken.json"
    file.write_text("not json", encoding="utf-8")
    code, _, err = run_import(capsys, db_path, file)
    assert code == 1
    first = err.splitlines()[0]
    assert first == f"isconf: error: {file}: line 1 column 1: invalid JSON (Expecting value)"


def test_not_utf8(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(seeded)
    file = tmp_path / "latin1.json"
    file.write_bytes('{"format": "isconf-case/1", "case": {"mrn": "Ã©\xe9"}}'.encode("latin-1"))
    code, _, err = run_import(capsys, db_path, file)
    assert code == 1
    [line, summary] = err.splitlines()
    assert line == f"isconf: error: {file}: is not UTF-8 text (is it a JSON case file?)"
    assert "0 imported, 1 rejected" in summary
    assert snapshot(seeded) == before


def test_several_problems_are_all_listed_and_nothing_is_written(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = valid_document()
    case = document["case"]
    case["sex"] = "f"
    case["family_name"] = "x" * 101
    case["given_name"] = "A\x07"
    case["foo"] = "bar"
    case["date_of_birth"] = FUTURE
    case["treatments"][0]["dose"] = -1
    case["treatments"].append(
        {"agent": "vigabatrin", "dose": 150, "dose_unit": "IU/m2/day", "start_date": _ago(100)}
    )
    case["mri"][0]["lesions"][0]["lobes"] = ["nose"]
    assert_rejected(
        seeded,
        db_path,
        tmp_path,
        capsys,
        document,
        [
            ("case.foo", "unknown field"),
            ("case.date_of_birth", "is in the future"),
            ("case.family_name", "101 characters long"),
            ("case.given_name", "control character (U+0007)"),
            ("case.sex", "'f' is not one of"),
            ("case.treatments[0].dose", "must be greater than zero"),
            ("case.treatments[1].dose_unit", "does not fit Vigabatrin"),
            ("case.mri[0].lesions[0].lobes[0]", "'nose' is not one of"),
        ],
    )


def test_duplicate_mrn_is_refused_without_replace(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(seeded)
    changed = valid_document(SEED_MRN)
    changed["case"]["given_name"] = "Changed"

    result = seeded.import_document(copy.deepcopy(changed))
    assert not result.ok
    [problem] = result.problems
    assert problem.path == "case.mrn"
    assert f"{SEED_MRN!r} already exists" in problem.message
    assert snapshot(seeded) == before

    file = write_json(tmp_path / "same-mrn.json", changed)
    code, out, err = run_import(capsys, db_path, file)
    assert code == 1
    assert "imported" not in out
    assert f"isconf: error: {file}: case.mrn: {SEED_MRN!r} already exists; use --replace" in err
    assert snapshot(seeded) == before


def test_duplicate_mrn_is_replaced_with_replace(
    seeded: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = valid_document(SEED_MRN)
    changed["case"]["given_name"] = "Changed"
    changed["case"]["treatments"] = []
    file = write_json(tmp_path / "same-mrn.json", changed)

    code, out, err = run_import(capsys, db_path, file, replace=True)
    assert code == 0, err
    assert f"replaced {SEED_MRN} from {file}" in out
    stored = seeded.get_case(SEED_MRN)
    assert stored.case.given_name == "Changed"
    assert stored.case.treatments == ()
    assert stored.version == 2
    assert seeded.count_cases() == 1

    changed["case"]["given_name"] = "Changed again"
    result = seeded.import_document(changed, replace=True)
    assert result.ok and result.replaced
    assert seeded.get_case(SEED_MRN).case.given_name == "Changed again"
    assert seeded.count_cases() == 1

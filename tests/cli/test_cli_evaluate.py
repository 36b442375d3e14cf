"""``isconf evaluate``: a stored case by MRN or a case file, as text or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli, vignette_files

AS_OF = "2026-11-24"


def _vignette(name: str) -> Path:
    return next(f for f in vignette_files() if f.stem == name)


def test_a_file_is_evaluated_without_being_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "never.db"
    file = _vignette("fcd_left_frontal_candidate")
    code, out, err = run_cli(capsys, "evaluate", "--db", str(db), "--as-of", AS_OF, str(file))
    assert code == 0, err
    assert "STATUS   SURGICAL CANDIDATE" in out
    assert "PATHWAY  lobar resection" in out
    assert "[   MET   ] Failed first-line treatment" in out
    assert "Source: " in out and "Why speed matters" in out
    assert "Lead time, onset to first-line treatment: 25 days (UKISS category 3: 15–30 days)" in out
    assert not db.exists()


def test_json_is_the_evaluation_document(capsys: pytest.CaptureFixture[str]) -> None:
    file = _vignette("mitochondrial_not_candidate")
    code, out, _ = run_cli(capsys, "evaluate", "--json", "--as-of", AS_OF, str(file))
    assert code == 0
    document = json.loads(out)
    assert document["format"] == "isconf-evaluation/1"
    assert document["rules_version"] == "1"
    assert document["as_of"] == AS_OF
    assert document["status"] == "not_candidate" and document["pathway"] is None
    assert [c["id"] for c in document["criteria"]] == [
        "first_line_failed",
        "focal_lesion",
        "no_metabolic_degenerative",
        "developmental_impact",
        "acceptable_function_loss",
    ]
    assert all(c["reason"] for c in document["criteria"])
    # Not a candidate: no pathway, so no procedure is weighed and no rating is missing (issue 16).
    assert "tradeoff.assessments" not in document["missing"]
    assert document["warning_codes"] == [] == document["warnings"]
    assert document["urgency"]["lead_time_category"] == 4


@pytest.mark.both_backends
def test_a_stored_case_by_mrn(capsys: pytest.CaptureFixture[str], db: str) -> None:
    run_cli(capsys, "import", "--db", db, *map(str, vignette_files()))
    code, out, err = run_cli(capsys, "evaluate", "--db", db, "syn-0003", "--as-of", AS_OF, "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["status"] == "palliative_candidate"
    assert document["pathway"] == "corpus_callosotomy_or_vns"
    code, out, _ = run_cli(capsys, "evaluate", "--db", db, "SYN-0003")
    assert code == 0 and out.startswith("SYN-0003  Synthetic, Cleo — evaluated as of ")


@pytest.mark.both_backends
def test_unknown_mrn_and_missing_file(capsys: pytest.CaptureFixture[str], db: str) -> None:
    run_cli(capsys, "import", "--db", db, str(_vignette("fcd_left_frontal_candidate")))
    code, _, err = run_cli(capsys, "evaluate", "--db", db, "NOPE-1")
    assert code == 1 and err == "isconf: error: mrn: no case has MRN 'NOPE-1'\n"
    code, _, err = run_cli(capsys, "evaluate", "--db", db, "missing.json")
    assert code == 1 and err == "isconf: error: missing.json: no such case file\n"


def test_an_invalid_file_names_field_and_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = json.loads(_vignette("fcd_left_frontal_candidate").read_text(encoding="utf-8"))
    document["case"]["treatments"][0]["dose"] = -5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"isconf: error: {bad}: case.treatments[0].dose: ")
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run_cli(capsys, "evaluate", str(bad))
    assert code == 1 and err.startswith(f"isconf: error: {bad}: ")


def test_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run_cli(capsys, "evaluate", "X.json", "--as-of", "24/11/2026")
    assert exit_.value.code == 2
    assert capsys.readouterr().err.endswith(
        "isconf: error: argument --as-of: '24/11/2026' is not a date (YYYY-MM-DD)\n"
    )


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2025-11-30", "2025-11-30 is before the child was born (2025-12-01); choose a later date"),
        ("2026-04-14", "2026-04-14 is before the spasms began (2026-04-15); choose a later date"),
    ],
)
def test_as_of_before_birth_or_onset_says_so(
    capsys: pytest.CaptureFixture[str], db_path: Path, as_of: str, message: str
) -> None:
    file = _vignette("fcd_left_frontal_candidate")
    run_cli(capsys, "import", "--db", str(db_path), str(file))
    for target in (str(file), "SYN-0001"):
        code, out, err = run_cli(capsys, "evaluate", "--db", str(db_path), target, "--as-of", as_of)
        assert (code, out) == (1, "")
        assert err == f"isconf: error: --as-of: {message}\n"
    # The day of onset itself is evaluated.
    code, _, err = run_cli(capsys, "evaluate", "--db", str(db_path), str(file), "--as-of", "2026-04-15")
    assert code == 0, err

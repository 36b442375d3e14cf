"""``isconf fhir import|export|export-meeting``: what is printed, the exit codes, one line per problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from conftest import run_cli

EHR = Path(__file__).parent.parent / "data" / "fhir" / "ehr_west_syndrome.json"


def test_import_then_export_and_deidentified_export(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    code, out, err = run_cli(capsys, "--db", db, "fhir", "import", str(EHR))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"imported EHR-4711 from {EHR}"
    assert out.splitlines()[1].startswith("not mapped (")
    target = tmp_path / "out.json"
    code, out, err = run_cli(capsys, "--db", db, "fhir", "export", "EHR-4711", "-o", str(target))
    assert (code, out, err) == (0, "", f"exported EHR-4711 to {target}\n")
    Bundle.model_validate(json.loads(target.read_text("utf-8")))
    code, out, _ = run_cli(capsys, "--db", db, "fhir", "export", "EHR-4711", "--deidentify")
    assert code == 0 and "EHR-4711" not in out and "Testchild" not in out and "2025-11-02" not in out
    # Again: refused without --replace, one line a problem and a tally, exit 1.
    code, out, err = run_cli(capsys, "--db", db, "fhir", "import", str(EHR))
    assert code == 1 and "use --replace" in err
    assert (
        err.splitlines()[-1]
        == "isconf: error: 0 imported, 1 rejected; nothing of a rejected patient was written"
    )
    assert run_cli(capsys, "--db", db, "fhir", "import", "--replace", str(EHR))[1].startswith(
        "replaced EHR-4711"
    )


def test_a_bad_dose_is_one_line_at_its_fhirpath(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = json.loads(EHR.read_text("utf-8"))
    bundle["entry"][3]["resource"]["dosage"][0]["doseAndRate"][0]["doseQuantity"]["code"] = "mg"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle), "utf-8")
    code, _, err = run_cli(capsys, "--db", str(db_path), "fhir", "import", str(bad))
    assert code == 1
    assert err.splitlines()[0] == (
        f"isconf: error: {bad}: Bundle.entry[3].resource.dosage[0].doseAndRate[0].doseQuantity: 'mg' is not a "
        "daily dose unit isconf reads (mg/kg/d, mg/d, [iU]/m2/d, [iU]/d, [iU]/kg/d)"
    )
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("export", "NOPE-1"), "isconf: error: "),
        (("export-meeting", "7"), "isconf: error: "),
        (("pull", "--server", "ftp://x", "p-1"), "isconf: error: --server: 'ftp://x' is not an http(s) URL"),
        (("import", "/nonexistent/file.json"), "isconf: error: /nonexistent/file.json: cannot be read"),
    ],
)
def test_failures_are_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], said: str
) -> None:
    run_cli(capsys, "--db", str(db_path), "fhir", "import", str(EHR))
    code, out, err = run_cli(capsys, "--db", str(db_path), "fhir", *argv)
    assert code != 0 and out == ""
    assert err.startswith(said) and "Traceback" not in err
    assert len(err.splitlines()) <= 2  # the problem (and, for an import, the tally)

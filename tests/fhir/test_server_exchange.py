"""``isconf fhir pull`` and ``push`` against a FHIR server on 127.0.0.1 (tests/fhir_server.py):
what works, and a refusing, slow, unreachable or untrusted server giving one line and
changing nothing."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from conftest import run_cli, vignette_files
from fhir_server import FhirTestServer
from isconf.meetings.model import ActionItem, Attendee
from isconf.services import Services

EHR = Path(__file__).parent.parent / "data" / "fhir" / "ehr_west_syndrome.json"
TOKEN = "synthetic-test-token"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FhirTestServer]:
    monkeypatch.setenv("ISCONF_FHIR_TOKEN", TOKEN)
    with FhirTestServer(token=TOKEN) as running:
        running.load(json.loads(EHR.read_text(encoding="utf-8")))
        yield running


@pytest.fixture
def db_with_a_case(db_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A database holding one vignette, to show a failing call changes nothing."""
    assert run_cli(capsys, "--db", str(db_path), "import", str(vignette_files()[0]))[0] == 0
    return str(db_path)


def _state(db: str) -> list[dict[str, Any]]:
    services = Services.open(db, create=False)
    try:
        return [services.export_document(s.mrn) for s in services.list_cases()]
    finally:
        services.close()


def test_pull_reads_the_patient_and_its_resources_with_the_bearer_token(
    server: FhirTestServer, db_with_a_case: str, capsys: pytest.CaptureFixture[str], fixed_clock: Any
) -> None:
    fixed_clock(date(2026, 7, 1))
    code, out, err = run_cli(
        capsys, "--db", db_with_a_case, "fhir", "pull", "--server", server.base, "p-4711"
    )
    assert (code, err) == (0, "")
    assert f"imported EHR-4711 from {server.base}/Patient/p-4711" in out
    # A body weight (the vaccination is not searched); the MRI report's conclusion now goes to mri[].report.
    assert "not mapped (1): Observation/o-3" in out
    assert {auth for _, _, auth in server.requests} == {f"Bearer {TOKEN}"}
    assert ("GET", "/fhir/Patient/p-4711", f"Bearer {TOKEN}") in server.requests
    assert any(path.startswith("/fhir/MedicationStatement?patient=p-4711") for _, path, _ in server.requests)
    case = Services.open(db_with_a_case).export_document("EHR-4711")["case"]
    assert [t["agent"] for t in case["treatments"]] == ["vigabatrin", "prednisolone", "other_asm"]
    assert any(study["report"] for study in case["mri"])


@pytest.mark.parametrize(
    ("refuse", "said"),
    [(401, "HTTP 401 not authorised"), (403, "HTTP 403 forbidden"), (500, "HTTP 500")],
)
def test_a_refusing_server_gives_one_line_and_changes_nothing(
    server: FhirTestServer, db_with_a_case: str, capsys: pytest.CaptureFixture[str], refuse: int, said: str
) -> None:
    before = _state(db_with_a_case)
    server.refuse = refuse
    for argv in (("pull", "p-4711"), ("push", "1")):
        code, out, err = run_cli(
            capsys, "--db", db_with_a_case, "fhir", argv[0], "--server", server.base, argv[1]
        )
        assert code == 1 and out == ""
        if argv[0] == "pull":
            assert len(err.splitlines()) == 1, err
            assert err.startswith(f"isconf: error: --server: {server.base} refused Patient/p-4711: {said}")
            assert f"refused by the test server ({refuse})" in err  # the server's OperationOutcome
    assert _state(db_with_a_case) == before


def test_a_missing_token_is_named(
    server: FhirTestServer,
    db_with_a_case: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ISCONF_FHIR_TOKEN")
    code, _, err = run_cli(capsys, "--db", db_with_a_case, "fhir", "pull", "--server", server.base, "p-4711")
    assert code == 1 and len(err.splitlines()) == 1
    assert "HTTP 401" in err and "set the bearer token in ISCONF_FHIR_TOKEN" in err


def test_a_slow_server_times_out_in_one_line(
    server: FhirTestServer, db_with_a_case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(db_with_a_case)
    server.delay = 2.0
    argv = ("--db", db_with_a_case, "fhir", "pull", "--server", server.base, "--timeout", "0.3", "p-4711")
    code, out, err = run_cli(capsys, *argv)
    assert (code, out) == (1, "")
    assert err == f"isconf: error: --server: {server.base} gave no answer within 0.3 s\n"
    assert _state(db_with_a_case) == before


def test_an_unreachable_server_gives_one_line(
    db_with_a_case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/fhir"
    code, out, err = run_cli(capsys, "--db", db_with_a_case, "fhir", "pull", "--server", url, "p-1")
    assert (code, out) == (1, "")
    assert err.startswith(f"isconf: error: --server: cannot reach {url} (") and len(err.splitlines()) == 1


def test_tls_is_verified_and_a_hospital_authority_can_be_trusted(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ISCONF_FHIR_TOKEN", raising=False)
    with FhirTestServer(tls_dir=tmp_path) as secure:
        secure.load(json.loads(EHR.read_text(encoding="utf-8")))
        argv = ("--db", str(db_path), "fhir", "pull", "--server", secure.base, "p-4711")
        code, _, err = run_cli(capsys, *argv)
        assert code == 1 and "TLS certificate is not trusted" in err and len(err.splitlines()) == 1
        assert secure.cert is not None
        code, out, err = run_cli(capsys, *argv, "--ca-file", str(secure.cert))
        assert (code, err) == (0, "") and "imported EHR-4711" in out


def _decided_and_signed(db: str) -> int:
    services = Services.open(db)
    try:
        meeting = services.meetings.create_meeting(
            title="Spasms surgery conference", day=date(2026, 7, 1), start_time=time(8, 0), chair="Dr Chair"
        )
        services.meetings.add_cases(meeting.id, ["EHR-4711"])
        services.meetings.set_attendance(
            meeting.id, [Attendee("Dr Chair", "epileptologist"), Attendee("Dr Cut", "neurosurgeon", False)]
        )
        services.meetings.record_decision(
            meeting.id,
            "EHR-4711",
            recommendation="further_evaluation",
            rationale="Tubers; the left frontal one may lead; PET to confirm",
            tests=("pet",),
            actions=[ActionItem("Book PET", "Dr Nuc", date(2026, 7, 8))],
        )
        services.meetings.set_status(meeting.id, "closed")
        services.users.add_user("Dr Chair", "epileptologist", "chair-password")
        services.signing.sign(meeting.id, user="Dr Chair", password="chair-password", meaning="approved")
        return meeting.id
    finally:
        services.close()


def test_export_meeting_and_push_give_the_decision_back(
    server: FhirTestServer, db_path: Path, capsys: pytest.CaptureFixture[str], fixed_clock: Any
) -> None:
    fixed_clock(date(2026, 7, 1))
    db = str(db_path)
    assert run_cli(capsys, "--db", db, "fhir", "pull", "--server", server.base, "p-4711")[0] == 0
    meeting = _decided_and_signed(db)
    code, out, _ = run_cli(capsys, "--db", db, "fhir", "export-meeting", str(meeting))
    document = json.loads(out)
    Bundle.model_validate(document)
    types = [e["resource"]["resourceType"] for e in document["entry"]]
    assert document["type"] == "document" and types[0] == "Composition"
    assert {"CareTeam", "Patient", "Condition", "ClinicalImpression", "CarePlan", "Provenance"} <= set(types)
    plan = next(e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "CarePlan")
    assert plan["intent"] == "plan" and plan["addresses"]
    assert [a["detail"].get("code", {}).get("text") for a in plan["activity"]][:2] == [
        "Further evaluation",
        "PET",
    ]
    team = next(e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "CareTeam")
    assert [p["member"]["display"] for p in team["participant"]] == ["Dr Chair", "Dr Cut"]
    impression = next(
        e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "ClinicalImpression"
    )
    assert len(impression["finding"]) == 5 and impression["protocol"]

    patients_before = len(server.of_type("Patient"))
    code, out, err = run_cli(capsys, "--db", db, "fhir", "push", "--server", server.base, str(meeting))
    assert (code, err) == (0, "") and out.startswith(f"pushed meeting {meeting} to {server.base}")
    assert len(server.of_type("Patient")) == patients_before  # matched by MRN, not created again
    [stored_plan] = server.of_type("CarePlan")
    assert stored_plan["subject"]["reference"] == "Patient/p-4711"
    assert server.of_type("Provenance") and server.of_type("Composition")

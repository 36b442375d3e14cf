"""Issue 23: identifiers planted in every typed text reach no de-identified output, in any
letter case; a text marked "checked for identifiers" is printed scrubbed, and an edit
unmarks it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from certs import Pki, session_pki
from conftest import run_cli
from isconf.deid_text import WITHHELD
from isconf.meetings.text_checks import meeting_texts
from isconf.services import Services
from isconf.summary.attachment import read_json
from isconf.summary.export import export_summary
from planted_text import MRN, leaks, plant_meeting


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return session_pki(tmp_path_factory)


@pytest.fixture
def planted(services: Services) -> tuple[int, dict[str, str]]:
    return plant_meeting(services)


def _pdf_words(data: bytes) -> dict[str, str]:
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.xmp_metadata
    words = {
        "pages": "\n".join(page.extract_text() for page in reader.pages),
        "metadata": json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()}, ensure_ascii=False),
        "xmp": xmp.stream.get_data().decode("utf-8", "replace") if xmp is not None else "",
    }
    for field in reader.get_fields() or {}:
        value = (reader.get_fields() or {})[field].get("/V")
        if value is not None:
            words[f"field {field}"] = str(value.get_object())
    return words


def test_no_de_identified_output_holds_a_planted_identifier(
    services: Services,
    planted: tuple[int, dict[str, str]],
    db: str,
    tmp_path: Path,
    pki: Pki,
    capsys: pytest.CaptureFixture[str],
) -> None:
    meeting_id, child = planted
    outputs: dict[str, str] = {}
    # The summary, de-identified and PAdES-signed: pages, metadata, XMP, the attached JSON, /Reason.
    summary = tmp_path / "summary.pdf"
    export_summary(services, meeting_id, summary, deidentify=True, p12=pki.p12, passphrase=pki.passphrase)
    data = summary.read_bytes()
    outputs |= {f"summary {k}": v for k, v in _pdf_words(data).items()}
    outputs["summary attachment"] = json.dumps(read_json(data), ensure_ascii=False)
    outputs["summary raw bytes"] = data.decode("latin-1")  # /Reason sits in the signature dictionary
    # The agenda, de-identified: PDF and text.
    agenda = tmp_path / "agenda.pdf"
    meeting = services.meetings.get_meeting(meeting_id)
    services.write_agenda_pdf(meeting, agenda, deidentify=True)
    outputs |= {f"agenda {k}": v for k, v in _pdf_words(agenda.read_bytes()).items()}
    # The meeting as a FHIR document Bundle, de-identified.
    bundle = services.fhir.export_meeting(meeting_id, deidentify=True)
    Bundle.model_validate(bundle)
    outputs["FHIR meeting bundle"] = json.dumps(bundle, ensure_ascii=False)
    services.close()
    code, out, err = run_cli(capsys, "fhir", "export-meeting", str(meeting_id), "--deidentify", "--db", db)
    assert code == 0, err
    outputs["FHIR meeting bundle, command line"] = out
    code, out, err = run_cli(capsys, "meeting", "agenda", str(meeting_id), "--deidentify", "--db", db)
    assert code == 0, err
    outputs["agenda text"] = out
    # Presentation mode shows the title and each question as Meeting.redacted words them.
    outputs["presentation"] = meeting.redacted(meeting.title) + meeting.redacted(
        meeting.agenda[0].question or ""
    )
    for where, text in outputs.items():
        i = " ".join(text.split()).find("Dickensworth")
        assert leaks(text, child) == [], (where, " ".join(text.split())[i - 200 : i + 50])
    assert WITHHELD in outputs["agenda text"] and WITHHELD in outputs["summary pages"].replace("\n", " ")
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    assert plan["description"] == WITHHELD and "created" not in plan
    patient = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    assert set(patient) == {"resourceType", "id", "identifier"}


def test_a_checked_text_is_printed_scrubbed_and_an_edit_unmarks_it(
    services: Services, planted: tuple[int, dict[str, str]]
) -> None:
    meeting_id, child = planted
    meeting = services.meetings.get_meeting(meeting_id)
    assert set(meeting_texts(meeting)) >= {"title", "place", f"{MRN} question", f"{MRN} rationale"}
    services.text_checks.mark_checked(meeting, f"{MRN} question")
    meeting = services.meetings.get_meeting(meeting_id)
    shown = meeting.redacted(meeting.agenda[0].question or "", meeting.agenda[0])
    assert shown.startswith("Resect? ") and WITHHELD not in shown
    # The scrubber removes the child's names, MRN and birth date, phones, emails and
    # addresses; a parent's name it cannot know is what the checker read the text for.
    assert [s for s in leaks(shown, child) if s != "Dickensworth"] == [], shown
    assert "[phone]" in shown and "[email]" in shown and "[address]" in shown
    marks = [e for e in services.audit_trail() if e.action == "check_text"]
    assert [e.field for e in marks] == [f"{MRN} question checked for identifiers"]
    services.meetings.set_item(meeting_id, MRN, question="Resect? (edited)")
    meeting = services.meetings.get_meeting(meeting_id)
    assert meeting.redacted(meeting.agenda[0].question or "", meeting.agenda[0]) == WITHHELD


def test_the_signature_reason_holds_no_typed_text(
    services: Services, planted: tuple[int, dict[str, str]], tmp_path: Path, pki: Pki
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    meeting_id, _ = planted
    out = tmp_path / "identified.pdf"
    export_summary(services, meeting_id, out, p12=pki.p12, passphrase=pki.passphrase)
    [signature] = PdfFileReader(io.BytesIO(out.read_bytes())).embedded_regular_signatures
    reason = str(signature.sig_object.get("/Reason"))
    assert reason == f"isconf meeting summary, meeting {meeting_id} revision 2"


def test_every_typed_text_can_be_marked_checked_and_is_then_printed_scrubbed(
    services: Services, planted: tuple[int, dict[str, str]], tmp_path: Path
) -> None:
    """The case file's texts (goals, reports, captions, raters' comments, the team's figure's
    note) and the amendment's reason are listed with the meeting's and marked the same way."""
    meeting_id, child = planted
    meeting = services.meetings.get_meeting(meeting_id)
    listed = {row.where: row for row in services.text_checks.listing(meeting)}
    case_texts = {
        f"{MRN} family goals",
        f"{MRN} MRI 1 report",
        f"{MRN} EEG 1 report",
        f"{MRN} image 1 caption",
        f"{MRN} rating 2 comment",
        f"{MRN} team's figure 1 note",
        "amendment reason",
    }
    assert case_texts <= set(listed) and not any(listed[w].checked for w in case_texts)
    for where in listed:
        services.text_checks.mark_checked(meeting, where)
    assert all(row.checked for row in services.text_checks.listing(services.meetings.get_meeting(meeting_id)))
    out = tmp_path / "summary.pdf"
    export_summary(services, meeting_id, out, deidentify=True)
    attached = json.dumps(read_json(out.read_bytes()), ensure_ascii=False)
    pages = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    for shown in (attached, pages):
        assert WITHHELD not in shown
        # The parent's name is what the checker read for; the scrubber cannot know it.
        assert [s for s in leaks(shown, child) if s != "Dickensworth"] == []
    for typed in ("Walk.", "FCD.", "Hypsarrhythmia.", "Axial.", "Fine.", "Our series.", "Wrong side."):
        assert typed in attached, typed
    assert "[phone]" in attached and "[email]" in attached
    bundle = json.dumps(services.fhir.export_meeting(meeting_id, deidentify=True), ensure_ascii=False)
    assert "PET first." in bundle and "[phone]" in bundle and WITHHELD not in bundle
    assert [s for s in leaks(bundle, child) if s != "Dickensworth"] == []
    # A rater not named by a role is a team member, in isconf's own words too.
    assert "team member" in attached and "Nancy" not in attached


def test_a_case_text_edited_after_its_check_is_withheld_again(
    services: Services, planted: tuple[int, dict[str, str]]
) -> None:
    from dataclasses import replace

    meeting_id, _ = planted
    services.text_checks.mark_checked(services.meetings.get_meeting(meeting_id), f"{MRN} family goals")
    stored = services.get_case(MRN)
    family = replace(stored.case.family, goals="Walk, and talk.")
    services.save_case(replace(stored.case, family=family), original_mrn=MRN, expected_version=stored.version)
    [row] = [
        r
        for r in services.text_checks.listing(services.meetings.get_meeting(meeting_id))
        if r.where == f"{MRN} family goals"
    ]
    assert row.text == "Walk, and talk." and not row.checked


def test_the_command_line_lists_and_marks_the_case_file_texts(
    services: Services,
    planted: tuple[int, dict[str, str]],
    db: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    meeting_id, _ = planted
    services.close()
    monkeypatch.setenv("ISCONF_USER", "Dr Chair")  # the team's first member marks it
    monkeypatch.setenv("ISCONF_PASSWORD", "chair-password")
    code, out, err = run_cli(capsys, "meeting", "texts", str(meeting_id), "--db", db)
    assert code == 0, err
    lines = out.splitlines()
    for where in ("family goals", "MRI 1 report", "EEG 1 report", "image 1 caption", "rating 2 comment"):
        assert f"{MRN} {where}: not checked" in lines
    assert "amendment reason: not checked" in lines
    code, out, err = run_cli(capsys, "meeting", "checked", str(meeting_id), f"{MRN} family goals", "--db", db)
    assert code == 0, err
    code, out, _ = run_cli(capsys, "meeting", "texts", str(meeting_id), "--db", db)
    assert f"{MRN} family goals: checked" in out.splitlines()

"""Issue 23: identifiers planted in every typed text reach no de-identified output, in any
letter case; a text marked "checked for identifiers" is printed scrubbed, and an edit
unmarks it."""

from __future__ import annotations

import io
import json
from datetime import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from certs import Pki, session_pki
from conftest import run_cli
from isconf import clock
from isconf.deid_text import WITHHELD
from isconf.meetings.model import ActionItem, ConsideredOption
from isconf.meetings.text_checks import meeting_texts
from isconf.services import Services
from isconf.summary.attachment import read_json
from isconf.summary.export import export_summary

MRN = "DEMO-1001"
PARENT, STREET, PHONE, EMAIL = "Nancy Dickensworth", "14 Baker Street", "020 7946 0958", "nancy.d@example.org"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return session_pki(tmp_path_factory)


def _planted(child: dict[str, str]) -> str:
    """Every kind of identifier, spelled as people type them."""
    spaced_mrn = " ".join(child["mrn"])
    return (
        f"{child['given'].upper()} {child['family'].lower()} (MRN {spaced_mrn}, born {child['dob_uk']}), "
        f"mother {PARENT}, {STREET}, {PHONE}, {EMAIL}"
    )


def _forbidden(child: dict[str, str]) -> list[str]:
    return [
        child["given"],
        child["family"],
        child["mrn"],
        child["mrn"].replace("-", ""),
        child["dob_uk"],
        child["dob_iso"],
        "Dickensworth",
        "Baker Street",
        "7946",
        "example.org",
    ]


def _leaks(text: str, child: dict[str, str]) -> list[str]:
    squashed = " ".join(text.split()).lower()
    return [s for s in _forbidden(child) if s.lower() in squashed or s.lower() in squashed.replace(" ", "")]


@pytest.fixture
def planted(services: Services) -> tuple[int, dict[str, str]]:
    services.add_demo_cases()
    case = services.get_case(MRN).case
    assert case.given_name and case.family_name and case.date_of_birth
    child = {
        "given": case.given_name,
        "family": case.family_name,
        "mrn": case.mrn,
        "dob_uk": case.date_of_birth.strftime("%d/%m/%Y"),
        "dob_iso": case.date_of_birth.isoformat(),
    }
    text = _planted(child)
    m = services.meetings
    meeting = m.create_meeting(
        title=f"Conference {text}"[:200],
        day=clock.today(),
        start_time=time(8, 0),
        chair="Dr Chair",
        place=text,
    )
    m.add_cases(meeting.id, [MRN])
    m.set_item(meeting.id, MRN, question=f"Resect? {text}")
    m.record_decision(
        meeting.id,
        MRN,
        recommendation="further_evaluation",
        rationale=f"PET first. {text}",
        consensus="majority",
        dissent=f"Disagree. {text}",
        tests=("pet",),
        options=[ConsideredOption("further_evaluation", f"note {text}")],
        actions=[ActionItem(f"Call {text}"[:500], f"{child['given']} {PHONE}", clock.today())],
    )
    m.set_status(meeting.id, "closed")
    services.users.add_user("Dr Chair", "epileptologist", "chair-password")
    services.sign_in("Dr Chair", "chair-password")  # the team's first member writes from now on
    services.signing.sign(meeting.id, user="Dr Chair", password="chair-password", meaning="approved")
    services.signing.amend(meeting.id, reason=f"Wrong side. {text}")
    return meeting.id, child


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
    services.close()
    code, out, err = run_cli(capsys, "meeting", "agenda", str(meeting_id), "--deidentify", "--db", db)
    assert code == 0, err
    outputs["agenda text"] = out
    # Presentation mode shows the title and each question as Meeting.redacted words them.
    outputs["presentation"] = meeting.redacted(meeting.title) + meeting.redacted(
        meeting.agenda[0].question or ""
    )
    for where, text in outputs.items():
        assert _leaks(text, child) == [], where
    assert WITHHELD in outputs["agenda text"] and WITHHELD in outputs["summary pages"].replace("\n", " ")


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
    assert [s for s in _leaks(shown, child) if s != "Dickensworth"] == [], shown
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

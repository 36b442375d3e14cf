"""``isconf meeting …`` end to end, and the agenda PDF read back with pypdf."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli
from isconf.services import Services


@pytest.fixture
def meeting(db_path: Path, capsys: pytest.CaptureFixture[str], fixed_clock) -> str:
    # The agenda counts weeks as of the meeting day (1 Dec) and the demo cases are dated from
    # today: the day is fixed, or a year on the meeting would predate the demo children's history.
    fixed_clock(date(2026, 12, 7))
    services = Services.open(str(db_path))
    services.add_demo_cases()
    services.close()
    code, out, _ = run_cli(
        capsys, "--db", str(db_path), "meeting", "new", "--date", "2026-12-01", "--time", "08:00",
        "--title", "Spasms surgery conference", "--chair", "Dr Chair",
    )  # fmt: skip
    assert code == 0
    meeting_id = out.split()[-1]
    code, _, err = run_cli(
        capsys,
        "--db",
        str(db_path),
        "meeting",
        "add",
        meeting_id,
        "DEMO-1006",
        "DEMO-1001",
        "DEMO-1003",
        "DEMO-1004",
    )
    assert code == 0, err
    return meeting_id


def _show(capsys: pytest.CaptureFixture[str], db_path: Path, meeting: str) -> dict:
    code, out, err = run_cli(capsys, "--db", str(db_path), "meeting", "show", meeting, "--json")
    assert code == 0, err
    return json.loads(out)


def test_new_add_decide_show(db_path: Path, meeting: str, capsys: pytest.CaptureFixture[str]) -> None:
    shown = _show(capsys, db_path, meeting)
    # DEMO-1006 has spasms and no first-line treatment: untreated spasms come first (issue 16).
    assert [item["mrn"] for item in shown["agenda"]] == ["DEMO-1006", "DEMO-1003", "DEMO-1001", "DEMO-1004"]
    assert shown["agenda"][0]["alarms"] == ["untreated_spasms"]
    assert all(item["decision"] is None for item in shown["agenda"])
    code, _, err = run_cli(
        capsys, "--db", str(db_path), "meeting", "decide", meeting, "DEMO-1001",
        "--recommendation", "lobar_resection", "--rationale", "Concordant left frontal lesion",
        "--consensus", "majority", "--dissent", "Dr B would wait for PET",
    )  # fmt: skip
    assert code == 0, err
    decided = {item["mrn"]: item for item in _show(capsys, db_path, meeting)["agenda"]}["DEMO-1001"]
    assert decided["decision"]["recommendation"] == "lobar_resection"
    assert decided["decision"]["rationale"] == "Concordant left frontal lesion"
    assert decided["decision"]["consensus"] == "majority"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["decide", "{m}", "DEMO-1001", "--recommendation", "lobar_resection", "--rationale", " "],
            "--rationale:",
        ),
        (
            ["decide", "{m}", "DEMO-1001", "--recommendation", "surgery", "--rationale", "x"],
            "--recommendation",
        ),
        (
            [
                "decide",
                "{m}",
                "DEMO-1001",
                "--recommendation",
                "vns",
                "--rationale",
                "x",
                "--consensus",
                "majority",
            ],
            "--dissent:",
        ),
        (
            ["decide", "{m}", "NOPE-1", "--recommendation", "vns", "--rationale", "x"],
            "MRN: no case has MRN 'NOPE-1'",
        ),
        (["add", "{m}", "NOPE-1"], "MRN: no case has MRN 'NOPE-1'"),
        (["new", "--date", "2026-02-30", "--title", "x"], "--date: '2026-02-30' is not a date"),
        (["new", "--date", "2026-02-03", "--time", "25:00", "--title", "x"], "--time: '25:00' is not a time"),
        (["new", "--date", "2026-02-03", "--title", " "], "--title: is required"),
        (["show", "abc"], "'abc' is not a meeting id"),
        (["show", "99"], "MEETING: no meeting has id 99"),
    ],
)
def test_bad_input_is_one_line_naming_the_flag(
    db_path: Path, meeting: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    args = [a.replace("{m}", meeting) for a in argv]
    try:
        code, _, err = run_cli(capsys, "--db", str(db_path), "meeting", *args)
    except SystemExit as exit_:  # argparse refuses the flag itself
        code, err = int(exit_.code or 0), capsys.readouterr().err
    assert code != 0
    assert message in err
    assert "Traceback" not in err


def test_the_agenda_pdf_lists_the_cases_in_order_with_what_is_missing(
    db_path: Path, meeting: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "agenda.pdf"
    code, _, err = run_cli(capsys, "--db", str(db_path), "meeting", "agenda", meeting, "--pdf", str(pdf))
    assert code == 0, err
    assert pdf.stat().st_mode & 0o077 == 0  # owner-only, like every export
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    positions = [text.index(f"MRN DEMO-{n}") for n in ("1006", "1003", "1001", "1004")]
    assert positions == sorted(positions)  # untreated spasms first (issue 16), with the alarm in words
    assert "⚠ UNTREATED SPASMS" in text and "Order: untreated spasms first" in text
    assert "08:00–08:15" in text and "08:45–09:00" in text
    assert "no metabolic work-up" in text and "no EEG" in text
    assert "page 1 of" in text
    assert "Demo, Chiara" in text  # identified: names are there


def test_the_deidentified_agenda_has_no_name_mrn_or_birth_date(
    db_path: Path, meeting: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "agenda-deid.pdf"
    services = Services.open(str(db_path))
    first = services.meetings.get_meeting(int(meeting)).agenda[0]
    typed = f"Is {first.given_name} {first.family_name} ({first.mrn.lower()}) ready for PET?"
    agenda = services.meetings.set_item(int(meeting), first.mrn, question=typed).agenda
    services.close()
    code, _, err = run_cli(
        capsys, "--db", str(db_path), "meeting", "agenda", meeting, "--pdf", str(pdf), "--deidentify"
    )
    assert code == 0, err
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    metadata = json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()})
    raw = pdf.read_bytes()
    for item in agenda:
        assert item.initials in text
        assert f"{item.age_months:.0f} months old" in text
        for secret in (item.mrn, item.given_name, item.date_of_birth.isoformat()):  # type: ignore[union-attr]
            assert secret not in text and secret not in metadata
            assert secret.encode() not in raw
        assert "born" not in text
    assert "De-identified" in text
    # Issue 23: a typed text nobody marked checked for identifiers is withheld whole.
    assert "[text withheld: not checked for identifiers]" in text.replace("\n", " ")
    assert "ready for PET" not in text
    where = f"{first.mrn} question"
    assert run_cli(capsys, "--db", str(db_path), "meeting", "checked", meeting, where)[0] == 0
    code, _, err = run_cli(
        capsys, "--db", str(db_path), "meeting", "agenda", meeting, "--pdf", str(pdf), "--deidentify"
    )
    assert code == 0, err
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    # Checked, a name typed into the question is printed as the initials.
    initials = first.initials
    assert f"Is {initials} {initials} ({initials}) ready for PET?" in text.replace("\n", " ")


def test_the_pdf_pages_render(
    db_path: Path, meeting: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "agenda.pdf"
    run_cli(capsys, "--db", str(db_path), "meeting", "agenda", meeting, "--pdf", str(pdf))
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    assert sorted(p.name for p in tmp_path.glob("page*.png"))


def test_a_long_agenda_repeats_its_table_header_on_every_page(
    db_path: Path, meeting: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = Services.open(str(db_path))
    services.meetings.add_cases(int(meeting), ["DEMO-1002", "DEMO-1005", "DEMO-1007", "DEMO-1008"])
    for item in services.meetings.get_meeting(int(meeting)).agenda:
        services.meetings.set_item(int(meeting), item.mrn, question="Which option? " * 12)
    services.close()
    pdf = tmp_path / "long.pdf"
    run_cli(capsys, "--db", str(db_path), "meeting", "agenda", meeting, "--pdf", str(pdf))
    pages = PdfReader(pdf).pages
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        text = page.extract_text()
        assert "Missing before the meeting" in text
        assert f"page {n} of {len(pages)}" in text


def test_status_list_and_a_deidentified_text_agenda(
    db_path: Path, meeting: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "--db", str(db_path), "meeting", "agenda", meeting, "--deidentify")
    assert code == 0
    assert "DEMO-" not in out and "Demo" not in out
    assert "months)" in out
    code, out, _ = run_cli(capsys, "--db", str(db_path), "meeting", "status", meeting, "close")
    assert (code, out.strip()) == (0, f"meeting {meeting}: closed (revision 1)")
    code, _, err = run_cli(
        capsys, "--db", str(db_path), "meeting", "decide", meeting, "DEMO-1001", "--recommendation", "vns",
        "--rationale", "x",
    )  # fmt: skip
    assert code == 1 and "is closed; reopen it" in err
    code, out, _ = run_cli(capsys, "--db", str(db_path), "meeting", "status", meeting, "reopen")
    assert out.strip() == f"meeting {meeting}: in progress (revision 2)"
    code, out, _ = run_cli(capsys, "--db", str(db_path), "meeting", "list")
    assert "Spasms surgery conference" in out and "In progress" in out

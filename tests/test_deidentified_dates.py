"""Issue 14, part 2: no de-identified output holds a calendar date of the child.

One case has a distinctive date in every dated field (birth, onset, last seen, both
trials' start and end, two MRIs, two EEGs, a PET, the development assessment, the
decision, the next surgery date, an action item's due date) and in free text of every
kind (the question, the rationale, the dissent, an option's note, an action item, a
rating's comment, the team's benefit figure's note, an EEG note, the meeting title, an
amendment's reason), typed in several spellings. Every de-identified output is read
back as a user meets it (the summary's pages, its attached JSON, the PDF's metadata and
XMP, the charts' words; the agenda PDF and text; the presentation screen; the
de-identified case export) and searched for each planted date in every format.

The planted dates all lie in 2025, away from February 2026: the meeting, the export,
the signatures and the printing day are 10 February 2026 and may show it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from certs import Pki, session_pki
from conftest import run_cli
from isconf import clock
from isconf.meetings.model import ActionItem, Attendee, ConsideredOption
from isconf.meetings.text_checks import meeting_texts
from isconf.schema import FORMAT
from isconf.services import Services
from isconf.summary import deidentified
from isconf.summary.attachment import read_json
from isconf.summary.content import attachment_problems, sha256_hex
from isconf.summary.export import export_summary
from isconf.summary.pdf import summary_pdf_bytes
from isconf.tradeoff import chart

MRN = "PLANT-0001"
MEETING_DAY = date(2026, 2, 10)
DECIDED = datetime(2025, 10, 22, 10, 30, tzinfo=UTC)
PLANTED = {
    "birth": date(2025, 1, 14),
    "onset": date(2025, 3, 19),
    "first EEG": date(2025, 3, 25),
    "first trial start": date(2025, 4, 2),
    "first MRI": date(2025, 4, 23),
    "first trial end": date(2025, 5, 7),
    "second trial start": date(2025, 5, 12),
    "second trial end": date(2025, 6, 16),
    "second MRI": date(2025, 7, 9),
    "second EEG": date(2025, 8, 13),
    "assessment": date(2025, 8, 27),
    "PET": date(2025, 9, 10),
    "last seen": date(2025, 10, 1),
    "decision": DECIDED.date(),
    "next surgery": date(2025, 11, 26),
    "due": date(2025, 12, 3),
    "deferred from": date(2025, 12, 17),
}
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PASSWORD = "chair's long password"


def spellings(day: date) -> list[str]:
    """Every way an output could print ``day``: the issue's formats and a few more."""
    month, abbreviation = f"{day:%B}", MONTH_ABBREVIATIONS[day.month - 1]
    return [
        day.isoformat(),
        f"{day.day} {abbreviation} {day.year}",
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%m/%d/%Y}",
        f"{month} {day.year}",
        f"{day.day} {month} {day.year}",
        f"{abbreviation} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {abbreviation}",  # a period's first day, written without its year
        f"{day:%Y%m%d}",
    ]


LEAK = re.compile(
    "|".join(
        rf"(?<![\w/]){re.escape(spelling)}(?![\w/])"
        for day in PLANTED.values()
        for spelling in spellings(day)
    )
)


def leaks(haystack: str) -> list[str]:
    """The planted dates in ``haystack``, also where a line break split one ("16 Jun\n2025")."""
    return sorted(set(LEAK.findall(re.sub(r"\s+", " ", haystack))))


def case_document() -> dict[str, Any]:
    d = {name: day.isoformat() for name, day in PLANTED.items()}
    return {
        "format": FORMAT,
        "case": {
            "mrn": MRN,
            "family_name": "Plantard",
            "given_name": "Odile",
            "date_of_birth": d["birth"],
            "sex": "female",
            "referring_center": "Synthetic Children's Hospital",
            "spasms": {
                "onset_date": d["onset"],
                "ongoing": True,
                "last_seen_date": d["last seen"],
                "clusters_per_day": 6,
                "hypsarrhythmia": "classic",
            },
            "treatments": [
                {"agent": "vigabatrin", "dose": 150, "dose_unit": "mg/kg/day",
                 "start_date": d["first trial start"], "end_date": d["first trial end"],
                 "outcome": "no_response"},
                {"agent": "prednisolone", "dose": 40, "dose_unit": "mg/day",
                 "start_date": d["second trial start"], "end_date": d["second trial end"],
                 "outcome": "relapse"},
            ],
            "mri": [
                {"date": d["first MRI"], "field_strength_t": 3, "finding": "normal"},
                {"date": d["second MRI"], "field_strength_t": 3, "finding": "lesional",
                 "lesions": [{"type": "fcd", "side": "left", "lobes": ["frontal"], "extent": "lobar",
                              "epileptogenic": True}]},
            ],
            "eeg": [
                {"date": d["first EEG"], "hypsarrhythmia": "classic", "lateralization": "none",
                 "note": "Reviewed 25/03/2025"},
                {"date": d["second EEG"], "hypsarrhythmia": "modified", "lateralization": "left"},
            ],
            "pet": [{"date": d["PET"], "finding": "hypometabolism", "side": "left", "lobes": ["frontal"]}],
            "etiology": {"category": "structural", "diagnosis": "FCD IIb, seen 13 August 2025"},
            "metabolic_workup": "normal",
            "degenerative_condition": False,
            "development": {"assessed_on": d["assessment"], "status": "arrest", "developmental_quotient": 52},
            "baseline_function": {"hemiparesis": "none", "visual_field": "full"},
            "tradeoff": {
                "proposed_procedure": "lobar_resection",
                "assessments": [
                    {"procedure": "lobar_resection", "deficit": "hemiparesis", "likelihood": "possible",
                     "already_present": False, "rating": "acceptable", "rated_by": "family",
                     "comment": "Rated by the family on 10 September 2025"},
                ],
                "benefit_overrides": [
                    {"procedure": "lobar_resection", "value": 70, "note": "Our series up to Jul 2025"},
                ],
                "next_surgery_date": d["next surgery"],
            },
        },
    }  # fmt: skip


def plant(db: Path) -> int:
    """The planted case on a meeting: decided on DECIDED, signed and locked on the meeting day,
    amended, and signed again; the meeting's id."""
    services = Services.open(str(db))
    try:
        with clock.fixed(DECIDED):
            services.import_document(case_document())
            meeting = services.meetings.create_meeting(
                title="Infant spasms conference (deferred from 17 Dec 2025)",
                day=MEETING_DAY,
                start_time=time(8, 0),
                chair="Dr Chair",
                place="Room 4",
            )
            m = services.meetings
            m.add_cases(meeting.id, [MRN])
            m.set_item(
                meeting.id,
                MRN,
                question="Is the MRI of 09/07/2025 concordant with the EEG of 13 August 2025?",
            )
            m.set_attendance(
                meeting.id, [Attendee("Dr Chair", "epileptologist"), Attendee("Dr Knife", "neurosurgeon")]
            )
            m.record_decision(
                meeting.id,
                MRN,
                recommendation="lobar_resection",
                rationale="Drug resistant since 16 Jun 2025; the PET of Sept 10, 2025 agrees with the MRI.",
                consensus="majority",
                dissent="Would repeat the EEG first (the last one is from 2025-08-13).",
                options=[
                    ConsideredOption("lobar_resection", "chosen"),
                    ConsideredOption("continue_medical", "spasms every day since 19 March 2025"),
                ],
                actions=[ActionItem("Book surgery for 26 Nov 2025 or sooner", "Dr Knife", PLANTED["due"])],
            )  # fmt: skip
        with clock.fixed(datetime.combine(MEETING_DAY, time(9, 0), tzinfo=UTC)):
            services.users.add_user("Dr Chair", "epileptologist", PASSWORD)
            services.sign_in("Dr Chair", PASSWORD)
            m.set_status(meeting.id, "closed")
            services.signing.sign(meeting.id, user="Dr Chair", password=PASSWORD, meaning="approved")
            services.signing.amend(meeting.id, reason="The MRI of 9 Jul 2025 was named wrongly")
            m.set_status(meeting.id, "closed")
            services.signing.sign(meeting.id, user="Dr Chair", password=PASSWORD, meaning="approved")
            # Every typed text read and marked checked for identifiers (issue 23): unchecked,
            # a de-identified output withholds it whole, and its dates would not be seen.
            shown = services.meetings.get_meeting(meeting.id)
            for where in meeting_texts(shown):
                services.text_checks.mark_checked(shown, where)
        return meeting.id
    finally:
        services.close()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return session_pki(tmp_path_factory)


@pytest.fixture
def chart_words(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every word drawn on a trade-off chart while the test runs (a chart is a picture: its
    words cannot be read back from the PDF or the screen)."""
    from matplotlib.text import Text

    drawn: list[str] = []
    draw = chart.draw_figure

    def recording(*args: Any, **kwargs: Any) -> Any:
        figure = draw(*args, **kwargs)
        drawn.extend(t.get_text() for t in figure.findobj(Text))
        return figure

    monkeypatch.setattr(chart, "draw_figure", recording)
    return drawn


@pytest.fixture
def planted(db_path: Path) -> Iterator[int]:
    meeting_id = plant(db_path)
    clock.set_fixed(datetime.combine(MEETING_DAY, time(9, 30), tzinfo=UTC))
    yield meeting_id


def pdf_words(data: bytes) -> dict[str, str]:
    """What a reader of the PDF can find: each page's text, the document information, the XMP
    metadata and the attached JSON."""
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.xmp_metadata
    return {
        "pages": "\n".join(page.extract_text() for page in reader.pages),
        "metadata": json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()}, ensure_ascii=False),
        "xmp": xmp.stream.get_data().decode("utf-8", "replace") if xmp is not None else "",
        "attachment": json.dumps(read_json(data), ensure_ascii=False),
    }


def test_the_planted_dates_reach_the_identified_summary(planted: int, db_path: Path, tmp_path: Path) -> None:
    """The planted dates are printed where identified: the search below looks where they would be."""
    services = Services.open(str(db_path))
    try:
        result = export_summary(services, planted, tmp_path / "identified.pdf")
    finally:
        services.close()
    words = pdf_words(result.path.read_bytes())
    found = leaks(words["pages"] + words["attachment"])
    for name in ("birth", "first trial start", "second MRI", "assessment", "decision", "next surgery", "due"):
        day = PLANTED[name]
        assert any(s in found for s in spellings(day)), f"the {name} date is not in the identified summary"


def test_no_de_identified_summary_holds_a_planted_date(
    planted: int,
    db_path: Path,
    tmp_path: Path,
    pki: Pki,
    chart_words: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    services = Services.open(str(db_path))
    try:
        result = export_summary(
            services,
            planted,
            tmp_path / "deidentified.pdf",
            deidentify=True,
            p12=pki.p12,
            passphrase=pki.passphrase,
        )
        pkg = services.signing.summary_package(planted)
    finally:
        services.close()
    data = result.path.read_bytes()
    words = pdf_words(data)
    assert words["xmp"]  # pyHanko's signature writes XMP metadata: read too
    assert chart_words == []  # the summary's chart is drawn as text in the page, read with the pages
    for where, text in words.items():
        assert leaks(text) == [], f"the de-identified summary's {where}"
    # The dates became ages (born 14 Jan 2025): not simply dropped.
    pages = words["pages"].replace("\n", " ")
    assert "Latest MRI (age 5.8 months)" in pages
    assert "Vigabatrin 150 mg/kg/day (age 2.6–3.7 months)" in pages
    assert "Drug resistance established at age 5.0 months" in pages
    assert "as of age 9.2 months" in pages
    assert "42 days before the meeting" not in pages and "111 days before the meeting, 10:30" in pages
    assert "Book surgery for age 10.4 months or sooner" in pages and "69 days before the meeting" in pages
    assert (
        "(deferred from [date withheld])" in pages and "10 Feb 2026" in pages
    )  # the meeting's own date stays
    assert "by the next possible surgery date (age 10.4 months)" in pages
    # The attachment is the content's de-identified form, and whoever holds the signed content
    # and its identification makes the same form again.
    document = read_json(data)
    assert document["content"]["format"] == deidentified.FORMAT
    assert document["content_sha256"] == pkg.content_sha256
    # (with the texts it shows as checked for identifiers, which the form records by hash)
    checked = frozenset(document["content"]["texts_checked"])
    again = deidentified.deidentified_content(pkg.content, pkg.identification, checked)
    assert sha256_hex(again) == document["deidentified_content_sha256"]
    assert attachment_problems(document) == []
    code, out, _ = run_cli(capsys, "verify", str(result.path), "--trust", str(pki.ca_pem))
    assert code == 0 and out.rstrip().endswith("VERIFIED"), out


def test_a_changed_de_identified_attachment_does_not_verify(planted: int, db_path: Path) -> None:
    services = Services.open(str(db_path))
    try:
        pkg = services.signing.summary_package(planted)
    finally:
        services.close()
    document = json.loads(json.dumps(read_json(summary_pdf_bytes(pkg, deidentify=True))))
    assert attachment_problems(document) == []
    document["content"]["cases"][0]["decision"]["rationale"] = "Something else"
    assert any("de-identified content's SHA-256" in p for p in attachment_problems(document))


def test_no_de_identified_agenda_holds_a_planted_date(
    planted: int, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "agenda.pdf"
    db = ("--db", str(db_path))
    code, _, err = run_cli(capsys, *db, "meeting", "agenda", str(planted), "--pdf", str(pdf), "--deidentify")
    assert code == 0, err
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    metadata = json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()})
    code, printed, err = run_cli(capsys, *db, "meeting", "agenda", str(planted), "--deidentify")
    assert code == 0, err
    for where, haystack in (("PDF", text), ("PDF metadata", metadata), ("text", printed)):
        assert leaks(haystack) == [], f"the de-identified agenda's {where}"
    assert "EEG at age 6.9 months" in text.replace("\n", " ")
    assert "the MRI on [date withheld]" in printed  # 09/07/2025: 9 July or 7 September
    assert "PET at age 7.9 months agrees" in printed
    # Identified, the same agenda names the dates as typed.
    code, printed, _ = run_cli(capsys, *db, "meeting", "agenda", str(planted))
    assert "13 August 2025" in printed


def test_no_de_identified_case_export_holds_a_planted_date(planted: int, db_path: Path) -> None:
    services = Services.open(str(db_path))
    try:
        exported = json.dumps(services.export_deidentified(MRN), ensure_ascii=False)
    finally:
        services.close()
    assert leaks(exported) == []
    assert '"onset_age_days": 64' in exported


def test_the_presentation_screen_holds_no_planted_date(
    planted: int, db_path: Path, qtbot: Any, chart_words: list[str]
) -> None:
    from PySide6.QtWidgets import QLabel

    from ui.meeting.presentation import PresentationView

    # Presented on the day of the decision, when the next surgery date was still ahead.
    clock.set_fixed(DECIDED)
    services = Services.open(str(db_path))
    try:
        view = PresentationView(services, planted)
        qtbot.addWidget(view)
        view.resize(1920, 1080)
        view.show()
        view.toggle_chart()
        shown = [view.windowTitle(), *(label.text() for label in view.findChildren(QLabel))]
        reason = services.evaluate_case(MRN, as_of=DECIDED.date()).criterion("first_line_failed").reason
    finally:
        services.close()
    assert "2 Apr – 7 May 2025" in reason  # what the screen would show, were it not de-identified
    screen = "\n".join([*shown, *chart_words])
    assert leaks(screen) == []
    assert any("Vigabatrin 150 mg/kg/day (age 2.6–3.7 months)" in text for text in shown)
    assert any(text.startswith("Question: Is the MRI on [date withheld] concordant") for text in shown)
    assert "by age 10.4 months" in "\n".join(chart_words)

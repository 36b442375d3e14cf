"""The summary PDF (issue 6) read back with pypdf: every decision, every criterion, the
signature manifest, page numbers and hash on every page, the attached content, and
de-identification that leaks nothing. Plus ``isconf summary`` end to end."""

from __future__ import annotations

import io
import json
import re
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import run_cli
from isconf import clock
from isconf.meetings import vocab as meeting_vocab
from isconf.meetings.model import ActionItem, Attendee, ConsideredOption
from isconf.report_text import STATE_WORDS
from isconf.rules.wording import day
from isconf.services import Services
from isconf.summary import content as summary
from isconf.summary.attachment import read_json
from isconf.summary.pdf import summary_pdf_bytes

MRNS = ("DEMO-1001", "DEMO-1002", "DEMO-1003", "DEMO-1004", "DEMO-1005", "DEMO-1006")
RECOMMENDATIONS = (
    "further_evaluation",
    "hemispherectomy",
    "continue_medical",
    "corpus_callosotomy",
    "not_candidate",
    None,  # one case left undecided
)
HOSTILE = "<b>bold?</b> & <font color='red'>x</font> ]]> \\ <br/> <para> &amp; &#0; "


def make_meeting(services: Services) -> int:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(
        title="Spasms surgery conference",
        day=clock.today(),
        start_time=time(8, 0),
        chair="Dr Chair",
        place="Room 4",
    )
    services.meetings.add_cases(meeting.id, list(MRNS))
    services.meetings.set_attendance(
        meeting.id,
        [
            Attendee("Dr Chair", "epileptologist", True),
            Attendee("Dr Knife", "neurosurgeon", True),
            Attendee("Dr Scan", "neuroradiologist", False),
        ],
    )
    for n, (mrn, recommendation) in enumerate(zip(MRNS, RECOMMENDATIONS, strict=True)):
        if recommendation is None:
            continue
        services.meetings.record_decision(
            meeting.id,
            mrn,
            recommendation=recommendation,
            rationale=f"Rationale {n + 1}: the team weighed the options for this infant.",
            consensus="majority" if n == 1 else "unanimous",
            dissent="The neurosurgeon would wait for a PET" if n == 1 else None,
            tests=["pet", "seeg"] if recommendation == "further_evaluation" else [],
            options=[
                ConsideredOption(recommendation, "chosen"),
                ConsideredOption("continue_medical", "not chosen"),
            ]
            if recommendation != "continue_medical"
            else [ConsideredOption(recommendation, "chosen")],
            actions=[ActionItem(f"Follow up case {n + 1}", "Dr Knife", date(2026, 12, 10))],
        )
    return meeting.id


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One six-case meeting, its content and package, rendered identified and de-identified."""
    path = tmp_path_factory.mktemp("summary") / "isconf.db"
    services = Services.open(str(path))
    try:
        meeting_id = make_meeting(services)
        content, identification = summary.build_content(services, meeting_id)
    finally:
        services.close()
    draft = summary.package(content, identification)
    signatures = tuple(
        {
            "name": name,
            "role": role,
            "meaning": meaning,
            "signed_at": f"2026-11-26T1{k}:05:00+01:00",
            "time_zone": "Europe/Berlin",
            "content_sha256": draft.content_sha256,
            "revision": 1,
        }
        for k, (name, role, meaning) in enumerate(
            (("Dr Author", "epileptologist", "authored"), ("Dr Chair", "epileptologist", "approved"))
        )
    )
    signed = summary.package(
        content, identification, signatures=signatures, required_signers=("Dr Chair",), locked=True
    )
    progress: list[tuple[int, int, str]] = []
    return {
        "content": content,
        "identification": identification,
        "draft": draft,
        "signed": signed,
        "identified": summary_pdf_bytes(signed, progress=lambda *a: progress.append(a)),
        "deidentified": summary_pdf_bytes(signed, deidentify=True),
        "draft_pdf": summary_pdf_bytes(draft),
        "progress": progress,
    }


def pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def squeezed(words: str) -> str:
    """Words without spaces and hyphens: a phrase found in text whose lines wrap (between
    words or at a dictionary hyphen) is found in its squeezed form."""
    return re.sub(r"[\s\-]", "", words)


def test_every_decision_and_every_criterion_of_every_case_reads_back(built: dict[str, Any]) -> None:
    text = " ".join(pages(built["identified"]))
    for case in built["content"]["cases"]:
        for criterion in case["evaluation"]["criteria"]:
            assert f"{criterion['title']} {STATE_WORDS[criterion['state']]}" in text
        decision = case["decision"]
        if decision is None:
            assert "No decision recorded for this case" in text
            continue
        label = meeting_vocab.label(meeting_vocab.RECOMMENDATION, decision["recommendation"])
        assert f"Recommendation: {label}" in text
        assert squeezed(f"Rationale {decision['rationale']}") in squeezed(text)
    assert "Dissent: The neurosurgeon would wait for a PET" in text
    assert "Tests requested PET, SEEG" in text
    assert "Majority (dissent recorded)" in text
    assert "Follow up case 1 — Dr Knife, due 10 Dec 2026 (open)" in text


def test_each_case_has_its_sections_and_identification(built: dict[str, Any]) -> None:
    text = " ".join(pages(built["identified"]))
    for person in built["identification"]["cases"]:
        assert f"{person['family_name']}, {person['given_name']}" in text
        assert f"MRN {person['mrn']}" in text
        assert f"born {day(date.fromisoformat(person['date_of_birth']))}" in text
    for heading in (
        "Key findings",
        "Candidacy checklist",
        "Urgency",
        "Trade-off",
        "Recommendation",
        "Options considered",
        "Action items",
    ):
        assert text.count(heading) >= len(MRNS), heading
    assert "UKISS category" in text and "Why speed matters" in text
    assert "No neuroradiologist, neuropsychologist present" in text
    assert "References" in text


def test_every_page_says_page_x_of_y_the_meeting_and_the_hash_prefix(built: dict[str, Any]) -> None:
    for pdf, pkg in ((built["identified"], built["signed"]), (built["draft_pdf"], built["draft"])):
        texts = pages(pdf)
        assert len(texts) > len(MRNS) + 2
        for number, page in enumerate(texts, 1):
            assert f"page {number} of {len(texts)}" in page
            assert f"SHA-256 {pkg.hash_prefix}…" in page
            assert f"Spasms surgery conference · {day(clock.today())} · revision 1" in page


def test_the_signature_manifest_lists_every_signer_and_the_full_hash(built: dict[str, Any]) -> None:
    texts = pages(built["identified"])
    manifest = texts[-1]
    assert "Signature manifest" in manifest and "Signed and locked" in texts[0]
    assert "Dr Author epileptologist 26 Nov 2026, 10:05:00 UTC+01:00 (Europe/Berlin) Authored" in manifest
    assert "Dr Chair epileptologist 26 Nov 2026, 11:05:00 UTC+01:00 (Europe/Berlin) Approved" in manifest
    assert "Dr Chair signed" in manifest and "All required signatures are in" in manifest
    assert built["signed"].content_sha256 in manifest.replace(" ", "")
    assert "canonical JSON of the meeting, its decisions and the evaluations they stored" in manifest
    assert not any("DRAFT" in page for page in texts)


def test_a_draft_says_so_on_every_page_and_a_partly_signed_one_counts(built: dict[str, Any]) -> None:
    texts = pages(built["draft_pdf"])
    assert "DRAFT — not signed" in texts[0]
    assert all("DRAFT" in page for page in texts)  # the watermark
    pkg = built["signed"]
    partly = summary.package(
        pkg.content,
        pkg.identification,
        signatures=pkg.signatures[:1],
        required_signers=("Dr Chair", "Dr Knife"),
        locked=False,
    )
    texts = pages(summary_pdf_bytes(partly))
    assert "Signed by 0 of 2 required (not locked)" in texts[0]
    assert "Missing: Dr Chair, Dr Knife" in texts[-1]


def test_the_attached_json_is_the_attachment_document_and_holds_together(built: dict[str, Any]) -> None:
    for key, deidentify in (("identified", False), ("deidentified", True)):
        attached = read_json(built[key])
        expected = json.loads(json.dumps(summary.attachment_document(built["signed"], deidentify=deidentify)))
        assert attached == expected
        assert summary.attachment_problems(attached) == []


def test_de_identified_output_leaks_no_name_mrn_or_birth_date(built: dict[str, Any]) -> None:
    pdf = built["deidentified"]
    secrets = []
    for person in built["identification"]["cases"]:
        born = date.fromisoformat(person["date_of_birth"])
        secrets += [person["mrn"], person["given_name"], person["date_of_birth"], day(born)]
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(pages(pdf))
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    attached = json.dumps(read_json(pdf), ensure_ascii=False)
    raw = pdf.decode("latin-1")
    for secret in secrets:
        for where, haystack in (
            ("text", text),
            ("metadata", metadata),
            ("attachment", attached),
            ("bytes", raw),
        ):
            assert secret not in haystack, f"{secret} in the {where}"
    assert "identification" not in read_json(pdf)
    for case in built["content"]["cases"]:
        assert f"Case {case['position'] + 1} of 6: {case['initials']}" in text
    assert "left out of this copy but bound by its hash" in text


def test_metadata_names_the_document_without_identifiers(built: dict[str, Any]) -> None:
    for key in ("identified", "deidentified"):
        meta = PdfReader(io.BytesIO(built[key])).metadata
        assert meta is not None and meta.title.startswith("Case conference summary")
        assert built["signed"].content_sha256 in (meta.subject or "")


def test_progress_is_reported_once_per_case(built: dict[str, Any]) -> None:
    assert [(done, total) for done, total, _ in built["progress"]] == [(n, 6) for n in range(1, 7)]


def test_hostile_text_and_a_very_long_rationale_render(tmp_path: Path) -> None:
    services = Services.open(str(tmp_path / "x.db"))
    try:
        services.add_demo_cases()
        meeting = services.meetings.create_meeting(title=f"Conf {HOSTILE}", day=clock.today(), chair=HOSTILE)
        services.meetings.add_cases(meeting.id, ["DEMO-1001"])
        services.meetings.set_item(meeting.id, "DEMO-1001", question=f"Resect? {HOSTILE}")
        long = " ".join(f"{HOSTILE}word{n}" for n in range(600))[:5000]
        services.meetings.record_decision(
            meeting.id, "DEMO-1001", recommendation="further_evaluation", rationale=long
        )
        pkg = summary.package(*summary.build_content(services, meeting.id))
    finally:
        services.close()
    text = " ".join(pages(summary_pdf_bytes(pkg)))
    assert "<b>bold?</b> & <font color='red'>x</font>" in text
    assert "word1 " in text and "word60" in text


def test_a_rationale_taller_than_a_page_runs_on_across_pages(tmp_path: Path) -> None:
    services = Services.open(str(tmp_path / "x.db"))
    try:
        services.add_demo_cases()
        meeting = services.meetings.create_meeting(title="Conference", day=clock.today())
        services.meetings.add_cases(meeting.id, ["DEMO-1001"])
        lines = "\n".join(f"line {n}" for n in range(600))[:5000]
        services.meetings.record_decision(
            meeting.id, "DEMO-1001", recommendation="further_evaluation", rationale=lines
        )
        pkg = summary.package(*summary.build_content(services, meeting.id))
    finally:
        services.close()
    texts = pages(summary_pdf_bytes(pkg))
    first = next(n for n, page in enumerate(texts) if "line 0 " in page)
    final = f"{lines.splitlines()[-1]} Options considered"  # the rationale's last line, then the next row
    last = next(n for n, page in enumerate(texts) if final in page)
    assert last > first


def test_a_trade_off_rebuilt_from_its_json_draws_the_same_chart(tmp_path: Path) -> None:
    from isconf.tradeoff.chart import chart_png, drawn
    from isconf.tradeoff.restore import tradeoff_from_json

    services = Services.open(str(tmp_path / "x.db"))
    try:
        services.add_demo_cases()
        views = [services.tradeoff(s.mrn) for s in services.list_cases()]
    finally:
        services.close()
    for view in views:
        again = tradeoff_from_json(json.loads(json.dumps(view.to_json())))
        assert drawn(again) == drawn(view)
        assert again.to_json() == view.to_json()
    assert chart_png(tradeoff_from_json(views[0].to_json())) == chart_png(views[0])


def test_an_evaluation_rebuilt_from_its_document_is_the_same_document(tmp_path: Path) -> None:
    from isconf.rules.restore import evaluation_from_document

    services = Services.open(str(tmp_path / "x.db"))
    try:
        services.add_demo_cases()
        for s in services.list_cases():
            evaluation = services.evaluate_case(s.mrn)
            assert (
                evaluation_from_document(evaluation.to_document()).to_document() == evaluation.to_document()
            )
            assert evaluation_from_document(evaluation.to_document()).urgency == evaluation.urgency
    finally:
        services.close()


def test_write_summary_signs_and_writes_whole_or_not_at_all(built: dict[str, Any], tmp_path: Path) -> None:
    from isconf.summary.export import write_summary

    target = tmp_path / "summary.pdf"
    write_summary(built["draft"], target, sign=lambda pdf: pdf + b"%signed\n")
    assert target.read_bytes().endswith(b"%signed\n")

    def broken(pdf: bytes) -> bytes:
        raise RuntimeError("no certificate")

    other = tmp_path / "other.pdf"
    with pytest.raises(RuntimeError):
        write_summary(built["draft"], other, sign=broken)
    assert not other.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["summary.pdf"]


def test_isconf_summary_writes_the_pdf(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services = Services.open(str(db_path))
    try:
        meeting_id = make_meeting(services)
    finally:
        services.close()
    out = db_path.parent / "summary.pdf"
    code, _, err = run_cli(
        capsys, "--db", str(db_path), "summary", str(meeting_id), "-o", str(out), "--deidentify"
    )
    assert code == 0, err
    assert re.search(r"wrote the summary of meeting \d+, revision 1 \(draft, not signed off\)", err)
    document = read_json(out.read_bytes())
    assert document["deidentified"] is True and summary.attachment_problems(document) == []
    assert "DEMO-1001" not in " ".join(pages(out.read_bytes()))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["summary", "x", "-o", "s.pdf"], "argument MEETING: 'x' is not a meeting id"),
        (["summary", "1"], "the following arguments are required: -o/--output"),
        (
            ["summary", "1", "-o", "s.pdf", "--revision", "0"],
            "argument --revision: '0' is not a revision number",
        ),
        (["summary", "99", "-o", "s.pdf"], "MEETING: no meeting has id 99"),
        (
            ["summary", "1", "-o", "s.pdf", "--revision", "2"],
            "--revision: revision 2 of meeting 1 was never signed",
        ),
        (["summary", "1", "-o", "missing/s.pdf"], "cannot write here"),
    ],
)
def test_isconf_summary_refuses_bad_flags_in_one_line(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    services = Services.open(str(db_path))
    try:
        services.meetings.create_meeting(title="Conference", day=clock.today())
    finally:
        services.close()
    monkeypatch.chdir(db_path.parent)
    try:
        code, _, err = run_cli(capsys, "--db", str(db_path), *argv)
    except SystemExit as exc:
        code, err = int(exc.code or 0), capsys.readouterr().err
    assert code != 0
    errors = [line for line in err.splitlines() if line.startswith("isconf: error:")]
    assert len(errors) == 1 and message in errors[0], err
    assert not (db_path.parent / "s.pdf").exists()


def test_an_amendment_and_a_signature_over_other_content_are_shown(built: dict[str, Any]) -> None:
    pkg = built["signed"]
    content = json.loads(json.dumps(pkg.content))
    content["meeting"]["revision"] = 2
    content["meeting"]["amends"] = {"revision": 1, "reason": "wrong side recorded for case 2"}
    stale = ({**pkg.signatures[0], "content_sha256": "0" * 64},)
    amended = summary.package(content, pkg.identification, signatures=stale, required_signers=("Dr Chair",))
    texts = pages(summary_pdf_bytes(amended))
    assert "Revision 2, amends revision 1: wrong side recorded for case 2" in texts[0]
    assert "Signed by 0 of 1 required (not locked)" in texts[0]
    assert "The signature of Dr Author was given to different content (SHA-256 000000000000…)" in texts[-1]
    assert all("revision 2" in page for page in texts)


def _footer_lines(pdf: bytes) -> list[tuple[tuple[float, str], tuple[float, str]]]:
    """Per page, the (x, text) of the footer line and of "page X of Y" as the canvas drew them."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: dict[str, tuple[float, str]] = {}

        def visit(words: str, cm: Any, tm: Any, *_: Any, into: dict[str, tuple[float, str]] = found) -> None:
            words = words.strip()
            if re.fullmatch(r"page \d+ of \d+", words):
                into["number"] = (float(tm[4]), words)
            elif " · SHA-256 " in words:
                into["footer"] = (float(tm[4]), words)

        page.extract_text(visitor_text=visit)
        out.append((found["footer"], found["number"]))
    return out


def test_the_footer_never_runs_into_the_page_number(built: dict[str, Any]) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from isconf.pdf_pages import FONT, FOOTER_PT

    content = json.loads(json.dumps(built["content"]))
    content["meeting"]["title"] = "Infantile spasms surgery conference of the regional network " * 2
    pkg = summary.package(content, built["identification"], signatures=built["signed"].signatures)
    for pdf in (summary_pdf_bytes(pkg, deidentify=True), built["deidentified"]):
        lines = _footer_lines(pdf)
        assert len({footer for (_, footer), _ in lines}) == 1  # the same words on every page
        for (left_x, footer), (right_x, _number) in lines:
            assert footer.endswith("· de-identified")
            assert "SHA-256" in footer and "revision 1" in footer
            assert left_x + stringWidth(footer, FONT, FOOTER_PT) < right_x


def test_fit_footer_shortens_the_longest_part_only() -> None:
    from isconf.pdf_pages import fit_footer

    footer = "A very long meeting title indeed, far too long · 26 Nov 2026 · revision 2 · de-identified"
    assert fit_footer(footer, 10_000) == footer
    short = fit_footer(footer, 250)
    title, *rest = short.split(" · ")
    assert title.endswith("…") and rest == ["26 Nov 2026", "revision 2", "de-identified"]


@pytest.mark.parametrize(
    ("iso", "zone", "words"),
    [
        ("2026-11-26T13:00:34+00:00", "Etc/UTC (+00:00)", "26 Nov 2026, 13:00:34 UTC+00:00 (Etc/UTC)"),
        ("2026-11-26T14:05:00+01:00", "Europe/Berlin", "26 Nov 2026, 14:05:00 UTC+01:00 (Europe/Berlin)"),
        ("2026-11-26T14:05:00+01:00", "+01:00", "26 Nov 2026, 14:05:00 UTC+01:00"),
        ("2026-11-26T14:05:00", None, "26 Nov 2026, 14:05:00 (no UTC offset recorded)"),
        ("yesterday", "Europe/Berlin", "yesterday (Europe/Berlin)"),
    ],
)
def test_a_signing_time_shows_its_offset_once_and_the_zone_by_name(
    iso: str, zone: str | None, words: str
) -> None:
    from isconf.summary.pdf_case import moment_words

    assert moment_words(iso, seconds=True, zone=zone) == words


def test_a_cases_decision_options_and_actions_share_a_page(built: dict[str, Any]) -> None:
    """Empty options and actions (two short headings) once fell alone onto a page of their
    own: more key findings move the decision down the page past every break point."""
    content = json.loads(json.dumps(built["content"]))
    case = content["cases"][1]
    content["cases"] = [case]
    case["options_considered"], case["action_items"] = [], []
    findings = case["key_findings"]
    for extra in range(0, 40, 3):
        case["key_findings"] = findings + [{"label": "Note", "text": f"finding {n}"} for n in range(extra)]
        pdf = summary_pdf_bytes(summary.package(content, built["identification"]))
        for page in pages(pdf):
            if "Action items" in page:
                assert "Options considered" in page and "Recommendation" in page, extra


def test_urgency_values_are_worded_once_for_the_screen_and_the_pdf() -> None:
    from dataclasses import replace

    from isconf.report_text import lead_time_words, resistance_words, spasm_weeks_words
    from isconf.rules.result import Urgency

    base = Urgency(
        ongoing=False,
        spasm_weeks=12.3,
        drug_resistance_date=None,
        weeks_since_drug_resistance=None,
        lead_time_days=20,
        lead_time_category=3,
        lead_time_label="15–30 days",
        urgent=False,
        lead_time_note=None,
    )
    e = _evaluation_with(base)
    assert spasm_weeks_words(e) == "12.3 (stopped; to the day last seen)"
    assert resistance_words(e) == "not established"
    assert lead_time_words(e) == "20 days — UKISS category 3 (15–30 days)"
    e = _evaluation_with(replace(base, lead_time_days=None, lead_time_note="no first-line trial started"))
    assert lead_time_words(e) == "no first-line trial started"


def _evaluation_with(urgency: Any) -> Any:
    from isconf.rules.result import Evaluation

    return Evaluation(
        rules_version="1",
        as_of=date(2026, 11, 26),
        status="not_yet",
        status_reason="",
        pathway=None,
        criteria=(),
        warnings=(),
        urgency=urgency,
    )


def test_slots_of_a_meeting_without_a_start_time_say_they_count_from_the_start(
    built: dict[str, Any],
) -> None:
    content = json.loads(json.dumps(built["content"]))
    content["meeting"]["time"] = None
    content["cases"] = content["cases"][:1]
    content["cases"][0]["slot"] = "+0:00–0:15"
    text = " ".join(pages(summary_pdf_bytes(summary.package(content, built["identification"]))))
    assert "slot (from the start) +0:00–0:15 (15 min)" in text
    assert "slot (from the start)" not in " ".join(pages(built["identified"]))

"""The summary as a clinical document (issue 18): decision first, a cover that lists every
case with its MRN, consensus and dissent, sources once as numbered citations, no word
broken inside itself, no screen instruction, and the trade-off drawn as vectors."""

from __future__ import annotations

import io
import json
import re
from datetime import date, time
from typing import Any

import pytest
from pypdf import PdfReader

from isconf import clock
from isconf.datafiles import resource_path
from isconf.meetings.model import ActionItem, Attendee, ConsideredOption
from isconf.services import Services
from isconf.summary import content as summary
from isconf.summary.citations import Citations, ranges, works
from isconf.summary.pdf import summary_pdf_bytes
from isconf.summary.pdf_style import hyphenate

MRNS = tuple(f"DEMO-100{n}" for n in range(1, 8))
RECOMMENDATIONS = (
    "further_evaluation",
    "hemispherectomy",
    "continue_medical",
    "corpus_callosotomy",
    "not_candidate",
    "lobar_resection",
    None,
)
DISSENTER = "Dr Papadopoulos-Wickramasinghe"
# Words the old summary printed, and words no signed record may print.
FORBIDDEN = (
    "seed",
    "unverified",
    "probably",
    "Enter the next",
    "enter a new one",
    "The t emporal",
    "occipit al",
)


@pytest.fixture(scope="module")
def seven(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with clock.fixed(date(2026, 11, 26)):
        services = Services.open(str(tmp_path_factory.mktemp("seven") / "isconf.db"))
        try:
            services.add_demo_cases()
            meeting = services.meetings.create_meeting(
                title="Spasms surgery conference", day=clock.today(), start_time=time(8, 0), chair="Dr Chair"
            )
            services.meetings.add_cases(meeting.id, list(MRNS))
            services.meetings.set_attendance(
                meeting.id,
                [Attendee("Dr Chair", "epileptologist", True), Attendee(DISSENTER, "neurosurgeon", True)],
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
                    dissent=f"{DISSENTER} would wait for a PET" if n == 1 else None,
                    options=[
                        ConsideredOption(recommendation, "best balance"),
                        ConsideredOption("vns", "rejected"),
                    ],
                    actions=[ActionItem(f"Follow up case {n + 1}", "Dr Knife", date(2026, 12, 10))],
                )
            content, identification = summary.build_content(services, meeting.id)
        finally:
            services.close()
    pkg = summary.package(content, identification)
    return {
        "content": content,
        "identification": identification,
        "identified": summary_pdf_bytes(pkg),
        "deidentified": summary_pdf_bytes(pkg, deidentify=True),
    }


def texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_seven_case_meeting_fits_fourteen_pages_each_case_opening_with_its_decision(
    seven: dict[str, Any],
) -> None:
    for kind in ("identified", "deidentified"):
        pages = texts(seven[kind])
        assert len(pages) <= 14, (kind, len(pages))
        for n, case in enumerate(seven["content"]["cases"], 1):  # in agenda order
            first = next(page for page in pages if f"Case {n} of 7" in page)
            opening = first[first.index(f"Case {n} of 7") :]
            assert ("Recommendation:" in opening) if case["decision"] else ("No decision recorded" in opening)


def test_the_cover_lists_every_case_with_mrn_status_urgency_consensus_and_dissent(
    seven: dict[str, Any],
) -> None:
    cover = texts(seven["identified"])[0]
    for head in ("MRN", "Status", "Urgency", "Recommendation", "Consensus", "Dissent"):
        assert head in cover
    for mrn in MRNS:
        assert mrn in cover
    assert "Majority" in cover and "yes" in cover and "Unanimous" in cover
    deidentified = texts(seven["deidentified"])[0]
    assert "Consensus" in deidentified and "Dissent" in deidentified
    assert not re.search(r"\bMRN\b", deidentified) and not any(mrn in deidentified for mrn in MRNS)


def test_no_seed_page_no_unverified_source_no_screen_instruction_no_broken_word(
    seven: dict[str, Any],
) -> None:
    for kind in ("identified", "deidentified"):
        whole = " ".join(texts(seven[kind]))
        for words in FORBIDDEN:
            assert words.lower() not in whole.lower(), (kind, words)
        assert "Source:" not in whole  # sources are numbered citations now
        assert "Pediatric Epilepsy Surgery Alliance, family information" in whole


def test_sources_are_cited_by_number_into_one_reference_list(seven: dict[str, Any]) -> None:
    pages = texts(seven["identified"])
    whole = " ".join(pages)
    assert whole.count("References") == 1
    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(seven["identified"])).pages)
    listed = raw[raw.index("References") :]
    entries = re.findall(r"^ ?\[(\d+)\]\s+(\S.*)$", listed, re.MULTILINE)
    numbers = [int(n) for n, _ in entries]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 5
    # Every work is listed once, however many cases cite it.
    works_listed = [work.strip() for _, work in entries]
    assert len(set(works_listed)) == len(works_listed)
    assert works_listed.count("Go et al., Neurology 2012 (AAN/CNS guideline)") == 1
    cited = {int(n) for body in pages for n in re.findall(r"\[(\d+)[,\]–]", body)}
    assert set(numbers) <= cited


def test_the_trade_off_chart_is_vector_text_not_a_picture(seven: dict[str, Any]) -> None:
    reader = PdfReader(io.BytesIO(seven["identified"]))
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        objects = resources.get("/XObject") or {}
        assert not any(objects[name].get_object().get("/Subtype") == "/Image" for name in objects)
    whole = " ".join(texts(seven["identified"]))
    for label in ("Expected benefit", "new: expected", "already present", "% seizure- or spasm-free"):
        assert label in whole


def test_a_long_name_wraps_only_at_its_own_hyphen(seven: dict[str, Any]) -> None:
    assert list(hyphenate("Papadopoulos-Wickramasinghe")) == [("Papadopoulos-", "Wickramasinghe")]
    assert list(hyphenate("Wickramasinghe")) == []  # a name is never cut by the dictionary
    for head, tail in hyphenate("hemimegalencephaly"):
        assert len(head) >= 3 and len(tail) >= 3 and head + tail == "hemimegalencephaly"
    whole = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(seven["identified"])).pages)
    for line in whole.splitlines():
        if "Papadopoulos" in line and "Wickramasinghe" not in line:
            assert line.rstrip().endswith("Papadopoulos-"), line


def test_citations_number_each_work_once_in_order_of_first_use() -> None:
    citations = Citations()
    assert works("A et al., X 2010 (a; b); B, Y 2011") == ("A et al., X 2010 (a; b)", "B, Y 2011")
    assert citations.cite("A; B; C") == "[1–3]"
    assert citations.cite("D; B") == "[2, 4]"
    assert citations.cite("") == ""
    assert citations.references() == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]
    assert ranges([1, 2, 4, 5, 6, 9]) == "1, 2, 4–6, 9"


def test_the_rules_and_figures_files_cite_what_a_reader_can_look_up() -> None:
    for name in ("rules_v1.json", "tradeoff_v1.json"):
        document = json.loads(resource_path(name).read_text(encoding="utf-8"))
        document.pop("about")
        words = json.dumps(document, ensure_ascii=False).lower()
        for forbidden in ("seed", "unverified", "probably", "clinical-reference.md", "isconf rules version"):
            assert forbidden not in words, (name, forbidden)

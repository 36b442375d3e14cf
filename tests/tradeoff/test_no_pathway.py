"""A case with no pathway (not yet, not a candidate, incomplete) is offered no "pathway"
procedure (issue 16): not in the trade-off workspace, not on the slide's chart, not in the
summary; and its cost of waiting does not urge surgery."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import VIGNETTES
from isconf.schema import parse_case_document
from isconf.services import Services
from isconf.tradeoff.model import build_tradeoff

AS_OF = date(2026, 11, 24)
NO_PATHWAY = ("mitochondrial_not_candidate", "prednisolone_responder_not_yet", "no_treatment_incomplete")


def _case(name: str) -> Any:
    return parse_case_document(json.loads((VIGNETTES / f"{name}.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", NO_PATHWAY)
def test_the_workspace_offers_no_pathway_procedure(name: str) -> None:
    view = build_tradeoff(_case(name), AS_OF)
    assert view.pathway is None
    assert all("pathway" not in option.roles for option in view.options)
    medical = view.options[-1]
    assert medical.waiting is not None
    said = " ".join([medical.waiting.text, *(c.statement for c in medical.waiting.evidence)])
    assert "as early as possible" not in said and "surgery" not in said


def test_a_candidate_keeps_its_pathway_and_the_evidence_for_surgery() -> None:
    view = build_tradeoff(_case("fcd_left_frontal_candidate"), AS_OF)
    assert view.options[0].procedure == "lobar_resection" and "pathway" in view.options[0].roles
    evidence = view.options[-1].waiting.evidence  # type: ignore[union-attr]
    assert any("as early as possible" in c.statement for c in evidence)


def test_the_not_candidates_summary_names_no_pathway_procedure(
    services: Services, fixed_clock: Any, tmp_path: Path
) -> None:
    fixed_clock(AS_OF)
    services.create_case(_case("mitochondrial_not_candidate"))
    services.create_case(_case("prednisolone_responder_not_yet"))
    meeting = services.meetings.create_meeting(title="Conference", day=AS_OF)
    services.meetings.add_cases(meeting.id, ["SYN-0004", "SYN-0005"])
    path = tmp_path / "summary.pdf"
    services.export_summary(meeting.id, path)
    words = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split()
    )
    assert "(pathway)" not in words and "no rated trade-off assessment" not in words
    parts = words.split("Trade-off: expected benefit")[1:]
    sections = [re.split(r" Case \d of \d| References", part)[0] for part in parts]
    assert len(sections) == 2
    for section in sections:  # (criterion 2's reason may still say what surgery would be, if needed)
        assert "Continue medical treatment (medical)" in section and "Not weighed" in section
        for procedure in (
            "callosotomy",
            "stimulation",
            "resection",
            "Hemispherectomy",
            "as early as possible",
        ):
            assert procedure not in section

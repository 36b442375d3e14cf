"""The content a summary signature binds: canonical, hashed, identifiers split out."""

from __future__ import annotations

import io
import json
from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isconf import clock
from isconf.services import Services
from isconf.summary import content as summary

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(JSON)
def test_canonical_json_reads_back_to_the_same_value_and_the_same_bytes(value: object) -> None:
    encoded = summary.canonical_json(value)
    assert summary.canonical_json(json.loads(encoded)) == encoded


def test_key_order_and_spacing_do_not_change_the_hash() -> None:
    assert summary.sha256_hex({"b": 1, "a": [1.5, "é"]}) == summary.sha256_hex(
        json.loads('{ "a" : [1.5, "é"],\n "b": 1 }')
    )


def _decided_meeting(services: Services) -> int:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(
        title="Conference", day=clock.today(), start_time=time(8, 0), chair="Dr Chair"
    )
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1003"])
    services.meetings.record_decision(
        meeting.id, "DEMO-1001", recommendation="further_evaluation", rationale="PET first", tests=["pet"]
    )
    return meeting.id


def test_the_content_names_cases_by_pseudonym_and_hashes_their_identifiers(services: Services) -> None:
    meeting_id = _decided_meeting(services)
    content, identification = summary.build_content(services, meeting_id)
    text = summary.canonical_json(content).decode()
    assert "DEMO-1001" not in text and "DEMO-1003" not in text
    assert content["identification_sha256"] == summary.sha256_hex(identification)
    assert {p["mrn"] for p in identification["cases"]} == {"DEMO-1001", "DEMO-1003"}
    decided = next(c for c in content["cases"] if c["decision"])
    stored = services.meetings.get_meeting(meeting_id).item("DEMO-1001")
    assert stored is not None and stored.decision is not None
    assert decided["evaluation"] == stored.decision.evaluation
    assert decided["decision"]["rationale"] == "PET first"


def test_an_attachment_holds_together_until_one_character_changes(services: Services) -> None:
    content, identification = summary.build_content(services, _decided_meeting(services))
    signature = {"name": "Dr Chair", "meaning": "approved"}
    pkg = summary.package(content, identification)
    signed = summary.package(
        content, identification, signatures=({**signature, "content_sha256": pkg.content_sha256},)
    )
    for deidentify in (False, True):
        document = json.loads(json.dumps(summary.attachment_document(signed, deidentify=deidentify)))
        assert summary.attachment_problems(document) == []
        document["content"]["meeting"]["title"] += "."
        assert summary.attachment_problems(document)


def test_a_json_document_attached_to_a_pdf_reads_back() -> None:
    from reportlab.pdfgen.canvas import Canvas

    from isconf.summary.attachment import AttachmentError, attach_json, read_json

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "summary")
    canvas.save()
    document = {"format": "x", "text": "Größe ✓"}
    assert read_json(attach_json(buffer.getvalue(), document)) == document
    with pytest.raises(AttachmentError, match="no attached"):
        read_json(buffer.getvalue())
    with pytest.raises(AttachmentError, match="cannot be read"):
        read_json(b"not a pdf")


def test_a_name_typed_into_free_text_is_found_and_a_capitalised_word_is_not() -> None:
    from isconf.free_text import identifiers_found

    identification = {
        "cases": [{"pseudonym": "ANON-1", "mrn": "SYN-0042", "given_name": "Will", "family_name": "Example"}]
    }
    content = {
        "meeting": {"title": "Conference", "amends": {"reason": "syn-0042 had the wrong side"}},
        "cases": [
            {
                "pseudonym": "ANON-1",
                "position": 2,
                "decision": {"rationale": "Will's MRI; the team will review"},
            },
        ],
    }
    found = identifiers_found(content, identification)
    assert found == [
        "meeting › amends › reason contains the MRN of a child on the agenda",
        "cases › case 3 › decision › rationale contains a given name of a child on the agenda",
    ]
    content["cases"][0]["decision"]["rationale"] = "the team will review Examples of this"
    assert len(identifiers_found(content, identification)) == 1


def test_a_de_identified_export_withholds_a_typed_name_and_never_prints_it(
    services: Services, tmp_path
) -> None:
    """Issue 23: a typed text not marked checked for identifiers is withheld whole; once
    marked, the child's name in it is scrubbed in any letter case."""
    import json

    from isconf.summary.attachment import read_json
    from isconf.summary.export import export_summary

    meeting_id = _decided_meeting(services)
    services.meetings.set_status(meeting_id, "in_progress")
    given = str(services.get_case("DEMO-1001").case.given_name)
    services.meetings.record_decision(
        meeting_id,
        "DEMO-1001",
        recommendation="further_evaluation",
        rationale=f"PET first for {given.upper()}",
        tests=["pet"],
    )
    out = tmp_path / "deid.pdf"
    export_summary(services, meeting_id, out, deidentify=True)
    attached = json.dumps(read_json(out.read_bytes()), ensure_ascii=False)
    assert (
        given.lower() not in attached.lower() and "[text withheld: not checked for identifiers]" in attached
    )
    services.text_checks.mark_checked(services.meetings.get_meeting(meeting_id), "DEMO-1001 rationale")
    export_summary(services, meeting_id, out, deidentify=True)
    attached = json.dumps(read_json(out.read_bytes()), ensure_ascii=False)
    assert given.lower() not in attached.lower() and "PET first for [name]" in attached
    export_summary(services, meeting_id, out)  # the identified copy prints it as typed
    assert f"PET first for {given.upper()}" in json.dumps(read_json(out.read_bytes()), ensure_ascii=False)


NAME = st.text(alphabet=st.characters(categories=("Lu", "Ll")), min_size=2, max_size=12)


@given(given_name=NAME, family=NAME, before=st.text(max_size=30), after=st.text(max_size=30))
def test_redacted_text_names_no_child_that_free_text_named(
    given_name: str, family: str, before: str, after: str
) -> None:
    from isconf.free_text import identifiers_found, redact

    person = {"pseudonym": "ANON-1", "mrn": "SYN-0042", "given_name": given_name, "family_name": family}
    text = f"{before} {given_name} {family} (SYN-0042) {after}"
    assert identifiers_found({"question": text}, {"cases": [person]})
    cleaned = redact(text, [(given_name, family, "SYN-0042", "X.Y.")])
    assert identifiers_found({"question": cleaned}, {"cases": [person]}) == [] or any(
        name in "X.Y." for name in (given_name, family)
    )

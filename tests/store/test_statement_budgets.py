"""Statement budgets: what a screen costs a team database in round trips, whatever its size.

Counted with ``isconf.store.statements`` (the benchmark's ``queries_*`` figures use the same
counter) on SQLite and on a real PostgreSQL server. A screen loads in a fixed number of
statements: an agenda of 20 cases costs what one of 2 costs.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest

from clinical_files import png_bytes
from conftest import vignette_files
from isconf import clock
from isconf.meetings.model import ActionItem, Attendee, ConsideredOption
from isconf.services import Services
from isconf.store.statements import Statements, counting

OPEN_MEETING, OPEN_CASE, SAVE_CASE, LIST = 8, 1, 8, 2
RICH = "SYN-0003-01"  # a treatment list, an MRI with a lesion, an EEG, a rated trade-off, key images


def _images() -> list[dict]:
    # Key images ride the same one statement as the other lists (their bytes as hexadecimal text).
    return [
        {"modality": "mri", "study_date": None, "caption": f"Synthetic {shade}", "media_type": "image/png",
         "data": base64.b64encode(png_bytes(size=40, shade=shade)).decode("ascii")}
        for shade in (60, 120)
    ]  # fmt: skip


def _documents(copies: int) -> list[dict]:
    documents = []
    for path in vignette_files():
        document = json.loads(path.read_text(encoding="utf-8"))
        for n in range(copies):
            one = copy.deepcopy(document)
            one["case"]["mrn"] = f"{document['case']['mrn']}-{n:02d}"
            one["case"]["images"] = _images()
            documents.append(one)
    return documents


@pytest.fixture
def filled(services: Services) -> Services:
    for document in _documents(4):
        assert services.import_document(document).ok
    return services


@pytest.fixture
def meeting_id(filled: Services) -> int:
    mrns = [s.mrn for s in filled.list_cases()][:20]
    meeting = filled.meetings.create_meeting(title="Budget", day=clock.today() + timedelta(days=7))
    meeting, _ = filled.meetings.add_cases(meeting.id, mrns)
    filled.meetings.set_attendance(meeting.id, [Attendee("Dr A", "neurology"), Attendee("Dr B", "surgery")])
    filled.meetings.record_decision(
        meeting.id,
        mrns[0],
        recommendation="continue_medical",
        rationale="Synthetic rationale",
        options=[ConsideredOption("continue_medical", "why")],
        actions=[ActionItem("Book an EEG", "Dr A")],
    )
    return meeting.id


def _count(services: Services) -> Iterator[Statements]:
    return counting(services.database.engine)


@pytest.mark.both_backends
def test_opening_a_20_case_meeting_stays_within_its_budget(filled: Services, meeting_id: int) -> None:
    with _count(filled) as sent:
        meeting = filled.meetings.get_meeting(meeting_id)
    assert len(meeting.agenda) == 20
    assert [e.decision is not None for e in meeting.agenda].count(True) == 1
    assert sent.count <= OPEN_MEETING, str(sent)


@pytest.mark.both_backends
def test_opening_a_meeting_costs_the_same_whatever_its_length(filled: Services) -> None:
    mrns = [s.mrn for s in filled.list_cases()]
    counts = []
    for size in (2, 20):
        meeting = filled.meetings.create_meeting(title=f"{size}", day=clock.today())
        filled.meetings.add_cases(meeting.id, mrns[:size])
        with _count(filled) as sent:
            filled.meetings.get_meeting(meeting.id)
        counts.append(sent.count)
    assert counts[0] == counts[1], counts


@pytest.mark.both_backends
def test_opening_a_case_stays_within_its_budget(filled: Services) -> None:
    with _count(filled) as sent:
        stored = filled.get_case(RICH)
    assert stored.case.treatments and stored.case.mri[0].lesions and stored.case.tradeoff.assessments
    assert len(stored.case.images) == 2 and stored.case.images[1].data == png_bytes(size=40, shade=120)
    assert sent.count <= OPEN_CASE, str(sent)


@pytest.mark.both_backends
def test_saving_a_case_stays_within_its_budget(filled: Services) -> None:
    stored = filled.get_case(RICH)
    case = stored.case
    first = dataclasses.replace(case.treatments[0], dose=140)
    edited = dataclasses.replace(
        case, referring_center="Another Synthetic Hospital", treatments=(first, *case.treatments[1:])
    )
    with _count(filled) as sent:
        saved = filled.save_case(edited, original_mrn=RICH, expected_version=stored.version)
    assert sent.count <= SAVE_CASE, str(sent)
    assert filled.get_case(RICH).case == edited == saved.case
    assert saved.version == stored.version + 1


@pytest.mark.both_backends
def test_listing_the_cases_stays_within_its_budget(filled: Services) -> None:
    with _count(filled) as sent:
        lines = filled.list_cases()
    assert len(lines) == 24
    assert sent.count <= LIST, str(sent)


@pytest.mark.both_backends
def test_saving_a_case_writes_its_key_images_only_when_they_changed(filled: Services) -> None:
    stored = filled.get_case(RICH)
    renamed = dataclasses.replace(stored.case.images[1], caption="Coronal T2")
    edited = dataclasses.replace(stored.case, images=(stored.case.images[0], renamed))
    with _count(filled) as sent:
        saved = filled.save_case(edited, original_mrn=RICH, expected_version=stored.version)
    assert any("key_image" in s.lower() and not s.lstrip().upper().startswith("SELECT") for s in sent.sent)
    assert filled.get_case(RICH).case == edited == saved.case
    unchanged = dataclasses.replace(saved.case, referring_center="Elsewhere")
    with _count(filled) as sent:
        filled.save_case(unchanged, original_mrn=RICH, expected_version=saved.version)
    writes = [s for s in sent.sent if not s.lstrip().upper().startswith("SELECT")]
    assert not any("key_image" in s.lower() for s in writes), str(sent)

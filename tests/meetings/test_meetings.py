"""Meetings through the services, on SQLite and PostgreSQL: agenda, decisions, status, audit."""

from __future__ import annotations

import json
from datetime import time, timedelta

import pytest

from isconf import clock
from isconf.meetings.model import ActionItem, Attendee, ConsideredOption
from isconf.services import NotFoundError, ServiceError, Services


def _meeting_with_demo_cases(services: Services) -> int:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(
        title="Spasms surgery conference", day=clock.today(), start_time=time(8, 0), chair="Dr Chair"
    )
    services.meetings.add_cases(meeting.id, ["DEMO-1005", "DEMO-1001", "DEMO-1003", "DEMO-1006"])
    return meeting.id


@pytest.mark.both_backends
def test_the_agenda_follows_the_case_list_and_keeps_a_hand_order(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    listed = [
        s.mrn for s in services.list_cases() if s.mrn in {"DEMO-1005", "DEMO-1001", "DEMO-1003", "DEMO-1006"}
    ]
    meeting = services.meetings.get_meeting(meeting_id)
    assert [i.mrn for i in meeting.agenda] == listed
    assert [meeting.slot_words(i) for i in meeting.agenda[:2]] == ["08:00–08:15", "08:15–08:30"]

    moved = services.meetings.move_case(meeting_id, listed[-1], 0)
    assert [i.mrn for i in moved.agenda] == [listed[-1], *listed[:-1]]
    assert moved.manual_order
    # A case added now goes before the first less urgent case (here the non-urgent case the
    # coordinator put first); the hand order of the others stands.
    after_add, already = services.meetings.add_cases(meeting_id, ["DEMO-1002", "demo-1001"])
    assert already == ["DEMO-1001"]
    order = [i.mrn for i in after_add.agenda]
    assert order == ["DEMO-1002", listed[-1], *listed[:-1]]
    back = services.meetings.sort_by_urgency(meeting_id)
    assert not back.manual_order
    assert [i.mrn for i in back.agenda] == [s.mrn for s in services.list_cases() if s.mrn in set(order)]


@pytest.mark.both_backends
def test_a_decision_keeps_the_evaluation_it_was_made_on(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    meeting = services.meetings.record_decision(
        meeting_id,
        "DEMO-1001",
        recommendation="further_evaluation",
        rationale="Discordant EEG: PET before resection",
        consensus="majority",
        dissent="Neurosurgeon would operate now",
        tests=["pet", "seeg"],
    )
    decision = meeting.item("DEMO-1001").decision  # type: ignore[union-attr]
    assert decision is not None
    assert decision.tests_requested == ("pet", "seeg")
    assert decision.evaluation["format"] == "isconf-evaluation/1"
    assert decision.evaluation == services.evaluate_case("DEMO-1001").to_document()
    assert decision.rules_version == "1"
    assert meeting.status == "in_progress"  # the first decision starts a planned meeting


@pytest.mark.both_backends
@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"rationale": "  "}, "rationale"),
        ({"recommendation": "surgery"}, "recommendation"),
        ({"consensus": "majority"}, "dissent"),
        ({"dissent": "one voice against"}, "dissent"),
        ({"tests": ["pet"]}, "tests"),
    ],
)
def test_a_decision_is_refused_with_the_field_named(services: Services, fields: dict, path: str) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    values = {"recommendation": "lobar_resection", "rationale": "Concordant lesion", **fields}
    with pytest.raises(ServiceError) as refused:
        services.meetings.record_decision(meeting_id, "DEMO-1001", **values)
    assert [p.path for p in refused.value.problems] == [path]
    assert services.meetings.get_meeting(meeting_id).item("DEMO-1001").decision is None  # type: ignore[union-attr]


@pytest.mark.both_backends
def test_closing_locks_the_meeting_until_it_is_reopened(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    services.meetings.set_actions(meeting_id, "DEMO-1001", [ActionItem("Book PET", "Dr Nuc", clock.today())])
    services.meetings.set_status(meeting_id, "in_progress")
    closed = services.meetings.set_status(meeting_id, "closed")
    assert not closed.editable
    with pytest.raises(ServiceError, match="reopen"):
        services.meetings.set_item(meeting_id, "DEMO-1001", question="Resect?")
    with pytest.raises(ServiceError, match="only ticking"):
        services.meetings.set_actions(meeting_id, "DEMO-1001", [ActionItem("Book MEG", "Dr Nuc")])
    ticked = services.meetings.set_actions(
        meeting_id, "DEMO-1001", [ActionItem("Book PET", "Dr Nuc", clock.today(), True)]
    )
    assert ticked.item("DEMO-1001").actions[0].done  # type: ignore[union-attr]
    reopened = services.meetings.set_status(meeting_id, "in_progress")
    assert (reopened.status, reopened.revision) == ("in_progress", 2)
    with pytest.raises(ServiceError):
        services.meetings.set_status(meeting_id, "planned")


@pytest.mark.both_backends
def test_every_change_is_audited_without_names(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    m = services.meetings
    m.set_attendance(
        meeting_id, [Attendee("Dr Epi", "epileptologist"), Attendee("Dr Surg", "neurosurgeon", False)]
    )
    m.set_item(meeting_id, "DEMO-1001", minutes=20, question="Lobar resection now?")
    m.set_options(
        meeting_id, "DEMO-1001", [ConsideredOption("lobar_resection", "concordant"), ConsideredOption("vns")]
    )
    m.record_decision(meeting_id, "DEMO-1001", recommendation="lobar_resection", rationale="Concordant")
    m.set_status(meeting_id, "closed")
    m.set_status(meeting_id, "in_progress")
    trail = [
        e
        for e in services.audit_trail()
        if e.entity in ("meeting", "agenda_item", "decision", "considered_option", "action_item")
    ]
    assert {e.entity for e in trail} >= {"meeting", "agenda_item", "decision", "considered_option"}
    fields = [e.field for e in trail]
    assert any(f == "attendance" for f in fields)
    assert any(f.endswith(".question") for f in fields)
    assert any(f.endswith(".decision") for f in fields)
    assert any(f.endswith(".options considered") for f in fields)
    assert [e.new for e in trail if e.field == "status"] == ["in_progress", "closed", "in_progress"]
    # The case's own history shows its decision; no event carries a patient's name.
    assert any(e.field.endswith(".decision") for e in services.audit_trail("DEMO-1001"))
    text = json.dumps([e.to_json() for e in trail])
    for case in services.list_cases():
        assert case.family_name not in text or case.family_name == "Demo"
        assert case.given_name not in text


@pytest.mark.both_backends
def test_attendance_warns_of_each_absent_core_discipline(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    meeting = services.meetings.set_attendance(
        meeting_id,
        [
            Attendee("Dr Epi", "Epileptologist"),
            Attendee("Dr Surg", "neurosurgeon", present=False),
            Attendee("Dr Rad", "neuroradiologist"),
        ],
    )
    assert meeting.absent_core_disciplines == ("neurosurgeon", "neuropsychologist")
    with pytest.raises(ServiceError, match="attendance row 1 name"):
        services.meetings.set_attendance(meeting_id, [Attendee(" ", "nurse")])


@pytest.mark.both_backends
def test_unknown_meetings_and_cases_are_named(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    with pytest.raises(NotFoundError, match="no meeting has id 999"):
        services.meetings.get_meeting(999)
    with pytest.raises(NotFoundError, match="NOPE"):
        services.meetings.add_cases(meeting_id, ["DEMO-1002", "NOPE"])
    assert "DEMO-1002" not in [
        i.mrn for i in services.meetings.get_meeting(meeting_id).agenda
    ]  # all or nothing
    with pytest.raises(ServiceError, match="not on the agenda"):
        services.meetings.record_decision(meeting_id, "DEMO-1002", recommendation="vns", rationale="x")


@pytest.mark.both_backends
def test_a_decided_case_stays_and_an_undecided_one_can_go(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    services.meetings.record_decision(meeting_id, "DEMO-1001", recommendation="vns", rationale="Palliative")
    with pytest.raises(ServiceError, match="recorded decision"):
        services.meetings.remove_case(meeting_id, "DEMO-1001")
    after = services.meetings.remove_case(meeting_id, "DEMO-1005")
    assert "DEMO-1005" not in [i.mrn for i in after.agenda]


def test_a_future_meeting_decides_on_todays_evaluation(services: Services) -> None:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="Next month", day=clock.today() + timedelta(days=30))
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    decided = services.meetings.record_decision(meeting.id, "DEMO-1001", recommendation="vns", rationale="x")
    assert decided.agenda[0].decision.evaluation["as_of"] == clock.today().isoformat()  # type: ignore[union-attr]


def test_a_case_on_an_agenda_is_not_deleted(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    with pytest.raises(ServiceError, match=f"on the agenda of meeting {meeting_id}"):
        services.delete_case("DEMO-1005")
    services.meetings.remove_case(meeting_id, "DEMO-1005")
    services.delete_case("DEMO-1005")


@pytest.mark.both_backends
def test_a_write_from_a_stale_screen_is_refused(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    seen = services.meetings.get_meeting(meeting_id)
    services.meetings.set_item(meeting_id, "DEMO-1001", question="From the other workstation")
    with pytest.raises(ServiceError, match="changed elsewhere"):
        services.meetings.set_attendance(
            meeting_id, [Attendee("Dr Epi", "epileptologist")], expected_version=seen.version
        )
    now = services.meetings.get_meeting(meeting_id)
    assert now.attendance == ()
    services.meetings.set_attendance(
        meeting_id, [Attendee("Dr Epi", "epileptologist")], expected_version=now.version
    )


@pytest.mark.both_backends
def test_a_decision_with_its_options_and_actions_is_saved_whole_or_not_at_all(services: Services) -> None:
    meeting_id = _meeting_with_demo_cases(services)
    with pytest.raises(ServiceError, match="action item 2 description"):
        services.meetings.record_decision(
            meeting_id,
            "DEMO-1001",
            recommendation="lobar_resection",
            rationale="Concordant",
            options=[ConsideredOption("lobar_resection")],
            actions=[ActionItem("Book surgery"), ActionItem("  ")],
        )
    item = services.meetings.get_meeting(meeting_id).item("DEMO-1001")
    assert item is not None and (item.decision, item.options, item.actions) == (None, (), ())
    saved = services.meetings.record_decision(
        meeting_id,
        "DEMO-1001",
        recommendation="lobar_resection",
        rationale="Concordant",
        options=[ConsideredOption("lobar_resection")],
        actions=[ActionItem("Book surgery")],
    ).item("DEMO-1001")
    assert saved is not None and saved.decision is not None
    assert [o.option for o in saved.options] == ["lobar_resection"]
    assert [a.description for a in saved.actions] == ["Book surgery"]


@pytest.mark.both_backends
def test_migration_0005_goes_down_and_up_and_the_schema_checks(db: str, backend: str) -> None:
    from isconf.store.database import open_database
    from isconf.store.integrity import check_location
    from isconf.store.migrate import current_revision, downgrade

    services = Services.open(db)
    services.add_demo_cases()
    services.close()
    database = open_database(db)
    downgrade(database.engine, "0004")
    assert current_revision(database.engine) == "0004"
    database.close()
    reopened = Services.open(db)  # the upgrade runs again on opening
    meeting = reopened.meetings.create_meeting(title="After the upgrade", day=clock.today())
    reopened.meetings.add_cases(meeting.id, ["DEMO-1001"])
    problems = check_location(reopened.database.location)
    # The schema matches the models on both backends and the audit chain written before the
    # downgrade still verifies (migration 0006 turns audit_event.at into timestamptz on PostgreSQL).
    assert problems == []
    reopened.close()


def test_the_agenda_pdf_takes_any_text_safely(services: Services, tmp_path) -> None:
    from pypdf import PdfReader

    from isconf.meetings.agenda_pdf import write_agenda_pdf

    meeting_id = _meeting_with_demo_cases(services)
    question = "<b>Resect</b> & wait? Zoë’s ΔEEG → PET"  # markup is text; DejaVu has the letters
    services.meetings.set_item(meeting_id, "DEMO-1001", question=question)
    pdf = tmp_path / "agenda.pdf"
    write_agenda_pdf(services.meetings.get_meeting(meeting_id), pdf)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "<b>Resect</b> & wait? Zoë’s" in text and "ΔEEG → PET" in text

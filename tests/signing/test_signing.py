"""Sign-off on SQLite and PostgreSQL: users, signatures, the lock, amendments, the triggers."""

from __future__ import annotations

import base64
import hashlib
import json
import string
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from isconf import clock
from isconf.meetings.model import ActionItem, Attendee, ConsideredOption
from isconf.services import ServiceError, Services
from isconf.signing import passwords


def _closed_meeting(services: Services, *, chair: str | None = "Dr Chair") -> int:
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(
        title="Spasms surgery conference", day=clock.today(), start_time=time(8, 0), chair=chair
    )
    services.meetings.add_cases(meeting.id, ["DEMO-1001", "DEMO-1003"])
    services.meetings.record_decision(
        meeting.id,
        "DEMO-1001",
        recommendation="further_evaluation",
        rationale="Concordant lesion; PET to confirm",
        tests=("pet",),
        actions=[ActionItem("Book PET", "Dr Nuc", clock.today())],
    )
    services.meetings.set_status(meeting.id, "closed")
    services.users.add_user("Dr Chair", "epileptologist", "chair-password")
    # The first member is the administrator; signed in, they add the team (issue 21).
    services.sign_in("Dr Chair", "chair-password")
    services.users.add_user("Dr Surgeon", "neurosurgeon", "surgeon-password", "chair")
    return meeting.id


@pytest.mark.both_backends
def test_signing_locks_the_meeting_and_every_edit_is_refused(services: Services) -> None:
    meeting_id = _closed_meeting(services)
    state = services.signing.sign(meeting_id, user="dr chair", password="chair-password", meaning="approved")
    assert (state.status, state.locked, state.missing_signers) == ("signed", True, ())
    assert state.signed_revisions == (1,)
    assert not state.can_sign
    m = services.meetings
    edits: list[Callable[[], object]] = [
        lambda: m.update_meeting(
            meeting_id,
            title="New",
            day=clock.today(),
            start_time=None,
            place=None,
            video_link=None,
            chair=None,
        ),
        lambda: m.set_status(meeting_id, "in_progress"),
        lambda: m.set_status(meeting_id, "closed"),
        lambda: m.add_cases(meeting_id, ["DEMO-1005"]),
        lambda: m.remove_case(meeting_id, "DEMO-1003"),
        lambda: m.set_order(meeting_id, ["DEMO-1003", "DEMO-1001"]),
        lambda: m.move_case(meeting_id, "DEMO-1003", 0),
        lambda: m.sort_by_urgency(meeting_id),
        lambda: m.set_item(meeting_id, "DEMO-1001", question="Resect?"),
        lambda: m.set_attendance(meeting_id, [Attendee("Dr A", "neurosurgeon")]),
        lambda: m.record_decision(meeting_id, "DEMO-1003", recommendation="continue_medical", rationale="x"),
        lambda: m.set_options(meeting_id, "DEMO-1001", [ConsideredOption("continue_medical", "no")]),
        lambda: m.set_actions(
            meeting_id, "DEMO-1001", [ActionItem("Book PET", "Dr Nuc", clock.today(), done=True)]
        ),
        lambda: services.signing.set_required_signers(meeting_id, ["Dr Surgeon"]),
    ]
    for edit in edits:
        with pytest.raises(ServiceError, match=r"signed and locked \(revision 1\); amend it"):
            edit()
    with pytest.raises(ServiceError, match="amend it to sign a new revision"):
        services.signing.sign(meeting_id, user="Dr Surgeon", password="surgeon-password", meaning="reviewed")
    assert services.meetings.get_meeting(meeting_id).status == "signed"


@pytest.mark.both_backends
def test_required_signers_sign_the_same_bytes_and_lock_together(services: Services) -> None:
    meeting_id = _closed_meeting(services)
    state = services.signing.set_required_signers(meeting_id, ["dr surgeon", "Dr Chair", "DR SURGEON"])
    assert state.required_signers == ("Dr Surgeon", "Dr Chair")
    first = services.signing.sign(
        meeting_id, user="Dr Surgeon", password="surgeon-password", meaning="authored"
    )
    assert (first.locked, first.status, first.missing_signers) == (False, "closed", ("Dr Chair",))
    # Signing has begun: even ticking an action item would change what was signed.
    with pytest.raises(ServiceError, match="being signed"):
        services.meetings.set_actions(
            meeting_id, "DEMO-1001", [ActionItem("Book PET", "Dr Nuc", clock.today(), done=True)]
        )
    with pytest.raises(ServiceError, match=r"Dr Surgeon signed revision 1 of meeting \d+ already \(authored"):
        services.signing.sign(meeting_id, user="Dr Surgeon", password="surgeon-password", meaning="approved")
    last = services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="reviewed")
    assert last.locked and last.status == "signed"
    hashes = {s.content_sha256 for s in last.signatures}
    package = services.signing.summary_package(meeting_id)
    assert hashes == {last.content_sha256} == {package.content_sha256}
    assert [s["name"] for s in package.signatures] == ["Dr Surgeon", "Dr Chair"]
    assert [s["meaning"] for s in package.signatures] == ["authored", "reviewed"]
    assert package.locked and package.required_signers == ("Dr Surgeon", "Dr Chair")
    assert (
        hashlib.sha256(
            json.dumps(package.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        ).hexdigest()
        == package.content_sha256
    )
    entries = [e for e in services.audit_trail() if e.entity == "meeting"]
    assert [e.action for e in entries].count("sign") == 2 and "lock" in [e.action for e in entries]


@pytest.mark.both_backends
def test_a_signature_records_name_role_time_zone_and_meaning(services: Services) -> None:
    meeting_id = _closed_meeting(services)
    at = datetime(2026, 11, 26, 14, 5, tzinfo=timezone(timedelta(hours=1)))
    state = services.signing.sign(
        meeting_id, user="Dr Chair", password="chair-password", meaning="approved", at=at
    )
    (signature,) = state.signatures
    assert (signature.name, signature.role, signature.meaning) == ("Dr Chair", "epileptologist", "approved")
    assert signature.signed_at == at and signature.signed_at.utcoffset() == timedelta(hours=1)
    assert signature.time_zone == "+01:00"
    assert signature.to_json()["signed_at"] == "2026-11-26T14:05:00+01:00"
    assert signature.to_json()["revision"] == 1


@pytest.mark.both_backends
def test_a_wrong_password_is_refused_logged_and_nothing_is_signed(services: Services) -> None:
    meeting_id = _closed_meeting(services)
    with pytest.raises(ServiceError, match="wrong password for Dr Chair; nothing was signed") as caught:
        services.signing.sign(meeting_id, user="Dr Chair", password="not-the-password", meaning="approved")
    assert caught.value.problems[0].path == "password"
    state = services.signing.state(meeting_id)
    assert state.signatures == () and state.content_sha256 is None and not state.locked
    refusals = {e.entity: e for e in services.audit_trail() if e.action == "sign_refused"}
    assert sorted(refusals) == ["meeting", "user"]  # on the user's trail and on the meeting's
    assert refusals["user"].field.startswith(f"meeting {meeting_id} ")
    assert refusals["meeting"].key == f"meeting {meeting_id}"
    assert refusals["meeting"].new == "Dr Chair: wrong password; not signed"
    assert "not-the-password" not in json.dumps([e.to_json() for e in services.audit_trail()])


@pytest.mark.both_backends
def test_who_cannot_sign_and_when_is_named(services: Services) -> None:
    meeting_id = _closed_meeting(services, chair=None)
    with pytest.raises(
        ServiceError, match="has nobody who must sign; set its chair, or name the required signers"
    ):
        services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    services.signing.set_required_signers(meeting_id, ["Dr Chair"])
    with pytest.raises(ServiceError, match="no user is named 'Dr Nobody'; add one with: isconf user add"):
        services.signing.sign(meeting_id, user="Dr Nobody", password="whatever-pw", meaning="approved")
    with pytest.raises(ServiceError, match="not a meaning"):
        services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="liked")
    with pytest.raises(ServiceError, match="no user is named"):
        services.signing.set_required_signers(meeting_id, ["Dr Nobody"])
    open_meeting = services.meetings.create_meeting(title="Next week", day=clock.today(), chair="Dr Chair")
    with pytest.raises(ServiceError, match="close the meeting first"):
        services.signing.sign(open_meeting.id, user="Dr Chair", password="chair-password", meaning="approved")
    with pytest.raises(ServiceError, match="only a signed and locked meeting is amended"):
        services.signing.amend(meeting_id, reason="Typo")
    # Back to the default: the chair (there is none), so nobody is required.
    assert services.signing.set_required_signers(meeting_id, []).required_signers == ()


@pytest.mark.both_backends
def test_reopening_a_partly_signed_meeting_leaves_the_signatures_on_their_revision(
    services: Services,
) -> None:
    meeting_id = _closed_meeting(services)
    services.signing.set_required_signers(meeting_id, ["Dr Chair", "Dr Surgeon"])
    services.signing.sign(meeting_id, user="Dr Surgeon", password="surgeon-password", meaning="reviewed")
    reopened = services.meetings.set_status(meeting_id, "in_progress")
    assert reopened.revision == 2
    services.meetings.set_item(meeting_id, "DEMO-1001", question="Resect after PET?")
    services.meetings.set_status(meeting_id, "closed")
    state = services.signing.state(meeting_id)
    assert (state.revision, state.signatures, state.content_sha256) == (2, (), None)
    old = services.signing.summary_package(meeting_id, revision=1)
    assert [s["name"] for s in old.signatures] == ["Dr Surgeon"] and not old.locked
    notes = [e for e in services.audit_trail() if e.field == "signatures of revision 1"]
    assert notes and "do not carry over" in notes[0].new


@pytest.mark.both_backends
def test_an_amendment_makes_a_new_revision_and_leaves_the_signed_one_intact(services: Services) -> None:
    meeting_id = _closed_meeting(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    signed = services.signing.summary_package(meeting_id, revision=1)
    with pytest.raises(ServiceError, match="reason: is required"):
        services.signing.amend(meeting_id, reason="  ")
    state = services.signing.amend(meeting_id, reason="PET result arrived; decision revised")
    assert (state.revision, state.status, state.locked) == (2, "in_progress", False)
    assert (state.amends_revision, state.amendment_reason) == (1, "PET result arrived; decision revised")
    services.meetings.record_decision(
        meeting_id, "DEMO-1001", recommendation="continue_medical", rationale="PET not concordant"
    )
    services.meetings.set_status(meeting_id, "closed")
    draft = services.signing.summary_package(meeting_id)
    assert draft.content["meeting"]["amends"] == {
        "revision": 1,
        "content_sha256": signed.content_sha256,
        "reason": "PET result arrived; decision revised",
    }
    assert not draft.locked and draft.signatures == ()
    second = services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    assert second.locked and second.signed_revisions == (1, 2)
    assert second.content_sha256 != signed.content_sha256
    again = services.signing.summary_package(meeting_id, revision=1)
    assert (again.content, again.content_sha256, again.signatures) == (
        signed.content,
        signed.content_sha256,
        signed.signatures,
    )
    assert again.identification == signed.identification
    assert services.signing.summary_package(meeting_id).content["meeting"]["amends"]["revision"] == 1


@pytest.mark.both_backends
def test_the_database_refuses_to_change_what_was_signed(services: Services, backend: str) -> None:
    meeting_id = _closed_meeting(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    statements = [
        "UPDATE signature SET meaning = 'reviewed'",
        "DELETE FROM signature",
        "UPDATE meeting_revision SET content_json = content_json || ' '",
        "UPDATE meeting_revision SET content_sha256 = 'x'",
        "UPDATE meeting_revision SET identification_json = '{}'",
        "DELETE FROM meeting_revision",
    ]
    if backend == "postgresql":
        statements += ["TRUNCATE signature", "TRUNCATE meeting_revision CASCADE"]
    for statement in statements:
        with (
            pytest.raises(DBAPIError, match="cannot be changed or deleted"),
            services.database.engine.begin() as connection,
        ):
            connection.execute(text(statement))
    package = services.signing.summary_package(meeting_id, revision=1)
    assert package.locked and package.signatures[0]["meaning"] == "approved"


def test_content_altered_around_the_triggers_is_found(services: Services) -> None:
    from isconf.store.integrity import check_location

    meeting_id = _closed_meeting(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    with services.database.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER meeting_revision_content_fixed"))
        connection.execute(
            text("UPDATE meeting_revision SET content_json = replace(content_json, 'PET', 'MEG')")
        )
    with pytest.raises(ServiceError, match="no longer matches the SHA-256 it was signed with"):
        services.signing.summary_package(meeting_id)
    problems = check_location(services.database.location)
    assert any("signed content no longer matches its SHA-256" in p for p in problems)


@pytest.mark.both_backends
def test_users_are_unique_ignoring_case_and_validated(services: Services) -> None:
    added = services.users.add_user("  Dr   Chair ", "epileptologist", "chair-password")
    assert (added.name, added.role) == ("Dr Chair", "epileptologist")
    with pytest.raises(ServiceError, match="exists already"):
        services.users.add_user("DR CHAIR", "neurosurgeon", "other-password")
    with pytest.raises(ServiceError, match="at least 8 characters"):
        services.users.add_user("Dr Short", "nurse", "short")
    assert [u.name for u in services.users.list_users()] == ["Dr Chair"]
    services.users.set_password("dr chair", "chair-password", "new-chair-password")
    with pytest.raises(ServiceError, match="wrong password"):
        services.users.set_password("Dr Chair", "chair-password", "x" * 10)
    stored = [e for e in services.audit_trail() if e.entity == "user"]
    assert stored and "chair-password" not in json.dumps([e.to_json() for e in stored])


@pytest.mark.both_backends
def test_migration_0008_goes_down_and_up_and_the_schema_checks(db: str, backend: str) -> None:
    from isconf.store.database import open_database
    from isconf.store.integrity import check_location
    from isconf.store.migrate import current_revision, downgrade

    services = Services.open(db)
    services.add_demo_cases()
    meeting = services.meetings.create_meeting(title="Before", day=clock.today(), chair="Dr Chair")
    services.close()
    database = open_database(db)
    downgrade(database.engine, "0007")
    assert current_revision(database.engine) == "0007"
    database.close()
    reopened = Services.open(db)
    assert reopened.meetings.get_meeting(meeting.id).title == "Before"
    reopened.users.add_user("Dr Chair", "epileptologist", "chair-password")
    reopened.sign_in("Dr Chair", "chair-password")
    reopened.meetings.add_cases(meeting.id, ["DEMO-1001"])
    reopened.meetings.set_status(meeting.id, "closed")
    reopened.signing.sign(meeting.id, user="Dr Chair", password="chair-password", meaning="approved")
    assert check_location(reopened.database.location) == []
    reopened.close()


# --- validators and the password hash ------------------------------------------------------------

printable = st.text(alphabet=string.ascii_letters + string.digits + " .-'", min_size=1, max_size=100)


@given(printable)
def test_a_printable_name_is_accepted_once_trimmed(name: str) -> None:
    problems = passwords.name_problems(name)
    assert (problems == []) == bool(name.strip())


@given(st.text(max_size=300))
def test_name_and_role_problems_name_their_field(value: str) -> None:
    for path, check, limit in (("name", passwords.name_problems, 100), ("role", passwords.role_problems, 60)):
        problems = check(value)
        cleaned = passwords.clean_text(value)
        if not cleaned or len(cleaned) > limit:
            assert [p.path for p in problems] == [path]
        for problem in problems:
            assert problem.path == path and problem.message


@given(st.text(max_size=1100))
def test_a_password_needs_8_to_1024_characters(password: str) -> None:
    problems = passwords.password_problems(password)
    assert (problems == []) == (8 <= len(password) <= 1024)
    # The message words the rule and the length only: never the password itself.
    if len(password) < 8:
        assert [p.message for p in problems] == [
            f"is {len(password)} character(s); a password needs at least 8 characters"
        ]
    elif len(password) > 1024:
        assert [p.message for p in problems] == [f"is {len(password)} characters; at most 1024"]


@settings(max_examples=10, deadline=None)
@given(st.text(min_size=8, max_size=64), st.text(min_size=1, max_size=8))
def test_a_password_hash_verifies_that_password_only(password: str, extra: str) -> None:
    stored = passwords.hash_password(password)
    assert stored.startswith("scrypt$1024$8$1$") and password not in stored
    assert passwords.verify_password(password, stored)
    assert not passwords.verify_password(password + extra, stored)
    assert passwords.hash_password(password) != stored  # a fresh salt every time


def test_production_hashes_use_the_specified_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "COST_N", 2**14)
    stored = passwords.hash_password("a long password")
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(key)) == 32
    assert passwords.verify_password("a long password", stored)
    assert not passwords.verify_password("a long password", "scrypt$16384$8$1$garbage")


@pytest.mark.both_backends
def test_fewer_required_signers_lock_a_partly_signed_meeting(services: Services) -> None:
    meeting_id = _closed_meeting(services)
    services.signing.set_required_signers(meeting_id, ["Dr Chair", "Dr Surgeon"])
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    state = services.signing.set_required_signers(meeting_id, ["Dr Chair"])
    assert (state.locked, state.status, state.missing_signers) == (True, "signed", ())
    assert services.signing.summary_package(meeting_id).required_signers == ("Dr Chair",)


def test_the_signers_zone_is_named_when_the_computer_names_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time as clock

    monkeypatch.setenv("TZ", "Europe/London")
    clock.tzset()
    try:
        meeting_id = _closed_meeting(services)
        state = services.signing.sign(
            meeting_id, user="Dr Chair", password="chair-password", meaning="approved"
        )
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()
    (signature,) = state.signatures
    offset = signature.signed_at.strftime("%z")
    assert signature.time_zone == f"Europe/London ({offset[:3]}:{offset[3:]})"
    assert signature.to_json()["signed_at"].endswith(f"{offset[:3]}:{offset[3:]}")


@given(
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=20),
    st.sampled_from(["\x00", "\x07", "\x1b", "\u200b", "\u202e"]),
)
def test_a_name_with_a_control_character_is_refused(text_part: str, control: str) -> None:
    problems = passwords.name_problems(text_part + control + text_part)
    assert [p.path for p in problems] == ["name"] and "control character" in problems[0].message


@pytest.mark.both_backends
def test_a_meeting_changed_while_its_content_is_built_is_not_signed(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from isconf.summary import content

    meeting_id = _closed_meeting(services)
    original = content.build_content

    def build_then_tick(*args: object, **kwargs: object) -> object:
        built = original(*args, **kwargs)  # type: ignore[arg-type]
        # Another workstation ticks an action item done between building and storing.
        services.meetings.set_actions(
            meeting_id, "DEMO-1001", [ActionItem("Book PET", "Dr Nuc", clock.today(), done=True)]
        )
        return built

    monkeypatch.setattr(content, "build_content", build_then_tick)
    with pytest.raises(ServiceError, match="changed while it was being signed; nothing was signed"):
        services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    monkeypatch.setattr(content, "build_content", original)
    assert services.signing.state(meeting_id).signatures == ()
    state = services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    package = services.signing.summary_package(meeting_id)
    actions = [a for case in package.content["cases"] for a in case["action_items"]]
    assert state.locked and [a["done"] for a in actions] == [True]  # the signed content is the ticked one


def test_a_signature_altered_around_the_triggers_is_found(services: Services) -> None:
    from isconf.store.integrity import check_location

    meeting_id = _closed_meeting(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    with services.database.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER signature_no_update"))
        connection.execute(text("UPDATE signature SET content_sha256 = 'ab' || substr(content_sha256, 3)"))
    problems = check_location(services.database.location)
    assert any("the signature of Dr Chair names other content than the revision holds" in p for p in problems)


def test_identification_altered_around_the_triggers_is_found(services: Services) -> None:
    """The identification names which patient each pseudonym is: swapping an MRN there would
    put a signed decision on another child, so it must still hash to what the content names."""
    from isconf.store.integrity import check_location

    meeting_id = _closed_meeting(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    with services.database.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER meeting_revision_content_fixed"))
        connection.execute(
            text(
                "UPDATE meeting_revision SET identification_json = replace(identification_json, '1001', '1002')"
            )
        )
    with pytest.raises(ServiceError, match=r"stored identification of meeting .* no longer matches"):
        services.signing.summary_package(meeting_id)
    problems = check_location(services.database.location)
    assert any("identification no longer matches the hash the signed content names" in p for p in problems)


def test_a_locked_meeting_set_back_to_closed_is_found(services: Services) -> None:
    """The meeting row has no trigger: a status written back to closed outside isconf would
    unlock the meeting, and isconf check says so."""
    from isconf.store.integrity import check_location

    meeting_id = _closed_meeting(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    assert check_location(services.database.location) == []
    with services.database.engine.begin() as connection:
        connection.execute(text("UPDATE meeting SET status = 'in_progress'"))
    problems = check_location(services.database.location)
    assert any(
        f"meeting {meeting_id} revision 1 was signed and locked, but the meeting is in progress" in p
        for p in problems
    )
    with services.database.engine.begin() as connection:  # as if reopened, without an amendment
        connection.execute(text("UPDATE meeting SET revision = 2"))
    problems = check_location(services.database.location)
    assert any("moved on to revision 2 without an amendment of it" in p for p in problems)
    with services.database.engine.begin() as connection:  # an amendment and a reopening after it
        connection.execute(text("UPDATE meeting SET revision = 3, amends_revision = 1"))
    assert check_location(services.database.location) == []


@pytest.mark.both_backends
def test_a_name_typed_decomposed_is_the_same_user(services: Services) -> None:
    """ "José" typed as e + combining accent (macOS, some keyboards) is the same person as the
    chair written "José": otherwise the chair could never sign and the lock never come."""
    import unicodedata

    meeting_id = _closed_meeting(services, chair="Dr José")
    services.users.add_user(
        unicodedata.normalize("NFD", "Dr José"), "epileptologist", "jose-password", "chair"
    )
    with pytest.raises(ServiceError, match="exists already"):
        services.users.add_user("Dr José", "neurologist", "other-password")
    state = services.signing.sign(meeting_id, user="Dr José", password="jose-password", meaning="approved")
    assert state.locked and state.signatures[0].name == unicodedata.normalize("NFC", "Dr José")


def test_sorting_by_urgency_leaves_a_meeting_signed_meanwhile_untouched(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sorting stores the positions in a second transaction; a meeting closed and signed
    between the two keeps its rows as they were signed."""
    from isconf.meetings.service import MeetingService

    meeting_id = _closed_meeting(services)
    services.meetings.set_status(meeting_id, "in_progress")
    services.meetings.set_order(meeting_id, ["DEMO-1001", "DEMO-1003"])  # urgency puts DEMO-1003 first
    original = MeetingService.get_meeting
    signed_meanwhile = []

    def get_then_sign(self: MeetingService, *args: object, **kwargs: object) -> object:
        shown = original(self, *args, **kwargs)  # type: ignore[arg-type]
        if not signed_meanwhile:
            signed_meanwhile.append(True)
            services.meetings.set_status(meeting_id, "closed")
            services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
        return shown

    monkeypatch.setattr(MeetingService, "get_meeting", get_then_sign)
    services.meetings.sort_by_urgency(meeting_id)
    monkeypatch.setattr(MeetingService, "get_meeting", original)
    with services.database.engine.connect() as connection:
        positions = connection.execute(text("SELECT position FROM agenda_item ORDER BY case_id")).all()
    # DEMO-1001 stays first, as the hand order left the rows when the meeting was signed.
    assert [p for (p,) in positions] == [0, 1]
    assert services.signing.state(meeting_id).locked


@pytest.mark.both_backends
def test_migration_0008_goes_down_with_a_signed_meeting(db: str, backend: str) -> None:
    """Going down drops the signatures, so a signed meeting is left closed (0007 knows no
    "signed"), and coming back up it can be signed again."""
    from isconf.store.database import open_database
    from isconf.store.integrity import check_location
    from isconf.store.migrate import downgrade

    services = Services.open(db)
    meeting_id = _closed_meeting(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    services.close()
    database = open_database(db)
    downgrade(database.engine, "0007")
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT status FROM meeting")).scalar_one() == "closed"
    database.close()
    reopened = Services.open(db)
    assert reopened.meetings.get_meeting(meeting_id).status == "closed"
    reopened.users.add_user("Dr Chair", "epileptologist", "chair-password")
    reopened.sign_in("Dr Chair", "chair-password")
    state = reopened.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    assert state.locked and check_location(reopened.database.location) == []
    reopened.close()


@pytest.mark.both_backends
def test_a_case_edited_after_its_decision_was_signed_leaves_the_signed_summary_as_it_was(
    services: Services,
) -> None:
    """The case is not the meeting: it may change (a corrected MRN, a new name), while the
    signed revision keeps what was decided, on which evidence, about whom."""
    import dataclasses

    meeting_id = _closed_meeting(services)
    services.signing.sign(meeting_id, user="Dr Chair", password="chair-password", meaning="approved")
    signed = services.signing.summary_package(meeting_id)
    stored = services.get_case("DEMO-1001")
    edited = dataclasses.replace(stored.case, mrn="DEMO-9001", family_name="Renamed")
    services.save_case(edited, original_mrn="DEMO-1001", expected_version=stored.version)
    with pytest.raises(ServiceError, match="on the agenda of meeting"):
        services.delete_case("DEMO-9001")
    again = services.signing.summary_package(meeting_id)
    assert (again.content, again.identification, again.content_sha256, again.signatures) == (
        signed.content,
        signed.identification,
        signed.content_sha256,
        signed.signatures,
    )
    assert "DEMO-1001" in json.dumps(again.identification) and "DEMO-9001" not in json.dumps(
        again.identification
    )
    assert services.meetings.get_meeting(meeting_id).status == "signed"


@pytest.mark.both_backends
def test_two_required_signers_signing_at_once_lock_the_meeting_once(services: Services) -> None:
    """Both build the content before their write turn; the writers' lock (BEGIN IMMEDIATE,
    PostgreSQL's advisory lock) orders them: one freezes, the other signs those bytes, and the
    second to write sees the first's signature and locks."""
    from concurrent.futures import ThreadPoolExecutor

    meeting_id = _closed_meeting(services)
    services.signing.set_required_signers(meeting_id, ["Dr Chair", "Dr Surgeon"])
    who = [("Dr Chair", "chair-password"), ("Dr Surgeon", "surgeon-password")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        states = list(
            pool.map(
                lambda pair: services.signing.sign(
                    meeting_id, user=pair[0], password=pair[1], meaning="approved"
                ),
                who,
            )
        )
    final = services.signing.state(meeting_id)
    assert final.locked and final.status == "signed" and len(final.signatures) == 2
    assert {s.content_sha256 for s in final.signatures} == {final.content_sha256}
    assert sum(s.locked for s in states) == 1
    assert [r.revision for r in services.signing.revisions(meeting_id)] == [1]
    locks = [e for e in services.audit_trail() if e.action == "lock"]
    assert len({e.id for e in locks if e.field == "status"}) == 1


def test_a_wrong_old_password_is_refused_and_logged(services: Services) -> None:
    services.users.add_user("Dr Chair", "epileptologist", "chair-password")
    with pytest.raises(ServiceError, match="wrong password for Dr Chair; the password was not changed"):
        services.users.set_password("dr chair", "guess-password", "new-password-1")
    refusals = [e for e in services.audit_trail() if e.action == "password_refused"]
    assert [(e.entity, e.key) for e in refusals] == [("user", "Dr Chair")]
    assert "guess-password" not in json.dumps([e.to_json() for e in services.audit_trail()])
    services.users.set_password("Dr Chair", "chair-password", "new-password-1")
    assert [e.field for e in services.audit_trail() if e.action == "update"] == ["password"]


@pytest.mark.both_backends
def test_a_signer_signs_the_hash_they_reviewed_or_nothing(services: Services) -> None:
    meeting_id = _closed_meeting(services)
    reviewed = services.signing.summary_package(meeting_id).content_sha256
    assert services.signing.summary_package(meeting_id).content_sha256 == reviewed  # a draft's hash holds

    # A case changes between the signer's reading and their signature: nothing is signed.
    stored = services.get_case("DEMO-1001")
    other_sex = "male" if stored.case.sex == "female" else "female"  # shown in the key findings
    services.save_case(
        replace(stored.case, sex=other_sex), original_mrn="DEMO-1001", expected_version=stored.version
    )
    now = services.signing.summary_package(meeting_id).content_sha256
    with pytest.raises(ServiceError, match=r"not the .* you reviewed") as refused:
        services.signing.sign(
            meeting_id,
            user="Dr Chair",
            password="chair-password",
            meaning="approved",
            reviewed_sha256=reviewed,
        )
    assert refused.value.problems[0].path == "sha256"
    assert services.signing.state(meeting_id).signatures == ()

    with pytest.raises(ServiceError, match="first 12 or more"):
        services.signing.sign(
            meeting_id, user="Dr Chair", password="chair-password", meaning="approved", reviewed_sha256="abc"
        )
    state = services.signing.sign(
        meeting_id, user="Dr Chair", password="chair-password", meaning="approved", reviewed_sha256=now[:12]
    )
    assert state.locked and state.content_sha256 == now

"""A coordinator runs the whole conference from the command line (issue 14, part 4):
``isconf meeting attend | question | action`` and ``decide --option``, each with the app's
validation, refusals and audit, and a meeting built and signed only from the command line
whose summary PDF holds the attendance, the questions, the options and the action items."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import run_cli
from isconf.meetings import vocab

DAY = date(2026, 12, 1)
PASSWORD = "chair's long password"


@pytest.fixture
def cli(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fixed_clock: Callable[[date], None],
) -> Callable[..., tuple[int, str, str]]:
    """``isconf ARGS… --db DB`` in-process (``--db`` after the sub-command, as a script may
    write it); argparse's own refusals come back as their exit code, not as SystemExit."""
    fixed_clock(DAY)
    monkeypatch.setenv("ISCONF_USER", "coordinator")

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            return run_cli(capsys, *argv, "--db", str(db_path))
        except SystemExit as exit_:
            out, err = capsys.readouterr()
            return int(exit_.code or 0), out, err

    return run


@pytest.fixture
def meeting(cli: Callable[..., tuple[int, str, str]]) -> str:
    """A planned meeting with DEMO-1001 and DEMO-1003 on the agenda, made by the command line."""
    assert cli("demo")[0] == 0
    code, out, err = cli(
        "meeting", "new", "--date", DAY.isoformat(), "--time", "08:00", "--title", "Spasms conference",
        "--chair", "Dr Chair",
    )  # fmt: skip
    assert code == 0, err
    meeting_id = out.split()[-1]
    assert cli("meeting", "add", meeting_id, "DEMO-1001", "DEMO-1003")[0] == 0
    return meeting_id


def _shown(cli: Callable[..., tuple[int, str, str]], meeting: str) -> dict[str, Any]:
    code, out, err = cli("meeting", "show", meeting, "--json")
    assert code == 0, err
    shown: dict[str, Any] = json.loads(out)
    return shown


def _case(cli: Callable[..., tuple[int, str, str]], meeting: str, mrn: str) -> dict[str, Any]:
    return next(item for item in _shown(cli, meeting)["agenda"] if item["mrn"] == mrn)


def _refused(result: tuple[int, str, str], message: str, code: int = 1) -> None:
    """Refused with ``code``, the problem on one ``isconf: error:`` line, no traceback."""
    got, _, err = result
    assert got == code, err
    errors = [line for line in err.splitlines() if line.startswith("isconf: error:")]
    assert len(errors) == 1 and message in errors[0], err
    assert "Traceback" not in err


def _audit(cli: Callable[..., tuple[int, str, str]], *mrn: str) -> list[dict[str, Any]]:
    code, out, err = cli("audit", *mrn, "--json")
    assert code == 0, err
    entries: list[dict[str, Any]] = json.loads(out)
    return entries


def _decide(
    cli: Callable[..., tuple[int, str, str]], meeting: str, mrn: str, *extra: str
) -> tuple[int, str, str]:
    return cli(
        "meeting", "decide", meeting, mrn, "--recommendation", "focal_resection", "--rationale", "Concordant",
        *extra,
    )  # fmt: skip


def _close(cli: Callable[..., tuple[int, str, str]], meeting: str) -> None:
    code, _, err = cli("meeting", "status", meeting, "close")
    assert code == 0, err


def _sign(cli: Callable[..., tuple[int, str, str]], meeting: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closed and signed by the chair, the one required signer: locked."""
    monkeypatch.setenv("ISCONF_PASSWORD", PASSWORD)
    _close(cli, meeting)
    assert cli("user", "add", "Dr Chair", "--role", "epileptologist")[0] == 0
    monkeypatch.setenv("ISCONF_USER", "Dr Chair")  # the team's first member writes from now on
    code, out, err = cli("meeting", "sign", meeting, "--user", "Dr Chair", "--meaning", "approved")
    assert code == 0, err
    assert "locked" in out


# --- attend --------------------------------------------------------------------------------------


def test_attend_adds_people_and_the_same_name_again_updates_its_row(
    cli: Callable[..., tuple[int, str, str]], meeting: str
) -> None:
    code, out, err = cli("meeting", "attend", meeting, "--name", "Dr Chair", "--role", "Epileptologist")
    assert code == 0, err
    assert "added Dr Chair (epileptologist, present)" in out
    assert "no neurosurgeon, neuroradiologist, neuropsychologist present" in out
    assert cli("meeting", "attend", meeting, "--name", "Dr Knife", "--role", "neurosurgeon")[0] == 0
    assert cli("meeting", "attend", meeting, "--name", "Dr Tech", "--role", "eeg  technologist")[0] == 0

    code, out, err = cli(
        "meeting", "attend", meeting, "--name", "dr  KNIFE", "--role", "neurosurgeon", "--absent"
    )
    assert code == 0, err
    assert "updated dr KNIFE (neurosurgeon, absent)" in out
    assert _shown(cli, meeting)["attendance"] == [
        {"name": "Dr Chair", "role": "epileptologist", "present": True},
        {"name": "dr KNIFE", "role": "neurosurgeon", "present": False},
        {"name": "Dr Tech", "role": "EEG technologist", "present": True},
    ]
    code, out, _ = cli("meeting", "show", meeting)
    assert "attendance: Dr Chair (epileptologist), Dr Tech (EEG technologist)" in out
    assert "absent: dr KNIFE (neurosurgeon)" in out

    attendance = [e for e in _audit(cli) if e["field"] == "attendance"]
    assert len(attendance) == 4 and {e["actor"] for e in attendance} == {"coordinator"}
    assert attendance[-1]["new"][1] == {"name": "dr KNIFE", "role": "neurosurgeon", "present": False}


def test_attend_refusals(cli: Callable[..., tuple[int, str, str]], meeting: str) -> None:
    _refused(
        cli("meeting", "attend", meeting, "--name", "Dr X", "--role", "plumber"),
        "argument --role: 'plumber' is not a role; choose from epileptologist, neurosurgeon",
        code=2,
    )
    _refused(cli("meeting", "attend", meeting, "--name", "  ", "--role", "nurse"), "--name: is required")
    _refused(
        cli("meeting", "attend", meeting, "--name", "N" * 101, "--role", "nurse"), "--name: is 101 characters"
    )
    _refused(
        cli("meeting", "attend", "99", "--name", "Dr X", "--role", "nurse"), "MEETING: no meeting has id 99"
    )
    _close(cli, meeting)
    _refused(
        cli("meeting", "attend", meeting, "--name", "Dr X", "--role", "nurse"),
        f"MEETING: meeting {meeting} is closed; reopen it to change it",
    )
    assert _shown(cli, meeting)["attendance"] == []


def test_attend_help_lists_the_roles_the_app_offers(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("meeting", "attend", "-h")
    assert code == 0
    words = " ".join(out.split())
    for role in (*vocab.disciplines().core, *vocab.disciplines().others):
        assert role in words


# --- question ------------------------------------------------------------------------------------


def test_question_is_set_shown_audited_and_cleared(
    cli: Callable[..., tuple[int, str, str]], meeting: str
) -> None:
    code, out, err = cli("meeting", "question", meeting, "demo-1001", "Resect now or wait for the PET?")
    assert code == 0, err
    assert out.strip() == f"meeting {meeting}, DEMO-1001: question: Resect now or wait for the PET?"
    assert _case(cli, meeting, "DEMO-1001")["question"] == "Resect now or wait for the PET?"
    assert _case(cli, meeting, "DEMO-1003")["question"] is None
    assert "question: Resect now or wait for the PET?" in cli("meeting", "show", meeting)[1]
    changes = [e for e in _audit(cli, "DEMO-1001") if e["field"].endswith(".question")]
    assert [(c["old"], c["new"], c["actor"]) for c in changes] == [
        (None, "Resect now or wait for the PET?", "coordinator")
    ]

    code, out, _ = cli("meeting", "question", meeting, "DEMO-1001", "")
    assert code == 0 and "question cleared" in out
    assert _case(cli, meeting, "DEMO-1001")["question"] is None


def test_question_refusals(cli: Callable[..., tuple[int, str, str]], meeting: str) -> None:
    _refused(cli("meeting", "question", meeting, "NOPE-1", "Why?"), "MRN: no case has MRN 'NOPE-1'")
    _refused(
        cli("meeting", "question", meeting, "DEMO-1002", "Why?"),
        f"MRN: DEMO-1002 is not on the agenda of meeting {meeting}",
    )
    _refused(
        cli("meeting", "question", meeting, "DEMO-1001", "?" * 2001), "TEXT: is 2001 characters; at most 2000"
    )
    _refused(cli("meeting", "question", "x", "DEMO-1001", "Why?"), "'x' is not a meeting id", code=2)
    _close(cli, meeting)
    _refused(
        cli("meeting", "question", meeting, "DEMO-1001", "Why?"), f"MEETING: meeting {meeting} is closed"
    )
    assert _case(cli, meeting, "DEMO-1001")["question"] is None


# --- decide --option ---------------------------------------------------------------------------------


def test_decide_records_the_options_considered_in_the_apps_order(
    cli: Callable[..., tuple[int, str, str]], meeting: str
) -> None:
    code, _, err = _decide(
        cli,
        meeting,
        "DEMO-1001",
        "--option",
        "vns: if the resection fails",
        "--option",
        "FOCAL_RESECTION:chosen",
    )
    assert code == 0, err
    assert _case(cli, meeting, "DEMO-1001")["options_considered"] == [
        {"option": "focal_resection", "note": "chosen"},
        {"option": "vns", "note": "if the resection fails"},
    ]
    assert "options considered: Focal resection (chosen); " in cli("meeting", "show", meeting)[1]
    changes = [e for e in _audit(cli, "DEMO-1001") if e["entity"] == "considered_option"]
    assert len(changes) == 1 and changes[0]["actor"] == "coordinator"

    # Deciding again without --option leaves them; with --option replaces them.
    assert _decide(cli, meeting, "DEMO-1001")[0] == 0
    assert len(_case(cli, meeting, "DEMO-1001")["options_considered"]) == 2
    assert _decide(cli, meeting, "DEMO-1001", "--option", "focal_resection")[0] == 0
    assert _case(cli, meeting, "DEMO-1001")["options_considered"] == [
        {"option": "focal_resection", "note": None}
    ]


def test_decide_option_refusals_and_help(cli: Callable[..., tuple[int, str, str]], meeting: str) -> None:
    _refused(
        _decide(cli, meeting, "DEMO-1001", "--option", "surgery"),
        "argument --option: 'surgery' is not an option; choose from focal_resection, lobar_resection",
        code=2,
    )
    _refused(
        _decide(cli, meeting, "DEMO-1001", "--option", "vns", "--option", "vns:again"),
        "--option: 'vns' is named twice",
    )
    _refused(
        _decide(cli, meeting, "DEMO-1001", "--option", "vns:" + "w" * 2001), "--option: is 2001 characters"
    )
    item = _case(cli, meeting, "DEMO-1001")
    assert item["decision"] is None and item["options_considered"] == []  # all or nothing

    code, out, _ = cli("meeting", "decide", "-h")
    assert code == 0
    words = " ".join(out.split())
    assert all(code in words for code in vocab.codes(vocab.RECOMMENDATION))


# --- action --------------------------------------------------------------------------------------------


def test_action_items_are_added_numbered_and_ticked_done(
    cli: Callable[..., tuple[int, str, str]], meeting: str
) -> None:
    code, out, err = cli(
        "meeting",
        "action",
        meeting,
        "DEMO-1001",
        "--text",
        "Book the PET",
        "--owner",
        "Dr Knife",
        "--due",
        "2026-12-10",
    )
    assert code == 0, err
    assert "action item 1: [ ] Book the PET — Dr Knife, due 2026-12-10" in out
    code, out, err = cli("meeting", "action", meeting, "DEMO-1001", "--text", "Tell the family")
    assert code == 0, err
    assert "action item 2: [ ] Tell the family — no owner, no due date" in out

    code, out, err = cli("meeting", "action", meeting, "DEMO-1001", "--done", "2")
    assert code == 0, err
    assert "action item 2 done: Tell the family" in out
    assert _case(cli, meeting, "DEMO-1001")["action_items"] == [
        {
            "id": 1,
            "description": "Book the PET",
            "owner": "Dr Knife",
            "due_date": "2026-12-10",
            "done": False,
        },
        {"id": 2, "description": "Tell the family", "owner": None, "due_date": None, "done": True},
    ]
    assert "action 2: [x] Tell the family" in cli("meeting", "show", meeting)[1]
    changes = [e for e in _audit(cli, "DEMO-1001") if e["entity"] == "action_item"]
    assert len(changes) == 3 and {c["actor"] for c in changes} == {"coordinator"}

    # Follow-up goes on after the meeting: a closed meeting still takes an item ticked done.
    _close(cli, meeting)
    code, out, err = cli("meeting", "action", meeting, "DEMO-1001", "--done", "1")
    assert code == 0, err
    assert [a["done"] for a in _case(cli, meeting, "DEMO-1001")["action_items"]] == [True, True]
    assert "was already done" in cli("meeting", "action", meeting, "DEMO-1001", "--done", "1")[1]


def test_action_refusals(cli: Callable[..., tuple[int, str, str]], meeting: str) -> None:
    action = ("meeting", "action", meeting)
    _refused(cli(*action, "DEMO-1001", "--text", " "), "--text: is required")
    _refused(cli(*action, "DEMO-1001", "--text", "Call", "--owner", "O" * 101), "--owner: is 101 characters")
    _refused(
        cli(*action, "DEMO-1001", "--text", "Call", "--due", "2026-02-30"),
        "argument --due: '2026-02-30' is not a date",
        code=2,
    )
    _refused(
        cli(*action, "DEMO-1002", "--text", "Call"),
        f"MRN: DEMO-1002 is not on the agenda of meeting {meeting}",
    )
    _refused(cli(*action, "DEMO-1001", "--done", "1"), "--done: DEMO-1001 has no action items")
    _refused(
        cli(*action, "DEMO-1001", "--done", "0"), "argument --done: '0' is not an action item id", code=2
    )
    _refused(cli(*action, "DEMO-1001"), "one of the arguments --text --done is required", code=2)
    _refused(cli(*action, "DEMO-1001", "--text", "Call", "--done", "1"), "not allowed with argument", code=2)
    assert cli(*action, "DEMO-1001", "--text", "Call the family")[0] == 0
    _refused(cli(*action, "DEMO-1001", "--done", "1", "--owner", "Dr X"), "--owner: goes with --text")
    _refused(cli(*action, "DEMO-1001", "--done", "2"), "--done: DEMO-1001 has 1 action item(s)")
    _close(cli, meeting)
    _refused(
        cli(*action, "DEMO-1001", "--text", "One more"),
        f"MEETING: meeting {meeting} is closed: only ticking action items done is allowed",
    )
    assert len(_case(cli, meeting, "DEMO-1001")["action_items"]) == 1


# --- a signed meeting ------------------------------------------------------------------------------------


def test_a_signed_meeting_refuses_every_new_command(
    cli: Callable[..., tuple[int, str, str]], meeting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("meeting", "action", meeting, "DEMO-1001", "--text", "Book the PET")[0] == 0
    _sign(cli, meeting, monkeypatch)
    before = _shown(cli, meeting)
    locked = f"MEETING: meeting {meeting} is signed and locked (revision 1); amend it to change anything"
    _refused(cli("meeting", "attend", meeting, "--name", "Dr Late", "--role", "nurse"), locked)
    _refused(cli("meeting", "question", meeting, "DEMO-1001", "Too late?"), locked)
    _refused(_decide(cli, meeting, "DEMO-1001", "--option", "vns"), locked)
    _refused(cli("meeting", "action", meeting, "DEMO-1001", "--text", "One more"), locked)
    _refused(cli("meeting", "action", meeting, "DEMO-1001", "--done", "1"), locked)
    assert _shown(cli, meeting) == before


# --- the whole conference from the command line ---------------------------------------------------------


def test_a_meeting_built_and_signed_only_from_the_command_line_has_it_all_in_its_summary(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ok(*argv: str) -> str:
        code, out, err = cli(*argv)
        assert code == 0, err
        return out

    ok("demo")
    meeting = ok(
        "meeting", "new", "--date", DAY.isoformat(), "--time", "08:00", "--title", "Spasms conference",
        "--chair", "Dr Chair",
    ).split()[-1]  # fmt: skip
    ok("meeting", "add", meeting, "DEMO-1001", "DEMO-1003")
    for name, role in (
        ("Dr Chair", "epileptologist"),
        ("Dr Knife", "neurosurgeon"),
        ("Dr Scan", "neuroradiologist"),
        ("Dr Mind", "neuropsychologist"),
    ):
        ok("meeting", "attend", meeting, "--name", name, "--role", role)
    ok("meeting", "attend", meeting, "--name", "Nurse Absent", "--role", "nurse", "--absent")
    ok("meeting", "question", meeting, "DEMO-1001", "Resect the lesion now?")
    ok("meeting", "question", meeting, "DEMO-1003", "Hemispherotomy or more tests?")
    ok(
        "meeting", "decide", meeting, "DEMO-1001", "--recommendation", "focal_resection", "--rationale",
        "Concordant", "--option", "focal_resection:concordant lesion", "--option", "vns:kept in reserve",
    )  # fmt: skip
    ok(
        "meeting", "decide", meeting, "DEMO-1003", "--recommendation", "further_evaluation", "--rationale",
        "PET first", "--tests", "pet", "--option", "further_evaluation:chosen",
        "--option", "hemispherectomy:after the PET",
    )  # fmt: skip
    ok(
        "meeting", "action", meeting, "DEMO-1001", "--text", "Book the resection", "--owner", "Dr Knife",
        "--due", "2026-12-15",
    )  # fmt: skip
    ok("meeting", "action", meeting, "DEMO-1003", "--text", "Order the PET", "--owner", "Dr Scan")
    ok("meeting", "action", meeting, "DEMO-1003", "--done", "1")
    _sign(cli, meeting, monkeypatch)

    pdf = tmp_path / "summary.pdf"
    code, _, err = cli("summary", meeting, "-o", str(pdf))
    assert code == 0, err
    assert "signed off" in err
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    for absent in ("No attendance recorded", "No question recorded", "None recorded"):
        assert absent not in text
    for expected in (
        "Dr Chair", "Dr Knife", "Dr Scan", "Dr Mind", "neuropsychologist", "Nurse Absent", "absent",
        "Resect the lesion now?", "Hemispherotomy or more tests?",
        "concordant lesion", "kept in reserve", "Vagus nerve stimulation", "after the PET",
        "Book the resection", "15 Dec 2026", "Order the PET", "done",
    ):  # fmt: skip
        assert expected in text, expected
    assert re.search(r"No (\w+ )*present \(core disciplines\)", text) is None

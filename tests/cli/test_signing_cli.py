"""``isconf user`` and ``isconf meeting sign|signers|amend|signatures``, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli


def _new_meeting(capsys: pytest.CaptureFixture[str], db: str, day: str, title: str, *, chair: str) -> int:
    return run_cli(capsys, "--db", db, "meeting", "new", "--date", day, "--title", title, "--chair", chair)[0]


@pytest.fixture
def closed_meeting(db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """A closed meeting (id 1) chaired by Dr Chair, and two users; ``ISCONF_PASSWORD`` set."""
    db = str(db_path)
    monkeypatch.setenv("ISCONF_PASSWORD", "chair-password")
    assert run_cli(capsys, "--db", db, "demo")[0] == 0
    assert _new_meeting(capsys, db, "2026-11-26", "Conf", chair="Dr Chair") == 0
    assert run_cli(capsys, "--db", db, "meeting", "add", "1", "DEMO-1001")[0] == 0
    assert run_cli(capsys, "--db", db, "user", "add", "Dr Chair", "--role", "epileptologist")[0] == 0
    # Dr Chair, the first member, is the administrator: signed in, they add Dr Surgeon (issue 21).
    monkeypatch.setenv("ISCONF_USER", "Dr Chair")
    monkeypatch.setenv("ISCONF_NEW_PASSWORD", "surgeon-password")
    added = run_cli(
        capsys, "--db", db, "user", "add", "Dr Surgeon", "--role", "neurosurgeon", "--access", "chair"
    )
    assert added[0] == 0
    assert run_cli(capsys, "--db", db, "meeting", "status", "1", "close")[0] == 0
    return db


def test_users_are_added_and_listed(closed_meeting: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--db", closed_meeting, "user", "list")
    assert code == 0
    assert out.splitlines()[0].startswith("Dr Chair  (epileptologist;")
    assert "Dr Surgeon  (neurosurgeon;" in out
    code, _, err = run_cli(capsys, "--db", closed_meeting, "user", "add", "dr chair", "--role", "nurse")
    assert code == 1 and err.strip().startswith("isconf: error: NAME: a user named 'Dr Chair' exists already")


def test_a_short_password_is_refused_naming_the_rule(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISCONF_PASSWORD", "short")
    code, out, err = run_cli(capsys, "--db", str(db_path), "user", "add", "Dr A", "--role", "nurse")
    assert code == 1 and out == ""
    assert err.strip() == (
        "isconf: error: password: is 5 character(s); a password needs at least 8 characters"
    )


def test_a_new_password_is_asked_twice_without_the_variable(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ISCONF_PASSWORD", raising=False)
    answers = iter(["first-password", "other-password"])
    monkeypatch.setattr("isconf.prompts.ask_secret", lambda prompt: next(answers))
    code, _, err = run_cli(capsys, "--db", str(db_path), "user", "add", "Dr A", "--role", "nurse")
    assert code == 1 and "the two entries differ; nothing was saved" in err
    answers = iter(["same-password", "same-password"])
    code, out, _ = run_cli(capsys, "--db", str(db_path), "user", "add", "Dr A", "--role", "nurse")
    assert code == 0 and out.strip() == "added user Dr A (nurse; administrator)"


def test_sign_prints_the_hash_the_signatures_and_who_is_still_required(
    closed_meeting: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = closed_meeting
    code, out, _ = run_cli(capsys, "--db", db, "meeting", "signers", "1", "Dr Chair", "dr surgeon")
    assert code == 0 and out.strip() == "meeting 1: must be signed by Dr Chair, Dr Surgeon"
    monkeypatch.setenv("ISCONF_PASSWORD", "surgeon-password")
    code, out, _ = run_cli(
        capsys, "--db", db, "meeting", "sign", "1", "--user", "Dr Surgeon", "--meaning", "reviewed"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("signed meeting 1 revision 1: Dr Surgeon (neurosurgeon) — reviewed — ")
    digest = lines[1].removeprefix("content SHA-256: ")
    assert len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
    assert lines[-1] == "still required: Dr Chair"
    monkeypatch.setenv("ISCONF_PASSWORD", "chair-password")
    code, out, _ = run_cli(
        capsys, "--db", db, "meeting", "sign", "1", "--user", "dr chair", "--meaning", "approved"
    )
    assert code == 0 and f"content SHA-256: {digest}" in out
    assert out.splitlines()[-1] == "locked: revision 1 is signed and locked"
    code, _, err = run_cli(capsys, "--db", db, "meeting", "status", "1", "reopen")
    assert code == 1 and "signed and locked (revision 1); amend it to change anything" in err


def test_a_wrong_password_fails_names_the_field_and_is_audited(
    closed_meeting: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISCONF_PASSWORD", "wrong-password")
    code, out, err = run_cli(
        capsys, "--db", closed_meeting, "meeting", "sign", "1", "--user", "Dr Chair", "--meaning", "approved"
    )
    assert (code, out) == (1, "")
    assert err.strip() == "isconf: error: password: wrong password for Dr Chair; nothing was signed"
    monkeypatch.setenv("ISCONF_PASSWORD", "chair-password")  # Dr Chair signs in to read the trail
    code, out, _ = run_cli(capsys, "--db", closed_meeting, "audit", "--json")
    events = json.loads(out)
    assert [e["action"] for e in events if e["entity"] == "user"][-1] == "sign_refused"
    assert "wrong-password" not in out
    code, out, _ = run_cli(capsys, "--db", closed_meeting, "meeting", "signatures", "1", "--json")
    assert json.loads(out)["signatures"] == []


def test_unknown_user_and_open_meeting_are_refused_before_a_password_is_read(
    closed_meeting: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = closed_meeting
    code, _, err = run_cli(
        capsys, "--db", db, "meeting", "sign", "1", "--user", "Dr Nobody", "--meaning", "approved"
    )
    assert code == 1
    assert err.strip() == (
        "isconf: error: --user: no user is named 'Dr Nobody'; add one with: isconf user add NAME --role ROLE"
    )
    _new_meeting(capsys, db, "2026-12-03", "Next", chair="Dr Chair")
    monkeypatch.setattr("isconf.prompts.ask_secret", lambda prompt: pytest.fail("asked for a password"))
    monkeypatch.delenv("ISCONF_PASSWORD")
    code, _, err = run_cli(
        capsys, "--db", db, "meeting", "sign", "2", "--user", "Dr Chair", "--meaning", "approved"
    )
    assert (
        code == 1
        and err.strip()
        == "isconf: error: MEETING: meeting 2 is planned; close the meeting first, then sign it"
    )
    with pytest.raises(SystemExit) as usage:
        run_cli(capsys, "--db", db, "meeting", "sign", "1", "--user", "Dr Chair", "--meaning", "liked")
    assert usage.value.code == 2 and "argument --meaning: invalid choice: 'liked'" in capsys.readouterr().err


def test_amend_then_signatures_show_both_revisions(
    closed_meeting: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = closed_meeting
    assert (
        run_cli(capsys, "--db", db, "meeting", "sign", "1", "--user", "Dr Chair", "--meaning", "approved")[0]
        == 0
    )
    code, _, err = run_cli(capsys, "--db", db, "meeting", "amend", "1", "--reason", "")
    assert code == 1 and err.strip() == "isconf: error: --reason: is required; write it in words"
    code, out, _ = run_cli(capsys, "--db", db, "meeting", "amend", "1", "--reason", "PET result arrived")
    assert code == 0 and out.startswith("meeting 1: revision 2 amends signed revision 1 (PET result arrived)")
    code, out, _ = run_cli(capsys, "--db", db, "meeting", "signatures", "1")
    assert code == 0
    assert "meeting 1, revision 2 (in progress)" in out and "amends revision 1: PET result arrived" in out
    assert (
        "revision 1: signed and locked; content SHA-256 " in out
        and "Dr Chair (epileptologist) — approved" in out
    )
    code, out, _ = run_cli(capsys, "--db", db, "meeting", "signatures", "1", "--json")
    document = json.loads(out)
    assert document["revision"] == 2 and document["signed_revisions"] == [1]
    (first,) = document["revisions"]
    assert first["locked"] and first["signatures"][0]["name"] == "Dr Chair"
    assert first["signatures"][0]["content_sha256"] == first["content_sha256"]
    code, out, _ = run_cli(capsys, "--db", db, "meeting", "signers", "1", "--chair")
    assert code == 0 and out.strip() == "meeting 1: must be signed by Dr Chair (the chair)"
    assert run_cli(capsys, "--db", db, "check")[0] == 0


def test_sign_asks_for_the_password_once_without_the_variable(
    closed_meeting: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ISCONF_PASSWORD")
    prompts: list[str] = []
    monkeypatch.setattr(
        "isconf.prompts.ask_secret", lambda prompt: prompts.append(prompt) or "chair-password"
    )
    code, out, _ = run_cli(
        capsys, "--db", closed_meeting, "meeting", "sign", "1", "--user", "Dr Chair", "--meaning", "approved"
    )
    assert code == 0 and prompts == ["password for Dr Chair: "]
    assert "chair-password" not in out and out.splitlines()[-1] == "locked: revision 1 is signed and locked"


def test_a_required_signer_without_a_user_is_pointed_out(
    closed_meeting: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = closed_meeting
    _new_meeting(capsys, db, "2026-12-03", "Next", chair="Dr Absent")
    run_cli(capsys, "--db", db, "meeting", "status", "2", "close")
    code, out, _ = run_cli(
        capsys, "--db", db, "meeting", "sign", "2", "--user", "Dr Chair", "--meaning", "reviewed"
    )
    assert code == 0
    assert out.splitlines()[-2:] == [
        "still required: Dr Absent",
        "note: no user is named 'Dr Absent'; add one with: isconf user add NAME --role ROLE",
    ]


def test_reopening_a_partly_signed_meeting_says_the_signatures_stay_behind(
    closed_meeting: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = closed_meeting
    run_cli(capsys, "--db", db, "meeting", "signers", "1", "Dr Chair", "Dr Surgeon")
    assert (
        run_cli(capsys, "--db", db, "meeting", "sign", "1", "--user", "Dr Chair", "--meaning", "approved")[0]
        == 0
    )
    code, out, _ = run_cli(capsys, "--db", db, "meeting", "status", "1", "reopen")
    assert code == 0 and out.splitlines() == [
        "meeting 1: in progress (revision 2)",
        "note: the signatures given to revision 1 stay there and do not carry over; revision 2 must be signed anew",
    ]
    code, out, _ = run_cli(capsys, "--db", db, "meeting", "signatures", "1")
    assert "revision 1: not locked (reopened before it was)" in out


def test_a_chair_written_with_a_combining_accent_is_found_among_the_users(
    closed_meeting: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import unicodedata

    db = closed_meeting
    decomposed = unicodedata.normalize("NFD", "Dr Renée")
    _new_meeting(capsys, db, "2026-12-03", "Next", chair=decomposed)
    run_cli(capsys, "--db", db, "meeting", "status", "2", "close")
    monkeypatch.setenv("ISCONF_NEW_PASSWORD", "chair-password")
    added = run_cli(
        capsys, "--db", db, "user", "add", "Dr Renée", "--role", "neurologist", "--access", "chair"
    )
    assert added[0] == 0
    code, out, _ = run_cli(
        capsys, "--db", db, "meeting", "sign", "2", "--user", decomposed, "--meaning", "approved"
    )
    assert code == 0 and out.splitlines()[0].startswith("signed meeting 2 revision 1: Dr Renée (neurologist)")
    assert "locked: revision 1 is signed and locked" in out


def test_sign_with_a_hash_that_is_no_longer_the_content_is_refused_naming_the_flag(
    capsys: pytest.CaptureFixture[str], closed_meeting: str
) -> None:
    sign = ("--db", closed_meeting, "meeting", "sign", "1", "--user", "Dr Chair", "--meaning", "approved")
    code, _, err = run_cli(capsys, *sign, "--sha256", "0" * 64)
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("isconf: error:")]
    assert len(errors) == 1 and errors[0].startswith("isconf: error: --sha256: the summary is now SHA-256")
    printed = errors[0].split("SHA-256 ")[1][:12]
    assert run_cli(capsys, *sign, "--sha256", printed)[0] == 0


def test_signers_blames_the_name_that_is_not_a_user(
    closed_meeting: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        capsys, "--db", closed_meeting, "meeting", "signers", "1", "Dr Chair", "Dr Nobody"
    )
    assert (code, out) == (1, "")
    assert err == (
        "isconf: error: NAME: no user is named 'Dr Nobody'; add one with: isconf user add NAME --role ROLE\n"
    )
    code, _, err = run_cli(capsys, "--db", closed_meeting, "meeting", "signers", "9", "Dr Chair")
    assert code == 1 and err == "isconf: error: MEETING: no meeting has id 9\n"

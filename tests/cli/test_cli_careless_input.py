"""Careless input never meets a traceback (issue 14, part 3): each slip a newcomer made on the
command line ends in one line naming the problem, exit 1, and nothing written."""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import VIGNETTES, run_cli, vignette_files
from isconf import cli, clock, prompts
from isconf.meetings import vocab
from isconf.services import Services

ROOT = Path(__file__).resolve().parents[2]


def _error_line(err: str) -> str:
    """The one line a failure prints (a second line, or a traceback, fails the test)."""
    [line] = err.splitlines()
    assert line.startswith("isconf: error: "), err
    return line.removeprefix("isconf: error: ")


@pytest.fixture
def meeting_db(db_path: Path) -> str:
    """Demo cases and a closed meeting (id 1, chaired by Dr Chair, who is a user)."""
    services = Services.open(str(db_path))
    try:
        services.add_demo_cases()
        services.users.add_user("Dr Chair", "epileptologist", "chair-password")
        services.sign_in("Dr Chair", "chair-password")
        meeting = services.meetings.create_meeting(title="Conf", day=clock.today(), chair="Dr Chair")
        services.meetings.add_cases(meeting.id, ["DEMO-1001"])
        services.meetings.set_status(meeting.id, vocab.CLOSED)
    finally:
        services.close()
    return str(db_path)


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal to prompt on and nothing on standard input (``< /dev/null`` in a script)."""
    monkeypatch.delenv("ISCONF_PASSWORD", raising=False)
    monkeypatch.delenv("ISCONF_P12_PASSPHRASE", raising=False)
    monkeypatch.setattr(prompts, "has_terminal", lambda: False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


# --- a password or passphrase prompt with nothing to read -----------------------------------------------


def test_user_add_without_a_terminal_is_one_line_and_creates_nothing(tmp_path: Path) -> None:
    """The real prompt, in a process of its own with no controlling terminal and ``< /dev/null``."""
    db = tmp_path / "new" / "isconf.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ISCONF_")}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), ISCONF_CLOCK="2026-12-07")
    done = subprocess.run(
        [sys.executable, "-m", "isconf.cli", "--db", str(db), "user", "add", "Dr A", "--role", "nurse"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        start_new_session=True,  # no controlling terminal: getpass cannot open /dev/tty
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert _error_line(done.stderr) == (
        "password: none was typed (input ended); type it at a terminal or set ISCONF_PASSWORD; "
        "nothing was saved"
    )
    assert sorted(tmp_path.iterdir()) == []  # neither the database nor its folder


def test_a_password_piped_in_without_a_terminal_is_read(
    no_terminal: None, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("piped-password\npiped-password\n"))
    code, out, err = run_cli(capsys, "--db", str(db_path), "user", "add", "Dr A", "--role", "nurse")
    assert (code, out, err) == (0, "added user Dr A (nurse; administrator)\n", "")


def test_ctrl_d_at_the_sign_prompt_is_one_line_and_signs_nothing(
    meeting_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def ctrl_d(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.delenv("ISCONF_PASSWORD", raising=False)
    monkeypatch.setattr(prompts, "has_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", ctrl_d)
    sign = ("--db", meeting_db, "meeting", "sign", "1", "--user", "Dr Chair", "--meaning", "approved")
    code, out, err = run_cli(capsys, *sign)
    assert (code, out) == (1, "")
    assert _error_line(err) == (
        "password: none was typed (input ended); type it at a terminal or set ISCONF_PASSWORD; "
        "nothing was signed"
    )
    code, out, _ = run_cli(capsys, "--db", meeting_db, "meeting", "signatures", "1", "--json")
    assert json.loads(out)["signatures"] == []


def test_summary_p12_without_a_passphrase_is_one_line_and_writes_nothing(
    no_terminal: None, meeting_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "summary.pdf"
    code, out, err = run_cli(
        capsys, "--db", meeting_db, "summary", "1", "-o", str(pdf), "--p12", str(tmp_path / "cert.p12")
    )
    assert (code, out) == (1, "")
    assert _error_line(err) == (
        "--p12: no passphrase was typed (input ended); type it at a terminal or set "
        "ISCONF_P12_PASSPHRASE; nothing was written"
    )
    assert not pdf.exists()


# --- pyHanko's DSA deprecation warning -----------------------------------------------------------------


def test_pyhankos_dsa_warning_alone_is_silenced(request: pytest.FixtureRequest) -> None:
    """Importing pyHanko through isconf prints nothing; the same warning from elsewhere still shows."""
    probe = (
        "import warnings\n"
        "import isconf.summary.pades\n"
        "import pyhanko.sign.signers, pyhanko.sign.validation\n"
        "from cryptography.utils import CryptographyDeprecationWarning\n"
        "warnings.warn('DSA is deprecated (raised elsewhere)', CryptographyDeprecationWarning)\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert "pdf_cms" not in done.stderr
    assert done.stderr.count("CryptographyDeprecationWarning") == 1
    assert "raised elsewhere" in done.stderr
    # The test run ignores exactly that warning too (it is raised once, by whichever test
    # imports pyHanko first, and pytest's own filters are in force there).
    assert (
        "ignore:DSA is deprecated:cryptography.utils.CryptographyDeprecationWarning:pyhanko"
        in request.config.getini("filterwarnings")
    )


# --- importing a folder of JSON files --------------------------------------------------------------------


def test_importing_a_folder_with_expected_json_says_what_was_imported(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(VIGNETTES.glob("*.json"))
    expected = VIGNETTES / "expected.json"
    assert expected in files and len(files) == len(vignette_files()) + 1
    code, out, err = run_cli(capsys, "--db", str(db_path), "import", *map(str, files))
    assert code == 1
    assert len(out.splitlines()) == len(files) - 1
    assert err.splitlines() == [
        f'isconf: error: {expected}: not an isconf case file (no "format": "isconf-case/1")',
        f"isconf: error: {len(files) - 1} imported, 1 rejected; nothing of the rejected file was written",
    ]


def test_a_json_file_of_another_format_is_named_as_such(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "evaluation.json"
    other.write_text(json.dumps({"format": "isconf-evaluation/1", "status": "candidate"}), encoding="utf-8")
    code, _, err = run_cli(capsys, "--db", str(db_path), "evaluate", str(other))
    assert code == 1
    assert _error_line(err) == (
        f'{other}: not an isconf case file (its "format" is \'isconf-evaluation/1\', not "isconf-case/1")'
    )
    first, second = map(str, vignette_files()[:2])
    assert run_cli(capsys, "--db", str(db_path), "import", first)[0] == 0
    code, _, err = run_cli(capsys, "--db", str(db_path), "import", "--replace", first, second, str(other))
    assert code == 1
    assert err.splitlines()[-1] == (
        "isconf: error: 1 imported, 1 replaced, 1 rejected; nothing of the rejected file was written"
    )


# --- a DISPLAY nobody answers ---------------------------------------------------------------------------


def _silent_display_number() -> int:
    return next(n for n in range(90, 400) if not Path(f"/tmp/.X11-unix/X{n}").exists())


def test_a_stale_display_is_one_line_before_qt_or_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.app

    number = _silent_display_number()
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", f":{number}")
    monkeypatch.setattr(ui.app, "run", lambda *a, **k: pytest.fail("Qt was started"))
    db = tmp_path / "isconf.db"
    for argv in ([], ["gui"]):
        code, out, err = run_cli(capsys, *argv, "--db", str(db))
        assert (code, out) == (1, "")
        assert _error_line(err) == (
            f"DISPLAY=:{number}: no X server answers there (left from a closed session?); start isconf "
            "from a desktop session (or under Xvfb), or render a PNG with: isconf gui --screenshot FILE"
        )
    assert not db.exists()


def test_a_display_that_answers_is_told_apart(tmp_path: Path) -> None:
    from ui.app import display_answers

    assert not display_answers(f":{_silent_display_number()}")
    assert display_answers("an unknown form")  # left for Qt to judge
    socket_path = tmp_path / "org.xquartz:0"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(socket_path))
        server.listen()
        assert display_answers(str(socket_path))
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        port = server.getsockname()[1]
        if port > 6000:
            assert not display_answers(f"127.0.0.1:{port - 6000}")
            server.listen()
            assert display_answers(f"127.0.0.1:{port - 6000}")


# --- files written in the format their names say ---------------------------------------------------------


@pytest.fixture
def demo_db(db_path: Path) -> str:
    services = Services.open(str(db_path))
    services.add_demo_cases()
    services.close()
    return str(db_path)


@pytest.mark.parametrize(("name", "magic"), [("c.png", b"\x89PNG"), ("c.pdf", b"%PDF"), ("c.svg", b"<?xml")])
def test_the_chart_is_written_in_the_format_its_name_says(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, magic: bytes
) -> None:
    chart = tmp_path / name
    code, _, err = run_cli(capsys, "--db", demo_db, "tradeoff", "DEMO-1001", "--chart", str(chart))
    assert code == 0, err
    assert chart.read_bytes().startswith(magic)
    if name.endswith(".svg"):
        assert b"<svg" in chart.read_bytes()


def test_a_chart_name_of_another_format_is_refused_before_anything_is_printed(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = tmp_path / "chart.jpg"
    code, out, err = run_cli(capsys, "--db", demo_db, "tradeoff", "DEMO-1001", "--chart", str(chart))
    assert (code, out) == (1, "")
    assert (
        _error_line(err)
        == f"{chart}: the chart is written as PNG, PDF or SVG; end the file name in .png, .pdf or .svg"
    )
    assert not chart.exists()


def test_a_screenshot_is_written_in_the_format_its_name_says(
    qapp: object, demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shot = tmp_path / "window.jpg"
    code, out, err = run_cli(capsys, "--db", demo_db, "gui", "--screenshot", str(shot), "--size", "640x400")
    assert (code, out) == (0, f"wrote {shot}\n"), err
    assert shot.read_bytes().startswith(b"\xff\xd8\xff")  # JPEG
    assert oct(shot.stat().st_mode & 0o777) == oct(0o600)  # it shows names: owner-only
    shot = tmp_path / "window.bmp"
    assert run_cli(capsys, "--db", demo_db, "gui", "--screenshot", str(shot), "--size", "640x400")[0] == 0
    assert shot.read_bytes().startswith(b"BM")


def test_a_screenshot_that_cannot_be_written_says_why(
    qapp: object, demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_db = tmp_path / "never.db"
    gif = tmp_path / "window.gif"
    code, out, err = run_cli(capsys, "--db", str(new_db), "gui", "--screenshot", str(gif))
    assert (code, out) == (1, "")
    assert _error_line(err) == (
        f"{gif}: a screenshot is written as PNG, JPEG or BMP; end the file name in .png, .jpg, .jpeg or .bmp"
    )
    assert not gif.exists() and not new_db.exists()
    missing = tmp_path / "no-such-folder" / "window.png"
    code, out, err = run_cli(
        capsys, "--db", demo_db, "gui", "--screenshot", str(missing), "--size", "640x400"
    )
    assert (code, out) == (1, "")
    assert _error_line(err) == f"{missing}: cannot write here (No such file or directory)"
    assert not missing.parent.exists()


def test_backup_into_a_missing_folder_is_refused(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "copy.db"
    code, out, err = run_cli(capsys, "--db", demo_db, "backup", str(target))
    assert (code, out) == (1, "")
    assert _error_line(err) == f"{target}: cannot write here (No such file or directory)"
    assert not target.parent.exists()
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    code, _, err = run_cli(capsys, "--db", demo_db, "backup", str(not_a_folder / "copy.db"))
    assert (
        code == 1 and _error_line(err) == f"{not_a_folder / 'copy.db'}: cannot write here (Not a directory)"
    )


# --- databases -------------------------------------------------------------------------------------------


def _bad_case_file(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "isconf-case/1", "case": {}}', encoding="utf-8")
    return bad


def test_a_failed_command_leaves_no_new_database_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _bad_case_file(tmp_path)
    db = tmp_path / "typo" / "deeper" / "isconf.db"
    monkeypatch.setenv("ISCONF_PASSWORD", "short")
    for argv in (
        ["import", str(bad)],
        ["user", "add", "Dr A", "--role", "nurse"],  # the password is too short
        ["audit", "NOPE"],
        ["gui", "--screenshot", str(tmp_path / "x.gif")],
    ):
        code, _, err = run_cli(capsys, "--db", str(db), *argv)
        assert code == 1, argv
        assert not (tmp_path / "typo").exists(), (argv, err)
    # The default database in the user data folder, on a first run.
    default = Path(os.environ["XDG_DATA_HOME"]) / "isconf" / "isconf.db"
    code, _, err = run_cli(capsys, "audit", "NOPE")
    assert code == 1 and _error_line(err) == "mrn: no case has MRN 'NOPE'"
    assert not default.exists() and not Path(os.environ["XDG_DATA_HOME"]).exists()


def test_a_new_database_a_failed_command_wrote_to_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "isconf.db"
    good = vignette_files()[0]
    code, _, _ = run_cli(capsys, "--db", str(db), "import", str(good), str(_bad_case_file(tmp_path)))
    assert code == 1
    code, out, _ = run_cli(capsys, "--db", str(db), "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1
    # An empty database that was there before a command failed on it stays.
    empty = tmp_path / "empty.db"
    Services.open(str(empty)).close()
    assert run_cli(capsys, "--db", str(empty), "audit", "NOPE")[0] == 1
    assert empty.exists()


def test_audit_of_an_unknown_mrn_fails_like_every_command(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for extra in ([], ["--json"]):
        code, out, err = run_cli(capsys, "--db", demo_db, "audit", "NOPE", *extra)
        assert (code, out) == (1, "")
        assert _error_line(err) == "mrn: no case has MRN 'NOPE'"
    services = Services.open(demo_db)
    services.delete_case("DEMO-1002")
    services.close()
    code, out, _ = run_cli(capsys, "--db", demo_db, "audit", "DEMO-1002")
    assert code == 0 and "delete" in out  # a deleted case's trail is still there


# --- help ------------------------------------------------------------------------------------------------


def _every_parser(
    parser: argparse.ArgumentParser, name: str = "isconf"
) -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(name, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                found += _every_parser(sub, f"{name} {sub_name}")
    return found


def test_every_subcommand_lists_db_in_its_help() -> None:
    parsers = _every_parser(cli.build_parser())
    assert len(parsers) > 25  # the walk reached the meeting and user subcommands
    missing = [name for name, parser in parsers if "--db PATH_OR_URL" not in parser.format_help()]
    assert missing == []


def test_meeting_decide_help_lists_the_recommendations() -> None:
    from isconf.meetings import vocab

    [decide] = [p for name, p in _every_parser(cli.build_parser()) if name == "isconf meeting decide"]
    text = " ".join(decide.format_help().split())
    for code in vocab.codes(vocab.RECOMMENDATION):
        assert code in text
    assert "{unanimous,majority,none}" in text


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_server_url_is_shown_as_typed_with_its_password_masked(scheme: str) -> None:
    from isconf.store.database import resolve_location

    location = resolve_location(f"{scheme}://isconf:se/cret@db.example.org/isconf")
    assert location.url.startswith("postgresql+psycopg://")  # what isconf connects with
    assert location.display == f"{scheme}://isconf:***@db.example.org/isconf"


def test_a_clock_that_is_no_date_is_one_line(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("ISCONF_CLOCK", "yesterday")
    code = cli.main(["--db", str(tmp_path / "x.db"), "list"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        "isconf: error: ISCONF_CLOCK: 'yesterday' is not a date (YYYY-MM-DD) or date-time "
        "(YYYY-MM-DDTHH:MM[:SS][+HH:MM])"
    ]
    assert not (tmp_path / "x.db").exists()

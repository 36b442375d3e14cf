"""Shared fixtures. Qt runs offscreen in every test, with or without a display."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from isconf import clock
from isconf.services import Services
from pg_server import PgServer, PgUnavailable, find_bindir

HERE = Path(__file__).parent
# The vignettes live in shared/ beside the clone; tests/data/vignettes is a copy
# for machines that do not have shared/.
_SHARED_VIGNETTES = HERE.parent.parent / "shared" / "vignettes"
VIGNETTES = _SHARED_VIGNETTES if _SHARED_VIGNETTES.is_dir() else HERE / "data" / "vignettes"


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(autouse=True)
def _released_clock() -> Iterator[None]:
    """Every test starts and ends on the computer's clock, whatever a test fixed."""
    clock.set_fixed(None)
    yield
    clock.set_fixed(None)


@pytest.fixture
def fixed_clock() -> Callable[[date | datetime | str], None]:
    """Fix isconf's clock for the rest of a test: ``fixed_clock(date(2026, 3, 1))``.

    A test whose words depend on the day ("38.6 weeks of spasms so far") fixes the day.
    """
    return clock.set_fixed


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``both_backends`` run once on SQLite and once on PostgreSQL.

    Every other test that opens a database gets SQLite (the ``backend`` fixture).
    """
    marked = metafunc.definition.get_closest_marker("both_backends") is not None
    if marked and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS)


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A real PostgreSQL server on loopback for the whole run; stopped at the end, also on failure.

    Missing binaries fail the PostgreSQL tests (they do not skip): CI must run them.
    """
    server, problem = _start_pg_server()
    if server is None:
        pytest.fail(problem, pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def _start_pg_server() -> tuple[PgServer | None, str]:
    """The started server, or None and why not (failed outside ``except`` for a one-message report)."""
    try:
        server = PgServer(find_bindir())
    except PgUnavailable as exc:
        return None, str(exc)
    try:
        server.start()
    except PgUnavailable as exc:
        server.stop()
        return None, f"cannot start the test PostgreSQL server: {exc}"
    return server, ""


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A ``--db`` URL for an empty schema of its own on the test server (a schema is
    made in milliseconds where a database takes a few tenths of a second)."""
    return pg_server.fresh_schema_url()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "isconf.db"


@pytest.fixture
def db(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """The ``--db`` value of this test's database: a SQLite file, or a PostgreSQL URL."""
    if backend == "postgresql":
        url: str = request.getfixturevalue("pg_url")
        return url
    return str(db_path)


@pytest.fixture
def other_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A second, empty database on the same backend as ``db``."""
    if backend == "postgresql":
        url: str = request.getfixturevalue("pg_server").fresh_schema_url()
        return url
    return str(tmp_path / "other.db")


@pytest.fixture
def services(db: str) -> Iterator[Services]:
    opened = Services.open(db)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _quick_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheaper password hashes for users made in tests (every signature verifies one); the
    stored string carries its cost, so checking a password is the production code path.
    tests/signing/test_signing.py holds production hashes to the specified cost."""
    from isconf import member_keys
    from isconf.signing import passwords

    monkeypatch.setattr(passwords, "COST_N", 2**10)
    monkeypatch.setattr(member_keys, "COST_N", 2**10)


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the user's real database and environment."""
    monkeypatch.delenv("ISCONF_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    # Nor the desktop keyring (issue 21): keyring's "none answers" backend unless a test
    # installs its own (tests/ui/test_ui_passphrase.py keeps passphrases in memory).
    import keyring.core
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())


def vignette_files() -> list[Path]:
    return sorted(VIGNETTES.glob("*_*.json"))


def vignette_document(name: str) -> dict[str, Any]:
    """The case file of the vignette named ``name`` (its file's stem), as parsed JSON."""
    [path] = [p for p in vignette_files() if p.stem == name]
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def mrn_of(file: Path) -> str:
    """The MRN in a case file."""
    mrn: str = json.loads(file.read_text(encoding="utf-8"))["case"]["mrn"]
    return mrn


def closed_meeting_with_signers(services: Services) -> int:
    """A closed meeting deciding DEMO-1001, with Dr Chair (password "chair-password"; the team's first
    member, so its administrator, and signed in) and Dr Surgeon added as team members, ready to be signed."""
    from datetime import time

    services.add_demo_cases()
    meeting = services.meetings.create_meeting(
        title="Conference", day=clock.today(), start_time=time(8, 0), chair="Dr Chair"
    )
    services.meetings.add_cases(meeting.id, ["DEMO-1001"])
    services.meetings.record_decision(
        meeting.id, "DEMO-1001", recommendation="further_evaluation", rationale="PET first", tests=("pet",)
    )
    services.meetings.set_status(meeting.id, "closed")
    services.users.add_user("Dr Chair", "epileptologist", "chair-password")
    services.sign_in("Dr Chair", "chair-password")  # the team's first member writes from now on
    services.users.add_user("Dr Surgeon", "neurosurgeon", "surgeon-password")
    return meeting.id


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``isconf`` in-process: exit code, standard output, standard error."""
    from isconf import cli

    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_modal_dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """GUI tests never block on a modal dialog: each question gets a fixed answer.

    A test that cares about a question replaces the answer itself.
    """
    if not request.node.module.__name__.startswith("test_ui"):
        return
    from ui import dialogs

    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *_: dialogs.Unsaved.DISCARD)
    monkeypatch.setattr(dialogs, "ask_reload_after_conflict", lambda *_: False)
    monkeypatch.setattr(dialogs, "ask_restore_draft", lambda *_: False)
    monkeypatch.setattr(dialogs, "confirm", lambda *_: True)
    monkeypatch.setattr(dialogs, "inform", lambda *_, **__: None)


@pytest.fixture(autouse=True)
def _modal_dialogs_fail_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the whole run (the offscreen platform shows
    nothing to click): it fails its test at once instead, naming the dialog. A test that
    means a dialog to be answered replaces that dialog class's ``exec`` (or the question in
    ``ui.dialogs``) itself."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    def refuse(what: str) -> Callable[..., object]:
        def blocked(*args: object, **_kwargs: object) -> object:
            shown = type(args[0]).__name__ if args and isinstance(args[0], QDialog) else what
            raise AssertionError(
                f"a modal {shown} would wait for an answer no test gives; answer it in the test"
            )

        return blocked

    monkeypatch.setattr(QDialog, "exec", refuse("dialog"))
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse(f"QMessageBox.{name}"))
    for name in ("getText", "getItem", "getInt", "getDouble"):
        monkeypatch.setattr(QInputDialog, name, refuse(f"QInputDialog.{name}"))
    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, refuse(f"QFileDialog.{name}"))


@pytest.fixture
def app_style(qapp):
    """The application's own style sheet, as the user sees it (and the style as it was, after)."""
    from ui.app import apply_style

    style, sheet = qapp.style().name(), qapp.styleSheet()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


@pytest.fixture(autouse=True)
def _writes_done_after_the_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """A GUI test's writes, run off the UI thread, have finished before the next test starts."""
    yield
    if not request.node.module.__name__.startswith("test_ui"):
        return
    from ui.ops import wait_for_ops

    assert wait_for_ops(), "a write was still running after the test"

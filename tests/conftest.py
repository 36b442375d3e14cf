"""Shared fixtures. Qt runs offscreen in every test, with or without a display."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from isconf.services import Services

HERE = Path(__file__).parent
# The vignettes live in shared/ beside the clone; tests/data/vignettes is a copy
# for machines that do not have shared/.
_SHARED_VIGNETTES = HERE.parent.parent / "shared" / "vignettes"
VIGNETTES = _SHARED_VIGNETTES if _SHARED_VIGNETTES.is_dir() else HERE / "data" / "vignettes"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "isconf.db"


@pytest.fixture
def services(db_path: Path) -> Iterator[Services]:
    opened = Services.open(str(db_path))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the user's real database and environment."""
    monkeypatch.delenv("ISCONF_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


def vignette_files() -> list[Path]:
    return sorted(VIGNETTES.glob("*_*.json"))


def mrn_of(file: Path) -> str:
    """The MRN in a case file."""
    mrn: str = json.loads(file.read_text(encoding="utf-8"))["case"]["mrn"]
    return mrn


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

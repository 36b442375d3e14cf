"""Exports on a full disk or into a read-only folder: a clear message and nothing left behind."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run_cli, vignette_files

# Tests run as root in CI, where a chmod-ed folder stays writable: the failures are raised where the
# operating system would raise them.


def _imported(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert run_cli(capsys, "import", "--db", str(db_path), str(vignette_files()[0]))[0] == 0


def _fail(code: int) -> Callable[..., None]:
    def raise_(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return raise_


@pytest.mark.parametrize("flag", [[], ["--deidentify"]])
def test_full_disk_leaves_the_old_file_and_no_temporary(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    flag: list[str],
) -> None:
    _imported(capsys, db_path)
    target = tmp_path / "out" / "case.json"
    target.parent.mkdir()
    target.write_text("the previous export\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", _fail(errno.ENOSPC))
    code, out, err = run_cli(capsys, "export", "--db", str(db_path), "SYN-0003", *flag, "-o", str(target))
    monkeypatch.undo()
    assert (code, out) == (1, "")
    assert (
        err
        == f"isconf: error: {target}: could not be written (No space left on device); nothing was left behind\n"
    )
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in target.parent.iterdir()] == ["case.json"]


def test_read_only_folder_is_named(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _imported(capsys, db_path)
    target = tmp_path / "case.json"
    monkeypatch.setattr(tempfile, "mkstemp", _fail(errno.EROFS))
    code, _, err = run_cli(capsys, "export", "--db", str(db_path), "SYN-0003", "-o", str(target))
    monkeypatch.undo()
    assert code == 1
    assert err == f"isconf: error: {target}: cannot write here (Read-only file system)\n"
    assert not target.exists()

"""``isconf rekey`` (issue 21) re-encrypts the automatic copies in ``backups/`` and the drafts
(every member's) with the new passphrase; a copy the current passphrase does not open keeps
its own, and the command names it."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from conftest import run_cli
from isconf.drafts import DraftStore
from isconf.services import Services
from isconf.store import cipher
from isconf.store.backup import backups_folder, daily_backup
from isconf.store.database import user_data_folder

OLD = "correct horse battery staple"
NEW = "a brand new passphrase"
ELSEWHERE = "another team's passphrase"


@pytest.fixture
def xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield


def _opens(path: Path, passphrase: str) -> bool:
    try:
        with contextlib.closing(cipher.connect(path, passphrase)) as connection:
            connection.execute("SELECT count(*) FROM case_record").fetchone()
    except cipher.UNOPENED:
        return False
    return True


def _drafts(db: Path, passphrase: str | None) -> DraftStore:
    return DraftStore.for_database(f"sqlite:///{db}", user_data_folder(), passphrase)


def test_rekey_reencrypts_the_copies_and_drafts(
    xdg: None,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fixed_clock: Callable[[date], None],
) -> None:
    fixed_clock(date(2026, 12, 7))  # the daily copy's name
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", OLD)
    services = Services.open(str(db_path))
    services.add_demo_cases()
    document = services.export_document("DEMO-1003")
    services.drafts.save("DEMO-1003", 1, document)
    services.drafts.for_member("USR-0123456789").save("DEMO-1001", 1, document)  # a member's own
    services.close()
    daily = daily_backup(db_path)
    assert daily is not None and _opens(daily, OLD)
    # A copy made under another passphrase (before an earlier rekey, say) cannot be re-encrypted.
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", ELSEWHERE)
    other_db = tmp_path / "other" / "isconf.db"
    other_db.parent.mkdir()
    Services.open(str(other_db)).close()
    foreign = backups_folder(db_path) / "isconf-2026-01-01.db"
    shutil.copyfile(other_db, foreign)

    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", OLD)
    monkeypatch.setenv("ISCONF_NEW_DB_PASSPHRASE", NEW)
    code, out, err = run_cli(capsys, "rekey", "--db", str(db_path))
    assert code == 0, err
    assert out.strip() == (
        f"changed the passphrase of {db_path}, of 1 automatic copy in backups/ and of 2 drafts"
    )
    assert "the current passphrase does not open 1 copy (isconf-2026-01-01.db)" in err
    assert _opens(db_path, NEW) and not _opens(db_path, OLD)
    assert _opens(daily, NEW) and not _opens(daily, OLD)
    assert _opens(foreign, ELSEWHERE)  # left as it was
    assert _drafts(db_path, NEW).load("DEMO-1003") is not None
    assert _drafts(db_path, NEW).for_member("USR-0123456789").load("DEMO-1001") is not None
    assert _drafts(db_path, OLD).load("DEMO-1003") is None
    assert _drafts(db_path, OLD).for_member("USR-0123456789").load("DEMO-1001") is None
    # Still holds no plaintext.
    for path in (db_path, daily, *_drafts(db_path, None).folder.rglob("*.json")):
        assert b"Chiara" not in path.read_bytes()

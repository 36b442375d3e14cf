"""The app's word on the database's protection (issue 21): a banner over a plain file, none
over an encrypted one; the passphrase asked before an encrypted file opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from isconf.services import DatabaseError, Services
from isconf.store import cipher
from ui.main_window import MainWindow
from ui.protection import PLAIN_WARNING, add_plain_banner, ask_passphrase


def test_a_plain_database_shows_the_banner(qtbot, services: Services) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    banner = add_plain_banner(window, services)
    window.show()
    assert banner is not None and banner.isVisible() and banner.text() == PLAIN_WARNING


def test_an_encrypted_database_shows_none(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", "a long passphrase")
    services = Services.open(str(db_path))
    try:
        window = MainWindow(services)
        qtbot.addWidget(window)
        assert services.database.encrypted and add_plain_banner(window, services) is None
    finally:
        services.close()


def test_the_passphrase_is_asked_for_an_encrypted_file(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", "a long passphrase")
    Services.open(str(db_path)).close()
    monkeypatch.delenv("ISCONF_DB_PASSPHRASE")
    asked: list[str] = []

    def answer(_parent, _title, label, _mode):  # type: ignore[no-untyped-def]
        asked.append(label)
        return "a long passphrase", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    ask_passphrase(db_path)
    assert asked == [f"{db_path} is encrypted. Its passphrase:"]
    assert cipher.passphrase_for(db_path) == "a long passphrase"
    Services.open(str(db_path)).close()
    monkeypatch.setattr(QInputDialog, "getText", lambda *_: ("", False))
    cipher.forget(db_path)
    with pytest.raises(DatabaseError, match="no passphrase was given"):
        ask_passphrase(db_path)

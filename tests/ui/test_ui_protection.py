"""The app's word on the database's protection (issue 21): a banner over a plain file, none
over an encrypted one (the passphrase asked before it opens: test_ui_passphrase.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from isconf.services import Services
from ui.main_window import MainWindow
from ui.protection import PLAIN_WARNING, add_plain_banner


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

"""The database passphrase in the app (issue 21): a new database is encrypted with a
passphrase typed twice or made plain by its own button; an encrypted one asks again after a
wrong passphrase; the desktop keyring is offered where one answers (here an in-memory
backend) and keeps the passphrase, and is neither offered nor read where none does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from isconf.services import DatabaseError, Services
from isconf.store import cipher
from ui.passphrase import PassphraseDialog
from ui.protection import ask_passphrase

PASSPHRASE = "a long passphrase"


class MemoryKeyring(KeyringBackend):
    """A keyring that answers, kept in memory (keyring's own API for a backend)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    yield backend


@pytest.fixture(autouse=True)
def _no_passphrase_given(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ISCONF_DB_PASSPHRASE", raising=False)
    yield
    cipher.forget(db_path)


def _answer(
    monkeypatch: pytest.MonkeyPatch, answer: Callable[[PassphraseDialog], None]
) -> list[PassphraseDialog]:
    """The dialog is answered by ``answer`` (typing and clicking as a user would) instead of
    waiting modally; the dialogs shown are returned."""
    shown: list[PassphraseDialog] = []

    def exec_(dialog: PassphraseDialog) -> int:
        shown.append(dialog)
        answer(dialog)
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", exec_)
    return shown


def _encrypted(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISCONF_DB_PASSPHRASE", PASSPHRASE)
    Services.open(str(db_path)).close()
    monkeypatch.delenv("ISCONF_DB_PASSPHRASE")


def test_a_new_database_is_encrypted_with_a_passphrase_typed_twice(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []

    def answer(dialog: PassphraseDialog) -> None:
        qtbot.addWidget(dialog)
        assert not dialog.keep.isVisibleTo(dialog)  # no keyring answers: none is offered
        qtbot.keyClicks(dialog.entry, "short")
        dialog.ok.click()
        said.append(dialog.message.text())
        dialog.entry.clear()
        qtbot.keyClicks(dialog.entry, PASSPHRASE)
        qtbot.keyClicks(dialog.again, "a long passfrase")
        dialog.ok.click()
        said.append(dialog.message.text())
        qtbot.keyClicks(dialog.again, PASSPHRASE)
        dialog.ok.click()

    shown = _answer(monkeypatch, answer)
    ask_passphrase(db_path)
    [dialog] = shown
    assert dialog.windowTitle() == "isconf: protect the new database"
    assert said == [
        "The passphrase needs at least 8 characters (or create a plain file)",
        "The two passphrases differ; type the same one twice",
    ]
    services = Services.open(str(db_path))
    try:
        assert services.database.encrypted and not services.plain_file
    finally:
        services.close()
    assert not cipher.is_plain(db_path)


def test_a_plain_file_is_a_choice_in_words(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def answer(dialog: PassphraseDialog) -> None:
        qtbot.addWidget(dialog)
        assert dialog.plain is not None and dialog.plain.text() == "Create a &plain file"
        dialog.plain.click()

    _answer(monkeypatch, answer)
    ask_passphrase(db_path)
    services = Services.open(str(db_path))
    try:
        assert services.plain_file
    finally:
        services.close()


def test_an_encrypted_file_asks_again_after_a_wrong_passphrase(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _encrypted(db_path, monkeypatch)
    said: list[str] = []

    def answer(dialog: PassphraseDialog) -> None:
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.entry, "a wrong guess")
        dialog.ok.click()
        said.append(dialog.message.text())
        dialog.entry.clear()
        qtbot.keyClicks(dialog.entry, PASSPHRASE)
        dialog.ok.click()

    shown = _answer(monkeypatch, answer)
    ask_passphrase(db_path)
    [dialog] = shown
    assert dialog.windowTitle() == "isconf: open the database"
    assert said == ["This passphrase does not open the database; try again"]
    assert cipher.passphrase_for(db_path) == PASSPHRASE
    Services.open(str(db_path)).close()


def test_cancelling_opens_nothing(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _encrypted(db_path, monkeypatch)
    _answer(monkeypatch, lambda dialog: dialog.reject())
    with pytest.raises(DatabaseError, match="no passphrase was given; nothing was opened"):
        ask_passphrase(db_path)
    db_path.unlink()
    with pytest.raises(DatabaseError, match="nothing was created"):
        ask_passphrase(db_path)
    assert not db_path.exists()


def test_the_keyring_keeps_the_passphrase_where_one_answers(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    def answer(dialog: PassphraseDialog) -> None:
        qtbot.addWidget(dialog)
        assert dialog.keep.isVisibleTo(dialog) and "MemoryKeyring" in dialog.keep_hint.text()
        qtbot.keyClicks(dialog.entry, PASSPHRASE)
        qtbot.keyClicks(dialog.again, PASSPHRASE)
        dialog.keep.setChecked(True)
        dialog.ok.click()

    _answer(monkeypatch, answer)
    ask_passphrase(db_path)
    Services.open(str(db_path)).close()
    assert memory_keyring.kept == {("isconf", str(db_path)): PASSPHRASE}

    # The next start opens it from the keyring without asking.
    cipher.forget(db_path)
    shown = _answer(monkeypatch, lambda dialog: dialog.reject())
    ask_passphrase(db_path)
    assert shown == [] and cipher.passphrase_for(db_path) == PASSPHRASE

    # A kept passphrase that no longer opens it (rekeyed elsewhere) is not trusted: asked.
    cipher.forget(db_path)
    memory_keyring.kept[("isconf", str(db_path))] = "an old passphrase"
    with pytest.raises(DatabaseError):
        ask_passphrase(db_path)
    assert len(shown) == 1


def test_no_keyring_is_read_where_none_answers(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from isconf.services import keyring_store

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    assert keyring_store.backend_name() is None
    assert keyring_store.saved_passphrase(db_path) is None
    assert keyring_store.keep_passphrase(db_path, PASSPHRASE) == "no desktop keyring answers on this computer"

"""Encryption at rest (issue 21): SQLCipher 4 through ``sqlcipher3``, keyed by a passphrase.

A database created while a passphrase is given (``ISCONF_DB_PASSPHRASE``, the app's prompt
or the desktop keyring) is encrypted page by page: the file, its WAL, its journal, its
backups and daily copies hold no plaintext, and the file has no ``SQLite format 3`` header.
A file that starts with that header is plain and opens as before (``isconf check`` and the
app say so; ``isconf encrypt`` converts it). SQLCipher derives the page key from the
passphrase with PBKDF2-HMAC-SHA512 (256,000 rounds) and a random salt kept in the file.

Every raw connection to a database file goes through ``connect`` so that the right module
(``sqlite3`` for a plain file, ``sqlcipher3`` for an encrypted one) and the key are used.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

PASSPHRASE_ENV = "ISCONF_DB_PASSPHRASE"
SQLITE_HEADER = b"SQLite format 3\x00"

_given: dict[str, str] = {}


class WrongPassphrase(Exception):
    """The passphrase does not open the file (or the file is no database at all)."""


def __getattr__(name: str) -> tuple[type[Exception], ...]:
    """``ERRORS`` and ``DATABASE_ERRORS``: either module's errors (a plain file speaks sqlite3,
    an encrypted one sqlcipher3); ``UNOPENED``: a file that would not open (no passphrase, a
    wrong one, damage); ``UNREADABLE``: that or any error reading it.

    ``sqlcipher3`` is imported only for an encrypted file (~7 ms of the start of a plain one,
    startup_s in docs/performance.md): an error of a module not loaded cannot happen, and its
    errors join these once it is."""
    if name in ("ERRORS", "DATABASE_ERRORS"):
        return _errors("Error" if name == "ERRORS" else "DatabaseError")
    if name in ("UNOPENED", "UNREADABLE"):
        return (WrongPassphrase, *_errors("DatabaseError" if name == "UNOPENED" else "Error"))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _errors(kind: str) -> tuple[type[Exception], ...]:
    sqlcipher = sys.modules.get("sqlcipher3.dbapi2")
    return (getattr(sqlite3, kind), *((getattr(sqlcipher, kind),) if sqlcipher is not None else ()))


def remember(path: Path, passphrase: str) -> None:
    """The passphrase the app was given for ``path`` (backups and checks of it reuse it)."""
    _given[str(path)] = passphrase


def forget(path: Path) -> None:
    _given.pop(str(path), None)


def passphrase_for(path: Path) -> str | None:
    """The passphrase for ``path``: as given to the app, else ``ISCONF_DB_PASSPHRASE``; None if none."""
    given = _given.get(str(path))
    if given:
        return given
    return os.environ.get(PASSPHRASE_ENV) or None


def is_plain(path: Path) -> bool:
    """The file starts with SQLite's header (or is empty or missing): not encrypted."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return True
    return header in (b"", SQLITE_HEADER)


def key_pragma(passphrase: str) -> str:
    """``PRAGMA key`` with the passphrase as an SQL string literal (quotes doubled)."""
    return "PRAGMA key = '" + passphrase.replace("'", "''") + "'"


def connect(target: str | Path, key: str | None, **options: Any) -> Any:
    """A DB-API connection to ``target`` (a path, or a ``file:`` URI with ``uri=True``):
    sqlite3 without a key, SQLCipher keyed with ``key``. ``WrongPassphrase`` when the key
    does not open it."""
    if key is None:
        return sqlite3.connect(target, **options)
    import sqlcipher3

    connection = sqlcipher3.connect(str(target), **options)
    try:
        unlock(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection


def unlock(connection: Any, key: str) -> None:
    """Key a fresh SQLCipher connection and prove the key by reading the schema."""
    import sqlcipher3  # loaded already: the connection is SQLCipher's

    # SQLCipher logs a failed page decryption to standard error: a wrong passphrase is one line.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(key_pragma(key))
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.dbapi2.DatabaseError as exc:
        if "not a database" in str(exc):
            raise WrongPassphrase from None
        raise


def key_for_existing(path: Path) -> str | None:
    """The key to open an existing file with: None for a plain one; for an encrypted one the
    passphrase given (``WrongPassphrase`` when none is)."""
    if is_plain(path):
        return None
    key = passphrase_for(path)
    if key is None:
        raise WrongPassphrase
    return key


# What the app asks before it opens a SQLite file (``ui.passphrase``), through ``isconf.services``.


def cipher_passphrase_needed(path: Path) -> str | None:
    """What the app must ask before opening the SQLite file ``path``: "open" (an encrypted file
    and no passphrase given), "create" (no file yet and no passphrase), or None."""
    if passphrase_for(path) is not None:
        return None
    if not path.exists():
        return "create"
    return None if is_plain(path) else "open"


def passphrase_opens(path: Path, passphrase: str) -> bool:
    """Whether ``passphrase`` opens the encrypted file ``path`` (the app asks again if not)."""
    unopened: tuple[type[Exception], ...] = (WrongPassphrase, *_errors("DatabaseError"))
    try:
        connect(path, passphrase).close()
    except unopened:
        return False
    return True


def remember_passphrase(path: Path, passphrase: str) -> None:
    """The passphrase typed in the app for ``path`` (opening, backups and drafts use it)."""
    remember(path, passphrase)

"""``isconf encrypt`` and ``isconf rekey``: a plain database file made encrypted, and a new passphrase.

Encrypting writes an encrypted copy beside the file (SQLCipher's ``sqlcipher_export``, every
table, index and trigger), checks it (``integrity_check``, the same rows in every table, the
audit trail's hash chain), and only then renames it over the plain file. The plain file is
kept as a backup until the copy verified, then removed, as are the plain automatic copies
in ``backups/`` once each has an encrypted twin: a plaintext copy left behind would undo the
point. Nothing is changed when any step fails.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

from isconf.store import cipher
from isconf.store.backup import backups_folder, copy_database, fsync_folder
from isconf.store.errors import DatabaseError
from isconf.store.lock import LockedError, WriterLock


def encrypt_database(path: Path, passphrase: str) -> list[Path]:
    """Encrypt the plain SQLite file ``path`` with ``passphrase`` (and its automatic copies);
    the copies encrypted."""
    if not cipher.is_plain(path) or path.stat().st_size == 0:
        raise DatabaseError(f"{path}: is encrypted already (change its passphrase with isconf rekey)")
    lock = WriterLock.for_database(path)
    try:
        lock.acquire()
    except LockedError as exc:
        raise DatabaseError(f"{path}: {exc}; nothing was encrypted") from None
    try:
        kept = path.with_name(path.name + ".before-encrypt")
        copy_database(path, kept, verify=True)  # the plain file as it was, until the copy verified
        _encrypt_file(path, passphrase)
        kept.unlink()
        done = []
        folder = backups_folder(path)
        for copy in sorted(folder.glob("*.db")) if folder.is_dir() else []:
            if cipher.is_plain(copy) and copy.stat().st_size > 0:
                _encrypt_file(copy, passphrase)
                done.append(copy)
        return done
    finally:
        lock.release()


def _encrypt_file(path: Path, passphrase: str) -> None:
    """Replace the plain ``path`` by its verified encrypted copy (WAL folded in first)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".encrypting", dir=path.parent)
    os.close(fd)
    os.unlink(name)  # SQLCipher makes the file itself
    temp = Path(name)
    try:
        with contextlib.closing(cipher.connect(path, None, isolation_level=None)) as plain:
            plain.execute("PRAGMA journal_mode = DELETE")  # the -wal folded in and gone
        with contextlib.closing(sqlcipher3.connect(str(path), isolation_level=None)) as source:
            source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(temp), passphrase))
            source.execute("SELECT sqlcipher_export('encrypted')")
            version = source.execute("PRAGMA user_version").fetchone()[0]
            source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            source.execute("DETACH DATABASE encrypted")
        os.chmod(temp, 0o600)
        _verify_same(path, temp, passphrase)
        with contextlib.closing(cipher.connect(temp, passphrase, isolation_level=None)) as copy:
            copy.execute("PRAGMA journal_mode = WAL")
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
        fsync_folder(path.parent)
    except cipher.UNREADABLE as exc:
        raise DatabaseError(f"{path}: could not be encrypted ({exc}); it was left as it was") from None
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm"), Path(f"{temp}-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _verify_same(plain: Path, encrypted: Path, passphrase: str) -> None:
    """Every table holds the same rows in the encrypted copy, which passes integrity_check."""
    with (
        contextlib.closing(cipher.connect(plain, None)) as before,
        contextlib.closing(cipher.connect(encrypted, passphrase)) as after,
    ):
        result = [row[0] for row in after.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise DatabaseError(
                f"{plain}: its encrypted copy failed integrity_check ({result[0]}); unchanged"
            )
        schema = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        if before.execute(schema).fetchall() != after.execute(schema).fetchall():
            raise DatabaseError(f"{plain}: its encrypted copy has another schema; it was left as it was")
        tables = [row[0] for row in before.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            rows = f"SELECT * FROM {quoted} ORDER BY rowid"  # isconf has no WITHOUT ROWID table
            if before.execute(rows).fetchall() != after.execute(rows).fetchall():
                raise DatabaseError(f"{plain}: table {table} differs in the encrypted copy; unchanged")


@dataclass
class Rekeyed:
    """What ``rekey_database`` re-encrypted besides the file, and what it could not."""

    copies: list[Path] = field(default_factory=list)  # automatic copies now under the new passphrase
    kept: list[Path] = field(default_factory=list)  # copies the current passphrase does not open


def rekey_database(path: Path, old: str, new: str) -> Rekeyed:
    """Change the passphrase of the encrypted ``path`` (pages re-encrypted in place), and of its
    automatic copies in ``backups/`` (daily, before an upgrade or a restore).

    A copy the current passphrase does not open (made before an earlier rekey, or by someone
    else) cannot be re-encrypted: it keeps its own passphrase and is listed in ``kept``. A
    plain copy left there is encrypted with the new one."""
    if cipher.is_plain(path):
        raise DatabaseError(f"{path}: is not encrypted (encrypt it first with isconf encrypt)")
    lock = WriterLock.for_database(path)
    try:
        lock.acquire()
    except LockedError as exc:
        raise DatabaseError(f"{path}: {exc}; the passphrase was not changed") from None
    try:
        try:
            _rekey_file(path, old, new)
        except cipher.WrongPassphrase:
            raise DatabaseError(
                f"{path}: the passphrase does not open it; the passphrase was not changed"
            ) from None
        done = Rekeyed()
        folder = backups_folder(path)
        unreadable: tuple[type[Exception], ...] = (DatabaseError, *cipher.UNREADABLE)
        for copy in sorted(folder.glob("*.db")) if folder.is_dir() else []:
            if copy.stat().st_size == 0:
                continue
            try:
                if cipher.is_plain(copy):
                    _encrypt_file(copy, new)
                else:
                    _rekey_file(copy, old, new, wal=False)
                done.copies.append(copy)
            except unreadable:
                done.kept.append(copy)
        return done
    finally:
        lock.release()


def _rekey_file(path: Path, old: str, new: str, *, wal: bool = True) -> None:
    with contextlib.closing(cipher.connect(path, old, isolation_level=None)) as connection:
        # SQLCipher rekeys outside WAL only; the database goes back to WAL afterwards (a
        # backup copy stays one file, as isconf.store.backup writes it).
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute(cipher.key_pragma(new).replace("PRAGMA key", "PRAGMA rekey", 1))
    if wal:
        with contextlib.closing(cipher.connect(path, new, isolation_level=None)) as connection:
            connection.execute("PRAGMA journal_mode = WAL")

"""A new database file that a failed command created is removed again (``isconf.cli``).

A command that fails must not leave a new empty database where a mistyped ``--db`` (or the
first run) pointed.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from isconf.store import cipher


def folders_to_make(path: Path) -> Path | None:
    """The outermost folder on the way to ``path`` that is not there yet (creating ``path``
    makes it and those inside it); None when ``path``'s folder exists."""
    missing = None
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        missing, folder = folder, folder.parent
    return missing


def discard_if_unused(path: Path, made_folder: Path | None = None) -> bool:
    """Remove the SQLite file ``path`` that a failed command created, if it holds nothing but
    the schema, with its lock and journal files and the folders made for it (from ``path``'s
    folder up to ``made_folder``, each only if empty). True when it was removed.

    A command that fails must not leave a new empty database where a mistyped ``--db`` (or the
    first run) pointed. Nothing is removed while another program holds the file's writer lock
    (an app that opened the new file meanwhile), nor once anything was written to it.
    """
    from isconf.store.lock import LockedError, WriterLock, lock_path

    if not path.is_file() or path.is_symlink():
        return False
    lock = WriterLock.for_database(path)
    try:
        lock.acquire()
    except LockedError:
        return False
    try:
        if not _holds_nothing(path):
            return False
        for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    finally:
        lock.release()
    with contextlib.suppress(OSError):
        lock_path(path).unlink()
    _remove_made_folders(path.parent, made_folder)
    return True


def _holds_nothing(path: Path) -> bool:
    """No row in any table but Alembic's revision (a file only migrated, or not even that)."""
    try:
        with contextlib.closing(cipher.connect(path, cipher.key_for_existing(path), timeout=1)) as connection:
            names = [
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for name in names:
                if name == "alembic_version" or name.startswith("sqlite_"):
                    continue
                quoted = name.replace('"', '""')
                if connection.execute(f'SELECT 1 FROM "{quoted}" LIMIT 1').fetchone() is not None:
                    return False
    except cipher.UNREADABLE:
        return False  # unreadable: not known to be empty, so kept
    return True


def _remove_made_folders(folder: Path, made_folder: Path | None) -> None:
    """Remove ``folder`` and its parents up to ``made_folder`` while they are empty."""
    if made_folder is None:
        return
    while folder.is_relative_to(made_folder):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent

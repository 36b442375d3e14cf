"""Putting a backup copy in place of the current SQLite database, after checking it.

Nothing is replaced until the copy has passed every check; the current
database is copied aside first; the swap is one rename, done while holding
SQLite's exclusive lock so that no other connection sees half of it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import datetime
from pathlib import Path

from isconf import clock
from isconf.store import cipher
from isconf.store.backup import (
    BackupError,
    backups_folder,
    copy_database,
    fsync_folder,
    make_private_folder,
    snapshot,
    sqlite_uri,
)
from isconf.store.integrity import check_sqlite_file
from isconf.store.lock import LockedError, WriterLock
from isconf.store.sqlite_files import check_sqlite_header as _check_sqlite_header

_IN_USE = {"SQLITE_BUSY", "SQLITE_LOCKED"}
# How long to wait for another program to let go of the database before refusing.
LOCK_TIMEOUT = 2.0


def restore_database(
    source: Path, database: Path, *, replace_cases: bool, now: datetime | None = None
) -> Path | None:
    """Replace ``database`` with the checked copy ``source``; returns the safety copy, if any.

    ``replace_cases`` must be given when ``database`` holds cases (or cannot be read).
    """
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    if database.exists() and source.resolve() == database.resolve():
        raise BackupError(f"{source}: is the current database itself; choose a backup copy")
    _refuse_bad_copy(source, source)
    if database.exists():
        _refuse_replacing_cases(database, replace_cases)
    temp = snapshot(source, database.parent)
    # As the one writer, no isconf can commit between the safety copy and the swap.
    lock = WriterLock.for_database(database)
    try:
        lock.acquire()
    except LockedError as exc:
        temp.unlink(missing_ok=True)
        raise BackupError(f"{database}: {exc}; nothing was restored") from None
    try:
        # Check the very bytes that will be put in place.
        _refuse_bad_copy(temp, source)
        safety = (
            _safety_copy(database, now or clock.local_now().replace(tzinfo=None))
            if _has_content(database)
            else None
        )
        _swap(temp, database)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
        lock.release()
    return safety


def _refuse_bad_copy(path: Path, named: Path) -> None:
    problems = check_sqlite_file(path, allow_older=True)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise BackupError(f"{named}: {problems[0]}{more}; nothing was restored, the database is unchanged")


def _refuse_replacing_cases(database: Path, replace_cases: bool) -> None:
    """Never overwrite a foreign file; overwrite cases only when asked to."""
    _check_sqlite_header(database)
    count = _case_count(database)
    if count == 0 or replace_cases:
        return
    held = "cannot be read" if count is None else f"holds {count} case(s)"
    raise BackupError(
        f"{database}: {held}; add --yes to replace it with the backup "
        f"(a copy of it is kept in {backups_folder(database)})"
    )


def _case_count(database: Path) -> int | None:
    """Cases in ``database``; None when it cannot be read. Refuses a foreign SQLite file."""
    try:
        key = cipher.key_for_existing(database)
        with contextlib.closing(cipher.connect(sqlite_uri(database), key, uri=True)) as connection:
            names = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if names and not names & {"alembic_version", "case_record"}:
                raise BackupError(
                    f"{database}: is not an isconf database (it holds other tables); "
                    "restore will not replace it; it was left untouched"
                )
            if "case_record" not in names:
                return 0
            return int(connection.execute("SELECT count(*) FROM case_record").fetchone()[0])
    except cipher.UNOPENED:
        return None


def _has_content(database: Path) -> bool:
    return database.is_file() and database.stat().st_size > 0


def _safety_copy(database: Path, now: datetime) -> Path:
    target = backups_folder(database) / f"isconf-{now:%Y-%m-%dT%H%M%S}-before-restore.db"
    try:
        copy_database(database, target)
    except BackupError:
        # A damaged database cannot be read page by page: keep its bytes as they are.
        _raw_copy(database, target)
    return target


def _raw_copy(database: Path, target: Path) -> None:
    make_private_folder(target.parent)
    old = os.umask(0o077)
    try:
        for suffix in ("", "-wal"):
            side = Path(f"{database}{suffix}")
            if side.exists():
                shutil.copyfile(side, f"{target}{suffix}")
    except OSError as exc:
        raise BackupError(f"{target}: cannot keep a copy of the current database ({exc.strerror})") from None
    finally:
        os.umask(old)


def _swap(temp: Path, database: Path) -> None:
    """Rename ``temp`` over ``database`` while no other connection can use it."""
    connection = None
    if database.exists():
        try:
            connection = cipher.connect(
                database, cipher.key_for_existing(database), timeout=LOCK_TIMEOUT, isolation_level=None
            )
            # Leaving WAL removes the -wal and -shm files (a stale -wal beside the new
            # file would be replayed into it), and only works when we are alone.
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("BEGIN EXCLUSIVE")
        except cipher.UNOPENED as exc:
            if connection is not None:
                connection.close()
            connection = None
            if getattr(exc, "sqlite_errorname", "") in _IN_USE:
                raise BackupError(
                    f"{database}: is in use by another program (close isconf there first); nothing was restored"
                ) from None
            # Damaged beyond opening: its raw bytes (and -wal) were kept as the safety copy.
            for suffix in ("-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{database}{suffix}").unlink()
    try:
        os.replace(temp, database)
    except OSError as exc:
        raise BackupError(f"{database}: cannot be replaced ({exc.strerror}); nothing was restored") from None
    finally:
        if connection is not None:
            connection.close()
    fsync_folder(database.parent)

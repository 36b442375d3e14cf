"""Copies of a SQLite isconf database: on demand, before an upgrade and once a day.

Every copy is a consistent snapshot taken with SQLite's online backup API
(other connections may keep writing), written to a temporary file in the
target folder, fsynced and renamed: a copy is either whole or absent. Copies
are owner-only and self-contained (rollback journal, no ``-wal`` beside them).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from isconf import clock
from isconf.store import cipher
from isconf.store.database import DatabaseError

BACKUPS_FOLDER = "backups"
DAYS_ENV = "ISCONF_BACKUP_DAYS"
DEFAULT_DAYS = 14
_DAILY = re.compile(r"isconf-(\d{4}-\d{2}-\d{2})\.db")
# A temporary copy this old was left by a process that died while copying.
_STALE_TEMP = timedelta(hours=1)

log = logging.getLogger(__name__)


class BackupError(DatabaseError):
    """A backup or restore could not be done; the message names the file and the reason."""


class DamagedError(BackupError):
    """The database copied fine but its copy fails ``integrity_check``."""


def backups_folder(database: Path) -> Path:
    """Where automatic copies of ``database`` go: ``backups/`` beside it."""
    return database.parent / BACKUPS_FOLDER


def sqlite_uri(path: Path) -> str:
    """A URI that opens ``path`` whatever characters its name holds.

    Read-write although isconf only reads through it: a read-only connection
    to a WAL file leaves ``-wal`` and ``-shm`` files behind, and reading
    writes nothing else (beyond SQLite's own recovery after a crash).
    """
    return path.resolve().as_uri()


def copy_database(source: Path, target: Path, *, verify: bool = False) -> None:
    """Write a consistent copy of the SQLite file ``source`` to ``target`` atomically.

    With ``verify``, the copy must pass ``PRAGMA integrity_check`` or it is not kept.
    """
    temp = snapshot(source, target.parent, verify=verify)
    try:
        os.replace(temp, target)
    except OSError as exc:
        _remove(temp)
        raise BackupError(
            f"{target}: could not be written ({exc.strerror}); nothing was left behind"
        ) from None
    fsync_folder(target.parent)


def snapshot(source: Path, folder: Path, *, verify: bool = False) -> Path:
    """A fsynced, owner-only temporary copy of ``source`` in ``folder``; the caller renames it."""
    make_private_folder(folder)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{source.stem}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BackupError(f"{folder}: cannot write a copy here ({exc.strerror})") from None
    os.close(fd)
    temp = Path(name)
    try:
        _backup_into(source, temp, verify=verify)
        _fsync_file(temp)
    except OSError as exc:
        _remove(temp)
        raise BackupError(f"{folder}: cannot write a copy here ({exc.strerror})") from None
    except BaseException:
        _remove(temp)
        raise
    return temp


def _backup_into(source: Path, temp: Path, *, verify: bool) -> None:
    # An encrypted database's copy is encrypted with the same passphrase (page for page).
    try:
        key = cipher.key_for_existing(source)
    except cipher.WrongPassphrase:
        raise BackupError(
            f"{source}: is encrypted; give its passphrase in {cipher.PASSPHRASE_ENV} to copy it"
        ) from None
    try:
        with (
            contextlib.closing(cipher.connect(sqlite_uri(source), key, uri=True)) as src,
            contextlib.closing(cipher.connect(temp, key)) as dst,
        ):
            src.execute("PRAGMA busy_timeout = 10000")
            src.backup(dst)
            # The copy inherits WAL from the header; a backup should be one file.
            dst.execute("PRAGMA journal_mode = DELETE")
            if verify:
                # integrity_check, not quick_check: only it compares indexes with their tables.
                result = [row[0] for row in dst.execute("PRAGMA integrity_check")]
                if result != ["ok"]:
                    raise DamagedError(
                        f"{source}: is damaged ({result[0]}); it was left untouched: "
                        f"run `isconf check`, then `isconf restore` a copy from {backups_folder(source)}"
                    )
    except cipher.WrongPassphrase:
        raise BackupError(f"{source}: the passphrase does not open it; nothing was copied") from None
    except cipher.DATABASE_ERRORS as exc:
        raise BackupError(f"{source}: cannot be copied ({describe_sqlite_error(exc)})") from None
    except OSError as exc:
        raise BackupError(f"{temp.parent}: cannot write a copy here ({exc.strerror})") from None


def describe_sqlite_error(exc: Exception) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return "the file is corrupt or not an SQLite database"
    # Python's sqlite3 quotes the undecodable value itself (a name, a birth date): never shown.
    return text.split(" with text ")[0]


def backup_before_upgrade(database: Path, old_revision: str, *, now: datetime | None = None) -> Path:
    """Copy ``database`` aside before its schema is upgraded from ``old_revision``."""
    stamp = (now or clock.local_now().replace(tzinfo=None)).strftime("%Y-%m-%dT%H%M%S")
    target = backups_folder(database) / f"isconf-{stamp}-before-upgrade-from-{old_revision}.db"
    try:
        copy_database(database, target)
    except BackupError as exc:
        raise BackupError(f"{exc}; the upgrade was not started and the database was left untouched") from None
    return target


def backup_days() -> int:
    """How many days of daily copies to keep (``ISCONF_BACKUP_DAYS``; 0 turns them off)."""
    value = os.environ.get(DAYS_ENV, "").strip()
    if not value:
        return DEFAULT_DAYS
    if not value.isdigit():
        raise DatabaseError(
            f"{DAYS_ENV}: {value!r} is not a whole number of days (0 turns the daily backups off)"
        )
    return int(value)


def daily_backup(database: Path, *, today: date | None = None, keep_days: int | None = None) -> Path | None:
    """Copy ``database`` to ``backups/isconf-YYYY-MM-DD.db`` once a day and drop copies past the limit.

    Costs one ``stat`` when today's copy exists. A copy that fails
    ``integrity_check`` is not kept and stops the database from opening, so the
    rotation never trades good old copies for a damaged new one.
    """
    days = backup_days() if keep_days is None else keep_days
    if days <= 0:
        return None
    day = today or clock.today()
    folder = backups_folder(database)
    target = folder / f"isconf-{day.isoformat()}.db"
    if target.exists():
        return None
    try:
        copy_database(database, target, verify=True)
    except DamagedError:
        raise
    except BackupError as exc:
        # A full disk or a read-only folder must not keep the team from its cases.
        log.warning("isconf: warning: no daily backup today: %s", exc)
        return None
    prune_daily_backups(folder, today=day, keep_days=days)
    return target


def prune_daily_backups(folder: Path, *, today: date, keep_days: int) -> list[Path]:
    """Delete daily copies older than ``keep_days`` days (today counts as one)."""
    oldest_kept = today - timedelta(days=keep_days - 1)
    removed = []
    file_system_now: float | None = None
    for path in folder.iterdir():
        match = _DAILY.fullmatch(path.name)
        if match is None:
            if path.name.startswith(".isconf") and path.suffix in (".tmp", ".tmp-journal"):
                file_system_now = file_system_now or _file_system_now(folder)
                if _is_stale(path, file_system_now):
                    _remove(path)
            continue
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            continue
        if day < oldest_kept:
            _remove(path)
            removed.append(path)
    return removed


def make_private_folder(folder: Path) -> None:
    if folder.is_symlink():
        # Copies of every record would go wherever the link points (another user's folder).
        raise BackupError(f"{folder}: is a symbolic link; isconf keeps its copies only in a real folder")
    old = os.umask(0o077)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupError(f"{folder}: cannot create the folder ({exc.strerror})") from None
    finally:
        os.umask(old)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, 0o600)


def _file_system_now(folder: Path) -> float:
    """The time the file system stamps on a file written now in ``folder``.

    A file's modification time comes from the file system's clock (a network share's
    server, or the kernel where a process's clock is shifted), not from isconf's: a
    temporary file's age is judged against a file just written beside it.
    """
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".isconf-now.", suffix=".probe") as probe:
            return os.fstat(probe.fileno()).st_mtime
    except OSError:
        return clock.timestamp()


def _is_stale(path: Path, file_system_now: float) -> bool:
    try:
        age = file_system_now - path.stat().st_mtime
    except OSError:
        return False
    return age > _STALE_TEMP.total_seconds()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()

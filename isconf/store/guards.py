"""What isconf checks before it writes a byte: no symlink followed, owner-only files, no
empty file taken for a database, no NUL in any text, no stale temporary file kept.

A planted symlink (``isconf.db.lock`` pointing at another file) would otherwise make a
write command truncate its target, and a file first made by someone else with a wider
mode would keep it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from isconf.errors import Problem, ServiceError
from isconf.files import ExportError

PRIVATE = 0o600
# Temporary copies isconf makes beside a database and in its backups (``.isconf.x1y2.tmp``),
# and the journal SQLite writes beside one while it is filled.
_TEMP = re.compile(r"\..+\.tmp(-journal)?")


class UnsafeFileError(ExportError):
    """A file isconf would write is a symlink, not a regular file, or not ours."""


def open_private(path: Path, flags: int = os.O_RDWR | os.O_CREAT) -> int:
    """``os.open`` that never follows a symlink and leaves the file owner-only (0600).

    An existing file with a wider mode is narrowed before anything is written to it; one
    that is not a regular file, or belongs to another user, is refused.
    """
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, PRIVATE)
    except OSError as exc:
        if exc.errno in (40, 31):  # ELOOP: a symlink (or, on some systems, EMLINK)
            raise UnsafeFileError(f"{path}: is a symbolic link; isconf does not write through one") from None
        raise
    try:
        _ensure_private(fd, path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _ensure_private(fd: int, path: Path) -> None:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFileError(f"{path}: is not a regular file; isconf does not write to it")
    if info.st_uid != os.geteuid():
        raise UnsafeFileError(f"{path}: belongs to another user; isconf does not write to it")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.fchmod(fd, PRIVATE)


def make_private(path: Path) -> None:
    """Narrow an existing regular file of ours to owner-only (a database made by ``touch``,
    or copied in with 0644); a symlink is refused."""
    if path.is_symlink():
        raise UnsafeFileError(f"{path}: is a symbolic link; isconf does not write through one")
    fd = open_private(path, os.O_RDONLY)
    os.close(fd)


def refuse_symlink(path: Path, what: str) -> None:
    if path.is_symlink():
        raise UnsafeFileError(
            f"{path}: the {what} is a symbolic link; isconf writes only to a real folder or file there"
        )


def refuse_an_empty_file(path: Path) -> str | None:
    """SQLite would take an empty file as a new database; here it is more likely a file made by
    mistake (touch, a failed copy) or one whose content was lost, so it is named, not filled.
    Returns the sentence to say, or None when the file has content."""
    try:
        empty = path.stat().st_size == 0
    except OSError as exc:
        return f"cannot read the database ({exc.strerror})"
    if empty:
        return (
            "is an empty file (0 bytes), not an isconf database; it was left untouched "
            "(delete it, or give --db a new file name, to create a database)"
        )
    return None


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (and its folder, 0700)."""
    old = os.umask(0o077)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, PRIVATE)
        os.close(fd)
    finally:
        os.umask(old)


def remove_stale_temporary_files(
    folder: Path, *, prefix: str = ".", older_than: float = 3600.0
) -> list[Path]:
    """Remove isconf's temporary files (named ``prefix``…) in ``folder`` left by a program that
    died (an hour old: a live copy is younger). Symlinks and folders so named are left alone."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    removed = []
    try:
        names = [
            entry
            for entry in os.scandir(folder)
            if entry.name.startswith(prefix) and _TEMP.fullmatch(entry.name)
        ]
    except OSError:
        return []
    from isconf.store.backup import _file_system_now

    now = _file_system_now(folder)
    for entry in names:
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def unknown_revision(engine: Engine, names: set[str]) -> str | None:
    """The schema revision a database holds when this isconf does not know it (another
    application's Alembic file, or a newer isconf's); None when known or absent."""
    if "alembic_version" not in names:
        return None
    from isconf.store.revisions import known_revisions

    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return next((str(row[0]) for row in rows if row[0] not in known_revisions()), None)


def make_database_private(path: Path, error: type[Exception]) -> None:
    """A database of ours copied in or made with 0644 is narrowed to owner-only, as are its
    WAL files (a symlink at either is refused); stale temporary copies beside it go."""
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if name.exists() or name.is_symlink():
            try:
                make_private(name)
            except OSError as exc:
                raise error(f"{path}: {exc}") from None
    remove_stale_temporary_files(path.parent, prefix=f".{path.stem}.")
    from isconf.store.backup import backups_folder

    remove_stale_temporary_files(backups_folder(path))


def refuse_nul(_conn: Any, _cursor: Any, _statement: str, parameters: Any, *_rest: Any) -> None:
    """An engine's ``before_cursor_execute``: no text with a NUL reaches either backend.
    PostgreSQL refuses it, SQLite would keep it (and a C reader would cut the text there);
    the services name the field first, this is the net under every write."""
    if _holds_nul(parameters):
        raise ServiceError([Problem("text", "contains a NUL character (U+0000); nothing was saved")])


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_nul(item) for item in value)
    return False

"""A new SQLite file is isconf's own until its schema is made: a marker beside it says so.

isconf makes a new database as an empty file and then its schema. A start killed between the
two (a crash, a power cut, ``kill -9``) left an empty file that every later start refused as
"made by mistake" (``guards.refuse_an_empty_file``), so the app could not start again until
someone deleted it by hand. The marker ``<name>.creating`` holds the creating process's id
while it works; an empty file whose marker names a process that is gone is that cut-short
creation, holds nothing (no commit was ever made in it), and is made afresh. An empty file
without a marker, or while its creator still runs, is refused as before.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from isconf.store.guards import PRIVATE

_SIDE_FILES = ("-wal", "-shm", "-journal")


def marker(path: Path) -> Path:
    """The marker of the database ``path`` (no leading dot: stale-temporary sweeps skip it)."""
    return path.with_name(f"{path.name}.creating")


def mark_creation(path: Path) -> None:
    """Write this process's id into the marker, before the database file is made."""
    old = os.umask(0o077)  # the folders made here are the owner's only, as the database's are
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(marker(path), os.O_CREAT | os.O_TRUNC | os.O_WRONLY | os.O_NOFOLLOW, PRIVATE)
    finally:
        os.umask(old)
    try:
        os.write(fd, str(os.getpid()).encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def creation_done(path: Path) -> None:
    """The schema is made and committed: the file is an isconf database like any other."""
    with contextlib.suppress(FileNotFoundError):
        marker(path).unlink()


def clear_cut_short_creation(path: Path) -> bool:
    """Remove the empty file (and its journal files) of a creation whose process died; True if
    it did. Anything else is left as it is, for the usual checks to judge."""
    try:
        empty = path.stat().st_size == 0
        creator = marker(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    if not empty or _is_running(creator):
        return False
    for side in _SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + side).unlink()
    path.unlink()
    return True


def _is_running(pid_text: str) -> bool:
    if not pid_text.isdigit():
        return False  # a marker cut short itself: its process had not begun the file
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True

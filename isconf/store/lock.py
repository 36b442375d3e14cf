"""One writing program per SQLite file, and a check after an unclean shutdown.

Python's SQLite (3.40) is inside the range of SQLite's WAL-reset bug, so
isconf lets one process write a SQLite file at a time; a team shares a
PostgreSQL server instead. The lock is ``<database>.lock``: an advisory
``flock`` held while the process may write, and a line saying who holds it,
so a second program can say who has the file. The line is cleared on a clean
close; finding it there with nobody holding the lock means the last writer
died, and the database gets a ``quick_check`` before it is used.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isconf import clock
from isconf.store.actor import current_actor


class LockedError(RuntimeError):
    """Another program writes this database; the message says who."""


@dataclass
class _Held:
    fd: int
    users: int = 1


@dataclass(frozen=True)
class WriterLock:
    """This process's claim to write one SQLite file (shared by its connections)."""

    path: Path

    @classmethod
    def for_database(cls, database: Path) -> WriterLock:
        return cls(lock_path(database))

    def acquire(self) -> None:
        """Claim the file, or raise ``LockedError`` naming the program that has it."""
        held = _HELD.get(self.path)
        if held is not None:
            held.users += 1
            return
        fd = _open(self.path)
        if not _try_lock(fd, patience=1.0):
            holder = _read(fd)
            os.close(fd)
            raise LockedError(_describe(holder))
        _write(fd, _me())
        _HELD[self.path] = _Held(fd)

    def release(self) -> None:
        """Give up one claim; the last one clears the line, marking a clean close."""
        held = _HELD.get(self.path)
        if held is None:
            return
        held.users -= 1
        if held.users:
            return
        del _HELD[self.path]
        _write(held.fd, None)
        fcntl.flock(held.fd, fcntl.LOCK_UN)
        os.close(held.fd)

    @property
    def held(self) -> bool:
        return self.path in _HELD


# Claims of this process, by lock file: flock belongs to an open file, so a
# second open in the same process would block itself.
_HELD: dict[Path, _Held] = {}


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def left_by_a_crash(database: Path) -> bool:
    """True when a writer died holding the file: its line is there, its lock is not.

    Returns False while another program holds the lock (it is alive), and when
    there is no lock file at all.
    """
    path = lock_path(database)
    if not path.exists() or path in _HELD:
        return False
    fd = _open(path)
    try:
        if not _try_lock(fd):
            return False
        try:
            return _read(fd) is not None
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def mark_clean(database: Path) -> None:
    """After the check passed: clear a dead writer's line (unless someone holds the lock now)."""
    fd = _open(lock_path(database))
    try:
        if _try_lock(fd):
            _write(fd, None)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _open(path: Path) -> int:
    """The lock file, owner-only; a symlink planted in its place is refused, never followed
    (``_write`` truncates what it opens)."""
    from isconf.store.guards import UnsafeFileError, open_private

    try:
        return open_private(path)
    except UnsafeFileError as exc:
        raise LockedError(f"cannot use its lock file ({exc})") from None


def _try_lock(fd: int, patience: float = 0.0) -> bool:
    """Take the lock, trying for ``patience`` seconds: a starting program's crash check
    holds it for a moment, and must not be mistaken for a writer."""
    deadline = time.monotonic() + patience
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        else:
            return True


def _me() -> dict[str, Any]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": current_actor(),
        "since": clock.now().strftime("%Y-%m-%d %H:%M UTC"),
    }


def _write(fd: int, holder: dict[str, Any] | None) -> None:
    os.ftruncate(fd, 0)
    if holder is not None:
        os.pwrite(fd, (json.dumps(holder) + "\n").encode("utf-8"), 0)
    os.fsync(fd)


def _read(fd: int) -> dict[str, Any] | None:
    raw = os.pread(fd, 4096, 0)
    if not raw.strip():
        return None
    try:
        holder = json.loads(raw)
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


def _describe(holder: dict[str, Any] | None) -> str:
    who = "another isconf"
    if holder:
        who = (
            f"isconf of {holder.get('user', 'someone')} on {holder.get('host', 'another computer')} "
            f"(process {holder.get('pid', '?')}, since {holder.get('since', '?')})"
        )
    return (
        f"is being written by {who}; isconf lets one program write a SQLite file at a time. "
        "Close it there first; for several workstations, share a PostgreSQL server"
    )

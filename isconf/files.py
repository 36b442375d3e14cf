"""Writing export files so that a crash or a full disk never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class ExportError(OSError):
    """An export could not be written; the message names the file and the reason."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` owner-only: temporary file, fsync, rename.

    Either the whole new file is there afterwards, or the old one (if any) is
    left as it was and no temporary file remains.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise ExportError(f"{path}: is not a regular file; choose a file name to write to")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise ExportError(f"{path}: could not be written ({exc.strerror}); nothing was left behind") from None
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

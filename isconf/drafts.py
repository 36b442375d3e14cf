"""Unsaved edits kept on disk, so a crash or a power cut never loses what was typed.

The editor writes a draft of the case it edits whenever it changes; saving or
discarding removes it. Drafts live in the user data folder, owner-only, one
folder per database, and record the case version they were based on so that a
restored draft is still checked against later saves by others.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from isconf import clock
from isconf.files import write_atomic

NEW_CASE = "(new case)"


@dataclass(frozen=True)
class Draft:
    key: str  # the MRN the case was opened as, or NEW_CASE
    base_version: int | None
    saved_at: datetime
    document: dict[str, Any]


class DraftStore:
    """Drafts of unsaved edits for one database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_database(cls, database_id: str, root: Path) -> DraftStore:
        digest = hashlib.sha256(database_id.encode("utf-8")).hexdigest()[:16]
        return cls(root / "drafts" / digest)

    def save(self, key: str, base_version: int | None, document: dict[str, Any]) -> None:
        record = {
            "key": key,
            "base_version": base_version,
            "saved_at": clock.now().isoformat(),
            "document": document,
        }
        old = os.umask(0o077)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        finally:
            os.umask(old)
        write_atomic(self._path(key), json.dumps(record, ensure_ascii=False).encode("utf-8"))

    def load(self, key: str) -> Draft | None:
        """The draft for ``key``; an unreadable draft is treated as none (and kept)."""
        try:
            record = json.loads(self._path(key).read_text(encoding="utf-8"))
            return Draft(
                key=record["key"],
                base_version=record["base_version"],
                saved_at=datetime.fromisoformat(record["saved_at"]),
                document=record["document"],
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def discard(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def _path(self, key: str) -> Path:
        # File names from a hash: an MRN may hold characters a file name cannot.
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".json")

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
SEALED = b"isconf-draft-aes256gcm/1\n"


@dataclass(frozen=True)
class Draft:
    key: str  # the MRN the case was opened as, or NEW_CASE
    base_version: int | None
    saved_at: datetime
    document: dict[str, Any]


class DraftStore:
    """Drafts of unsaved edits for one database; encrypted when the database is (``passphrase``)."""

    def __init__(self, folder: Path, passphrase: str | None = None) -> None:
        self.folder = folder
        self.passphrase = passphrase
        self._key: bytes | None = None
        self._members: dict[str, DraftStore] = {}

    def for_member(self, ref: str | None) -> DraftStore:
        """The drafts of one signed-in team member (issue 21), apart from everyone else's: when
        another member signs in at the idle lock, the first one's edits wait here for them.
        ``None`` (nobody signed in, a database without a team): this store itself."""
        if ref is None:
            return self
        if ref not in self._members:
            folder = self.folder / ("member-" + hashlib.sha256(ref.encode("utf-8")).hexdigest()[:16])
            self._members[ref] = DraftStore(folder, self.passphrase)
        return self._members[ref]

    @classmethod
    def for_database(cls, database_id: str, root: Path, passphrase: str | None = None) -> DraftStore:
        digest = hashlib.sha256(database_id.encode("utf-8")).hexdigest()[:16]
        return cls(root / "drafts" / digest, passphrase)

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
        write_atomic(self._path(key), self._seal(json.dumps(record, ensure_ascii=False).encode("utf-8")))

    def load(self, key: str) -> Draft | None:
        """The draft for ``key``; an unreadable draft is treated as none (and kept)."""
        try:
            record = json.loads(self._open(self._path(key).read_bytes()).decode("utf-8"))
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

    # An encrypted database's drafts are encrypted too (issue 21): AES-256-GCM under a key
    # derived from the database's passphrase with scrypt and a random salt kept in the folder.
    def _seal(self, plain: bytes) -> bytes:
        if self.passphrase is None:
            return plain
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        return SEALED + nonce + AESGCM(self._cipher_key()).encrypt(nonce, plain, SEALED)

    def _open(self, stored: bytes) -> bytes:
        if not stored.startswith(SEALED):
            return stored  # a plain draft (written before the database was encrypted)
        if self.passphrase is None:
            raise ValueError("an encrypted draft, and no passphrase")
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        body = stored[len(SEALED) :]
        try:
            return AESGCM(self._cipher_key()).decrypt(body[:12], body[12:], SEALED)
        except InvalidTag:
            raise ValueError("the draft does not open with this passphrase") from None

    def _cipher_key(self) -> bytes:
        if self._key is None:
            assert self.passphrase is not None
            salt_file = self.folder / "salt"
            try:
                salt = salt_file.read_bytes()
            except FileNotFoundError:
                salt = os.urandom(16)
                write_atomic(salt_file, salt)
            self._key = hashlib.scrypt(
                self.passphrase.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32, maxmem=64 * 2**20
            )
        return self._key

    def _path(self, key: str) -> Path:
        # File names from a hash: an MRN may hold characters a file name cannot.
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + ".json")


def rekey_drafts(folder: Path, old: str, new: str) -> tuple[int, int]:
    """Seal every draft under ``folder`` (a database's, its members' too) with ``new`` instead
    of ``old`` (``isconf rekey``); how many were, and how many ``old`` did not open (kept as
    they are: made under yet another passphrase, they were unreadable already)."""
    done = kept = 0
    for place in sorted({draft.parent for draft in folder.rglob("*.json")}) if folder.is_dir() else []:
        before, after = DraftStore(place, old), DraftStore(place, new)
        for draft in sorted(place.glob("*.json")):
            try:
                plain = before._open(draft.read_bytes())
            except (OSError, ValueError):
                kept += 1
                continue
            write_atomic(draft, after._seal(plain))  # one at a time, each whole
            done += 1
    return done, kept

"""Key images read by the SHA-256 of their bytes (a summary names its images by hash)."""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from sqlmodel import Session, col, select

from isconf.domain import KeyImage
from isconf.store.tables import KeyImageRecord


def images_by_hash(session: Session, hashes: Collection[str]) -> dict[str, KeyImage]:
    """The stored images whose bytes have one of ``hashes`` (checked again as they are read)."""
    rows = session.exec(select(KeyImageRecord).where(col(KeyImageRecord.sha256).in_(list(hashes))))
    found = {}
    for row in rows:
        if hashlib.sha256(row.data).hexdigest() == row.sha256:
            found[row.sha256] = KeyImage(
                modality=row.modality, study_date=row.study_date, caption=row.caption,
                media_type=row.media_type, data=row.data,
            )  # fmt: skip
    return found

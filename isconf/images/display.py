"""Any key image as a picture a screen or a PDF draws (PNG or JPEG bytes), and its hash."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from isconf.domain import KeyImage
from isconf.images import dicom


def picture(image: KeyImage) -> bytes:
    """PNG or JPEG bytes of the image (a DICOM image rendered, ``dicom.picture``)."""
    if image.media_type == "application/dicom":
        return _rendered(image.data)
    return image.data


@lru_cache(maxsize=32)
def _rendered(data: bytes) -> bytes:
    return dicom.picture(data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def words(image: KeyImage) -> str:
    """'MRI, 2026-05-20: Axial FLAIR' as a tile or a PDF caption names the image."""
    from isconf import vocab

    head = vocab.label(vocab.IMAGE_MODALITY, image.modality)
    when = f", {image.study_date.isoformat()}" if image.study_date else ""
    caption = f": {image.caption}" if image.caption else ""
    return f"{head}{when}{caption}"

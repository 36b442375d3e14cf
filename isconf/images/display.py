"""Any key image as a picture a screen or a PDF draws (PNG or JPEG bytes)."""

from __future__ import annotations

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

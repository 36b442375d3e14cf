"""A key image from a PNG, JPEG or DICOM file, without what identifies the child.

A DICOM file loses its patient identifiers (``isconf.images.dicom``). A PNG keeps only the
chunks that draw the picture (text chunks, EXIF and times go: a camera or a viewer writes
names and dates there), and a JPEG loses its APP segments but JFIF, and its comments. The
import says what it removed, by name.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from datetime import date

from isconf.case_reader import sniff_media_type
from isconf.domain import IMAGE_MAX_BYTES, KeyImage
from isconf.errors import Problem, ServiceError
from isconf.images import dicom

# The PNG chunks that draw the picture; every other is dropped (tEXt, zTXt, iTXt, eXIf, tIME, …).
PNG_KEPT = (b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class ImportedImage:
    image: KeyImage
    removed: tuple[str, ...]  # what was taken out, in words a user reads

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.image.data).hexdigest()


def _refuse(message: str) -> ServiceError:
    return ServiceError([Problem("image", message)])


def import_image(
    data: bytes, *, modality: str, caption: str | None = None, study_date: date | None = None
) -> ImportedImage:
    """The key image of a file's bytes, its identifiers removed; a ServiceError otherwise."""
    media = sniff_media_type(data)
    if media is None:
        raise _refuse("is not a PNG, JPEG or DICOM file")
    removed: tuple[str, ...]
    if media == "application/dicom":
        cleaned = dicom.clean(data)
        data, removed = cleaned.data, tuple(f"DICOM {name}" for name in cleaned.removed)
        if study_date is None and cleaned.study_date:
            study_date = _dicom_day(cleaned.study_date)
    elif media == "image/png":
        data, removed = strip_png(data)
    else:
        data, removed = strip_jpeg(data)
    if len(data) > IMAGE_MAX_BYTES:
        mb = IMAGE_MAX_BYTES // (1024 * 1024)
        raise _refuse(f"is {len(data) / (1024 * 1024):.1f} MB; the limit is {mb} MB")
    image = KeyImage(modality=modality, study_date=study_date, caption=caption, media_type=media, data=data)
    return ImportedImage(image, removed)


def _dicom_day(value: str) -> date | None:
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def strip_png(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The PNG with only the chunks that draw it, and the names of those dropped."""
    out, dropped, at = [PNG_SIGNATURE], [], len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(data):
            raise _refuse("is a damaged PNG (a chunk runs past the end)")
        if kind in PNG_KEPT:
            out.append(data[at:end])
        else:
            name = f"PNG {kind.decode('latin-1')} chunk"
            if name not in dropped:
                dropped.append(name)
        at = end
        if kind == b"IEND":
            break
    return b"".join(out), tuple(dropped)


def strip_jpeg(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The JPEG without APP1–APP15 segments (EXIF, XMP, …) and comments, and what went."""
    out, dropped, at = [data[:2]], [], 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise _refuse("is a damaged JPEG (no segment marker where one belongs)")
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the picture itself runs to the end
            out.append(data[at:])
            break
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        end = at + 2 + length
        if 0xE1 <= marker <= 0xEF or marker == 0xFE:
            name = "JPEG comment" if marker == 0xFE else f"JPEG APP{marker - 0xE0} segment"
            if name not in dropped:
                dropped.append(name)
        else:
            out.append(data[at:end])
        at = end
    return b"".join(out), tuple(dropped)

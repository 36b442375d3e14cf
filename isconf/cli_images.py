"""``isconf image add MRN FILE --modality mri --caption TEXT [--study-date DATE]``: a key image
added to a stored case, its identifiers removed first (and named)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isconf import vocab
from isconf.cli_options import add_db_option

if TYPE_CHECKING:
    from isconf.services import Services

READ_LIMIT = 64 * 1024 * 1024  # a file far over the 10 MB limit is not read whole to say so


def add_command(sub: Any, day: Callable[[str], date]) -> None:
    p = sub.add_parser("image", help="key images of a case")
    images = p.add_subparsers(dest="image_command", metavar="ACTION", required=True)
    add = images.add_parser("add", help="add a PNG, JPEG or DICOM image (DICOM identifiers are removed)")
    add.add_argument("mrn", metavar="MRN")
    add.add_argument("file", type=Path, metavar="FILE")
    add.add_argument("--modality", required=True, choices=vocab.codes(vocab.IMAGE_MODALITY))
    add.add_argument("--caption", metavar="TEXT", help="what the image shows")
    add.add_argument("--study-date", type=day, metavar="DATE", help="the study's date (default: the DICOM's)")
    add_db_option(add)


def run(services: Services, args: argparse.Namespace) -> int:
    from isconf.services import Problem, ServiceError

    try:
        size = args.file.stat().st_size
        if size > READ_LIMIT:
            raise ServiceError(
                [Problem(str(args.file), f"is {size // (1024 * 1024)} MB; the limit is 10 MB")]
            )
        data = args.file.read_bytes()
    except OSError as exc:
        raise ServiceError([Problem(str(args.file), f"cannot be read ({exc.strerror or exc})")]) from None
    added = services.add_image(
        args.mrn, data, modality=args.modality, caption=args.caption, study_date=args.study_date
    )
    image = added.stored.case.images[-1]
    when = f", study date {image.study_date.isoformat()}" if image.study_date else ""
    print(f"added {image.media_type} image {len(added.stored.case.images)} to {added.stored.case.mrn}{when}")
    print(f"sha256 {added.sha256}")
    if added.removed:
        print(f"removed: {', '.join(added.removed)}")
    else:
        print("removed: nothing (the file held no identifiers isconf looks for)")
    return 0

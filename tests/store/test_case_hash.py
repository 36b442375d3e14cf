"""A case's content hash (``isconf.store.case_hash``), walked in one pass, is the hash of the
canonical JSON of ``dataclasses.asdict`` as every stored hash was made (``isconf check``
recomputes them: a different walk must not give a different hash)."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
from datetime import date
from typing import Any

from clinical_files import png_bytes
from conftest import vignette_files
from isconf.canonical import sha256_hex
from isconf.services import Services
from isconf.store.case_hash import case_sha256


def _as_before(value: Any) -> Any:
    """The walk before issue 22's import work, over ``dataclasses.asdict``."""
    if isinstance(value, dict):
        return {key: _as_before(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_before(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def test_the_one_walk_gives_the_hash_asdict_gave(services: Services) -> None:
    image = {"modality": "mri", "study_date": "2026-01-05", "caption": "Synthetic", "media_type": "image/png",
             "data": base64.b64encode(png_bytes(size=30, shade=70)).decode("ascii")}  # fmt: skip
    for path in vignette_files():
        document = json.loads(path.read_text(encoding="utf-8"))
        document["case"]["images"] = [image]
        case = services.parse_document(document)
        assert case_sha256(case) == sha256_hex(_as_before(dataclasses.asdict(case))), path.name

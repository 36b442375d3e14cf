"""The one byte form a signed summary's hash is taken over (``isconf.summary.content``
explains it). A leaf module, so ``isconf check`` (in the store) verifies the hashes
the summary made without importing the summary."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(document: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8, no NaN: the same value always gives the same bytes."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(document: Any) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()

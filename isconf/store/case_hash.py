"""A stored case's content hash: what ``isconf check`` recomputes to find a value changed
outside isconf (a flipped byte, an edit through SQL) even where the new value is valid."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from datetime import date
from typing import Any

from isconf.canonical import sha256_hex
from isconf.domain import Case


def case_sha256(case: Case) -> str:
    """SHA-256 of the case's canonical JSON (every declared field, dates as ISO text)."""
    return sha256_hex(_plain(case))


@functools.cache
def _names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _plain(value: Any) -> Any:
    """What ``_plain(dataclasses.asdict(value))`` gives, in one walk: asdict's deep copy of
    every leaf was two thirds of hashing a case, and hashing a tenth of importing one."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):  # a key image: hashed by its bytes
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 5.0 read back from a REAL column as 5 is one value
    return value

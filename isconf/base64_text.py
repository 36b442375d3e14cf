"""Bytes as base64 text (RFC 4648, no line breaks) and back: the case file's binary fields.

The editor holds a case as its case-file document and reads the whole document back at every
refresh (opening a case, each edit): decoding the key images again was ~1 ms of every refresh
for a case with three images (open_case_ms, docs/performance.md). Text that ``encode`` made is
known again by identity (the very str object, which the document's copies share) and given its
bytes without decoding; any other text, equal or not, is decoded and checked as before.
"""

from __future__ import annotations

import base64
import threading

# The most decoded bytes remembered: the open case's images with room to spare. Each is held
# twice (its bytes and its text, a third larger), so 64 MB cost ~150 MB of a long session.
KEPT_BYTES = 8 * 1024 * 1024

_lock = threading.Lock()
_made: dict[int, tuple[str, bytes]] = {}  # id(text) -> (text, its bytes), oldest first
_kept = 0  # bytes in _made


def encode(data: bytes) -> str:
    global _kept
    text = base64.b64encode(data).decode("ascii")
    with _lock:
        _made[id(text)] = (text, data)  # the text is held, so its id is not reused meanwhile
        _kept += len(data)
        while _kept > KEPT_BYTES and _made:
            _kept -= len(_made.pop(next(iter(_made)))[1])
    return text


def decode(text: str) -> bytes:
    """The bytes of ``text``; ``binascii.Error`` (a ValueError) when it is not base64."""
    made = _made.get(id(text))
    if made is not None and made[0] is text:
        return made[1]
    return base64.b64decode(text, validate=True)

"""Arguments and environment values that are not UTF-8: one line, before anything runs.

Python hands undecodable bytes on as lone surrogates (PEP 383); written to a database,
a PDF or a message they end in a UnicodeEncodeError far from where they came in.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

# What isconf reads from the environment besides its own ISCONF_* variables.
_READ_VARIABLES = ("TZ", "HOME", "XDG_DATA_HOME", "USER", "LOGNAME")


def undecodable(argv: Sequence[str], environ: dict[str, str] | None = None) -> str | None:
    """The first argument or environment value isconf reads that is not UTF-8, in words
    (never the value itself: it may be half a patient's name); None when all are."""
    for number, value in enumerate(argv, 1):
        if not _is_utf8(value):
            return f"argument {number} is not valid UTF-8 text; retype it (or set a UTF-8 locale)"
    env = os.environ if environ is None else environ
    for name, value in sorted(env.items()):
        if (name.startswith("ISCONF_") or name in _READ_VARIABLES) and not (
            _is_utf8(name) and _is_utf8(value)
        ):
            return (
                f"the environment variable {name.encode('utf-8', 'replace').decode()} is not valid UTF-8 text"
            )
    return None


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

"""Reading the values of a JSON object tree, collecting a ``Problem`` for each wrong one.

The case reader (``isconf.case_reader``) walks the field declarations and asks a
``Reader`` for each value by its kind; every message names the value by its path in
the file (``case.treatments[0].dose``).
"""

from __future__ import annotations

import binascii
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from isconf import base64_text, vocab
from isconf.case_writer import json_text
from isconf.errors import Problem

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EARLIEST = date(1900, 1, 1)


class Reader:
    """Collects problems while reading a JSON object tree."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value: Any, path: str, keys: tuple[str, ...]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"must be an object, not {kind_of(value)}")
            return {}
        for key in value:
            if key not in keys:
                self.fail(child_path(path, key), "unknown field (this file format has no such field)")
        return value

    def items(
        self, parent: dict[str, Any], key: str, path: str, *, most: int = 0
    ) -> Iterator[tuple[Any, str]]:
        value = parent.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.fail(f"{path}.{key}", f"must be a list, not {kind_of(value)}")
            return
        if most and len(value) > most:
            # A case is read, drawn and summarised whole: a list past any real child's
            # (a script's runaway loop) would make a summary of hundreds of pages.
            self.fail(f"{path}.{key}", f"has {len(value)} entries; a case holds at most {most}")
            return
        for index, item in enumerate(value):
            where = f"{path}.{key}[{index}]"
            if item is None:
                self.fail(where, "is null; remove the empty entry or fill it in")
                continue
            yield item, where

    def text(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        limit: int,
        required: bool = False,
        multiline: bool = False,
        identifier: bool = False,
    ) -> str | None:
        where = f"{path}.{key}"
        value = parent.get(key)
        if value is None:
            if required:
                self.fail(where, "is required")
            return None
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {kind_of(value)}")
            return None
        if required and not value.strip():
            self.fail(where, "is required and must not be blank")
            return None
        if len(value) > limit:
            self.fail(where, f"is {len(value)} characters long; the limit is {limit}")
            return None
        bad = control_character(value, multiline)
        if bad is not None:
            self.fail(where, f"contains a control character ({bad})")
            return None
        if identifier:
            return identifier_text(value, where, self.fail)
        return value

    def binary(
        self, parent: dict[str, Any], key: str, path: str, *, limit: int, required: bool
    ) -> bytes | None:
        """Bytes written base64 (RFC 4648, no line breaks), at most ``limit`` once decoded."""
        where = f"{path}.{key}"
        value = parent.get(key)
        if value is None or value == "":
            if required:
                self.fail(where, "is required")
            return None
        if not isinstance(value, str):
            self.fail(where, f"must be base64 text, not {kind_of(value)}")
            return None
        if len(value) > (limit + 2) // 3 * 4:
            self.fail(where, f"is larger than {limit // (1024 * 1024)} MB once decoded")
            return None
        try:
            data = base64_text.decode(value)
        except (binascii.Error, ValueError):
            self.fail(where, "is not base64 (RFC 4648, without line breaks)")
            return None
        return data

    def choice(self, parent: dict[str, Any], key: str, path: str, vocabulary: vocab.Vocabulary) -> str | None:
        return self.code(parent.get(key), f"{path}.{key}", vocabulary)

    def code(self, value: Any, where: str, vocabulary: vocab.Vocabulary) -> str | None:
        if value is None:
            return None
        allowed = vocab.codes(vocabulary)
        if not isinstance(value, str) or value not in allowed:
            self.fail(where, f"{show(value)} is not one of: {', '.join(allowed)}")
            return None
        return value

    def codes(
        self, parent: dict[str, Any], key: str, path: str, vocabulary: vocab.Vocabulary
    ) -> tuple[str, ...]:
        found: list[str] = []
        for item, where in self.items(parent, key, path):
            code = self.code(item, where, vocabulary)
            if code is None:
                continue
            if code in found:
                self.fail(where, f"{show(code)} is listed twice")
                continue
            found.append(code)
        return tuple(found)

    def boolean(self, parent: dict[str, Any], key: str, path: str) -> bool | None:
        value = parent.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.fail(f"{path}.{key}", f"must be true, false or null, not {show(value)}")
        return None

    def number(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        low: float,
        high: float,
        integer: bool = False,
    ) -> float | None:
        where = f"{path}.{key}"
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                self.fail(
                    where,
                    f"{show(value)} is text, not a number (write 1500 or 1.5: no quotes, no thousands separator)",
                )
            else:
                self.fail(where, f"must be a number, not {kind_of(value)}")
            return None
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an integer too large for a float
            finite = False
        if not finite:
            self.fail(where, "must be a finite number of sensible size")
            return None
        if integer and value != int(value):
            self.fail(where, f"must be a whole number, not {value}")
            return None
        if not low <= value <= high:
            self.fail(
                where,
                f"{number_text(value)} is outside the plausible range {number_text(low)}–{number_text(high)}",
            )
            return None
        return float(value)

    def day(self, parent: dict[str, Any], key: str, path: str, *, not_future: bool = True) -> date | None:
        where = f"{path}.{key}"
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            self.fail(where, f"{show(value)} is not a date in the form YYYY-MM-DD")
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(where, f"{show(value)} is not a real calendar date")
            return None
        if parsed < _EARLIEST:
            self.fail(where, f"{value} is before {_EARLIEST.year}")
            return None
        if not_future and parsed > self.today:
            self.fail(where, f"{value} is in the future (today is {self.today.isoformat()})")
            return None
        return parsed

    def not_before(
        self, value: date | None, limit: date | None, where: str, what: str, limit_name: str
    ) -> None:
        if value is not None and limit is not None and value < limit:
            self.fail(where, f"{what} {value.isoformat()} is before {limit_name} ({limit.isoformat()})")


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,60}")


def child_path(path: str, key: str) -> str:
    """The path of ``key`` under ``path``; odd keys are quoted so a path stays one line."""
    if _PLAIN_KEY.fullmatch(key):
        return key if path == "(file)" else f"{path}.{key}"
    return f"{path}[{show(key)}]"


# Bidirectional overrides can make a printed name or MRN read differently from
# what is stored; line and paragraph separators break one-line fields.
_INVISIBLE_TRAPS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def control_character(value: str, multiline: bool) -> str | None:
    allowed = "\n\t" if multiline else ""
    for ch in value:
        if ch in allowed:
            continue
        if ch in _INVISIBLE_TRAPS or unicodedata.category(ch) in ("Cc", "Cs"):
            return f"U+{ord(ch):04X}"
    return None


def identifier_text(value: str, where: str, fail: Callable[[str, str], None]) -> str | None:
    """An identifier (MRN, name) in NFC, or None after ``fail`` when it holds an invisible
    format character (Unicode Cf, e.g. U+200B): "DEMO-1001" with a zero-width space looks
    like "DEMO-1001" and would be a second, look-alike patient."""
    invisible = format_character(value)
    if invisible is not None:
        fail(where, f"contains an invisible format character ({invisible}); type it again")
        return None
    return unicodedata.normalize("NFC", value)


def format_character(value: str) -> str | None:
    """The first invisible format character (Unicode category Cf) of ``value``, as U+XXXX."""
    for ch in value:
        if unicodedata.category(ch) == "Cf":
            return f"U+{ord(ch):04X}"
    return None


def kind_of(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def show(value: Any) -> str:
    """A short, one-line rendering of a value for a message."""
    text = repr(value) if isinstance(value, str) else json_text(value)
    return text if len(text) <= 40 else text[:37] + "…"


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"

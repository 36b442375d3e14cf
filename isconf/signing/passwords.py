"""Passwords kept only as a salted slow hash, and the checks on a user's profile.

The hash is ``hashlib.scrypt`` (standard library; RFC 7914) with n=2**14, r=8, p=1 (16 MiB
of memory and some tens of milliseconds a try, which makes guessing a stolen database's
passwords slow), a 16-byte random salt and a 32-byte key, stored as one string::

    scrypt$16384$8$1$<salt, base64>$<key, base64>

The cost is part of the string, so a hash made with other parameters still verifies.
Verification compares with ``hmac.compare_digest`` (no timing hint). A password is never
logged, stored, or put in an error message.

``COST_N`` is the cost new hashes get. Tests lower it (``tests/conftest.py`` and
``tests/signing/test_signing.py`` patch it) only because every signature verifies a password
and the suites run hundreds of them; production always uses 2**14.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata

from isconf.meetings import validate
from isconf.schema import Problem

COST_N = 2**14
BLOCK_R = 8
PARALLEL_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
SCHEME = "scrypt"

NAME_MAX = 100
ROLE_MAX = 60
PASSWORD_MIN = 8
PASSWORD_MAX = 1024


def hash_password(password: str) -> str:
    """A new salted scrypt hash of ``password`` (see the module docstring for the format)."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, COST_N, BLOCK_R, PARALLEL_P)
    return "$".join((SCHEME, str(COST_N), str(BLOCK_R), str(PARALLEL_P), _b64(salt), _b64(key)))


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from; False for a malformed hash."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(key, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=256 * n * r * p
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- the profile's checks: one Problem per field ---------------------------------------------


def clean_text(value: str) -> str:
    """A name or role as stored: trimmed, inner runs of white space as one space, and in
    Unicode NFC, so "José" typed with a combining accent is the same name as the chair's."""
    return unicodedata.normalize("NFC", " ".join(value.split()))


def same_name_key(name: str) -> str:
    """What two user names must share to be the same person: cleaned and ignoring letter case
    (the database compares ``lower(name)`` the same way)."""
    return clean_text(name).lower()


def name_problems(name: str) -> list[Problem]:
    """A printed name: 1–100 printable characters once trimmed."""
    return _text_problems("name", name, NAME_MAX)


def role_problems(role: str) -> list[Problem]:
    """A role: 1–60 printable characters once trimmed (any words; the app suggests
    the conference's disciplines from resources/conference_v1.json)."""
    return _text_problems("role", role, ROLE_MAX)


def password_problems(password: str) -> list[Problem]:
    """At least 8 characters, at most 1024 (the message never repeats the password)."""
    if len(password) < PASSWORD_MIN:
        return [
            Problem(
                "password",
                f"is {len(password)} character(s); a password needs at least {PASSWORD_MIN} characters",
            )
        ]
    if len(password) > PASSWORD_MAX:
        return [Problem("password", f"is {len(password)} characters; at most {PASSWORD_MAX}")]
    return []


def _text_problems(path: str, value: str, limit: int) -> list[Problem]:
    cleaned = clean_text(value)
    problems = validate.text(path, cleaned, limit, required=True)
    if problems:
        return problems
    unprintable = [c for c in cleaned if not c.isprintable() or unicodedata.category(c).startswith("C")]
    if unprintable:
        return [Problem(path, f"has a control character ({unprintable[0]!a}); use printable text")]
    return []

"""Each team member's Ed25519 key pair, and the signature it puts on every sign-off.

A signature row alone proves nothing to someone holding the database: anyone can INSERT
one. So each member gets a key pair when added; the public key is recorded with the user,
the private key is kept only encrypted under the member's password (scrypt, as
``isconf.signing.passwords``, then AES-256-GCM), and each sign-off carries an Ed25519
signature over the meeting, revision, content hash, meaning, time and name
(``sign_off_message``). ``isconf check`` verifies every one with the recorded public key:
a forger without the member's password cannot make it.

Stored as one string each: the public key as 64 hex digits; the private key as
``ed25519-scrypt-aesgcm$N$r$p$<salt>$<nonce>$<ciphertext>`` (base64), its cost inside.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from isconf.canonical import canonical_json

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

SCHEME = "ed25519-scrypt-aesgcm"
COST_N = 2**14  # tests lower it, as they do the password hash's (tests/conftest.py)
BLOCK_R = 8
PARALLEL_P = 1


class SigningKeyError(ValueError):
    """The private key cannot be opened with this password, or is malformed."""


def new_key_pair(password: str) -> tuple[str, str]:
    """(public key in hex, private key encrypted under ``password``)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    return _public_hex(private), _encrypt(_raw_private(private), password)


def reencrypt(encrypted: str, old: str, new: str) -> str:
    """The same private key under a new password."""
    return _encrypt(_decrypt(encrypted, old), new)


class SignOff(Protocol):
    """A signature row, as far as its Ed25519 signature covers it."""

    meeting_id: int
    revision: int
    content_sha256: str
    meaning: str
    signed_at: datetime
    printed_name: str


def signature_of(row: SignOff, encrypted: str | None, password: str) -> str | None:
    """The sign-off's Ed25519 signature (hex) with the member's key; None for a member added
    before members had keys (``isconf check`` says so)."""
    if encrypted is None:
        return None
    return sign(encrypted, password, _message(row))


def signature_holds(row: SignOff, public_hex: str, signature_hex: str | None) -> bool:
    """Whether ``signature_hex`` is the member's signature of exactly this sign-off."""
    return signature_hex is not None and verify(public_hex, _message(row), signature_hex)


def _message(row: SignOff) -> bytes:
    return sign_off_message(
        meeting_id=row.meeting_id,
        revision=row.revision,
        content_sha256=row.content_sha256,
        meaning=row.meaning,
        signed_at=row.signed_at,
        name=row.printed_name,
    )


def sign(encrypted: str, password: str, message: bytes) -> str:
    """The Ed25519 signature of ``message`` in hex; ``SigningKeyError`` when the key cannot be opened."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.from_private_bytes(_decrypt(encrypted, password))
    return private.sign(message).hex()


def verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(
            bytes.fromhex(signature_hex), message
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def sign_off_message(
    *, meeting_id: int, revision: int, content_sha256: str, meaning: str, signed_at: datetime, name: str
) -> bytes:
    """What a sign-off's Ed25519 signature covers, as canonical JSON."""
    moment = signed_at if signed_at.tzinfo is not None else signed_at.replace(tzinfo=UTC)
    return canonical_json(
        {
            "format": "isconf-sign-off/1",
            "meeting": meeting_id,
            "revision": revision,
            "content_sha256": content_sha256,
            "meaning": meaning,
            "signed_at": moment.astimezone(UTC).isoformat(timespec="seconds"),
            "name": name,
        }
    )


def _public_hex(private: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def _raw_private(private: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _encrypt(raw: bytes, password: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key = _kdf(password, salt, COST_N, BLOCK_R, PARALLEL_P)
    sealed = AESGCM(key).encrypt(nonce, raw, SCHEME.encode())
    parts = (SCHEME, str(COST_N), str(BLOCK_R), str(PARALLEL_P), _b64(salt), _b64(nonce), _b64(sealed))
    return "$".join(parts)


def _decrypt(encrypted: str, password: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        scheme, n, r, p, salt, nonce, sealed = encrypted.split("$")
        if scheme != SCHEME:
            raise ValueError(scheme)
        key = _kdf(password, base64.b64decode(salt), int(n), int(r), int(p))
        return AESGCM(key).decrypt(base64.b64decode(nonce), base64.b64decode(sealed), SCHEME.encode())
    except (ValueError, TypeError, InvalidTag):
        raise SigningKeyError("the signing key cannot be opened with this password") from None


def _kdf(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")

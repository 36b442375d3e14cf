"""How the sign-off reads on screen: the status line, a meaning, a signing time."""

from __future__ import annotations

from isconf.rules.wording import utc_offset
from isconf.signing import vocab
from isconf.signing.model import SignatureView, SigningState

MEANINGS = vocab.MEANING  # the codes are stored; the labels are what a signer reads

HASH_PREFIX = 12  # as on every page of the summary PDF (``SummaryPackage.hash_prefix``)


def meaning_label(code: str) -> str:
    return vocab.label(vocab.MEANING, code) or code


def status_words(state: SigningState) -> str:
    """``Signed and locked``, ``Signed by 1 of 2 required``, ``Not signed yet``."""
    if state.locked:
        return "Signed and locked"
    required = len(state.required_signers)
    signed = required - len(state.missing_signers)
    if state.signatures and required:
        return f"Signed by {signed} of {required} required"
    if state.signatures:
        return f"Signed by {len(state.signatures)}"
    return "Not signed yet"


def signed_at_words(signature: SignatureView, separator: str = " ") -> str:
    """``2026-11-26 14:03 +01:00``: the signer's own clock, with its UTC offset (``separator``
    between the date and the time: a line break where the column is narrow)."""
    at = signature.signed_at
    return f"{at:%Y-%m-%d}{separator}{at:%H:%M} {utc_offset(at)}".strip()


def time_zone_words(signature: SignatureView) -> str:
    """``Signed 2026-11-26 14:03:27 +01:00, time zone Europe/Berlin``."""
    at = signature.signed_at
    return f"Signed {at.isoformat(sep=' ', timespec='seconds')}, time zone {signature.time_zone or 'not recorded'}"


NOT_FROZEN = "fixed by the first signature"


def hash_prefix(sha256: str | None) -> str:
    """The first characters of the content hash, or that it is not fixed yet: until the first
    signature freezes the revision, each draft summary is built anew (with a fresh salt)."""
    return f"{sha256[:HASH_PREFIX]}…" if sha256 else NOT_FROZEN


def hash_html(sha256: str | None) -> str:
    """The hash prefix in a fixed-width face for rich-text labels; the words plain."""
    return f"<tt>{hash_prefix(sha256)}</tt>" if sha256 else hash_prefix(sha256)

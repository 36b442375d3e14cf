"""The summary PDF's cryptographic signature (PAdES baseline, with pyHanko).

Signing appends one incremental update to the PDF it is given: a signature field
(``IsconfSignature1``, ``…2`` for a further signature), a CMS signature with
``/SubFilter /ETSI.CAdES.detached`` (PAdES B-B; B-T when a timestamp server is
given) and the signing time in ``/M``. The PDF already carries the summary JSON
as an attachment, so the signature covers it.

Its check, ``verify_pdf``, is ``isconf.summary.pades_verify``; the words both use are here.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from isconf import prompts

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer


def _ignore_pyhankos_dsa_warning() -> None:
    """pyHanko imports cryptography's DSA key types, and cryptography warns on that import that
    DSA is deprecated: a line on standard error at every signed export, about an algorithm
    isconf never signs with. Only that warning, raised from pyHanko's modules, is ignored."""
    from cryptography.utils import CryptographyDeprecationWarning

    warnings.filterwarnings(
        "ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning, module=r"pyhanko\."
    )


_ignore_pyhankos_dsa_warning()

PASSPHRASE_VARIABLE = "ISCONF_P12_PASSPHRASE"
FIELD_PREFIX = "IsconfSignature"
NO_TRUST_ANCHOR = "no trust anchor given (use --trust CA.pem)"
NOT_SIGNED = "the PDF is not signed"
KEY_USAGE_WORDS = "the certificate is not meant for signing documents (key usage)"


class PadesError(ValueError):
    """A certificate file, passphrase or PDF that cannot be used, in one sentence."""


# ---------------------------------------------------------------- the signer's key


def read_certificate_file(path: Path) -> bytes:
    """A certificate file's bytes, or ``PadesError`` naming the file and why not."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise PadesError(f"{path}: no such certificate file") from None
    except OSError as exc:
        raise PadesError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def load_p12(path: Path, passphrase: bytes | None) -> Signer:
    """The signer in a PKCS#12 file (``.p12``/``.pfx``), or ``PadesError`` saying why not."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    data = read_certificate_file(path)
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(data, passphrase or None)
    except ValueError as exc:
        # cryptography tells a file it cannot parse ("Could not deserialize PKCS12 data")
        # from a wrong passphrase ("Invalid password or PKCS12 data") only by the message.
        if "deserialize" in str(exc):
            raise PadesError(f"{path}: not a PKCS#12 certificate file (.p12 or .pfx)") from None
        if not passphrase:
            raise PadesError(f"{path}: the certificate file needs a passphrase") from None
        raise PadesError(f"{path}: wrong passphrase for the certificate file") from None
    if key is None:
        raise PadesError(f"{path}: holds no private key to sign with")
    if cert is None:
        raise PadesError(f"{path}: holds no certificate for its key")
    signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase or None)
    if signer is None:  # pragma: no cover - cryptography read it above
        raise PadesError(f"{path}: the certificate file cannot be used")
    return signer


def passphrase_from_env_or_prompt(path: Path, *, prompt: Callable[[str], str] | None = None) -> bytes:
    """The PKCS#12 passphrase: ``ISCONF_P12_PASSPHRASE``, else asked without echo
    (``isconf.prompts.ask_secret``: ``NoAnswer`` when input ends before it is typed)."""
    value = os.environ.get(PASSPHRASE_VARIABLE)
    if value is None:
        value = (prompt or prompts.ask_secret)(f"Passphrase for {path}: ")
    return value.encode("utf-8")


# ---------------------------------------------------------------- signing


def sign_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    reason: str | None = None,
    location: str | None = None,
    timestamp_url: str | None = None,
) -> bytes:
    """``pdf`` with a PAdES signature appended as an incremental update.

    B-B by default; B-T (a trusted timestamp on the signature) when
    ``timestamp_url`` names an RFC 3161 timestamp server.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.timestamps import HTTPTimeStamper

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        existing = len(writer.prev.embedded_signatures)
    except Exception as exc:  # any parser failure means "not a PDF we can sign"
        raise PadesError(f"the PDF to sign cannot be read ({first_line(exc)})") from None
    meta = signers.PdfSignatureMetadata(
        field_name=f"{FIELD_PREFIX}{existing + 1}",
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    timestamper = HTTPTimeStamper(timestamp_url) if timestamp_url else None
    try:
        out = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper)
    except Exception as exc:  # a key that does not fit, a timestamp server out of reach …
        if timestamp_url and _from_the_timestamp_authority(exc):
            raise PadesError(
                f"the PDF could not be signed: the timestamp authority {timestamp_url} gave no "
                f"timestamp ({first_line(exc)})"
            ) from None
        raise PadesError(f"the PDF could not be signed ({first_line(exc)})") from None
    return bytes(out.getvalue())


def _from_the_timestamp_authority(exc: BaseException) -> bool:
    """Whether pyHanko's failure came from asking the timestamp authority (its
    ``TimestampRequestError`` is an ``OSError``, as is a refused connection)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) or "aiohttp" in type(seen).__module__:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__

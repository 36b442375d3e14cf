"""The one part of a signed PDF its signature's hash leaves out: the ``/Contents`` hole.

The hole holds the CMS signature as hex digits, then zero padding. pyHanko reads the
signature from it but does not look at the padding, nor at the parts of the CMS
structure no signature covers (the digest algorithm list, version numbers, the spare
certificates). ``hole_problem`` checks those, so that no byte of a signed file can
change unnoticed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature


def hole_problem(
    data: bytes, sig: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], *, trusted: bool
) -> str | None:
    """Why the unsigned ``/Contents`` hole holds more than its signature, or None.

    The hole is the one part of the file the signature's hash leaves out, and parts
    of the signature inside it (its spare copies of certificates, the list of digest
    algorithms) are not signed either. So that no byte can change unnoticed: the hex
    digits must be of one case, followed only by zero padding, the signature must be
    encoded exactly as DER writes it, and every certificate it carries must bear a
    valid signature of its issuer where the issuer is at hand.
    """
    from asn1crypto import cms, parser

    problem = "the unsigned space holding the signature was altered"
    try:
        start1, length1, start2, _length2 = (int(v) for v in sig.byte_range)
        hole = data[start1 + length1 : start2]
        if hole[:1] != b"<" or hole[-1:] != b">":
            return problem
        digits = hole[1:-1]
        if digits.lower() != digits and digits.upper() != digits:
            return problem  # mixed case: a hex digit was rewritten
        raw = bytes.fromhex(digits.decode("ascii"))
        _cls, _method, _tag, header, body, trailer = parser.parse(raw)
        der = raw[: len(header) + len(body) + len(trailer)]
        if raw[len(der) :].strip(b"\0"):
            return problem
        signed_data = cms.ContentInfo.load(der)
        if signed_data.dump(force=True) != der:
            return problem
        if not _unsigned_fields_consistent(signed_data["content"], sig):
            return problem
        return _carried_certificates_problem(sig, roots, trusted=trusted)
    except Exception:  # any parse failure of the hole is the same finding
        return problem


def _unsigned_fields_consistent(signed_data: Any, sig: EmbeddedPdfSignature) -> bool:
    """The SignedData fields no signature covers say exactly what RFC 5652 says they
    must for this signature: its version numbers, its list of digest algorithms, and
    the signer's issuer written byte for byte as in the signer's certificate."""
    infos = list(signed_data["signer_infos"])
    declared = sorted(a.dump() for a in signed_data["digest_algorithms"])
    if declared != sorted({info["digest_algorithm"].dump() for info in infos}):
        return False
    for info in infos:
        by_serial = info["sid"].name == "issuer_and_serial_number"
        if info["version"].native != ("v1" if by_serial else "v3"):
            return False
        if by_serial and info["sid"].chosen["issuer"].dump() != sig.signer_cert.issuer.dump():
            return False
    return bool(signed_data["version"].native == _signed_data_version(signed_data, infos))


def _signed_data_version(signed_data: Any, infos: list[Any]) -> str:
    """The SignedData version RFC 5652 §5.1 prescribes for what the structure holds."""
    kinds = {choice.name for choice in signed_data["certificates"] or []}
    crl_kinds = {choice.name for choice in signed_data["crls"] or []}
    if "other" in kinds or "other" in crl_kinds:
        return "v5"
    if "v2_attr_cert" in kinds:
        return "v4"
    data_content = signed_data["encap_content_info"]["content_type"].native == "data"
    if "v1_attr_cert" in kinds or not data_content or any(i["version"].native == "v3" for i in infos):
        return "v3"
    return "v1"


def _carried_certificates_problem(
    sig: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], *, trusted: bool
) -> str | None:
    """Why a certificate the signature carries is not as its issuer signed it, or None.

    The signer's own certificate is bound by the signed attributes; the others are
    spare copies (the CA, intermediates) that nothing else would check. A copy whose
    issuer is not at hand can be checked only when it is a trust anchor itself (an
    issuing CA trusted directly); when the signer is not trusted, the file fails
    anyway and such a copy is no sign of tampering.
    """
    from cryptography import x509

    carried = list(sig.other_embedded_certs)
    known = [*carried, sig.signer_cert, *roots]
    for cert in carried:
        issuers = [c for c in known if c.subject == cert.issuer]
        if not issuers:
            if trusted and all(cert.dump() != root.dump() for root in roots):
                name = cert.subject.human_friendly
                return f"the certificate {name} carried in the signature has no issuer at hand"
            continue
        child = x509.load_der_x509_certificate(cert.dump())
        for issuer in issuers:
            try:
                child.verify_directly_issued_by(x509.load_der_x509_certificate(issuer.dump()))
                break
            except Exception:  # a wrong signature or an unsupported algorithm alike
                continue
        else:
            name = cert.subject.human_friendly
            return f"the certificate {name} carried in the signature was altered"
    return None

"""Test certificates made on the fly (no key is ever committed): a self-signed CA, a
signer certificate it issued, the signer's PKCS#12 with a passphrase, and a second,
unrelated CA to stand for "a CA the reader does not trust".

``session_pki(tmp_path_factory)`` makes them once per test session; each test module
wraps it in a session-scoped ``pki`` fixture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = b"synthetic test passphrase"
SIGNER_NAME = "Dr Test Chair"


@dataclass(frozen=True)
class Pki:
    p12: Path  # the signer's key and certificate (and the CA), encrypted with PASSPHRASE
    ca_pem: Path  # the CA that issued the signer's certificate
    ca_der: Path  # the same CA as DER
    other_ca_pem: Path  # an unrelated CA: trusting it must not make the signer trusted
    passphrase: bytes = PASSPHRASE
    signer_name: str = SIGNER_NAME


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CA"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Synthetic Children's Hospital"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key() -> ec.EllipticCurvePrivateKey:
    # EC keys: generated in milliseconds, unlike RSA.
    return ec.generate_private_key(ec.SECP256R1())


def make_ca(
    common_name: str, *, issuer: tuple[ec.EllipticCurvePrivateKey, x509.Certificate] | None = None
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed root CA, or (``issuer``: its key and certificate) an issuing CA under it."""
    key = _key()
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer[1].subject if issuer else _name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(issuer[0] if issuer else key, hashes.SHA256())
    )
    return key, cert


def make_signer(
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    common_name: str,
    *,
    expired: bool = False,
    time_stamping: bool = False,
    key: Any = None,
    for_signing: bool = True,
) -> tuple[Any, x509.Certificate]:
    """A document-signing certificate: digitalSignature and nonRepudiation (``expired``:
    one whose validity ended yesterday; ``time_stamping``: a timestamp authority's;
    ``key``: for another key than a new EC one; ``for_signing`` False: key agreement only)."""
    key = key or _key()
    now = datetime.now(UTC) - (timedelta(days=731) if expired else timedelta(0))
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=for_signing,
                content_commitment=for_signing,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=not for_signing,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    )
    if time_stamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return key, builder.sign(ca_key, hashes.SHA256())


def p12_bytes(
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    cas: list[x509.Certificate],
    passphrase: bytes | None,
) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(b"signer", key, cert, cas, encryption)


def make_pki(folder: Path) -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = make_ca("Synthetic Hospital Test CA")
    signer_key, signer_cert = make_signer(ca_key, ca_cert, SIGNER_NAME)
    _other_key, other_ca = make_ca("Unrelated Test CA")
    pki = Pki(
        p12=folder / "signer.p12",
        ca_pem=folder / "ca.pem",
        ca_der=folder / "ca.der",
        other_ca_pem=folder / "other-ca.pem",
    )
    pki.p12.write_bytes(p12_bytes(signer_key, signer_cert, [ca_cert], PASSPHRASE))
    pki.ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pki.ca_der.write_bytes(ca_cert.public_bytes(serialization.Encoding.DER))
    pki.other_ca_pem.write_bytes(other_ca.public_bytes(serialization.Encoding.PEM))
    return pki


_made: dict[str, Pki] = {}


def session_pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """The session's certificates, made on first use (shared by every test module)."""
    if "pki" not in _made:
        _made["pki"] = make_pki(tmp_path_factory.mktemp("pki"))
    return _made["pki"]


def write_tls_server_files(folder: Path) -> tuple[Path, Path, Path, Path]:
    """A test CA and a TLS server certificate it issued for 127.0.0.1 and localhost (issue 21:
    PostgreSQL with ``sslmode=verify-full``), and an unrelated CA; as PEM files in ``folder``:
    (CA, server certificate, server key, other CA)."""
    import ipaddress

    ca_key, ca_cert = make_ca("isconf test TLS CA")
    _, other_ca = make_ca("isconf untrusted TLS CA")
    key = _key()
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = (folder / "ca.pem", folder / "server.crt", folder / "server.key", folder / "other-ca.pem")
    paths[0].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    paths[3].write_bytes(other_ca.public_bytes(serialization.Encoding.PEM))
    return paths

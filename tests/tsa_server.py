"""A local RFC 3161 timestamp authority on 127.0.0.1 for the tests: pyHanko's own test
timestamper (``DummyTimeStamper``) behind a small HTTP server, so a B-T signature is made
the way the app makes one, by HTTP to a TSA URL. Its certificate is issued by the given
CA with the timeStamping extended key usage; pyHanko's stamper signs with RSA only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from certs import make_signer

TSA_NAME = "Synthetic Test Timestamp Authority"


@contextmanager
def local_tsa(ca_key: Any, ca_cert: Any, *, at: datetime | None = None) -> Iterator[str]:
    """The URL of a timestamp authority issued by ``ca_cert``, serving while the block runs
    (``at``: the time it attests; its own clock otherwise)."""
    from pyhanko.sign.timestamps import DummyTimeStamper

    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key, cert = make_signer(ca_key, ca_cert, TSA_NAME, time_stamping=True, key=rsa_key)
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),
        fixed_dt=at,
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:  # quiet: no line per request on stderr
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

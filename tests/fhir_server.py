"""A small FHIR R4 REST server on 127.0.0.1 for the tests, on the standard REST semantics:
read (``GET [base]/Type/id``), search by patient (``GET [base]/Type?patient=id``) and a
``transaction`` Bundle (``POST [base]``, ``urn:uuid`` references resolved, ``ifNoneExist``
honoured). It can demand a bearer token, refuse with a status, answer slowly, or speak TLS.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
import urllib.parse
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that refused our certificate hangs up mid-handshake: expected here


class FhirTestServer:
    def __init__(self, *, token: str | None = None, tls_dir: Path | None = None) -> None:
        self.token = token
        self.store: dict[str, dict[str, dict[str, Any]]] = {}
        self.refuse: int | None = None  # answer every request with this HTTP status
        self.delay = 0.0  # seconds to wait before answering
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, Authorization
        self.lock = threading.Lock()
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False  # type: ignore[attr-defined]
        self.cert: Path | None = None
        if tls_dir is not None:
            self.cert, key = _self_signed(tls_dir)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.cert, key)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        scheme = "https" if self.cert else "http"
        return f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}/fhir"

    def __enter__(self) -> FhirTestServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def load(self, bundle: dict[str, Any]) -> None:
        for entry in bundle["entry"]:
            resource = entry["resource"]
            self.store.setdefault(resource["resourceType"], {})[resource["id"]] = resource

    def of_type(self, resource_type: str) -> list[dict[str, Any]]:
        return list(self.store.get(resource_type, {}).values())

    # --- the REST semantics -------------------------------------------------------------------

    def search(self, resource_type: str, query: dict[str, list[str]]) -> dict[str, Any]:
        wanted = query.get("patient", query.get("subject", [""]))[0].removeprefix("Patient/")
        found = [r for r in self.of_type(resource_type) if _about(r) in (f"Patient/{wanted}", wanted)]
        entries = [{"fullUrl": f"{self.base}/{resource_type}/{r['id']}", "resource": r} for r in found]
        return {"resourceType": "Bundle", "type": "searchset", "total": len(found), "entry": entries}

    def transaction(self, bundle: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "transaction":
            return 400, _outcome("a transaction Bundle is expected")
        ids: dict[str, str] = {}
        created: list[tuple[str, dict[str, Any]]] = []
        responses = []
        for entry in bundle["entry"]:
            resource, request = entry["resource"], entry["request"]
            rtype = resource["resourceType"]
            match = request.get("ifNoneExist", "")
            if match.startswith("identifier="):
                value = match.removeprefix("identifier=")
                found = [
                    r
                    for r in self.of_type(rtype)
                    if any(i.get("value") == value for i in r.get("identifier", []))
                ]
                if found:
                    ids[entry["fullUrl"]] = f"{rtype}/{found[0]['id']}"
                    responses.append({"response": {"status": "200 OK", "location": ids[entry["fullUrl"]]}})
                    continue
            new_id = uuid.uuid4().hex[:16]
            ids[entry["fullUrl"]] = f"{rtype}/{new_id}"
            created.append((new_id, resource))
            responses.append({"response": {"status": "201 Created", "location": f"{rtype}/{new_id}"}})
        with self.lock:
            for new_id, resource in created:
                stored = _rewrite(dict(resource, id=new_id), ids)
                self.store.setdefault(stored["resourceType"], {})[new_id] = stored
        return 200, {"resourceType": "Bundle", "type": "transaction-response", "entry": responses}


def _about(resource: dict[str, Any]) -> str | None:
    ref = resource.get("subject") or resource.get("patient")
    return ref.get("reference") if isinstance(ref, dict) else None


def _rewrite(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {
            k: (ids.get(v, v) if k == "reference" and isinstance(v, str) else _rewrite(v, ids))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rewrite(v, ids) for v in value]
    return value


def _outcome(text: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "processing", "diagnostics": text}],
    }


def _handler(server: FhirTestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _gate(self) -> bool:
            server.requests.append((self.command, self.path, self.headers.get("Authorization")))
            if server.delay:
                time.sleep(server.delay)
            if server.refuse is not None:
                self._send(server.refuse, _outcome(f"refused by the test server ({server.refuse})"))
                return False
            if server.token and self.headers.get("Authorization") != f"Bearer {server.token}":
                self._send(401, _outcome("a valid bearer token is required"))
                return False
            return True

        def do_GET(self) -> None:
            if not self._gate():
                return
            url = urllib.parse.urlsplit(self.path)
            parts = url.path.removeprefix("/fhir/").split("/")
            if len(parts) == 2:
                found = server.store.get(parts[0], {}).get(parts[1])
                self._send(200, found) if found else self._send(
                    404, _outcome(f"{parts[0]}/{parts[1]} is not known")
                )
            elif len(parts) == 1 and parts[0]:
                self._send(200, server.search(parts[0], urllib.parse.parse_qs(url.query)))
            else:
                self._send(400, _outcome("unsupported"))

        def do_POST(self) -> None:
            if not self._gate():
                return
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length))
            except json.JSONDecodeError:
                self._send(400, _outcome("not JSON"))
                return
            self._send(*server.transaction(body))

    return Handler


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by itself, and its key (made now, never committed)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "isconf test FHIR server")])
    now = datetime.now(UTC)  # the certificate's validity only; no test depends on the date
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path

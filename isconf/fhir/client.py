"""The FHIR REST calls isconf makes: read, search by patient, and a ``transaction`` Bundle.

TLS certificates are verified (``ca_file`` adds a hospital's own authority, nothing turns the
check off), every call has a timeout, a bearer token comes from the environment, and every
failure is one ``FhirServerError`` line saying what the server did.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isconf.fhir import TOKEN_VARIABLE as TOKEN_VARIABLE

FHIR_JSON = "application/fhir+json"
SEARCH_TYPES = ("Condition", "MedicationStatement", "Observation", "DiagnosticReport", "BodyStructure")
MAX_PAGES = 20


class FhirServerError(Exception):
    """A call that did not succeed, worded in one line."""


@dataclass(frozen=True)
class FhirServer:
    base: str
    token: str | None = None
    timeout: float = 30.0
    ca_file: Path | None = None

    @classmethod
    def from_environment(cls, base: str, *, timeout: float = 30.0, ca_file: Path | None = None) -> FhirServer:
        return cls(base.rstrip("/"), os.environ.get(TOKEN_VARIABLE) or None, timeout, ca_file)

    # --- the calls ---------------------------------------------------------------------------

    def read(self, resource_type: str, resource_id: str) -> dict[str, Any]:
        quoted = urllib.parse.quote(resource_id, safe="")
        return self._call("GET", f"{self.base}/{resource_type}/{quoted}", f"{resource_type}/{resource_id}")

    def search(self, resource_type: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        """Every resource a search finds, following the Bundle's ``next`` links."""
        url: str | None = f"{self.base}/{resource_type}?{urllib.parse.urlencode(params)}"
        found: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            if url is None:
                break
            page = self._call("GET", url, f"the {resource_type} search")
            found += [
                e["resource"] for e in page.get("entry") or [] if isinstance(e, dict) and "resource" in e
            ]
            url = next(
                (link.get("url") for link in page.get("link") or [] if link.get("relation") == "next"), None
            )
        return [r for r in found if isinstance(r, dict) and r.get("resourceType") == resource_type]

    def transaction(self, bundle: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", self.base, "the transaction", bundle)

    def patient_bundle(self, patient_id: str) -> dict[str, Any]:
        """The patient and the resources a search by patient finds, as a ``collection`` Bundle."""
        patient = self.read("Patient", patient_id)
        resources = [patient]
        for resource_type in SEARCH_TYPES:
            resources += self.search(resource_type, {"patient": patient_id})
        entries = [
            {"fullUrl": f"{self.base}/{r['resourceType']}/{r.get('id')}", "resource": r} for r in resources
        ]
        return {"resourceType": "Bundle", "type": "collection", "entry": entries}

    # --- HTTP ----------------------------------------------------------------------------------

    def _call(self, method: str, url: str, what: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Accept": FHIR_JSON}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = FHIR_JSON
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            context = ssl.create_default_context(cafile=str(self.ca_file) if self.ca_file else None)
            with urllib.request.urlopen(request, timeout=self.timeout, context=context) as answer:
                text = answer.read()
        except urllib.error.HTTPError as exc:
            raise FhirServerError(self._refused(exc, what)) from None
        except urllib.error.URLError as exc:
            raise FhirServerError(self._unreachable(exc.reason)) from None
        except TimeoutError:
            raise FhirServerError(self._slow()) from None
        except (OSError, ssl.SSLError) as exc:
            raise FhirServerError(self._unreachable(exc)) from None
        try:
            parsed = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise FhirServerError(f"{self.base}: the answer to {what} is not JSON") from None
        if not isinstance(parsed, dict):
            raise FhirServerError(f"{self.base}: the answer to {what} is not a FHIR resource")
        return parsed

    def _refused(self, exc: urllib.error.HTTPError, what: str) -> str:
        reason = {401: "not authorised", 403: "forbidden", 404: "not found"}.get(exc.code, exc.reason or "")
        words = f"{self.base} refused {what}: HTTP {exc.code} {reason}".rstrip()
        if exc.code == 401:
            words += (
                f" (set the bearer token in {TOKEN_VARIABLE})"
                if not self.token
                else " (the token was not accepted)"
            )
        detail = _diagnostics(exc)
        return f"{words}: {detail}" if detail else words

    def _unreachable(self, reason: Any) -> str:
        if isinstance(reason, TimeoutError | socket.timeout):
            return self._slow()
        if isinstance(reason, ssl.SSLCertVerificationError):
            return f"{self.base}: the server's TLS certificate is not trusted ({reason.verify_message})"
        words = getattr(reason, "strerror", None) or str(reason)
        return f"cannot reach {self.base} ({words})"

    def _slow(self) -> str:
        return f"{self.base} gave no answer within {self.timeout:g} s"


def _diagnostics(exc: urllib.error.HTTPError) -> str:
    """The first issue of an OperationOutcome the server sent, in one line."""
    try:
        outcome = json.loads(exc.read() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError, OSError):
        return ""
    issues = outcome.get("issue") if isinstance(outcome, dict) else None
    if not issues or not isinstance(issues[0], dict):
        return ""
    text = issues[0].get("diagnostics") or (issues[0].get("details") or {}).get("text") or ""
    return " ".join(str(text).split())[:200]

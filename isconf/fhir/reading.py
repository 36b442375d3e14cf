"""One patient's case as it is read from FHIR resources, and what came with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from isconf.errors import Problem
from isconf.fhir import codes
from isconf.fhir.bundle import Entry


@dataclass
class PatientReading:
    """One patient's case document as read, and what came with it."""

    patient: Entry | None
    case: dict[str, Any] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)  # case path → FHIRPath
    problems: list[Problem] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # where each resource read for it was

    def owns(self, path: str) -> bool:
        return any(path == e or path.startswith((e + ".", e + "[")) for e in self.entries)

    @property
    def document(self) -> dict[str, Any]:
        return {"format": "isconf-case/1", "case": self.case}

    @property
    def mrn(self) -> str | None:
        mrn = self.case.get("mrn")
        return mrn if isinstance(mrn, str) else None

    def at(self, problem: Problem) -> Problem:
        """A case-file problem told at the FHIRPath its value came from."""
        path = problem.path
        keys = [k for k in self.where if path == k or path.startswith((k + ".", k + "["))]
        if not keys:
            where = self.patient.where if self.patient else "Bundle"
            return Problem(where, f"{problem.message} ({path})")
        return Problem(self.where[max(keys, key=len)], f"{problem.message} ({path})")


def member_refs(entry: Entry) -> list[str]:
    refs = [m.get("reference") for m in entry.resource.get("hasMember") or [] if isinstance(m, dict)]
    if entry.type == "DiagnosticReport":
        refs += [
            (e.get("valueReference") or {}).get("reference")
            for e in entry.resource.get("extension") or []
            if isinstance(e, dict) and e.get("url") == codes.extension_url("mri.lesions")
        ]
        if tagged(entry.resource, "eeg"):  # the EEG's findings, read with its report
            refs += [r.get("reference") for r in entry.resource.get("result") or [] if isinstance(r, dict)]
    return [r for r in refs if isinstance(r, str)]


def tagged(resource: dict[str, Any], section: str) -> bool:
    tags = (resource.get("meta") or {}).get("tag") or []
    return any(
        isinstance(t, dict) and t.get("system") == codes.SECTION_TAG and t.get("code") == section
        for t in tags
    )

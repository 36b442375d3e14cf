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
    """The resources read as parts of this one: an Observation's members, an MRI report's
    lesions, an isconf EEG report's findings."""
    resource = entry.resource
    found: list[Any] = list(_listed(resource.get("hasMember")))
    if entry.type == "DiagnosticReport":
        found += [
            e.get("valueReference")
            for e in _listed(resource.get("extension"))
            if e.get("url") == codes.extension_url("mri.lesions")
        ]
        if tagged(resource, "eeg"):  # the EEG's findings, read with its report
            found += _listed(resource.get("result"))
    refs = [r.get("reference") for r in found if isinstance(r, dict)]
    return [r for r in refs if isinstance(r, str)]


def _listed(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def tagged(resource: dict[str, Any], section: str) -> bool:
    meta = resource.get("meta")
    tags = _listed(meta.get("tag")) if isinstance(meta, dict) else []
    return any(t.get("system") == codes.SECTION_TAG and t.get("code") == section for t in tags)

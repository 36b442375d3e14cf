"""FHIR resources into ``isconf-case/1`` documents, one per Patient.

Resources isconf wrote (tagged with a section, fields as extensions and components) give back
every field; a hospital's resources are read by their standard elements and codes
(``docs/fhir.md`` lists which). What cannot be mapped is listed by type and id, never dropped
silently. Each value read remembers where it came from, so a problem the case file finds is
told at its FHIRPath (``Bundle.entry[3].resource.dosage[0].doseAndRate[0].doseQuantity: …``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from isconf.errors import Problem
from isconf.fhir import codes
from isconf.fhir.bundle import Entry
from isconf.fhir.from_clinical import ClinicalReaders
from isconf.fhir.reading import PatientReading, member_refs
from isconf.fhir.values import put, read_element, read_fields


def read_patients(entries: Sequence[Entry]) -> tuple[list[PatientReading], list[str]]:
    """A reading per Patient, and the resources about no Patient that were read (unmapped)."""
    return _Reader(entries).run()


class _Reader(ClinicalReaders):
    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.index: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.full_url:
                self.index[entry.full_url] = entry
            if entry.resource.get("id"):
                self.index[f"{entry.type}/{entry.resource['id']}"] = entry
        self.used: set[int] = set()

    def resolve(self, reference: Any) -> Entry | None:
        if isinstance(reference, dict):
            reference = reference.get("reference")
        if not isinstance(reference, str):
            return None
        found = self.index.get(reference)
        if found is None and "/" in reference:  # an absolute URL ending in Type/id
            found = self.index.get("/".join(reference.rstrip("/").split("/")[-2:]))
        return found

    def run(self) -> tuple[list[PatientReading], list[str]]:
        patients = [e for e in self.entries if e.type == "Patient"]
        readings = {id(p): PatientReading(p) for p in patients}
        for entry in patients:
            readings[id(entry)].entries.append(entry.where)
            self._guarded(readings[id(entry)], entry, self._patient)
        members = {id(m) for e in self.entries for r in member_refs(e) if (m := self.resolve(r)) is not None}
        orphans: list[str] = []
        for entry in self.entries:
            if entry.type == "Patient" or id(entry) in members:
                continue
            owner = self._owner(entry, patients)
            if owner is None:
                orphans.append(entry.label)
                continue
            reading = readings[id(owner)]
            reading.entries.append(entry.where)
            if not self._guarded(reading, entry, self._read):
                reading.unmapped.append(entry.label)
        for entry in self.entries:  # a member or lesion nobody read
            if id(entry) in members and id(entry) not in self.used:
                orphans.append(entry.label)
        return list(readings.values()), orphans

    @staticmethod
    def _guarded(reading: PatientReading, entry: Entry, read: Callable[[PatientReading, Entry], Any]) -> Any:
        """``read``, or (on a resource whose elements are not of their FHIR type, which the model
        check names precisely) a problem at the resource instead of a traceback."""
        try:
            return read(reading, entry)
        except (AttributeError, TypeError, KeyError, IndexError, ValueError):
            reading.problems.append(
                Problem(entry.where, "cannot be read: an element is not of its FHIR type")
            )
            return True

    def _owner(self, entry: Entry, patients: list[Entry]) -> Entry | None:
        resource = entry.resource
        subject = resource.get("subject") or resource.get("patient")
        found = self.resolve(subject)
        if found is not None and found.type == "Patient":
            return found
        return patients[0] if len(patients) == 1 and subject is None else None

    # --- the resources ---------------------------------------------------------------------

    def _patient(self, reading: PatientReading, entry: Entry) -> None:
        resource, case, where = entry.resource, reading.case, entry.where
        identifiers = [i for i in resource.get("identifier") or [] if isinstance(i, dict)]
        chosen = (
            next((i for i in identifiers if i.get("system") == codes.MRN_SYSTEM), None)
            or next((i for i in identifiers if codes.has_code(i.get("type"), codes.V2_0203, "MR")), None)
            or (identifiers[0] if identifiers else None)
        )
        reading.where["case"] = where
        if chosen is not None:
            case["mrn"] = chosen.get("value")
            reading.where["case.mrn"] = f"{where}.identifier[{identifiers.index(chosen)}]"
        names = [n for n in resource.get("name") or [] if isinstance(n, dict)]
        if names:
            name = next((n for n in names if n.get("use") == "official"), names[0])
            if name.get("family"):
                case["family_name"] = name["family"]
            if name.get("given"):
                case["given_name"] = " ".join(name["given"])
            reading.where["case.family_name"] = reading.where["case.given_name"] = f"{where}.name[0]"
        if resource.get("birthDate"):
            case["date_of_birth"] = resource["birthDate"]
            reading.where["case.date_of_birth"] = f"{where}.birthDate"
        if resource.get("gender"):
            case["sex"] = resource["gender"]
            reading.where["case.sex"] = f"{where}.gender"
        self._generic(reading, entry, "", case, "case", "extension")

    def _read(self, reading: PatientReading, entry: Entry) -> bool:
        reader = {
            "Condition": self._condition,
            "MedicationStatement": self._medication,
            "DiagnosticReport": self._report,
            "Observation": self._observation,
            "Media": self._media,
            "Procedure": self._procedure,
            "ServiceRequest": self._service_request,
        }.get(entry.type)
        return reader is not None and reader(reading, entry)

    def _isconf_observation(self, reading: PatientReading, entry: Entry, path: str, info: Any) -> bool:
        case = reading.case
        if info.scalar:
            value, problem = read_element(path, info, entry.resource)
            if problem is not None:
                reading.problems.append(Problem(entry.where, problem))
                return True
            put(case, path, info, value)
            reading.where[f"case.{path}"] = entry.where
            return True
        if info.kind == "group":
            target: dict[str, Any] = case
            for part in path.split("."):
                target = target.setdefault(part, {})
            self._item(reading, entry, path, target, f"case.{path}")
            return True
        items = case.setdefault(path, []) if "." not in path else None
        if items is None:
            return False  # a nested item is read through its parent's hasMember
        item: dict[str, Any] = {}
        case_path = f"case.{path}[{len(items)}]"
        self._item(reading, entry, path, item, case_path)
        items.append(item)
        return True

    def _item(
        self, reading: PatientReading, entry: Entry, path: str, item: dict[str, Any], case_path: str
    ) -> None:
        reading.where[case_path] = entry.where
        reading.entries.append(entry.where)
        self.used.add(id(entry))
        self._generic(reading, entry, path, item, case_path, "component")
        for ref in member_refs(entry):
            member = self.resolve(ref)
            if member is None:
                reading.problems.append(Problem(f"{entry.where}.hasMember", f"{ref} is not in the Bundle"))
                continue
            sub = codes.codes_of(member.resource.get("code"), codes.FIELD_SYSTEM)
            if not sub or not sub[0].startswith(path + "."):
                reading.unmapped.append(member.label)
                continue
            relative = sub[0][len(path) + 1 :]
            target = item
            *groups, key = relative.split(".")
            for group in groups:
                target = target.setdefault(group, {})
            child: dict[str, Any] = {}
            members = target.setdefault(key, [])
            self._item(reading, member, sub[0], child, f"{case_path}.{relative}[{len(members)}]")
            members.append(child)

    def _generic(
        self,
        reading: PatientReading,
        entry: Entry,
        prefix: str,
        target: dict[str, Any],
        case_path: str,
        key: str,
    ) -> None:
        def report(at: str, message: str) -> None:
            reading.problems.append(Problem(f"{entry.where}.{at}", message))

        where = read_fields(entry.resource, prefix, target, report, key=key)
        for relative, at in where.items():
            reading.where[f"{case_path}.{relative}"] = f"{entry.where}.{at}"

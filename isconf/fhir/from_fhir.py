"""FHIR resources into ``isconf-case/1`` documents, one per Patient.

Resources isconf wrote (tagged with a section, fields as extensions and components) give back
every field; a hospital's resources are read by their standard elements and codes
(``docs/fhir.md`` lists which). What cannot be mapped is listed by type and id, never dropped
silently. Each value read remembers where it came from, so a problem the case file finds is
told at its FHIRPath (``Bundle.entry[3].resource.dosage[0].doseAndRate[0].doseQuantity: …``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from isconf import vocab
from isconf.errors import Problem
from isconf.fhir import codes
from isconf.fhir.bundle import Entry
from isconf.fhir.values import info_at, put, read_element, read_fields

WEST = ((codes.SNOMED, codes.WEST_SYNDROME_SNOMED), (codes.HPO, codes.INFANTILE_SPASMS_HPO))
ACTIVE = {"active": True, "recurrence": True, "relapse": True, "inactive": False, "remission": False,
          "resolved": False}  # fmt: skip


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


def read_patients(entries: Sequence[Entry]) -> tuple[list[PatientReading], list[str]]:
    """A reading per Patient, and the resources about no Patient that were read (unmapped)."""
    return _Reader(entries).run()


class _Reader:
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
            self._patient(readings[id(entry)], entry)
        members = {id(m) for e in self.entries for r in _member_refs(e) if (m := self.resolve(r)) is not None}
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
            if not self._read(reading, entry):
                reading.unmapped.append(entry.label)
        for entry in self.entries:  # a member or lesion nobody read
            if id(entry) in members and id(entry) not in self.used:
                orphans.append(entry.label)
        return list(readings.values()), orphans

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
        }.get(entry.type)
        return reader is not None and reader(reading, entry)

    def _condition(self, reading: PatientReading, entry: Entry) -> bool:
        resource, case = entry.resource, reading.case
        code = resource.get("code")
        west = any(codes.has_code(code, s, c) for s, c in WEST) or codes.has_code(
            code, codes.ICD10CM, codes.EPILEPTIC_SPASMS_ICD10CM, prefix=True
        )
        if west:
            spasms = case.setdefault("spasms", {})
            reading.where["case.spasms"] = entry.where
            if isinstance(resource.get("onsetDateTime"), str):
                spasms["onset_date"] = resource["onsetDateTime"][:10]
                reading.where["case.spasms.onset_date"] = f"{entry.where}.onsetDateTime"
            status = codes.codes_of(resource.get("clinicalStatus"), codes.CONDITION_CLINICAL)
            if status and status[0] in ACTIVE:
                spasms["ongoing"] = ACTIVE[status[0]]
            if isinstance(resource.get("abatementDateTime"), str):
                spasms["last_seen_date"] = resource["abatementDateTime"][:10]
                reading.where["case.spasms.last_seen_date"] = f"{entry.where}.abatementDateTime"
            self._generic(reading, entry, "spasms", spasms, "case.spasms", "extension")
            return True
        if "etiology" in case and not _tagged(resource, "etiology"):
            return False  # one etiology: a further diagnosis is listed as not mapped
        etiology = case.setdefault("etiology", {})
        reading.where["case.etiology"] = entry.where
        if _tagged(resource, "etiology"):
            self._generic(reading, entry, "etiology", etiology, "case.etiology", "extension")
            return True
        category = codes.codes_of(code, codes.value_system("etiology.category"))
        if category:
            etiology["category"] = category[0]
        words = (code or {}).get("text") or next(
            (c.get("display") for c in (code or {}).get("coding") or [] if c.get("display")), None
        )
        if words:
            etiology["diagnosis"] = words
            reading.where["case.etiology.diagnosis"] = f"{entry.where}.code"
        return True

    def _medication(self, reading: PatientReading, entry: Entry) -> bool:
        resource, where = entry.resource, entry.where
        n = len(reading.case.setdefault("treatments", []))
        path = f"case.treatments[{n}]"
        treatment: dict[str, Any] = {}
        reading.where[path] = where
        medication = resource.get("medicationCodeableConcept")
        if medication is None and (found := self.resolve(resource.get("medicationReference"))) is not None:
            medication = found.resource.get("code")
            self.used.add(id(found))
        agent = codes.codes_of(medication, codes.value_system("treatments.agent"))
        words = codes.words_of(medication)
        if agent:
            treatment["agent"] = agent[0]
        else:
            named = [a for name, a in codes.AGENT_NAMES.items() if name in words]
            treatment["agent"] = named[0] if named else "other_asm"
        name = (medication or {}).get("text") or next(
            (c.get("display") for c in (medication or {}).get("coding") or [] if c.get("display")), None
        )
        if treatment["agent"] == "other_asm" and name and name != vocab.label(vocab.AGENT, "other_asm"):
            treatment["name"] = name
        reading.where[f"{path}.agent"] = reading.where[f"{path}.name"] = f"{where}.medicationCodeableConcept"
        self._dose(reading, entry, treatment, path)
        period = resource.get("effectivePeriod") or {}
        start = period.get("start") or resource.get("effectiveDateTime")
        if isinstance(start, str):
            treatment["start_date"] = start[:10]
            reading.where[f"{path}.start_date"] = f"{where}.effectivePeriod.start"
        if isinstance(period.get("end"), str):
            treatment["end_date"] = period["end"][:10]
            reading.where[f"{path}.end_date"] = f"{where}.effectivePeriod.end"
        if not _tagged(resource, "treatments"):
            reason = " ".join(codes.words_of(r) for r in resource.get("statusReason") or [])
            outcome = next((o for word, o in codes.OUTCOME_WORDS if word in reason), None)
            if outcome is None and resource.get("status") == "active" and "end_date" not in treatment:
                outcome = "ongoing"
            if outcome is not None:
                treatment["outcome"] = outcome
                reading.where[f"{path}.outcome"] = f"{where}.statusReason"
        self._generic(reading, entry, "treatments", treatment, path, "extension")
        reading.case["treatments"].append(treatment)
        return True

    def _dose(self, reading: PatientReading, entry: Entry, treatment: dict[str, Any], path: str) -> None:
        for d, dosage in enumerate(entry.resource.get("dosage") or []):
            for r, rate in enumerate(dosage.get("doseAndRate") or [] if isinstance(dosage, dict) else []):
                quantity = rate.get("doseQuantity") if isinstance(rate, dict) else None
                if not isinstance(quantity, dict):
                    continue
                at = f"{entry.where}.dosage[{d}].doseAndRate[{r}]"
                # The UCUM code decides; a unit's words only where no code is given.
                code = quantity.get("code")
                unit = (
                    codes.DOSE_FROM_UCUM.get(code)
                    if code
                    else codes.DOSE_FROM_UCUM.get(quantity.get("unit") or "")
                    or (quantity.get("unit") if quantity.get("unit") in codes.UCUM_DOSE else None)
                )
                if unit is None:
                    known = ", ".join(codes.UCUM_DOSE.values())
                    said = quantity.get("code") or quantity.get("unit")
                    reading.problems.append(
                        Problem(
                            f"{at}.doseQuantity", f"{said!r} is not a daily dose unit isconf reads ({known})"
                        )
                    )
                    return
                treatment["dose"], treatment["dose_unit"] = quantity.get("value"), unit
                reading.where[f"{path}.dose"] = f"{at}.doseQuantity.value"
                reading.where[f"{path}.dose_unit"] = f"{at}.doseQuantity.code"
                return

    def _report(self, reading: PatientReading, entry: Entry) -> bool:
        resource, where = entry.resource, entry.where
        words = codes.words_of(resource.get("code"))
        is_mri = _tagged(resource, "mri") or any(
            w in f" {words} " for w in (" mri", "magnetic resonance", " mr ")
        )
        is_eeg = "eeg" in words or "electroencephalo" in words
        when = resource.get("effectiveDateTime") or (resource.get("effectivePeriod") or {}).get("start")
        if is_mri:
            n = len(reading.case.setdefault("mri", []))
            path = f"case.mri[{n}]"
            study: dict[str, Any] = {}
            reading.where[path] = where
            if isinstance(when, str):
                study["date"] = when[:10]
                reading.where[f"{path}.date"] = f"{where}.effective"
            for concept in resource.get("conclusionCode") or []:
                finding = codes.codes_of(concept, codes.value_system("mri.finding"))
                if finding:
                    study["finding"] = finding[0]
            for k, ext in enumerate(resource.get("extension") or []):
                if isinstance(ext, dict) and ext.get("url") == codes.extension_url("mri.lesions"):
                    lesion = self.resolve(ext.get("valueReference"))
                    if lesion is not None:
                        self._lesion(
                            reading, lesion, study, f"{path}.lesions[{len(study.get('lesions', []))}]"
                        )
                    else:
                        reading.problems.append(
                            Problem(f"{where}.extension[{k}]", "refers to no resource here")
                        )
            self._conclusion(reading, entry, study, "mri", path)
            self._generic(reading, entry, "mri", study, path, "extension")
            reading.case["mri"].append(study)
            return True
        if is_eeg:
            study = self._eeg_on(reading, when, where)
            self._conclusion(reading, entry, study, "eeg", f"case.eeg[{reading.case['eeg'].index(study)}]")
            return True
        return False

    def _conclusion(
        self, reading: PatientReading, entry: Entry, study: dict[str, Any], path: str, at: str
    ) -> None:
        """A report's conclusion: the study's ``report`` where the case has one, else an EEG's note;
        an MRI's conclusion with nowhere to go is listed as not mapped."""
        text = entry.resource.get("conclusion")
        if not isinstance(text, str) or not text.strip():
            return
        key = "report" if info_at(f"{path}.report") is not None else "note" if path == "eeg" else None
        if key is None:
            reading.unmapped.append(f"{entry.label} (conclusion)")
            return
        study[key] = text
        reading.where[f"{at}.{key}"] = f"{entry.where}.conclusion"

    def _lesion(self, reading: PatientReading, entry: Entry, study: dict[str, Any], path: str) -> None:
        self.used.add(id(entry))
        reading.entries.append(entry.where)
        resource, lesion = entry.resource, {}
        reading.where[path] = entry.where
        for key, element in (
            ("type", resource.get("morphology")),
            ("side", (resource.get("locationQualifier") or [None])[0]),
        ):
            info = info_at(f"mri.lesions.{key}")
            if element is not None and info is not None:
                value, _problem = read_element(f"mri.lesions.{key}", info, {"valueCodeableConcept": element})
                if value is not None:
                    lesion[key] = value
        self._generic(reading, entry, "mri.lesions", lesion, path, "extension")
        study.setdefault("lesions", []).append(lesion)

    def _eeg_on(self, reading: PatientReading, when: Any, where: str) -> dict[str, Any]:
        """The EEG study of that day (one report and one observation of a day are one study)."""
        day = when[:10] if isinstance(when, str) else None
        studies = reading.case.setdefault("eeg", [])
        for study in studies:
            if day is not None and study.get("date") == day:
                return study
        n = len(studies)
        studies.append({"date": day} if day else {})
        reading.where[f"case.eeg[{n}]"] = where
        return studies[-1]

    def _observation(self, reading: PatientReading, entry: Entry) -> bool:
        resource = entry.resource
        paths = codes.codes_of(resource.get("code"), codes.FIELD_SYSTEM)
        info = info_at(paths[0]) if paths else None
        if paths and info is not None:
            return self._isconf_observation(reading, entry, paths[0], info)
        code, when = resource.get("code"), resource.get("effectiveDateTime")
        if codes.has_code(code, codes.HPO, codes.HYPSARRHYTHMIA_HPO):
            study = self._eeg_on(reading, when, entry.where)
            found = _hypsarrhythmia(resource)
            if found is not None:
                study["hypsarrhythmia"] = found
            for part in resource.get("component") or []:
                if codes.has_code(part.get("code"), codes.SNOMED, codes.LATERALITY_SNOMED):
                    side = codes.codes_of(part.get("valueCodeableConcept"), codes.SNOMED)
                    lateral = {v: k for k, v in codes.LATERALITY.items()}
                    if side and side[0] in lateral:
                        study["lateralization"] = lateral[side[0]]
            return True
        if "developmental quotient" in codes.words_of(code):
            development = reading.case.setdefault("development", {})
            value = (resource.get("valueQuantity") or {}).get("value")
            if value is not None:
                development["developmental_quotient"] = value
                reading.where["case.development.developmental_quotient"] = f"{entry.where}.valueQuantity"
            if isinstance(when, str):
                development["assessed_on"] = when[:10]
            return True
        return False

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
        for ref in _member_refs(entry):
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


def _member_refs(entry: Entry) -> list[str]:
    refs = [m.get("reference") for m in entry.resource.get("hasMember") or [] if isinstance(m, dict)]
    if entry.type == "DiagnosticReport":
        refs += [
            (e.get("valueReference") or {}).get("reference")
            for e in entry.resource.get("extension") or []
            if isinstance(e, dict) and e.get("url") == codes.extension_url("mri.lesions")
        ]
    return [r for r in refs if isinstance(r, str)]


def _tagged(resource: dict[str, Any], section: str) -> bool:
    tags = (resource.get("meta") or {}).get("tag") or []
    return any(
        isinstance(t, dict) and t.get("system") == codes.SECTION_TAG and t.get("code") == section
        for t in tags
    )


def _hypsarrhythmia(resource: dict[str, Any]) -> str | None:
    if isinstance(resource.get("valueBoolean"), bool):
        return "classic" if resource["valueBoolean"] else "absent"
    concept = resource.get("valueCodeableConcept")
    mine = codes.codes_of(concept, codes.value_system("eeg.hypsarrhythmia"))
    if mine:
        return mine[0]
    words = codes.words_of(concept)
    return next((w for w in codes.HYPSARRHYTHMIA_WORDS if w in words), None)

"""Reading a hospital's resources by their standard elements and codes: the West syndrome
Condition and the etiology, MedicationStatements with UCUM doses, MRI and EEG reports with
their lesions, hypsarrhythmia and developmental-quotient Observations (``docs/fhir.md``)."""

from __future__ import annotations

from typing import Any

from isconf import vocab
from isconf.errors import Problem
from isconf.fhir import codes
from isconf.fhir.bundle import Entry
from isconf.fhir.reading import PatientReading, tagged
from isconf.fhir.values import info_at, read_element

WEST = ((codes.SNOMED, codes.WEST_SYNDROME_SNOMED), (codes.HPO, codes.INFANTILE_SPASMS_HPO))
ACTIVE = {"active": True, "recurrence": True, "relapse": True, "inactive": False, "remission": False,
          "resolved": False}  # fmt: skip


class ClinicalReaders:
    """The readers of the clinical resources; ``isconf.fhir.from_fhir._Reader`` is one."""

    used: set[int]

    def resolve(self, reference: Any) -> Entry | None:
        raise NotImplementedError

    def _isconf_observation(self, reading: PatientReading, entry: Entry, path: str, info: Any) -> bool:
        raise NotImplementedError

    def _item(
        self, reading: PatientReading, entry: Entry, path: str, item: dict[str, Any], case_path: str
    ) -> None:
        raise NotImplementedError

    def _generic(
        self,
        reading: PatientReading,
        entry: Entry,
        prefix: str,
        target: dict[str, Any],
        case_path: str,
        key: str,
    ) -> None:
        raise NotImplementedError

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
        if "etiology" in case and not tagged(resource, "etiology"):
            return False  # one etiology: a further diagnosis is listed as not mapped
        etiology = case.setdefault("etiology", {})
        reading.where["case.etiology"] = entry.where
        if tagged(resource, "etiology"):
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
        if not tagged(resource, "treatments"):
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
        is_mri = tagged(resource, "mri") or any(
            w in f" {words} " for w in (" mri", "magnetic resonance", " mr ")
        )
        is_eeg = "eeg" in words or "electroencephalo" in words
        when = resource.get("effectiveDateTime") or (resource.get("effectivePeriod") or {}).get("start")
        if tagged(resource, "eeg"):
            return self._isconf_eeg(reading, entry)
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

    def _isconf_eeg(self, reading: PatientReading, entry: Entry) -> bool:
        """An EEG isconf wrote: its findings Observation, and its report as the conclusion."""
        items = reading.case.setdefault("eeg", [])
        path = f"case.eeg[{len(items)}]"
        item: dict[str, Any] = {}
        for ref in entry.resource.get("result") or []:
            found = self.resolve(ref)
            if found is None:
                reading.problems.append(Problem(f"{entry.where}.result", f"{ref} is not in the Bundle"))
            else:
                self._item(reading, found, "eeg", item, path)
        self._conclusion(reading, entry, item, "eeg", path)
        self._generic(reading, entry, "eeg", item, path, "extension")
        items.append(item)
        return True

    def _media(self, reading: PatientReading, entry: Entry) -> bool:
        """A key image isconf wrote (a hospital's Media is listed as not mapped)."""
        if not tagged(entry.resource, "images") or info_at("images") is None:
            return False
        items = reading.case.setdefault("images", [])
        path = f"case.images[{len(items)}]"
        image: dict[str, Any] = {}
        content = entry.resource.get("content") or {}
        if content.get("contentType"):
            image["media_type"] = content["contentType"]
        if content.get("data"):
            image["data"] = content["data"]
        reading.where[path] = entry.where
        reading.where[f"{path}.data"] = reading.where[f"{path}.media_type"] = f"{entry.where}.content"
        self._generic(reading, entry, "images", image, path, "extension")
        items.append(image)
        return True

    def _service_request(self, reading: PatientReading, entry: Entry) -> bool:
        """The proposed procedure isconf wrote: its value is the trade-off Observation's."""
        return tagged(entry.resource, "tradeoff.proposed_procedure")

    def _procedure(self, reading: PatientReading, entry: Entry) -> bool:
        """The surgery isconf wrote (a hospital's Procedure is listed as not mapped)."""
        if not tagged(entry.resource, "surgery") or info_at("surgery") is None:
            return False
        reading.where["case.surgery"] = entry.where
        self._generic(
            reading, entry, "surgery", reading.case.setdefault("surgery", {}), "case.surgery", "extension"
        )
        return True

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


def _hypsarrhythmia(resource: dict[str, Any]) -> str | None:
    if isinstance(resource.get("valueBoolean"), bool):
        return "classic" if resource["valueBoolean"] else "absent"
    concept = resource.get("valueCodeableConcept")
    mine = codes.codes_of(concept, codes.value_system("eeg.hypsarrhythmia"))
    if mine:
        return mine[0]
    words = codes.words_of(concept)
    return next((w for w in codes.HYPSARRHYTHMIA_WORDS if w in words), None)

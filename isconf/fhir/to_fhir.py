"""A case as FHIR R4B resources: Patient, Conditions, MedicationStatements, DiagnosticReports
with BodyStructures, and Observations for the rest (``docs/fhir.md``).

The clinical parts a hospital reads have their standard elements and codes; every declared
field besides is carried by ``isconf.fhir.values`` (an extension or an Observation component
named by its path), so the Bundle gives back the whole case and a field added later is carried
without code here.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from typing import Any

from isconf import fields, vocab
from isconf.domain import Case, EegStudy, Etiology, MriStudy, Spasms, Treatment
from isconf.fhir import codes
from isconf.fhir.values import FULL, Privacy, Value, components, concept, element, extensions, lists, scalars

PATIENT_FIELDS = ("mrn", "family_name", "given_name", "date_of_birth", "sex", "referring_center")
NAMESPACE = uuid.UUID("5b0b2f62-8f1e-4a39-9a43-6f1c2a0e7d10")  # isconf's, for stable resource ids


class CaseResources:
    """The resources of one case, in the order a Bundle lists them (the Patient first)."""

    def __init__(self, case: Case, *, privacy: Privacy = FULL, seed: str | None = None) -> None:
        self.case = case
        self.privacy = privacy
        self.seed = seed or case.mrn
        self.entries: list[tuple[str, dict[str, Any]]] = []
        self.patient = self.url("patient")
        self._build()

    def url(self, key: str) -> str:
        return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{self.seed}/{key}')}"

    def add(self, key: str, resource: dict[str, Any], section: str) -> str:
        url = self.url(key)
        tag = {"tag": [codes.coding(codes.SECTION_TAG, section)]}
        self.entries.append(
            (url, {"resourceType": resource.pop("resourceType"), "id": url[9:], "meta": tag, **resource})
        )
        return url

    def subject(self) -> dict[str, Any]:
        return {"reference": self.patient}

    # --- the case, part by part ----------------------------------------------------------

    def _build(self) -> None:
        case = self.case
        self.add("patient", self._patient(), "patient")
        special: dict[str, Callable[[Any], None]] = {
            "spasms": self._spasms,
            "treatments": lambda items: self._each(items, self._treatment),
            "mri": lambda items: self._each(items, self._mri),
            "eeg": lambda items: self._each(items, self._eeg),
            "etiology": self._etiology,
            # Issue 16's key images and issue 20's surgery, where the case declares them.
            "images": lambda items: self._each(items, self._image),
            "surgery": self._surgery,
            "tradeoff": self._tradeoff,
        }
        for d in fields.declared(Case):
            value = getattr(case, d.name)
            if d.key in PATIENT_FIELDS:
                continue
            if d.key in special:
                special[d.key](value)
            elif d.info.kind == "group":
                self.observation(d.key, d.key, value, optional=True)
            elif d.info.kind == "list":
                for n, item in enumerate(value):
                    self.observation(f"{d.key}[{n}]", d.key, item)
            elif value not in (None, ()):
                self._scalar_observation(d.key, scalars(case, "", []), d.key)

    @staticmethod
    def _each(items: Any, build: Callable[[int, Any], None]) -> None:
        for n, item in enumerate(items):
            build(n, item)

    def _patient(self) -> dict[str, Any]:
        case, privacy = self.case, self.privacy
        out: dict[str, Any] = {"resourceType": "Patient"}
        if privacy.deidentify:
            out["identifier"] = [{"system": f"{codes.BASE}/NamingSystem/pseudonym", "value": self.seed}]
        else:
            mr = {"coding": [codes.coding(codes.V2_0203, "MR", "Medical record number")]}
            out["identifier"] = [{"type": mr, "system": codes.MRN_SYSTEM, "value": case.mrn}]
            name = {
                **({"family": case.family_name} if case.family_name else {}),
                **({"given": [case.given_name]} if case.given_name else {}),
            }
            if name:
                out["name"] = [name]
            if case.date_of_birth is not None:
                out["birthDate"] = case.date_of_birth.isoformat()
        if case.sex is not None:
            out["gender"] = case.sex
        rest = [v for v in scalars(case, "") if v.path == "referring_center"]
        if ext := extensions(rest, privacy):
            out["extension"] = ext
        return out

    def _spasms(self, spasms: Spasms) -> None:
        condition: dict[str, Any] = {
            "resourceType": "Condition",
            "category": [{"coding": [codes.coding(codes.CONDITION_CATEGORY, "problem-list-item")]}],
            "code": {
                "coding": [
                    codes.coding(codes.SNOMED, codes.WEST_SYNDROME_SNOMED, "West syndrome"),
                    codes.coding(codes.ICD10CM, codes.EPILEPTIC_SPASMS_ICD10CM, "Epileptic spasms"),
                    codes.coding(codes.HPO, codes.INFANTILE_SPASMS_HPO, "Infantile spasms"),
                ],
                "text": "Infantile spasms (West syndrome)",
            },
            "subject": self.subject(),
            **self.privacy.date_element("onset", spasms.onset_date),
        }
        if spasms.ongoing is not None:
            status = "active" if spasms.ongoing else "resolved"
            condition["clinicalStatus"] = {"coding": [codes.coding(codes.CONDITION_CLINICAL, status)]}
            if not spasms.ongoing:
                condition.update(self.privacy.date_element("abatement", spasms.last_seen_date))
        own = [v for v in scalars(spasms, "spasms") if v.path == "spasms.last_seen_date"]
        if ext := extensions(own, self.privacy):
            condition["extension"] = ext
        self.add("spasms", condition, "spasms")
        rest = scalars(spasms, "spasms", ["spasms.onset_date", "spasms.ongoing", "spasms.last_seen_date"])
        if rest:
            self._observation("spasms-signs", "spasms", rest, [])

    def _treatment(self, n: int, treatment: Treatment) -> None:
        privacy = self.privacy
        name = treatment.name if treatment.agent == "other_asm" and privacy.keeps_text else None
        medication = {
            "coding": [
                codes.coding(
                    codes.value_system("treatments.agent"),
                    treatment.agent,
                    vocab.label(vocab.AGENT, treatment.agent),
                )
            ],
            "text": name or vocab.label(vocab.AGENT, treatment.agent),
        }
        ongoing = treatment.end_date is None and treatment.outcome in (None, "ongoing")
        statement: dict[str, Any] = {
            "resourceType": "MedicationStatement",
            "status": "active" if ongoing else "completed",
            "medicationCodeableConcept": medication,
            "subject": self.subject(),
        }
        period = {
            **privacy.date_element("start", treatment.start_date),
            **privacy.date_element("end", treatment.end_date),
        }
        if period and not privacy.deidentify:
            statement["effectivePeriod"] = {k.removesuffix("DateTime"): v for k, v in period.items()}
        if treatment.dose is not None:
            whole = float(treatment.dose).is_integer()
            dose: dict[str, Any] = {"value": int(treatment.dose) if whole else treatment.dose}
            if treatment.dose_unit is not None:
                ucum = codes.UCUM_DOSE[treatment.dose_unit]
                dose.update(unit=treatment.dose_unit, system=codes.UCUM, code=ucum)
            statement["dosage"] = [{"text": "daily dose", "doseAndRate": [{"doseQuantity": dose}]}]
        skip = ["agent", "dose", "dose_unit"] + ([] if privacy.deidentify else ["start_date", "end_date"])
        if treatment.agent == "other_asm":
            skip.append("name")
        rest = scalars(treatment, "treatments", [f"treatments.{key}" for key in skip])
        if ext := extensions(rest, privacy):
            statement["extension"] = ext
        self.add(f"treatments[{n}]", statement, "treatments")

    def _mri(self, n: int, study: MriStudy) -> None:
        report: dict[str, Any] = {
            "resourceType": "DiagnosticReport",
            "status": "final",
            "category": [{"coding": [codes.coding(codes.DIAGNOSTIC_SERVICE, "RAD", "Radiology")]}],
            "code": {"coding": [codes.coding(codes.FIELD_SYSTEM, "mri", "MRI")], "text": "MRI brain"},
            "subject": self.subject(),
            **self.privacy.date_element("effective", study.date),
        }
        if study.finding is not None:
            report["conclusionCode"] = [concept("mri.finding", _info(MriStudy, "finding"), study.finding)]
        if getattr(study, "report", None) and self.privacy.keeps_text:
            report["conclusion"] = getattr(study, "report", None)
        rest = scalars(study, "mri", ["mri.date", "mri.finding", "mri.report"])
        ext = extensions(rest, self.privacy)
        if getattr(study, "report", None) == "":
            ext += extensions([v for v in scalars(study, "mri") if v.path == "mri.report"], self.privacy)
        for k, lesion in enumerate(study.lesions):
            url = self._lesion(f"mri[{n}].lesions[{k}]", lesion)
            ext.append({"url": codes.extension_url("mri.lesions"), "valueReference": {"reference": url}})
        if ext:
            report["extension"] = ext
        self.add(f"mri[{n}]", report, "mri")

    def _lesion(self, key: str, lesion: Any) -> str:
        body: dict[str, Any] = {"resourceType": "BodyStructure", "patient": self.subject()}
        if lesion.type is not None:
            body["morphology"] = concept("mri.lesions.type", _info(type(lesion), "type"), lesion.type)
        if lesion.side is not None:
            body["locationQualifier"] = [
                concept("mri.lesions.side", _info(type(lesion), "side"), lesion.side)
            ]
        if lesion.lobes:
            words = ", ".join(vocab.label(vocab.LOBE, lobe).lower() for lobe in lesion.lobes)
            body["location"] = {"text": f"{words} lobe{'s' if len(lesion.lobes) > 1 else ''}"}
        rest = scalars(lesion, "mri.lesions", ["mri.lesions.type", "mri.lesions.side"])
        if ext := extensions(rest, self.privacy):
            body["extension"] = ext
        return self.add(key, body, "mri.lesions")

    def _eeg(self, n: int, study: EegStudy) -> None:
        """An EEG: its report (``conclusion``) with its findings as the Observation it refers to."""
        text = getattr(study, "report", None)
        url = self.observation(
            f"eeg[{n}].findings", "eeg", study, skip=() if text is None else ("eeg.report",)
        )
        report: dict[str, Any] = {
            "resourceType": "DiagnosticReport",
            "status": "final",
            "category": [{"coding": [codes.coding(codes.DIAGNOSTIC_SERVICE, "EN", "Electroneuro")]}],
            "code": {"coding": [codes.coding(codes.FIELD_SYSTEM, "eeg", "EEG")], "text": "EEG"},
            "subject": self.subject(),
            **self.privacy.date_element("effective", study.date),
            "result": [{"reference": url}],
        }
        if text and self.privacy.keeps_text:
            report["conclusion"] = text
        elif text == "":
            report["extension"] = extensions([v for v in scalars(study, "eeg") if v.path == "eeg.report"])
        self.add(f"eeg[{n}]", report, "eeg")

    def _tradeoff(self, tradeoff: Any) -> None:
        """The trade-off (an Observation of its own fields), and the proposed procedure as the
        ServiceRequest a hospital reads (a proposal; its code is read back from the Observation)."""
        self.observation("tradeoff", "tradeoff", tradeoff, optional=True)
        if tradeoff.proposed_procedure is None:
            return
        code = concept(
            "tradeoff.proposed_procedure",
            _info(type(tradeoff), "proposed_procedure"),
            tradeoff.proposed_procedure,
        )
        request = {
            "resourceType": "ServiceRequest",
            "status": "draft",
            "intent": "proposal",
            "category": [{"coding": [codes.coding(codes.SNOMED, "387713003", "Surgical procedure")]}],
            "code": code,
            "subject": self.subject(),
            "reasonReference": [{"reference": self.url("spasms")}],
        }
        self.add("tradeoff.proposed_procedure", request, "tradeoff.proposed_procedure")

    def _image(self, n: int, image: Any) -> None:
        """A key image as a Media resource, the picture in its Attachment."""
        privacy = self.privacy
        content: dict[str, Any] = {"contentType": image.media_type}
        if privacy.keeps_text:
            content["data"] = base64.b64encode(image.data).decode("ascii")
            if image.caption:
                content["title"] = image.caption
        media = {
            "resourceType": "Media",
            "status": "completed",
            "modality": concept("images.modality", _info(type(image), "modality"), image.modality),
            "subject": self.subject(),
            **privacy.date_element("created", image.study_date if not privacy.deidentify else None),
            "content": content,
        }
        rest = scalars(image, "images", ["images.data", "images.media_type"])
        if ext := extensions(rest, privacy):
            media["extension"] = ext
        self.add(f"images[{n}]", media, "images")

    def _surgery(self, surgery: Any) -> None:
        """The operation performed, as a Procedure; every field also as an extension."""
        values = scalars(surgery, "surgery")
        if not values:
            return
        privacy = self.privacy
        procedure: dict[str, Any] = {
            "resourceType": "Procedure",
            "status": "completed" if surgery.date is not None else "unknown",
            "subject": self.subject(),
            **privacy.date_element("performed", surgery.date),
        }
        cls = type(surgery)
        if surgery.procedure is not None:
            procedure["code"] = concept("surgery.procedure", _info(cls, "procedure"), surgery.procedure)
        if surgery.side is not None:
            procedure["bodySite"] = [concept("mri.lesions.side", _info(cls, "side"), surgery.side)]
        if surgery.complications:
            procedure["complication"] = [
                concept("surgery.complications", _info(cls, "complications"), c)
                for c in surgery.complications
            ]
        if ext := extensions(values, privacy):
            procedure["extension"] = ext
        self.add("surgery", procedure, "surgery")

    def _etiology(self, etiology: Etiology) -> None:
        values = scalars(etiology, "etiology")
        if not values:
            return
        code: dict[str, Any] = {}
        if etiology.category is not None:
            code["coding"] = [
                concept("etiology.category", _info(Etiology, "category"), etiology.category)["coding"][0]
            ]
        keeps_text = self.privacy.keeps_text
        code["text"] = etiology.diagnosis if etiology.diagnosis and keeps_text else "Etiology of the spasms"
        condition = {
            "resourceType": "Condition",
            "category": [{"coding": [codes.coding(codes.CONDITION_CATEGORY, "encounter-diagnosis")]}],
            "code": code,
            "subject": self.subject(),
        }
        if ext := extensions(values, self.privacy):
            condition["extension"] = ext
        self.add("etiology", condition, "etiology")

    # --- Observations: the generic carrier -----------------------------------------------

    def observation(
        self, key: str, path: str, obj: Any, *, optional: bool = False, skip: tuple[str, ...] = ()
    ) -> str | None:
        """``obj`` (an item of the list at ``path``, or the group there) as an Observation with
        a component per value; its lists as member Observations. ``optional``: none when empty."""
        members = []
        for sub_path, _, items in lists(obj, path):
            rel = sub_path[len(path) + 1 :]
            for n, item in enumerate(items):
                members.append(self.observation(f"{key}.{rel}[{n}]", sub_path, item))
        values = scalars(obj, path, skip)
        if optional and not values and not members:
            return None
        when = getattr(obj, "date", None)
        return self._observation(key, path, values, [m for m in members if m], when=when)

    def _observation(
        self, key: str, path: str, values: list[Value], members: list[str], when: Any = None
    ) -> str:
        info = fields.at_path(Case, path)
        title = info.title if info is not None else path
        codings = [codes.field_coding(path, title)]
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "code": {"coding": codings, "text": title},
            "subject": self.subject(),
            **self.privacy.date_element("effective", when if hasattr(when, "isoformat") else None),
        }
        if parts := components(values, self.privacy):
            resource["component"] = parts
        if members:
            resource["hasMember"] = [{"reference": m} for m in members]
        return self.add(key, resource, path)

    def _scalar_observation(self, key: str, values: list[Value], path: str) -> None:
        for item in values:
            if item.path != path:
                continue
            value = element(item, self.privacy)
            if not value:
                continue
            codings = [codes.field_coding(path, item.info.title)]
            resource = {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": codings, "text": item.info.title},
                "subject": self.subject(),
                **value,
            }
            self.add(key if item.info.kind != "codes" else f"{key}={item.value}", resource, path)


def _info(cls: type, name: str) -> Any:
    return next(d.info for d in fields.declared(cls) if d.name == name)

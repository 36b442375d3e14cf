"""A case conference as a FHIR ``document`` Bundle: a Composition first, then per case the
Patient, the West syndrome Condition, the candidacy checklist (ClinicalImpression) and the
decision (CarePlan); the attendance as a CareTeam; each sign-off as a Provenance.

It is built from the meeting summary (``isconf.summary.content``): the very content the
signatures bind, named by its SHA-256 in each Provenance.

De-identified (``deidentify=True``), it is built from the summary's de-identified form
(``isconf.summary.deidentified``) instead: each Patient is named by its pseudonym only (no
name, MRN or birth date), every typed text (the title, a rationale, a dissent, an action
item…) is printed only when marked checked for identifiers and then scrubbed
(``isconf.deid_text``), and a child's dates are ages in words, so the moments a FHIR
element would need as a date (when the checklist was evaluated, when the decision was
recorded) are left out. The meeting's own date stays.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from isconf import vocab
from isconf.fhir import codes
from isconf.fhir.bundle import bundle
from isconf.meetings import vocab as meeting_vocab
from isconf.summary.content import SummaryPackage
from isconf.summary.deidentified import deidentified_content

NAMESPACE = uuid.UUID("0f5c1f1e-56a4-4c5e-8a0e-1f0b8d7f3a42")
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
AUTHOR_SIGNATURE = "1.2.840.10065.1.12.1.1"


def meeting_document(
    pkg: SummaryPackage, timestamp: str, *, deidentify: bool = False, checked: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The ``document`` Bundle of a meeting's summary package; de-identified (see the module
    docstring), ``checked`` names the texts marked checked for identifiers (their SHA-256)."""
    if deidentify:
        shown = deidentified_content(pkg.content, pkg.identification, checked)
        pseudonyms = [{"pseudonym": case.get("pseudonym")} for case in shown.get("cases", [])]
        pkg = replace(pkg, content=shown, identification={"cases": pseudonyms})
    return _Document(pkg, deidentify=deidentify).bundle(timestamp)


class _Document:
    def __init__(self, pkg: SummaryPackage, *, deidentify: bool = False) -> None:
        self.pkg = pkg
        self.deidentify = deidentify
        self.meeting = pkg.content["meeting"]
        self.entries: list[tuple[str, dict[str, Any]]] = []

    def url(self, key: str) -> str:
        name = f"{self.meeting.get('ref')}/{self.pkg.content_sha256}/{key}"
        return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"

    def add(self, key: str, resource: dict[str, Any]) -> str:
        url = self.url(key)
        self.entries.append((url, {"resourceType": resource.pop("resourceType"), "id": url[9:], **resource}))
        return url

    def bundle(self, timestamp: str) -> dict[str, Any]:
        meeting = self.meeting
        team = self._care_team()
        sections = []
        people = {p["pseudonym"]: p for p in self.pkg.identification.get("cases", [])}
        for case in self.pkg.content["cases"]:
            sections.append(self._case(case, people.get(case["pseudonym"], {}), team))
        composition = {
            "resourceType": "Composition",
            "identifier": {
                "system": f"{codes.BASE}/NamingSystem/meeting-summary",
                "value": self.pkg.content_sha256,
            },
            "status": "final" if self.pkg.locked else "preliminary",
            "type": {
                "coding": [
                    codes.coding(
                        codes.value_system("document"),
                        "conference-summary",
                        "Epilepsy surgery case conference summary",
                    )
                ]
            },
            "date": meeting["date"],
            "author": [{"display": meeting.get("chair") or "isconf"}],
            "title": meeting.get("title") or "Case conference",
            "section": [{"title": "Attendance", "entry": [{"reference": team}]}, *sections],
        }
        url = self.url("composition")
        self.entries.insert(
            0,
            (
                url,
                {
                    "resourceType": "Composition",
                    "id": url[9:],
                    **{k: v for k, v in composition.items() if k != "resourceType"},
                },
            ),
        )
        for n, signature in enumerate(self.pkg.signatures):
            self._provenance(n, signature, url)
        identifier = {"system": f"{codes.BASE}/NamingSystem/meeting", "value": str(meeting.get("ref"))}
        return bundle("document", self.entries, identifier=identifier, timestamp=timestamp)

    def _care_team(self) -> str:
        participants = []
        for person in self.pkg.content.get("attendance", []):
            participants.append({
                "role": [{"text": person["role"]}],
                "member": {"display": person["name"]},
                "extension": [{"url": codes.extension_url("attendance.present"), "valueBoolean": person["present"]}],
            })  # fmt: skip
        team: dict[str, Any] = {
            "resourceType": "CareTeam",
            "status": "active",
            "name": self.meeting.get("title"),
        }
        if participants:
            team["participant"] = participants
        return self.add("attendance", team)

    def _case(self, case: dict[str, Any], person: dict[str, Any], team: str) -> dict[str, Any]:
        key = case["pseudonym"]
        patient: dict[str, Any] = {"resourceType": "Patient"}
        if self.deidentify:
            patient["identifier"] = [{"system": f"{codes.BASE}/NamingSystem/pseudonym", "value": key}]
        elif person.get("mrn"):
            mr = {"coding": [codes.coding(codes.V2_0203, "MR")]}
            patient["identifier"] = [{"type": mr, "system": codes.MRN_SYSTEM, "value": person["mrn"]}]
        name = {
            k: v
            for k, v in (("family", person.get("family_name")), ("given", [person.get("given_name")]))
            if v and v != [None]
        }
        if name:
            patient["name"] = [name]
        if person.get("date_of_birth"):
            patient["birthDate"] = person["date_of_birth"]
        subject = {"reference": self.add(f"{key}/patient", patient)}
        condition = self.add(f"{key}/condition", {
            "resourceType": "Condition",
            "code": {"coding": [codes.coding(codes.SNOMED, codes.WEST_SYNDROME_SNOMED, "West syndrome")]},
            "subject": subject,
        })  # fmt: skip
        evaluation = dict(case["evaluation"])
        if self.deidentify:
            evaluation.pop("as_of", None)  # an age in words: no FHIR date
        impression = self._impression(key, evaluation, subject)
        entries = [subject, {"reference": condition}, {"reference": impression}]
        if case.get("decision") is not None or case.get("action_items"):
            entries.append({"reference": self._care_plan(key, case, subject, condition, team)})
        return {"title": f"{case['position']}. {case['initials']}", "entry": entries}

    def _impression(self, key: str, evaluation: dict[str, Any], subject: dict[str, Any]) -> str:
        findings = []
        for criterion in evaluation.get("criteria", []):
            findings.append({
                "itemCodeableConcept": {
                    "coding": [codes.coding(codes.value_system("criterion"), criterion["id"])],
                    "text": criterion["id"].replace("_", " "),
                },
                "basis": f"{criterion['state']}: {criterion['reason']}",
            })  # fmt: skip
        effective = {"effectiveDateTime": evaluation["as_of"]} if evaluation.get("as_of") else {}
        return self.add(f"{key}/checklist", {
            "resourceType": "ClinicalImpression",
            "status": "completed",
            "subject": subject,
            **effective,
            "summary": f"Candidacy status: {evaluation.get('status')}; pathway: {evaluation.get('pathway')}",
            "protocol": [f"{codes.BASE}/rules/{evaluation.get('rules_version')}"],
            "finding": findings,
        })  # fmt: skip

    def _care_plan(
        self, key: str, case: dict[str, Any], subject: dict[str, Any], condition: str, team: str
    ) -> str:
        decision = case.get("decision") or {}
        activities = []
        if decision.get("recommendation"):
            code = decision["recommendation"]
            words = _label(meeting_vocab.RECOMMENDATION, code)
            activities.append(
                _activity("recommendation", code, words, "scheduled", decision.get("rationale"))
            )
        for test in decision.get("tests_requested", []):
            activities.append(_activity("test", test, _label(meeting_vocab.TEST, test), "not-started", None))
        for item in case.get("action_items", []):
            activity = {"detail": {"status": "completed" if item["done"] else "not-started",
                                   "description": item["description"]}}  # fmt: skip
            if item.get("due_date"):
                activity["detail"]["scheduledString"] = f"due {item['due_date']}"
            activities.append(activity)
        plan: dict[str, Any] = {
            "resourceType": "CarePlan",
            "status": "active" if decision else "draft",
            "intent": "plan",
            "title": "Case conference decision",
            "subject": subject,
            "addresses": [{"reference": condition}],
            "careTeam": [{"reference": team}],
            "activity": activities,
        }
        if decision.get("rationale"):
            plan["description"] = decision["rationale"]
        notes = (
            [f"Consensus: {_label(meeting_vocab.CONSENSUS, decision['consensus'])}"]
            if decision.get("consensus")
            else []
        )
        if decision.get("dissent"):
            notes.append(f"Dissent: {decision['dissent']}")
        for option in case.get("options_considered", []):
            notes.append(
                f"Option considered: {_label(vocab.OPTION, option['option'])}"
                + (f" ({option['note']})" if option.get("note") else "")
            )
        if notes:
            plan["note"] = [{"text": n} for n in notes]
        if decision.get("decided_at") and not self.deidentify:  # de-identified: a moment in words
            plan["created"] = decision["decided_at"]
        return self.add(f"{key}/decision", plan)

    def _provenance(self, n: int, signature: dict[str, Any], composition: str) -> None:
        who = {"display": f"{signature['name']} ({signature['role']})"}
        self.add(f"signature/{n}", {
            "resourceType": "Provenance",
            "target": [{"reference": composition}],
            "recorded": signature["signed_at"],
            "agent": [{"who": who}],
            "signature": [{
                "type": [codes.coding(SIGNATURE_TYPE, AUTHOR_SIGNATURE, "Author's Signature")],
                "when": signature["signed_at"],
                "who": who,
                "targetFormat": "application/json",
                "extension": [
                    {"url": codes.extension_url("signature.meaning"), "valueString": signature.get("meaning") or "approved"},
                    {"url": codes.extension_url("signature.content-sha256"), "valueString": signature["content_sha256"]},
                ],
            }],
        })  # fmt: skip


def _activity(kind: str, code: str, words: str, status: str, description: str | None) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "code": {
            "coding": [codes.coding(codes.value_system(f"decision.{kind}"), code, words)],
            "text": words,
        },
        "status": status,
    }
    if description:
        detail["description"] = description
    return {"detail": detail}


def _label(vocabulary: vocab.Vocabulary, code: str) -> str:
    return vocab.label(vocabulary, code) if code in vocab.codes(vocabulary) else code

"""What a signature binds: the meeting summary as one canonical JSON document.

``build_content`` reads a meeting and the cases on its agenda into two plain
documents:

- the **content** (``isconf-meeting-summary/1``): the meeting, attendance, and per
  case the initials, age, key findings, the evaluation the decision stored (or
  today's, for a case not yet decided), the trade-off, the decision, the options
  considered and the action items. Cases are named by their random pseudonym;
- the **identification**: per pseudonym the MRN, names and date of birth, with a
  random salt. The content carries only its SHA-256 (``identification_sha256``).

The content hash is the SHA-256 of ``canonical_json(content)``. Splitting the
identifiers out lets a de-identified summary carry the very content that was
signed (its hash still verifies) without the identifiers, and the salt keeps
the identification hash from being reversed by trying every MRN.

Canonical JSON: keys sorted, no insignificant whitespace, UTF-8 (not ASCII
escapes), floats as Python writes them (shortest round-trip form). The rules
are in ``docs/summary-format.md``; changing them breaks every stored signature.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from isconf import clock, rules
from isconf.canonical import canonical_json as canonical_json  # the name stays here for callers
from isconf.canonical import sha256_hex as sha256_hex
from isconf.meetings.findings import key_findings
from isconf.meetings.model import AgendaEntry, Meeting
from isconf.summary.clinical import clinical_content
from isconf.summary.deidentified import FORMAT as DEIDENTIFIED_FORMAT
from isconf.summary.deidentified import deidentified_content
from isconf.tradeoff.model import build_tradeoff

if TYPE_CHECKING:
    from isconf.cases.model import StoredCase
    from isconf.cases.service import CaseService
    from isconf.meetings.service import MeetingService


class SummarySources(Protocol):
    """Where a summary reads the meeting and its cases: ``Services`` is one, ``Sources`` another."""

    @property
    def meetings(self) -> MeetingService: ...

    def get_case(self, mrn: str) -> StoredCase: ...


@dataclass(frozen=True)
class Sources:
    """The meetings and cases services, as the signing service hands them to a summary."""

    meetings: MeetingService
    cases: CaseService

    def get_case(self, mrn: str) -> StoredCase:
        return self.cases.get_case(mrn)


FORMAT = "isconf-meeting-summary/1"
ATTACHMENT_FORMAT = "isconf-signed-summary/1"
ATTACHMENT_NAME = "isconf-summary.json"  # the file attached inside every summary PDF


@dataclass(frozen=True)
class SummaryPackage:
    """Everything a summary PDF shows and attaches.

    ``signatures`` are the manifest entries of this revision (dicts with at least
    ``name``, ``role``, ``meaning``, ``signed_at`` (ISO 8601 with offset),
    ``time_zone`` and ``content_sha256``); ``locked`` is True once the required
    signatures are in. A package of a meeting that was never signed is a draft.
    """

    content: dict[str, Any]
    identification: dict[str, Any]
    content_sha256: str
    signatures: tuple[dict[str, Any], ...] = ()
    required_signers: tuple[str, ...] = ()
    locked: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def hash_prefix(self) -> str:
        return self.content_sha256[:12]


def package(
    content: dict[str, Any],
    identification: dict[str, Any],
    *,
    signatures: tuple[dict[str, Any], ...] = (),
    required_signers: tuple[str, ...] = (),
    locked: bool = False,
) -> SummaryPackage:
    return SummaryPackage(
        content=content,
        identification=identification,
        content_sha256=sha256_hex(content),
        signatures=signatures,
        required_signers=required_signers,
        locked=locked,
    )


def build_content(
    services: SummarySources,
    meeting_id: int,
    *,
    today: date | None = None,
    amends: dict[str, Any] | None = None,
    salt: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The content and identification documents of a meeting as it is stored now.

    ``amends``: for an amended meeting, the signed revision it amends
    (``{"revision", "content_sha256", "reason"}``), recorded as ``content["meeting"]["amends"]``
    so the new revision's signatures also bind what it replaces (``isconf.signing.service``
    passes it; a meeting never amended has no such key). ``salt``: the meeting's stored
    summary salt, so the same meeting gives the same hash; a fresh one when not given.
    """
    today = today or clock.today()
    meeting = services.meetings.get_meeting(meeting_id, today=today)
    salt = salt or secrets.token_hex(16)
    cases, people = [], []
    for entry in meeting.agenda:
        case_json, person = _case(services, meeting, entry, today)
        cases.append(case_json)
        people.append(person)
    identification = {"salt": salt, "cases": people}
    meeting_json = _meeting(meeting)
    if amends is not None:
        meeting_json["amends"] = amends
    content = {
        "format": FORMAT,
        "meeting": meeting_json,
        "attendance": [a.to_json() for a in meeting.attendance],
        "absent_core_disciplines": list(meeting.absent_core_disciplines),
        "cases": cases,
        "identification_sha256": sha256_hex(identification),
    }
    return content, identification


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "ref": meeting.ref,
        "id": meeting.id,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "place": meeting.place,
        "chair": meeting.chair,
        "status": meeting.status,
        "revision": meeting.revision,
        "order": "manual" if meeting.manual_order else "urgency",
    }


def _case(
    services: SummarySources, meeting: Meeting, entry: AgendaEntry, today: date
) -> tuple[dict[str, Any], dict[str, Any]]:
    case = entry.case if entry.case is not None else services.get_case(entry.mrn).case
    decision = entry.decision
    if decision is not None:
        evaluation_doc = decision.evaluation
        as_of = date.fromisoformat(evaluation_doc["as_of"])
        evaluation = rules.evaluate(case, as_of)
    else:
        # Not decided: what the team would see today, as of the meeting day at the latest.
        as_of = min(meeting.date, today)
        evaluation = rules.evaluate(case, as_of)
        evaluation_doc = evaluation.to_document()
    tradeoff = build_tradeoff(case, as_of, evaluation).to_json()
    tradeoff.pop("mrn", None)  # the identifiers live in the identification document only
    content = {
        "pseudonym": entry.pseudonym,
        "initials": entry.initials,
        "age_months": entry.age_months,
        "position": entry.position,
        "slot": meeting.slot_words(entry),
        "minutes": entry.minutes,
        "question": entry.question,
        "key_findings": [{"label": label, "text": text} for label, text in key_findings(case, as_of)],
        "evaluation": evaluation_doc,
        "evaluation_source": "decision" if decision is not None else "current",
        "tradeoff": tradeoff,
        "decision": _decision(decision.to_json()) if decision is not None else None,
        "options_considered": [o.to_json() for o in entry.options],
        "action_items": [a.to_json() for a in entry.actions],
        "clinical": clinical_content(case, as_of),
    }
    person = {
        "pseudonym": entry.pseudonym,
        "mrn": entry.mrn,
        "family_name": entry.family_name,
        "given_name": entry.given_name,
        "date_of_birth": entry.date_of_birth.isoformat() if entry.date_of_birth else None,
    }
    return content, person


def _decision(decision: dict[str, Any]) -> dict[str, Any]:
    """The decision without its evaluation copy (the case's ``evaluation`` is that document)."""
    return {key: value for key, value in decision.items() if key != "evaluation"}


def attachment_document(pkg: SummaryPackage, *, deidentify: bool) -> dict[str, Any]:
    """The JSON attached inside a summary PDF: the signed content, its hash, the signature
    manifest, and the identification it names by hash. De-identified, the content's
    de-identified form (``isconf.summary.deidentified``) with that form's own hash takes the
    place of the content, and the identification is left out; ``content_sha256`` still names
    the signed content, so the sign-offs still name it."""
    document: dict[str, Any] = {
        "format": ATTACHMENT_FORMAT,
        "content_sha256": pkg.content_sha256,
        "content": pkg.content,
        "signatures": list(pkg.signatures),
        "required_signers": list(pkg.required_signers),
        "locked": pkg.locked,
        "deidentified": deidentify,
    }
    if "audit_head" in pkg.extra:  # issue 23: isconf check --against this summary
        document["audit_head"] = pkg.extra["audit_head"]
    if deidentify:
        shown = deidentified_content(
            pkg.content, pkg.identification, pkg.extra.get("texts_checked", frozenset())
        )
        document["content"] = shown
        document["deidentified_content_sha256"] = sha256_hex(shown)
    else:
        document["identification"] = pkg.identification
    return document


def attachment_problems(document: Any) -> list[str]:
    """Why an attached summary does not hold together (empty when it does): the content's
    hash, the identification's hash, and every signature's hash must all agree. A
    de-identified form cannot be hashed back to the signed content (its dates are words):
    its own recorded hash must agree with it, and every signature with the recorded content hash."""
    if not isinstance(document, dict) or document.get("format") != ATTACHMENT_FORMAT:
        return [f"the attached file is not an {ATTACHMENT_FORMAT} document"]
    content = document.get("content")
    if not isinstance(content, dict):
        return ["the attached file has no content"]
    problems = []
    actual = sha256_hex(content)
    if content.get("format") == DEIDENTIFIED_FORMAT:
        recorded = document.get("deidentified_content_sha256")
        if recorded != actual:
            problems.append(
                f"the de-identified content's SHA-256 is {actual[:12]}…, not the recorded "
                f"{str(recorded)[:12]}… (the content was changed)"
            )
        signed = document.get("content_sha256")
    else:
        if document.get("content_sha256") != actual:
            problems.append(
                f"the content's SHA-256 is {actual[:12]}…, not the recorded "
                f"{str(document.get('content_sha256'))[:12]}… (the content was changed)"
            )
        signed = actual
    identification = document.get("identification")
    if identification is not None and sha256_hex(identification) != content.get("identification_sha256"):
        problems.append("the identification does not match the hash the content records")
    signatures = document.get("signatures", [])
    if not isinstance(signatures, list):
        problems.append("the attached file's signatures are not a list of sign-offs")
        signatures = []
    for signature in signatures:
        if not isinstance(signature, dict) or signature.get("content_sha256") != signed:
            who = signature.get("name", "?") if isinstance(signature, dict) else "?"
            problems.append(f"the signature of {who} was given to different content")
    return problems

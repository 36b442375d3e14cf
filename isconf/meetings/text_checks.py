"""Marking a meeting's free text "checked for identifiers" (issue 23).

A de-identified output prints a free text only once a team member has read it and found
no identifier in it (``isconf.deid_text``). The mark names the text by its SHA-256 in the
meeting, so editing the text later leaves the new text unmarked without anyone clearing
the mark; each mark is an audited event of the meeting.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from isconf.changes import Changes
from isconf.clock import SYSTEM, Clock
from isconf.errors import Problem, ServiceError
from isconf.meetings.model import Meeting
from isconf.meetings.records import audit_meeting, require_meeting
from isconf.store.audit import current_actor
from isconf.store.database import Database
from isconf.store.meeting_tables import MeetingRecord
from isconf.store.signing_tables import MeetingRevisionRecord
from isconf.store.text_check_tables import TextCheckRecord

if TYPE_CHECKING:
    from isconf.domain import Case


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def meeting_texts(meeting: Meeting) -> dict[str, str]:
    """Every free text of ``meeting`` a de-identified output may print, by where it is
    (``title``, ``DEMO-1001 question``, ``DEMO-1001 action 1``, ``DEMO-1001 family goals`` …):
    the meeting's own and those of each agenda case's file that a summary or the slide shows.
    An amendment's reason is stored with the signing records: ``TextCheckService.texts``."""
    texts: dict[str, str | None] = {"title": meeting.title, "place": meeting.place}
    for item in meeting.agenda:
        texts[f"{item.mrn} question"] = item.question
        if item.decision is not None:
            texts[f"{item.mrn} rationale"] = item.decision.rationale
            texts[f"{item.mrn} dissent"] = item.decision.dissent
        for n, option in enumerate(item.options, 1):
            texts[f"{item.mrn} option {n} note"] = option.note
        for n, action in enumerate(item.actions, 1):
            texts[f"{item.mrn} action {n}"] = action.description
            texts[f"{item.mrn} action {n} owner"] = action.owner
        if item.case is not None:
            texts |= case_texts(item.mrn, item.case)
    return {where: text for where, text in texts.items() if text and text.strip()}


def case_texts(mrn: str, case: Case) -> dict[str, str | None]:
    """The typed texts of a case file a summary or the slide may show: the family's goals, the
    MRI and EEG reports, the key images' captions, the raters' comments and the notes of the
    team's own benefit figures (a rater named by a role is a code, not typed text)."""
    texts: dict[str, str | None] = {f"{mrn} family goals": case.family.goals}
    for n, mri in enumerate(case.mri, 1):
        texts[f"{mrn} MRI {n} report"] = mri.report
    for n, eeg in enumerate(case.eeg, 1):
        texts[f"{mrn} EEG {n} report"] = eeg.report
    for n, image in enumerate(case.images, 1):
        texts[f"{mrn} image {n} caption"] = image.caption
    for n, assessment in enumerate(case.tradeoff.assessments, 1):
        texts[f"{mrn} rating {n} comment"] = assessment.comment
    for n, figure in enumerate(case.tradeoff.benefit_overrides, 1):
        texts[f"{mrn} team's figure {n} note"] = figure.note
    return texts


def checked_hashes(session: Session, meeting_id: int) -> frozenset[str]:
    rows = session.exec(
        select(TextCheckRecord.text_sha256).where(col(TextCheckRecord.entity) == f"meeting {meeting_id}")
    )
    return frozenset(rows)


@dataclass(frozen=True)
class CheckedText:
    """One typed text of a meeting, where it is, and whether it is marked checked now."""

    where: str
    text: str
    checked: bool


@dataclass
class TextCheckService:
    database: Database
    clock: Clock = SYSTEM

    def checked(self, meeting_id: int) -> frozenset[str]:
        """The SHA-256 of every text of the meeting marked checked (any edit leaves it out)."""
        with self.database.reading() as session:
            return checked_hashes(session, meeting_id)

    def texts(self, meeting: Meeting) -> dict[str, str]:
        """``meeting_texts``, and the reason of each amendment (the current one, ``amendment
        reason``, and those of signed revisions, ``revision 2 amendment reason``): a summary
        of that revision prints it."""
        texts = meeting_texts(meeting)
        with self.database.reading() as session:
            record = session.get(MeetingRecord, meeting.id)
            revisions = session.exec(
                select(MeetingRevisionRecord.revision, MeetingRevisionRecord.amendment_reason)
                .where(col(MeetingRevisionRecord.meeting_id) == meeting.id)
                .order_by(col(MeetingRevisionRecord.revision))
            ).all()
        reasons = {f"revision {revision} amendment reason": reason for revision, reason in revisions}
        reasons["amendment reason"] = record.amendment_reason if record is not None else None
        seen = set(texts.values())
        for where, reason in reasons.items():
            if reason and reason.strip() and reason not in seen:
                texts[where] = reason
                seen.add(reason)
        return texts

    def listing(self, meeting: Meeting) -> list[CheckedText]:
        """The meeting's typed texts, each with its mark (as ``meeting`` was read)."""
        return [
            CheckedText(where, text, text_sha256(text) in meeting.checked_texts)
            for where, text in self.texts(meeting).items()
        ]

    def mark_checked(self, meeting: Meeting, where: str) -> Changes:
        """Record that the current user read the text at ``where`` (a key of
        ``meeting_texts``) and found no identifier in it."""
        texts = self.texts(meeting)
        if where not in texts:
            known = ", ".join(texts) or "none"
            raise ServiceError(
                [Problem("text", f"{where!r} is no free text of this meeting (texts: {known})")]
            )
        digest = text_sha256(texts[where])
        entity = f"meeting {meeting.id}"
        with self.database.writing() as session:
            record = require_meeting(session, meeting.id)
            if digest in checked_hashes(session, meeting.id):
                return Changes()
            session.add(
                TextCheckRecord(
                    entity=entity,
                    field=where[:200],
                    text_sha256=digest,
                    checked_by=current_actor(),
                    checked_at=self.clock.now(),
                )
            )
            audit_meeting(session, record, "check_text", [(f"{where} checked for identifiers", None, digest)])
        return Changes.of(meetings=[meeting.id])

"""Case rows: insert, replace and audit them, and remember each case's evaluation beside it.
Used by ``isconf.cases.service`` only (and the benchmark's synthetic database)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from isconf import rules, timeline
from isconf.cases.model import StoredCase
from isconf.changes import Changes
from isconf.clock import SYSTEM, Clock
from isconf.deidentify import new_pseudonym
from isconf.diffing import diff_documents
from isconf.domain import Case, Spasms
from isconf.errors import Problem, ServiceError
from isconf.schema import case_to_dict
from isconf.store import audit, find, mapping
from isconf.store.tables import CaseRecord


def stored(session: Session, record: CaseRecord) -> StoredCase:
    return StoredCase(mapping.read_case(session, record), record.version, record.updated_at)


def stored_by_mrn(session: Session, mrn: str) -> StoredCase:
    """The stored case with this MRN, in one statement; raises ``NotFoundError``."""
    found = mapping.read_by_mrn(session, mrn)
    if found is None:
        raise find.not_found(mrn)
    row, case = found
    return StoredCase(case, row.version, row.updated_at)


def insert(session: Session, case: Case, clock: Clock = SYSTEM) -> StoredCase:
    return insert_many(session, [case], clock)[0]


def insert_many(session: Session, cases: Sequence[Case], clock: Clock = SYSTEM) -> list[StoredCase]:
    """Insert new cases (their MRNs free) with their lists and audit events, each table's rows
    in one executemany for them all: an import's batch costs the statements of one case."""
    if not cases:
        return []
    now = clock.now()
    rows = []
    for case in cases:
        values = mapping.scalar_values(case) | evaluation_values(case, clock)
        values |= {"mrn": case.mrn, "created_at": now, "updated_at": now, "version": 1}
        rows.append(values | {"pseudonym": new_pseudonym()})
    ids = mapping.insert_cases(session, rows)
    mapping.add_children_of(session, list(zip(ids, cases, strict=True)))
    audit.record_writes(
        session,
        [
            audit.Write(
                "create", "case", row["pseudonym"], case.mrn, [(audit.WHOLE_RECORD, None, audited(case))]
            )
            for row, case in zip(rows, cases, strict=True)
        ],
    )
    return [StoredCase(case, 1, now, Changes.of(cases=[case.mrn])) for case in cases]


def replace(session: Session, record: CaseRecord, case: Case, clock: Clock = SYSTEM) -> StoredCase:
    assert record.id is not None
    lists = mapping.read_lists(session, [record.id])[record.id]
    was = mapping.case_of(record, lists)
    before = audited(was)
    changes = diff_documents(before, audited(case), path="")
    if not changes:
        # Nothing to write: the version stays, so no other workstation gets a needless conflict.
        return StoredCase(mapping.case_of(record, lists), record.version, record.updated_at)
    fields = [(c.path.lstrip("."), c.old, c.new) for c in changes]
    old_mrn = record.mrn
    audit_case(session, record, "update", fields, key=case.mrn)  # filed under the MRN it now has
    mapping.write_scalars(record, case)
    remember_evaluation(record, case, clock, was=was)
    # updated_at always changes, so the row is always UPDATEd, and SQLAlchemy's version
    # counter (version_id_col) both checks the version it read and increments it.
    record.updated_at = clock.now()
    session.add(record)
    session.flush()
    # Only the rows that differ (a save that edits one treatment sends one UPDATE for it).
    mapping.replace_children(session, record.id, lists, case)
    # A renamed case changed under both MRNs: a list showing the old one drops it.
    return StoredCase(case, record.version, record.updated_at, Changes.of(cases={old_mrn, case.mrn}))


def audited(case: Case) -> dict[str, Any]:
    """The case as the audit trail records it: an image by the SHA-256 of its bytes (the bytes
    are stored once, in the case; a trail of megabytes of base64 would say no more)."""
    document = case_to_dict(case)
    for item, image in zip(document["images"], case.images, strict=True):
        item["data"] = "sha256:" + hashlib.sha256(image.data).hexdigest()
    return document


def ref(record: CaseRecord) -> str:
    """The case's stable reference: its pseudonym (set at insert, or by migration 0003)."""
    if record.pseudonym is None:  # refuse rather than file events, or export, without it
        raise ServiceError([Problem("mrn", "this case has no pseudonym; run isconf check")])
    return record.pseudonym


def audit_case(
    session: Session, record: CaseRecord, action: str, changes: list[audit.Change], *, key: str | None = None
) -> None:
    """The case's audit events, in the transaction of the change they describe."""
    audit.record_changes(
        session, action=action, entity="case", entity_ref=ref(record), key=key or record.mrn, changes=changes
    )


def remember_evaluation(
    record: CaseRecord, case: Case, clock: Clock = SYSTEM, *, was: Case | None = None
) -> None:
    """Store today's evaluation summary beside the case for the list to read; and, when the
    edit from ``was`` changes the status (both judged today, so the passing of time alone
    never counts), when and from what to what (re-screening reads it)."""
    values = evaluation_values(case, clock)
    if was is not None:
        before = status_today(record, was, values["eval_as_of"])
        if before != values["eval_status"]:
            record.status_changed_at = clock.now()
            record.status_changed_from, record.status_changed_to = before, values["eval_status"]
    for name, value in values.items():
        setattr(record, name, value)


def status_today(record: CaseRecord, case: Case, today: date) -> str:
    """The status of the stored ``case`` today: the remembered one when it was judged today
    under these rules, else judged again."""
    if record.eval_as_of == today and record.eval_rules_version == rules.RULES_VERSION and record.eval_status:
        return record.eval_status
    return rules.evaluate(case, today).status


def evaluation_values(case: Case, clock: Clock = SYSTEM) -> dict[str, Any]:
    """Today's evaluation summary as ``case_record`` column values."""
    today = clock.today()
    evaluation = rules.evaluate(case, today)
    return {
        "eval_rules_version": evaluation.rules_version,
        "eval_as_of": today,
        "eval_stable_until": rules.stable_until(case, today),
        "eval_status": evaluation.status,
        "eval_pathway": evaluation.pathway,
        "eval_resistance_date": evaluation.urgency.drug_resistance_date,
        "eval_alarms": [w.code for w in evaluation.alarms],
    }


def summary_holds(rules_version: str | None, as_of: date | None, until: date | None, today: date) -> bool:
    """Whether a stored evaluation summary still holds (unpacked: see ``listing.case_lines``)."""
    return (
        rules_version == rules.RULES_VERSION
        and as_of is not None
        and as_of <= today
        and (until is None or today < until)
    )


def evaluate_records(
    session: Session, ids: list[int], today: date
) -> dict[int, tuple[str, str | None, date | None, list[str]]]:
    """Status, pathway, resistance date and alarms of the cases whose stored summary is stale."""
    if not ids:
        return {}
    stale = session.exec(select(CaseRecord).where(col(CaseRecord.id).in_(ids))).all()
    found = {}
    for case_id, case in mapping.read_cases(session, stale).items():  # two statements for them all
        evaluation = rules.evaluate(case, today)
        found[case_id] = (
            evaluation.status,
            evaluation.pathway,
            evaluation.urgency.drug_resistance_date,
            [w.code for w in evaluation.alarms],
        )
    return found


def spasm_weeks(spasms: Spasms, today: date) -> float | None:
    if spasms.onset_date is None or spasms.onset_date > today:
        return None
    return timeline.spasm_weeks(spasms, today)

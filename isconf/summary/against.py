"""``isconf check --against SUMMARY.pdf``: the audit trail before a signed summary was not
rewritten.

Editing an event and recomputing every later hash with isconf's own function (and the
anchor) leaves a chain that holds together; only a hash kept outside the database tells.
Each exported summary carries the trail's head when it was made (``audit_head``: how many
events, and the last one's hash, inside the signed PDF's attached JSON); the event at that
position must still carry that hash.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from isconf.store.audit import GENESIS
from isconf.store.tables import AuditEventRecord


def against_problems(engine: Engine, summary: Path) -> list[str]:
    """Whether the trail still holds the head ``summary`` recorded (one line a problem)."""
    head, problem = _recorded_head(summary)
    if problem is not None:
        return [f"--against {summary.name}: {problem}"]
    assert head is not None
    events, recorded = head
    with Session(engine) as session:
        query = select(AuditEventRecord.hash).order_by(col(AuditEventRecord.id)).offset(events - 1).limit(1)
        found = session.exec(query).first() if events > 0 else GENESIS
    if found is None:
        return [f"audit trail: holds fewer than the {events} events {summary.name} recorded (events removed)"]
    if found != recorded:
        return [
            f"audit trail: event {events} no longer has the hash {summary.name} recorded "
            f"({recorded[:12]}…): the trail before that summary was rewritten"
        ]
    return []


def _recorded_head(summary: Path) -> tuple[tuple[int, str] | None, str | None]:
    from isconf.summary import attachment
    from isconf.summary.pades_verify import verify_pdf

    try:
        data = summary.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror})"
    report = verify_pdf(data)
    if not report.signed or not report.intact:
        return None, "is not an intact signed isconf summary (run isconf verify on it)"
    try:
        document = attachment.read_json(data)
    except Exception:
        return None, "holds no readable isconf summary"
    head = document.get("audit_head") if isinstance(document, dict) else None
    if (
        not isinstance(head, dict)
        or not isinstance(head.get("events"), int)
        or not isinstance(head.get("sha256"), str)
    ):
        return None, "records no audit trail head (exported by an isconf before it did)"
    return (head["events"], head["sha256"]), None

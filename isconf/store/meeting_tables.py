"""SQLModel tables for case conferences: the meeting, its agenda, attendance,
the options considered, decisions and action items.

A meeting's ``status`` is a plain string (planned, in_progress, closed; issue 6
adds signed) and ``revision`` counts changes after closing, so signatures and
amendments can name what they signed. Rows carry SQLAlchemy's version counter
(``version_id_col``), like cases: a stale save is refused, never lost.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _fk(target: str, *, cascade: bool = True) -> Any:
    return Field(
        sa_column=Column(
            Integer,
            ForeignKey(target, ondelete="CASCADE" if cascade else "RESTRICT"),
            nullable=False,
            index=True,
        )
    )


_MEETING_VERSION = Column("version", Integer, nullable=False, default=1)
_DECISION_VERSION = Column("version", Integer, nullable=False, default=1)


class MeetingRecord(SQLModel, table=True):
    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    # Random and set once: the meeting's name in the audit trail (row ids may be reused).
    ref: str = Field(max_length=20, unique=True, index=True)
    title: str = Field(max_length=200)
    date: dt.date
    start_time: dt.time | None = None
    place: str | None = Field(default=None, max_length=200)
    video_link: str | None = Field(default=None, max_length=500)
    chair: str | None = Field(default=None, max_length=100)
    status: str = Field(default="planned", max_length=20)
    # True once the coordinator moved an item: the stored positions are the order.
    manual_order: bool = False
    revision: int = 1
    # Sign-off (migration 0008): the user names who must sign (None: the chair), and, after
    # an amendment, the locked revision the current one amends and why.
    required_signers: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    amends_revision: int | None = None
    # Random, set once: salts the summary's identification hash (isconf.summary.content).
    # Kept, not drawn afresh, so a draft's content hash stays the same until the meeting
    # or its cases change, and a signer can sign the very hash they reviewed.
    summary_salt: str | None = Field(default_factory=lambda: secrets.token_hex(16), max_length=32)
    amendment_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    version: int = Field(default=1, sa_column=_MEETING_VERSION)
    created_at: dt.datetime
    updated_at: dt.datetime

    __mapper_args__ = {"version_id_col": _MEETING_VERSION}


class AgendaItemRecord(SQLModel, table=True):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id", name="uq_agenda_item_meeting_case"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _fk("meeting.id")
    # RESTRICT: a case that was discussed cannot vanish from under its decision.
    case_id: int = _fk("case_record.id", cascade=False)
    position: int
    minutes: int = 15
    question: str | None = Field(default=None, max_length=2000)


class AttendanceRecord(SQLModel, table=True):
    __tablename__ = "attendance"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _fk("meeting.id")
    position: int
    name: str = Field(max_length=100)
    role: str = Field(max_length=60)
    present: bool = True


class ConsideredOptionRecord(SQLModel, table=True):
    """An option the team weighed for one case, and why it was or was not chosen."""

    __tablename__ = "considered_option"

    id: int | None = Field(default=None, primary_key=True)
    agenda_item_id: int = _fk("agenda_item.id")
    position: int
    option: str = Field(max_length=40)
    note: str | None = Field(default=None, max_length=2000)


class DecisionRecord(SQLModel, table=True):
    """The team's recommendation for one case, with the evaluation it was made on."""

    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    agenda_item_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("agenda_item.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    recommendation: str = Field(max_length=40)
    tests_requested: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    consensus: str = Field(max_length=20)
    dissent: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The isconf-evaluation/1 document the team saw (JSON text, kept byte for byte so
    # a later signature can hash it) and the rules version that produced it.
    evaluation_json: str = Field(sa_column=Column(Text, nullable=False))
    rules_version: str = Field(max_length=10)
    # The published figures the trade-off showed when the team decided (isconf.tradeoff.seen,
    # migration 0014; None for a decision recorded before): the outcome report's comparison.
    figures_seen_json: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    decided_at: dt.datetime
    decided_by: str = Field(max_length=100)
    version: int = Field(default=1, sa_column=_DECISION_VERSION)

    __mapper_args__ = {"version_id_col": _DECISION_VERSION}


class ActionItemRecord(SQLModel, table=True):
    __tablename__ = "action_item"

    id: int | None = Field(default=None, primary_key=True)
    agenda_item_id: int = _fk("agenda_item.id")
    position: int
    description: str = Field(max_length=500)
    owner: str | None = Field(default=None, max_length=100)
    due_date: dt.date | None = None
    done: bool = False

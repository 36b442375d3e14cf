"""``text_check``: a team member read one free text and found no identifier in it.

The mark names the text by its SHA-256: an edit of the text leaves the new text unmarked
without anyone clearing the mark (migration 0013; ``isconf.deid_text`` reads it).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class TextCheckRecord(SQLModel, table=True):
    __tablename__ = "text_check"
    __table_args__ = (UniqueConstraint("entity", "field", "text_sha256", name="uq_text_check"),)

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=40)  # "meeting 3"
    field: str = Field(max_length=200)  # "title", "case DEMO-1 decision rationale"
    text_sha256: str = Field(max_length=64)
    checked_by: str = Field(max_length=100)
    checked_at: dt.datetime

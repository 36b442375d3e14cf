"""the evaluation summary the case list reads: status, pathway, drug resistance

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Rows written before this revision have no summary; the list evaluates them
from their full record until their next save, so no data step is needed.
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = (
    ("eval_rules_version", sa.String(length=10)),
    ("eval_as_of", sa.Date()),
    ("eval_stable_until", sa.Date()),
    ("eval_status", sa.String(length=30)),
    ("eval_pathway", sa.String(length=40)),
    ("eval_resistance_date", sa.Date()),
)


def upgrade() -> None:
    with op.batch_alter_table("case_record") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_record") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)

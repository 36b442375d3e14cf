"""the operation as performed and the visits after it: surgery and follow_up

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Optional additions to isconf-case/1 (``surgery``, ``follow_up[]``): rows written before
this revision read back as "no surgery recorded, no visits". The case_record columns are
added with ALTER TABLE ADD COLUMN on both backends, so SQLite does not rebuild
``case_record`` (a rebuild would lose the ``lower(mrn)`` index of 0007); the list columns
get a server default so the rows already there hold an empty list.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = (
    ("surgery_date", sa.Date(), None),
    ("surgery_procedure", sa.String(length=40), None),
    ("surgery_side", sa.String(length=20), None),
    ("surgery_lobes", sa.JSON(), "[]"),
    ("surgery_completeness", sa.String(length=20), None),
    ("surgery_pathology", sa.String(length=300), None),
    ("surgery_complications", sa.JSON(), "[]"),
    ("surgery_new_deficits", sa.JSON(), "[]"),
)


def upgrade() -> None:
    for name, kind, default in COLUMNS:
        op.add_column(
            "case_record", sa.Column(name, kind, nullable=default is None, server_default=default)
        )
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("engel", sa.String(length=10), nullable=True),
        sa.Column("ilae", sa.Integer(), nullable=True),
        sa.Column("spasms", sa.Boolean(), nullable=True),
        sa.Column("last_spasm_date", sa.Date(), nullable=True),
        sa.Column("hypsarrhythmia", sa.String(length=20), nullable=True),
        sa.Column("asm_count", sa.Integer(), nullable=True),
        sa.Column("development_instrument", sa.String(length=20), nullable=True),
        sa.Column("development_domain", sa.String(length=20), nullable=True),
        sa.Column("development_standard_score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_record.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_follow_up_case_id", "follow_up", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_follow_up_case_id", table_name="follow_up")
    op.drop_table("follow_up")
    for name, _, _ in reversed(COLUMNS):
        op.drop_column("case_record", name)

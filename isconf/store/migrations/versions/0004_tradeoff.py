"""the trade-off workspace: options the team adds, its benefit figures, the next surgery date,
a comment per rating

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Every new field is optional in the case file: rows written before this revision
read back as "no options added, no team figures, no date, no comment".
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_record") as batch:
        # server_default fills the rows already there; the application always writes a list.
        batch.add_column(sa.Column("tradeoff_options", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("next_surgery_date", sa.Date(), nullable=True))
    with op.batch_alter_table("tradeoff_assessment") as batch:
        batch.add_column(sa.Column("comment", sa.String(length=2000), nullable=True))
    op.create_table(
        "tradeoff_benefit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("procedure", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_record.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tradeoff_benefit") as batch:
        batch.create_index(batch.f("ix_tradeoff_benefit_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tradeoff_benefit") as batch:
        batch.drop_index(batch.f("ix_tradeoff_benefit_case_id"))
    op.drop_table("tradeoff_benefit")
    with op.batch_alter_table("tradeoff_assessment") as batch:
        batch.drop_column("comment")
    with op.batch_alter_table("case_record") as batch:
        batch.drop_column("next_surgery_date")
        batch.drop_column("tradeoff_options")

"""the clinical content of a case conference: reports, syndrome and genetic finding, developmental
assessments, the family's priorities and goals, key images, the semiology's description

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Optional additions to isconf-case/1: rows written before this revision read back as "not
recorded" (no report, no assessments, no priorities, no images). Columns are added with ALTER
TABLE ADD COLUMN on both backends, so SQLite does not rebuild ``case_record`` (a rebuild would
lose the ``lower(mrn)`` index of 0007); the downgrade drops them the same way.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CASE_COLUMNS = (
    ("spasms_semiology_description", sa.String(length=2000)),
    ("etiology_syndrome", sa.String(length=40)),
    ("etiology_genetic_gene", sa.String(length=40)),
    ("etiology_genetic_variant", sa.String(length=200)),
    ("etiology_genetic_classification", sa.String(length=30)),
    ("family_goals", sa.String(length=2000)),
)


def upgrade() -> None:
    for name, kind in CASE_COLUMNS:
        op.add_column("case_record", sa.Column(name, kind, nullable=True))
    # server_default fills the rows already there; the application always writes a list.
    op.add_column("case_record", sa.Column("family_priorities", sa.JSON(), nullable=False, server_default="[]"))
    # Written again at the next save or list reading: the list re-evaluates a case whose summary predates it.
    op.add_column("case_record", sa.Column("eval_alarms", sa.JSON(), nullable=False, server_default="[]"))
    op.execute("UPDATE case_record SET eval_as_of = NULL")
    op.add_column("mri_study", sa.Column("report", sa.Text(), nullable=True))
    op.add_column("eeg_study", sa.Column("report", sa.Text(), nullable=True))
    op.create_table(
        "development_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("instrument", sa.String(length=30), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("domain", sa.String(length=30), nullable=True),
        sa.Column("standard_score", sa.Float(), nullable=True),
        sa.Column("developmental_quotient", sa.Float(), nullable=True),
        sa.Column("age_equivalent_months", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_record.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_development_assessment_case_id", "development_assessment", ["case_id"])
    op.create_table(
        "key_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("modality", sa.String(length=20), nullable=False),
        sa.Column("study_date", sa.Date(), nullable=True),
        sa.Column("caption", sa.String(length=300), nullable=True),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_record.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_key_image_case_id", "key_image", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_key_image_case_id", table_name="key_image")
    op.drop_table("key_image")
    op.drop_index("ix_development_assessment_case_id", table_name="development_assessment")
    op.drop_table("development_assessment")
    op.drop_column("eeg_study", "report")
    op.drop_column("mri_study", "report")
    op.drop_column("case_record", "eval_alarms")
    op.drop_column("case_record", "family_priorities")
    for name, _ in reversed(CASE_COLUMNS):
        op.drop_column("case_record", name)

"""outcome loop: the figures a decision saw; a case's last status change; pathology category

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-07

``decision.figures_seen_json`` keeps the published benefit figures the trade-off showed when
the team decided (``isconf.tradeoff.seen``), so the outcome report compares the centre's
rate with what the room weighed. Decisions recorded before this revision have none, and the
report says so rather than putting today's figure in its place. ``case_record.status_changed_*``
name the last save that changed the case's status (judged on the day of the save), which
brings a child back for re-screening at once. ``case_record.surgery_pathology_category`` is
the declared category of ``surgery.pathology_category`` (None: not declared). Columns are added with ALTER TABLE ADD COLUMN
on both backends (no SQLite rebuild: the tables keep their triggers and the lower(mrn) index).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("decision", sa.Column("figures_seen_json", sa.Text(), nullable=True))
    op.add_column("case_record", sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("case_record", sa.Column("status_changed_from", sa.String(length=30), nullable=True))
    op.add_column("case_record", sa.Column("status_changed_to", sa.String(length=30), nullable=True))
    op.add_column("case_record", sa.Column("surgery_pathology_category", sa.String(length=30), nullable=True))


def downgrade() -> None:
    op.drop_column("case_record", "surgery_pathology_category")
    op.drop_column("case_record", "status_changed_to")
    op.drop_column("case_record", "status_changed_from")
    op.drop_column("case_record", "status_changed_at")
    op.drop_column("decision", "figures_seen_json")

"""the spasms' semiology: type, asymmetry and its side, focal seizures besides

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

An optional addition to isconf-case/1 (``spasms.semiology``): rows written before
this revision read back as "semiology not recorded". Nullable columns are added
with ALTER TABLE ADD COLUMN on both backends, so SQLite does not rebuild
``case_record`` (a rebuild would lose the ``lower(mrn)`` index of 0007), and the
downgrade drops them the same way (SQLite 3.35 and later).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS = (
    ("spasms_semiology_type", sa.String(length=20)),
    ("spasms_semiology_asymmetric", sa.Boolean()),
    ("spasms_semiology_side", sa.String(length=20)),
    ("spasms_semiology_focal_seizures", sa.Boolean()),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column("case_record", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    for name, _ in reversed(COLUMNS):
        op.drop_column("case_record", name)

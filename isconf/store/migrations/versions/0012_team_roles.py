"""team roles: each member's role, and the OS login beside the member in the audit trail

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-07

``user_account.access_role`` is coordinator, clinician, chair or administrator (issue 21).
Members added before this revision had no role and anyone could act as anyone: the first
of them (the oldest) becomes the administrator, the others chairs, so an existing team keeps
signing as before and one of them can now manage the team. ``audit_event.os_login`` keeps
the operating-system login beside the signed-in member; events written before stay as they
were (their hash did not cover it, and still does not); a downgrade keeps the column. Nullable columns are added with
ALTER TABLE ADD COLUMN, so SQLite keeps its tables, indexes and triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("user_account", sa.Column("access_role", sa.String(length=20), nullable=True))
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("audit_event")}
    if "os_login" not in present:  # a downgrade keeps it (see below)
        op.add_column("audit_event", sa.Column("os_login", sa.String(length=100), nullable=True))
    op.execute("UPDATE user_account SET access_role = 'chair'")
    op.execute(
        "UPDATE user_account SET access_role = 'administrator' "
        "WHERE id = (SELECT min(id) FROM user_account)"
    )


def downgrade() -> None:
    # ``audit_event.os_login`` stays: the hash of every event written since covers it, so
    # dropping it would make the trail look tampered with. Older isconf ignores the column.
    op.drop_column("user_account", "access_role")

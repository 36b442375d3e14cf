"""audit_event.at keeps its time zone on PostgreSQL

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

Migration 0003 made ``audit_event.at`` a timestamp without time zone, while the
model stores aware UTC datetimes (SQLModel's UTCDateTime, ``timestamptz`` on
PostgreSQL), so ``isconf check`` reported the column's type as changed and the
stored instant depended on the server's TimeZone setting. The values were written
as UTC; ``AT TIME ZONE 'UTC'`` keeps each instant, so the hash chain, which hashes
the UTC time, still verifies. SQLite stores both the same way: nothing to do there.
ALTER TABLE fires no row triggers, so the append-only triggers stay as they are.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_event ALTER COLUMN at TYPE timestamptz USING at AT TIME ZONE 'UTC'")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_event ALTER COLUMN at TYPE timestamp USING at AT TIME ZONE 'UTC'")

"""integrity: each case's content hash; texts marked "checked for identifiers"

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-07

``case_record.content_sha256`` holds the SHA-256 of the case's content as last saved
(``isconf.store.case_hash``); ``isconf check`` recomputes it. Rows saved before this
revision have none until they are saved again (check says how many). ``text_check``
records that a team member read a free text for identifiers: the mark names the text by
its SHA-256, so any later edit of the text leaves it unmarked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("case_record", sa.Column("content_sha256", sa.String(length=64), nullable=True))
    op.add_column("user_account", sa.Column("public_key", sa.String(length=64), nullable=True))
    op.add_column("user_account", sa.Column("private_key", sa.String(length=400), nullable=True))
    # ADD COLUMN: the signature table keeps its triggers (no rebuild on SQLite).
    op.add_column("signature", sa.Column("ed25519", sa.String(length=128), nullable=True))
    op.create_table(
        "text_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("checked_by", sa.String(length=100), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entity", "field", "text_sha256", name="uq_text_check"),
    )


def downgrade() -> None:
    op.drop_column("signature", "ed25519")
    op.drop_column("user_account", "private_key")
    op.drop_column("user_account", "public_key")
    op.drop_table("text_check")
    op.drop_column("case_record", "content_sha256")

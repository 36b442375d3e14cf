"""sign-off: user accounts, frozen meeting revisions, signatures; who must sign a meeting

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26

Issue 6. The first signature of a meeting's revision freezes its content in
``meeting_revision`` (canonical JSON kept byte for byte, and its SHA-256); each
``signature`` names that hash. Triggers make the database itself refuse to change
or delete a signature, to delete a frozen revision, or to change a revision's
content or hash, like the audit trail's (0003): "the signed one stays as it was"
holds whatever program connects. Only ``locked_at`` of a revision may be set later.

``meeting`` gains ``required_signers`` (JSON, None: the chair), ``summary_salt`` and the amendment
it carries (``amends_revision``, ``amendment_reason``). Adding nullable columns
does not rebuild ``meeting`` on SQLite (ALTER TABLE ADD COLUMN), so nothing else
is copied.

User names are unique whatever their letter case: an index on ``lower(name)``, as
0007 does for MRNs (``isconf check`` looks for it by name on SQLite).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SIGNED = "signatures cannot be changed or deleted"
FROZEN = "the content of a signed revision cannot be changed or deleted; amend the meeting instead"
CONTENT_CHANGED = (
    "NEW.content_json IS NOT OLD.content_json OR NEW.identification_json IS NOT OLD.identification_json "
    "OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.meeting_id IS NOT OLD.meeting_id "
    "OR NEW.revision IS NOT OLD.revision"
)

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER signature_no_update BEFORE UPDATE ON signature
    BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
    f"""CREATE TRIGGER signature_no_delete BEFORE DELETE ON signature
    BEGIN SELECT RAISE(ABORT, '{SIGNED}'); END""",
    f"""CREATE TRIGGER meeting_revision_no_delete BEFORE DELETE ON meeting_revision
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
    f"""CREATE TRIGGER meeting_revision_content_fixed BEFORE UPDATE ON meeting_revision
    WHEN {CONTENT_CHANGED}
    BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
)
POSTGRESQL_TRIGGERS = (
    f"""CREATE FUNCTION isconf_signature_fixed() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{SIGNED}'; END $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION isconf_revision_fixed() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{FROZEN}'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER signature_fixed BEFORE UPDATE OR DELETE ON signature
    FOR EACH ROW EXECUTE FUNCTION isconf_signature_fixed()""",
    """CREATE TRIGGER signature_no_truncate BEFORE TRUNCATE ON signature
    FOR EACH STATEMENT EXECUTE FUNCTION isconf_signature_fixed()""",
    """CREATE TRIGGER meeting_revision_no_delete BEFORE DELETE ON meeting_revision
    FOR EACH ROW EXECUTE FUNCTION isconf_revision_fixed()""",
    """CREATE TRIGGER meeting_revision_no_truncate BEFORE TRUNCATE ON meeting_revision
    FOR EACH STATEMENT EXECUTE FUNCTION isconf_revision_fixed()""",
    f"""CREATE TRIGGER meeting_revision_content_fixed BEFORE UPDATE ON meeting_revision
    FOR EACH ROW WHEN ({CONTENT_CHANGED.replace(" IS NOT ", " IS DISTINCT FROM ")})
    EXECUTE FUNCTION isconf_revision_fixed()""",
)


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_account_ref", "user_account", ["ref"], unique=True)
    op.create_index("ix_user_account_name_lower", "user_account", [sa.text("lower(name)")], unique=True)
    op.create_table(
        "meeting_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content_json", sa.Text(), nullable=False),
        sa.Column("identification_json", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("amends_revision", sa.Integer(), nullable=True),
        sa.Column("amendment_reason", sa.Text(), nullable=True),
        sa.Column("required_signers", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "revision", name="uq_meeting_revision"),
    )
    op.create_index("ix_meeting_revision_meeting_id", "meeting_revision", ["meeting_id"])
    op.create_table(
        "signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("printed_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("meaning", sa.String(length=20), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(length=80), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "revision", "user_id", name="uq_signature_user"),
    )
    op.create_index("ix_signature_meeting_id", "signature", ["meeting_id"])
    op.create_index("ix_signature_user_id", "signature", ["user_id"])
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("required_signers", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("amends_revision", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("amendment_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("summary_salt", sa.String(length=32), nullable=True))
    _salt_existing_meetings()
    triggers = POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def _salt_existing_meetings() -> None:
    """Each meeting's own random salt for its summary's identification hash (see
    ``MeetingRecord.summary_salt``); meetings made before this migration get theirs now."""
    bind = op.get_bind()
    for (meeting_id,) in bind.execute(sa.text("SELECT id FROM meeting WHERE summary_salt IS NULL")).all():
        bind.execute(
            sa.text("UPDATE meeting SET summary_salt = :salt WHERE id = :id"),
            {"salt": secrets.token_hex(16), "id": meeting_id},
        )


def downgrade() -> None:
    # The signatures go, and 0007 knows no "signed": a signed meeting is left closed, as it
    # was before its signatures.
    op.execute("UPDATE meeting SET status = 'closed' WHERE status = 'signed'")
    if op.get_bind().dialect.name == "postgresql":
        for trigger, table in (
            ("signature_fixed", "signature"),
            ("signature_no_truncate", "signature"),
            ("meeting_revision_no_delete", "meeting_revision"),
            ("meeting_revision_no_truncate", "meeting_revision"),
            ("meeting_revision_content_fixed", "meeting_revision"),
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS isconf_signature_fixed()")
        op.execute("DROP FUNCTION IF EXISTS isconf_revision_fixed()")
    else:
        for trigger in (
            "signature_no_update",
            "signature_no_delete",
            "meeting_revision_no_delete",
            "meeting_revision_content_fixed",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("summary_salt")
        batch.drop_column("amendment_reason")
        batch.drop_column("amends_revision")
        batch.drop_column("required_signers")
    op.drop_table("signature")
    op.drop_table("meeting_revision")
    op.drop_index("ix_user_account_name_lower", table_name="user_account")
    op.drop_table("user_account")

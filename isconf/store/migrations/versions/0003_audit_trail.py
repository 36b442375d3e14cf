"""the audit trail: append-only events, chained by hash; a random pseudonym per case

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

The triggers make the database itself refuse to change or delete an audit
event, whatever program connects to it.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REFUSAL = "audit events are append-only: they cannot be changed or deleted"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
)
POSTGRESQL_TRIGGERS = (
    f"""CREATE FUNCTION isconf_audit_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION isconf_audit_append_only()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION isconf_audit_append_only()""",
)


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_ref", sa.String(length=40), nullable=False),
        sa.Column("entity_key", sa.String(length=100), nullable=False),
        sa.Column("field", sa.String(length=300), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_event_entity_ref", "audit_event", ["entity_ref"])
    op.create_index("ix_audit_event_entity_key", "audit_event", ["entity_key"])
    _add_pseudonyms()
    triggers = POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def _add_pseudonyms() -> None:
    """Each case gets a random pseudonym for de-identified exports, existing ones included."""
    with op.batch_alter_table("case_record") as batch:
        batch.add_column(sa.Column("pseudonym", sa.String(length=20), nullable=True))
    bind = op.get_bind()
    for (case_id,) in bind.execute(sa.text("SELECT id FROM case_record")).all():
        bind.execute(
            sa.text("UPDATE case_record SET pseudonym = :p WHERE id = :i"), {"p": new_pseudonym(), "i": case_id}
        )
    op.create_index("ix_case_record_pseudonym", "case_record", ["pseudonym"], unique=True)


def new_pseudonym() -> str:
    return "ANON-" + secrets.token_hex(5).upper()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS isconf_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    op.drop_index("ix_case_record_pseudonym", table_name="case_record")
    with op.batch_alter_table("case_record") as batch:
        batch.drop_column("pseudonym")
    op.drop_index("ix_audit_event_entity_key", table_name="audit_event")
    op.drop_index("ix_audit_event_entity_ref", table_name="audit_event")
    op.drop_table("audit_anchor")
    op.drop_table("audit_event")

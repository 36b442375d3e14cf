"""Alembic environment: isconf passes its own connection in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from isconf.store.tables import every_table

target_metadata = every_table()


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("isconf migrations run online only")
run_migrations_online()

"""Bringing a database's schema to the current Alembic revision."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from isconf.store import revisions
from isconf.store.database import take_write_turn


def alembic_config() -> Config:
    config = Config()
    # One folder for Alembic and for the quick check at open (tests point both elsewhere).
    config.set_main_option("script_location", str(revisions.MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every schema revision this version of isconf can read or upgrade."""
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> bool:
    """Upgrade to the newest schema; True when anything was applied."""
    if current_revision(engine) == head_revision():
        return False
    _migrate(engine, command.upgrade, "head")
    return True


def downgrade(engine: Engine, revision: str) -> None:
    """Go back to an older schema (for tests and for support, never by the app itself)."""
    _migrate(engine, command.downgrade, revision)


def _migrate(engine: Engine, step: Callable[[Config, str], None], revision: str) -> None:
    """Run one Alembic command in one transaction.

    On SQLite, Alembic's batch mode rebuilds a table by copying it and
    dropping the old one; with foreign keys on, that drop would cascade and
    delete every child row. So foreign keys are off while it runs (they can
    only be switched outside a transaction) and checked before they go back on.
    """
    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        # BEGIN IMMEDIATE on SQLite: a second first-open waits for this one, then finds
        # the schema made (Alembic reads the revision inside the transaction).
        connection.execution_options(isconf_write=True)
        driver = connection.connection.driver_connection
        assert driver is not None
        if sqlite:
            driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                if not sqlite:
                    # Two workstations opening a new server database at once: the second
                    # waits here, then finds the schema made and applies nothing.
                    take_write_turn(connection)
                config.attributes["connection"] = connection
                step(config, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("a migration left rows whose parent is missing; nothing was changed")
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys = ON")

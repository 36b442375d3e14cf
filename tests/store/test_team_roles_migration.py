"""Migration 0012 (issue 21): users made before it get roles (the oldest administers the team),
and the audit trail's OS login column stays through a downgrade (events' hashes cover it)."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from dbtools import query
from isconf.services import Services
from isconf.store.database import open_database
from isconf.store.integrity import check_location
from isconf.store.migrate import alembic_config, current_revision, downgrade, upgrade

REVISION = "0012"


def _before() -> str:
    before = ScriptDirectory.from_config(alembic_config()).get_revision(REVISION).down_revision
    assert isinstance(before, str)
    return before


def test_users_made_before_get_roles_and_the_trail_survives_down_and_up(db_path: Path) -> None:
    services = Services.open(str(db_path))
    services.add_demo_cases()
    services.close()
    database = open_database(str(db_path))
    downgrade(database.engine, _before())
    database.close()
    # Two users as an older isconf made them (no role): the oldest becomes the administrator.
    from isconf.signing import passwords

    for ref, name in (("USR-1", "Dr First"), ("USR-2", "Dr Second")):
        database = open_database(str(db_path), migrate=False)
        with database.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO user_account (ref, name, role, password_hash, created_at) "
                "VALUES (?, ?, 'epileptologist', ?, '2026-01-01 00:00:00')",
                (ref, name, passwords.hash_password("old-password")),
            )
        database.close()
    database = open_database(str(db_path), migrate=False)
    upgrade(database.engine)
    assert current_revision(database.engine) != _before()
    database.close()
    assert query(db_path, "SELECT name, access_role FROM user_account ORDER BY id") == [
        ("Dr First", "administrator"),
        ("Dr Second", "chair"),
    ]
    services = Services.open(str(db_path))
    services.sign_in("Dr First", "old-password")
    services.meetings.create_meeting(title="After", day=services.clock.today(), chair="Dr Second")
    services.close()
    # Down and up again: the events written with an OS login still verify.
    database = open_database(str(db_path))
    downgrade(database.engine, _before())
    upgrade(database.engine)
    assert check_location(database.location) == []
    database.close()

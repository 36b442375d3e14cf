"""Migration 0014: a decision's snapshot of the figures it saw, and a case's last status change.
A decision recorded before it keeps none (the report says so); one recorded after keeps it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from conftest import vignette_files
from isconf.services import Services
from isconf.store.database import open_database
from isconf.store.integrity import check_location
from isconf.store.migrate import alembic_config, current_revision, downgrade, head_revision
from outcome_children import decide

ADDED = {
    "case_record": {
        "status_changed_at",
        "status_changed_from",
        "status_changed_to",
        "surgery_pathology_category",
    },
    "decision": {"figures_seen_json"},
}


@pytest.mark.both_backends
def test_0014_adds_the_snapshot_and_the_status_change_and_old_decisions_have_none(db: str) -> None:
    before_0014 = ScriptDirectory.from_config(alembic_config()).get_revision("0014").down_revision
    assert isinstance(before_0014, str)
    services = Services.open(db)
    services.import_files(vignette_files())
    decide(services, "SYN-0001", date(2026, 12, 1), "lobar_resection")
    services.close()
    database = open_database(db)
    downgrade(database.engine, before_0014)
    for table, columns in ADDED.items():
        assert not columns & {c["name"] for c in inspect(database.engine).get_columns(table)}
    database.close()

    reopened = Services.open(db)  # upgraded on opening
    try:
        assert current_revision(reopened.database.engine) == head_revision()
        assert check_location(reopened.database.location) == []
        with reopened.database.engine.connect() as connection:
            assert connection.execute(text("SELECT figures_seen_json FROM decision")).scalars().all() == [
                None
            ]
            changed = connection.execute(text("SELECT status_changed_at FROM case_record")).scalars().all()
            assert changed and all(c is None for c in changed)
        decide(reopened, "SYN-0002", date(2026, 12, 2), "hemispherectomy")
        with reopened.database.engine.connect() as connection:
            seen = connection.execute(
                text("SELECT figures_seen_json FROM decision WHERE figures_seen_json IS NOT NULL")
            ).scalar_one()
        snapshot = json.loads(seen)
        assert snapshot["tradeoff_version"] == "1" and "hemispherectomy" in snapshot["shown"]
        assert snapshot["literature"]["hemispherectomy"]["value"] == 66
    finally:
        reopened.close()

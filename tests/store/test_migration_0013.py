"""Migration 0013: the case content hash column and the text_check table, up and down."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from conftest import vignette_files
from isconf.services import Services
from isconf.store.database import open_database
from isconf.store.integrity import check_location
from isconf.store.migrate import alembic_config, current_revision, downgrade, head_revision


@pytest.mark.both_backends
def test_0013_adds_the_hash_and_the_marks_and_old_rows_are_checked_once_saved(db: str) -> None:
    before_0013 = ScriptDirectory.from_config(alembic_config()).get_revision("0013").down_revision
    assert isinstance(before_0013, str)
    services = Services.open(db)
    services.import_files(vignette_files()[:2])
    services.close()
    database = open_database(db)
    downgrade(database.engine, before_0013)
    assert "text_check" not in inspect(database.engine).get_table_names()
    assert "content_sha256" not in {c["name"] for c in inspect(database.engine).get_columns("case_record")}
    database.close()

    reopened = Services.open(db)  # upgraded on opening
    try:
        assert current_revision(reopened.database.engine) == head_revision()
        with reopened.database.engine.connect() as connection:
            hashes = connection.execute(text("SELECT content_sha256 FROM case_record")).scalars().all()
        assert hashes and all(h is None for h in hashes)  # rows from before: none until saved
        assert check_location(reopened.database.location) == []
        [first, *_] = reopened.list_cases()
        stored = reopened.get_case(first.mrn)
        document = reopened.export_document(first.mrn)
        document["case"]["referring_center"] = "Another synthetic centre"
        from isconf.schema import parse_case_document

        reopened.save_case(
            parse_case_document(document), original_mrn=first.mrn, expected_version=stored.version
        )
        with reopened.database.engine.connect() as connection:
            hashes = connection.execute(text("SELECT content_sha256 FROM case_record")).scalars().all()
        assert sum(h is not None for h in hashes) == 1
    finally:
        reopened.close()

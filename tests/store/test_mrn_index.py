"""The unique index on lower(mrn) (migration 0007): finding a case by MRN uses it, the
database refuses MRNs that differ only in letter case, and the migration goes down and up,
refusing clashing MRNs by name, with the schema check quiet on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from isconf.services import Services
from isconf.store.database import DatabaseError, open_database
from isconf.store.integrity import check_location
from isconf.store.migrate import current_revision, downgrade, head_revision

pytestmark = pytest.mark.both_backends


def test_finding_a_case_by_mrn_searches_the_index(services: Services, backend: str) -> None:
    services.add_demo_cases()
    statements: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM case_record" in statement and "lower" in statement:
            statements.append((statement, parameters))

    event.listen(services.database.engine, "before_cursor_execute", remember)
    try:
        assert services.get_case("demo-1001").case.mrn == "DEMO-1001"
    finally:
        event.remove(services.database.engine, "before_cursor_execute", remember)
    statement, parameters = statements[0]
    with services.database.engine.connect() as connection:
        if backend == "sqlite":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            details = " ".join(str(row[-1]) for row in plan)
        else:
            # A few demo rows: PostgreSQL would rightly read the table; forbid that to see the index.
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            details = " ".join(str(row[0]) for row in plan)
    assert "ix_case_record_mrn_lower" in details, details


def test_the_database_refuses_an_mrn_differing_only_in_letter_case(services: Services) -> None:
    services.add_demo_cases()
    with pytest.raises(IntegrityError), services.database.engine.begin() as connection:
        connection.execute(text("UPDATE case_record SET mrn = 'demo-1001' WHERE mrn = 'DEMO-1002'"))
    assert services.get_case("DEMO-1002").case.mrn == "DEMO-1002"


def test_migration_0007_goes_down_and_up_and_the_schema_checks(db: str) -> None:
    services = Services.open(db)
    services.add_demo_cases()
    services.close()
    database = open_database(db)
    downgrade(database.engine, "0006")
    assert current_revision(database.engine) == "0006"
    database.close()
    reopened = Services.open(db)  # the upgrade runs again on opening
    assert current_revision(reopened.database.engine) == head_revision()  # 0007, and any later migration
    assert reopened.get_case("demo-1003").case.mrn == "DEMO-1003"
    assert check_location(reopened.database.location) == []
    reopened.close()


def test_the_upgrade_names_clashing_mrns_and_changes_nothing(db: str) -> None:
    services = Services.open(db)
    services.add_demo_cases()
    services.close()
    database = open_database(db)
    downgrade(database.engine, "0006")
    with database.engine.begin() as connection:  # as an edit outside isconf could
        connection.execute(text("UPDATE case_record SET mrn = 'demo-1001' WHERE mrn = 'DEMO-1002'"))
    database.close()
    with pytest.raises(DatabaseError) as refused:
        Services.open(db)
    message = str(refused.value)
    assert "'DEMO-1001', 'demo-1001'" in message and "nothing was changed" in message
    assert "\n" not in message
    database = open_database(db, migrate=False)
    assert message.startswith(f"{database.location.display}: cannot upgrade to schema 0007")
    assert current_revision(database.engine) == "0006"
    with database.engine.connect() as connection:
        mrns = connection.execute(text("SELECT mrn FROM case_record ORDER BY mrn")).scalars().all()
    assert "demo-1001" in mrns and "DEMO-1001" in mrns
    database.close()


def test_isconf_check_names_the_index_when_it_is_missing(services: Services) -> None:
    with services.database.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_case_record_mrn_lower"))
    problems = check_location(services.database.location)
    assert len(problems) == 1 and "ix_case_record_mrn_lower" in problems[0], problems

"""The case list's plain SQL names its columns as the tables declare them (isconf.cases.listing)."""

from __future__ import annotations

from isconf.cases import listing
from isconf.store.tables import CaseRecord, FollowUpRecord


def test_the_list_reads_columns_the_tables_declare() -> None:
    cases = set(CaseRecord.__table__.columns.keys())
    assert set(listing.COLUMNS) <= cases
    assert set(listing.SUMMARY_COLUMNS) <= cases
    assert set(listing.VISIT_COLUMNS) <= set(FollowUpRecord.__table__.columns.keys())

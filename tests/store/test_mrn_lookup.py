"""Finding a case by MRN ignoring letter case, through the index on lower(mrn) (migration 0007),
finds exactly what comparing every row with lower() finds (``isconf.store.find.find_case``)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from isconf.services import NotFoundError, Services

STORED = ("SYN-0001", "syn-0002", "Ab-9", "É-1", "é-2", "a_b%c", "ZZ", "zz-1", "MRN 7")
LETTERS = st.text(alphabet="SYNsynABabzZéÉ-_%0129 ", min_size=1, max_size=9)


@settings(max_examples=200, deadline=None)
@given(wanted=st.one_of(st.sampled_from(STORED), LETTERS), flips=st.lists(st.booleans(), max_size=9))
def test_index_range_finds_what_a_full_scan_finds(wanted: str, flips: list[bool], tmp_path_factory) -> None:
    path = _database(tmp_path_factory.getbasetemp() / "mrns.db")
    variant = "".join(c.swapcase() if i < len(flips) and flips[i] else c for i, c in enumerate(wanted))
    services = Services.open(str(path))
    try:
        try:
            found: str | None = services.get_case(variant).case.mrn
        except NotFoundError:
            found = None
    finally:
        services.close()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT mrn FROM case_record WHERE lower(mrn) = lower(?)", (variant,)
        ).fetchall()
    assert found == (rows[0][0] if rows else None)


def _database(path: Path) -> Path:
    if not path.exists():
        services = Services.open(str(path))
        try:
            results = [
                services.import_document({"format": "isconf-case/1", "case": {"mrn": m}}) for m in STORED
            ]
            assert all(r.ok for r in results), results
        finally:
            services.close()
    return path

"""Opening a case reads its row and every list in ONE statement (``mapping.read_by_mrn``): the
row comes as JSON beside its children's rows, so it must read back exactly what the ORM's
``CaseRecord`` holds: aware UTC times, dates, exact floats, lists, booleans (issue 22).
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata

import pytest

from conftest import vignette_files
from isconf.cases import records
from isconf.errors import NotFoundError
from isconf.services import Services
from isconf.store import mapping
from isconf.store.find import require_case
from isconf.store.statements import counting
from isconf.store.tables import CaseRecord


@pytest.fixture
def filled(services: Services) -> Services:
    for path in vignette_files():
        assert services.import_document(json.loads(path.read_text(encoding="utf-8"))).ok
    return services


@pytest.mark.both_backends
def test_the_row_read_with_its_lists_is_the_row_the_orm_reads(filled: Services) -> None:
    columns = [c.name for c in CaseRecord.__table__.columns]  # type: ignore[attr-defined]
    summaries = filled.list_cases()
    assert summaries
    for summary in summaries:
        with filled.database.reading() as session:
            record = require_case(session, summary.mrn)
            found = mapping.read_by_mrn(session, summary.mrn)
            assert found is not None
            row, case = found
            for name in columns:
                value, read = getattr(record, name), getattr(row, name)
                assert (read, type(read)) == (value, type(value)), name
            assert row.updated_at.tzinfo is not None
            assert records.stored(session, record) == filled.get_case(summary.mrn)
            assert case == mapping.read_case(session, record)


@pytest.mark.both_backends
def test_a_float_reads_back_exactly_and_a_save_after_the_read_is_not_a_conflict(filled: Services) -> None:
    mrn = filled.list_cases()[0].mrn
    stored = filled.get_case(mrn)
    third = dataclasses.replace(stored.case.spasms, clusters_per_day=1 / 3)
    saved = filled.save_case(
        dataclasses.replace(stored.case, spasms=third), original_mrn=mrn, expected_version=stored.version
    )
    again = filled.get_case(mrn)
    assert again.case.spasms.clusters_per_day == 1 / 3
    assert (again.version, again.updated_at) == (saved.version, saved.updated_at)
    filled.save_case(
        dataclasses.replace(again.case, referring_center="Elsewhere"),
        original_mrn=mrn,
        expected_version=again.version,
    )


@pytest.mark.both_backends
def test_a_case_is_opened_by_its_mrn_in_any_letter_case_or_composition_in_one_statement(
    filled: Services,
) -> None:
    mrn = filled.list_cases()[0].mrn
    with counting(filled.database.engine) as sent:
        opened = filled.get_case(mrn.lower())
    assert sent.count == 1, str(sent)
    assert opened.case.mrn == mrn
    assert filled.get_case(unicodedata.normalize("NFD", mrn.swapcase())).case.mrn == mrn


@pytest.mark.both_backends
def test_an_unknown_mrn_is_not_found_by_its_field(filled: Services) -> None:
    with pytest.raises(NotFoundError) as raised:
        filled.get_case("NO-SUCH-0001")
    assert [p.path for p in raised.value.problems] == ["mrn"]

"""A screen's child rows ride one statement, each row as one value (``isconf.store.child_rows``):
a JSON object on SQLite, an array of the columns' texts on PostgreSQL (issue 22). Whatever the
values, a row reads back as the ORM reads it, value and type; and a server set to another date
style or to fewer float digits reads the same as one left at its defaults, in the app and in
``isconf check`` (psycopg itself reads no time stamp written day first).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, delete, select

from conftest import run_cli, vignette_files
from isconf.services import Services
from isconf.store import child_rows
from isconf.store.find import require_case
from isconf.store.integrity import checking_engine
from isconf.store.tables import FollowUpRecord, PetRecord, TreatmentRecord

_TEXT_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_TEXT = st.text(_TEXT_CHARACTERS, max_size=20)
# SQLite's printf('%!.17g') gives a double back exactly up to ~1e100 (measured over random bit
# patterns: some of those beyond, e.g. 1.0685295186954165e+127, come back one unit in the last
# place off); a case's numbers are doses, scores and counts, 95 orders of magnitude below that.
_FLOATS = st.none() | st.floats(min_value=-1e100, max_value=1e100, allow_subnormal=False)
_DATES = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
_TRICKY = [
    "NULL",
    "",
    " ",
    '"quoted"',
    "{a,b}",
    "back\\slash",
    "comma, here",
    "(1,2)",
    "tab\there",
    "ünï 日本",
]


@st.composite
def _treatment(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "agent": draw(_TEXT),
        "name": draw(st.none() | _TEXT | st.sampled_from(_TRICKY)),
        "dose": draw(_FLOATS),
        "dose_unit": draw(st.none() | _TEXT),
        "start_date": draw(_DATES),
        "end_date": draw(_DATES),
    }


@st.composite
def _follow_up(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "date": draw(_DATES),
        "engel": draw(st.none() | st.text(_TEXT_CHARACTERS, max_size=10)),
        "ilae": draw(st.none() | st.integers(-(2**31), 2**31 - 1)),
        "spasms": draw(st.none() | st.booleans()),
        "asm_count": draw(st.none() | st.integers(0, 20)),
        "development_standard_score": draw(_FLOATS),
    }


_LOBES = st.lists(st.sampled_from(["frontal", "temporal", "parietal", "occipital"]) | _TEXT, max_size=3)


@pytest.fixture
def case_id(services: Services) -> int:
    document = json.loads(vignette_files()[0].read_text(encoding="utf-8"))
    assert services.import_document(document).ok
    with services.database.reading() as session:
        found = require_case(session, document["case"]["mrn"]).id
    assert found is not None
    return found


@pytest.mark.both_backends
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    treatments=st.lists(_treatment(), min_size=1, max_size=4),
    follow_ups=st.lists(_follow_up(), min_size=1, max_size=3),
    lobes=st.lists(_LOBES, min_size=1, max_size=2),
)
@example(
    treatments=[
        {"agent": text, "name": text, "dose": 1 / 3, "dose_unit": None, "start_date": None, "end_date": None}
        for text in _TRICKY
    ],
    follow_ups=[
        {
            "date": date(2026, 12, 31),
            "engel": "IA",
            "ilae": -1,
            "spasms": False,
            "asm_count": 0,
            "development_standard_score": 0.1 + 0.2,
        }
    ],
    lobes=[["frontal", 'a "quoted", {braced} lobe']],
)
def test_child_rows_read_back_what_the_orm_reads(
    services: Services,
    case_id: int,
    treatments: list[dict[str, Any]],
    follow_ups: list[dict[str, Any]],
    lobes: list[list[str]],
) -> None:
    written = {
        TreatmentRecord: [
            TreatmentRecord(case_id=case_id, position=n, **t) for n, t in enumerate(treatments)
        ],
        FollowUpRecord: [FollowUpRecord(case_id=case_id, position=n, **f) for n, f in enumerate(follow_ups)],
        PetRecord: [PetRecord(case_id=case_id, position=n, lobes=x) for n, x in enumerate(lobes)],
    }
    with services.database.writing() as session:
        for kind, rows in written.items():
            session.execute(delete(kind).where(col(kind.case_id) == case_id))
            session.add_all(rows)
    tables = [kind.__table__ for kind in written]  # type: ignore[attr-defined]
    branches = [child_rows.Branch(t, t.c.case_id, [case_id]) for t in tables]
    with services.database.reading() as session:
        found = child_rows.read(session, branches)
        for kind, table, rows in zip(written, tables, found, strict=True):
            orm = session.exec(select(kind).where(col(kind.case_id) == case_id).order_by(col(kind.position)))
            expected = [_typed_values(record, table) for record in orm]
            assert [_typed_values(row, table) for row in rows[case_id]] == expected, table.name
    if services.database.location.path is None:
        # ``isconf check``'s engine takes results as text, not in binary: the same rows.
        checking = checking_engine(services.database.location)
        try:
            with Session(checking) as session:
                assert child_rows.read(session, branches) == found
        finally:
            checking.dispose()


def _typed_values(row: Any, table: Any) -> list[tuple[str, Any, type]]:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return [(c.name, get(c.name), type(get(c.name))) for c in table.columns]


# --- a server configured otherwise --------------------------------------------------------------


@pytest.fixture
def odd_url(pg_url: str) -> str:
    return pg_url + "%20-cdatestyle%3DSQL%2CDMY%20-cextra_float_digits%3D0"


@pytest.fixture
def plain_and_odd(pg_url: str, odd_url: str) -> Iterator[tuple[Services, Services]]:
    """The same schema through a plain URL and through one whose sessions start with dates
    written day first and floats to 15 digits (as a server's or a role's settings may say)."""
    plain, odd = Services.open(pg_url), Services.open(odd_url)
    yield plain, odd
    odd.close()
    plain.close()


def test_a_server_of_another_date_style_and_fewer_float_digits_reads_the_same(
    plain_and_odd: tuple[Services, Services],
) -> None:
    plain, odd = plain_and_odd
    with odd.database.reading() as session:
        assert session.connection().exec_driver_sql("SHOW DateStyle").scalar() == "ISO, YMD"
    for path in vignette_files()[:3]:
        assert plain.import_document(json.loads(path.read_text(encoding="utf-8"))).ok
    mrn = plain.list_cases()[0].mrn
    stored = plain.get_case(mrn)
    third = dataclasses.replace(stored.case.spasms, clusters_per_day=1 / 3)
    plain.save_case(
        dataclasses.replace(stored.case, spasms=third), original_mrn=mrn, expected_version=stored.version
    )
    for summary in plain.list_cases():
        assert odd.get_case(summary.mrn) == plain.get_case(summary.mrn)
    assert odd.get_case(mrn).case.spasms.clusters_per_day == 1 / 3


def test_isconf_check_reads_the_cases_of_such_a_server(
    plain_and_odd: tuple[Services, Services], odd_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, _odd = plain_and_odd
    for path in vignette_files()[:3]:
        assert plain.import_document(json.loads(path.read_text(encoding="utf-8"))).ok
    code, out, err = run_cli(capsys, "check", "--db", odd_url)
    assert (code, out) == (0, "ok\n"), err

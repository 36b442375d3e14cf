"""An import's batch: its new cases are written together (``CaseService._import_batch``), yet
each document is still accepted or refused whole, in order, with its own audit events."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlmodel import Session

from conftest import vignette_files
from isconf.services import Services
from isconf.store import audit
from isconf.store.find import find_case, find_many
from isconf.store.statements import counting


def _document(mrn: str, which: int = 0) -> dict[str, Any]:
    document = json.loads(vignette_files()[which].read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    document["case"]["mrn"] = mrn
    return document


def _creates(services: Services, mrn: str) -> list[audit.AuditEntry]:
    return [e for e in services.cases.audit_trail(mrn) if e.action == "create"]


@pytest.mark.both_backends
def test_a_batch_writes_its_good_files_and_nothing_of_those_refused(services: Services) -> None:
    assert services.import_document(_document("OLD-1")).ok
    bad = _document("BAD-1")
    bad["case"]["date_of_birth"] = "2026-02-31"
    batch = [
        (_document("NEW-1"), "a"),
        (bad, "b"),
        (_document("NEW-2", 1), "c"),
        (_document("new-1", 2), "d"),  # NEW-1 again, in another letter case
        (_document("old-1"), "e"),  # stored before the batch
        (_document("NEW-3", 3), "f"),
    ]
    results = services.cases.import_documents(batch)

    assert [r.source for r in results] == ["a", "b", "c", "d", "e", "f"]
    assert [r.ok for r in results] == [True, False, True, False, False, True]
    assert results[1].problems[0].path == "case.date_of_birth"
    assert "already exists" in results[3].problems[0].message
    assert "already exists" in results[4].problems[0].message
    assert sorted(s.mrn for s in services.list_cases()) == ["NEW-1", "NEW-2", "NEW-3", "OLD-1"]
    assert services.audit_trail("BAD-1") == []
    for mrn in ("NEW-1", "NEW-2", "NEW-3", "OLD-1"):
        assert len(_creates(services, mrn)) == 1
    # What the batch stored is what importing each file alone stores.
    for mrn, which in (("NEW-1", 0), ("NEW-2", 1), ("NEW-3", 3)):
        assert services.get_case(mrn).case == services.parse_document(_document(mrn, which))
    with Session(services.database.engine) as session:
        assert audit.chain_problems(session) == []


@pytest.mark.both_backends
def test_a_batch_that_replaces_writes_in_the_order_of_its_files(services: Services) -> None:
    assert services.import_document(_document("OLD-1")).ok
    batch = [
        (_document("NEW-1"), "a"),
        (_document("OLD-1", 1), "b"),
        (_document("NEW-2"), "c"),
        (_document("NEW-1", 2), "d"),  # replaces the first file of this batch
    ]
    results = services.cases.import_documents(batch, replace=True)

    assert [(r.ok, r.replaced) for r in results] == [(True, False), (True, True), (True, False), (True, True)]
    assert services.get_case("NEW-1").case == services.parse_document(_document("NEW-1", 2))
    assert services.get_case("OLD-1").case == services.parse_document(_document("OLD-1", 1))
    actions = [e.action for e in services.audit_trail("NEW-1")]
    assert actions[0] == "create"
    assert set(actions[1:]) == {"update"}
    with Session(services.database.engine) as session:
        assert audit.chain_problems(session) == []


@pytest.mark.both_backends
def test_new_cases_cost_the_same_statements_however_many_a_batch_holds(services: Services) -> None:
    def sent(mrns: list[str]) -> int:
        documents = [(_document(mrn, 2), mrn) for mrn in mrns]  # the same lists in each
        with counting(services.database.engine) as statements:
            assert all(r.ok for r in services.cases.import_documents(documents))
        return statements.count

    sent(["FIRST-1"])  # the trail's anchor row is made by the first write
    one = sent(["ONE-1"])
    assert sent([f"MANY-{i}" for i in range(20)]) == one


MRNS = ("SYN-0001", "syn-0002", "É-1", "é-2", "a_b%c", "MRN 7")


@pytest.mark.both_backends
def test_looking_up_a_batch_finds_what_looking_up_each_finds(services: Services) -> None:
    for mrn in MRNS:
        assert services.import_document({"format": "isconf-case/1", "case": {"mrn": mrn}}).ok
    wanted = ["syn-0001", "SYN-0002", "é-1", "É-2", "A_B%C", "a_b_c", "mrn 7", "nobody", "syn-0001"]
    with services.database.reading() as session:
        found = find_many(session, wanted)
        for mrn, (_lowered, case_id) in zip(wanted, found, strict=True):
            record = find_case(session, mrn)
            assert case_id == (record.id if record is not None else None)
        assert found[0][0] == found[-1][0]

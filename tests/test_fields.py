"""The field declarations on the domain dataclasses (``isconf.fields``)."""

from __future__ import annotations

import dataclasses

from isconf import domain, fields
from isconf.store.tables import CaseRecord


def _every_dataclass() -> list[type]:
    found: list[type] = []
    pending: list[type] = [domain.Case]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending += [d.info.of for d in fields.declared(cls) if d.info.of is not None]
    return found


def test_every_field_of_the_case_is_declared() -> None:
    for cls in _every_dataclass():
        for f in dataclasses.fields(cls):
            assert isinstance(f.metadata.get("isconf"), fields.FieldInfo), f"{cls.__name__}.{f.name}"


def test_every_single_valued_field_has_its_column() -> None:
    for column in fields.case_columns(domain.Case):
        assert column.column in CaseRecord.model_fields, column


def test_a_declaration_is_found_by_its_path() -> None:
    info = fields.at_path(domain.Case, "case.spasms.clusters_per_day")
    assert info is not None and info.bounds == (0, 500) and info.title == "Clusters per day"
    eeg = fields.at_path(domain.Case, "case.eeg[0].hypsarrhythmia")
    assert eeg is not None and eeg.kind == "choice"
    assert fields.at_path(domain.Case, "case.nothing") is None


def test_the_identifying_fields_are_declared_so() -> None:
    assert fields.identifying_paths(domain.Case) == [
        "case.mrn",
        "case.family_name",
        "case.given_name",
        "case.date_of_birth",
    ]

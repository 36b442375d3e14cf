"""The field declarations on the domain dataclasses (``isconf.fields``)."""

from __future__ import annotations

import dataclasses
from datetime import date

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


def test_what_a_missing_field_means_is_declared_on_it() -> None:
    from isconf.rules.wording import missing

    assert missing("metabolic_workup") == "no metabolic work-up result"
    assert missing("tradeoff.assessments") == "no rated trade-off assessment"
    # Inside a list's item the rules word it themselves, not the item's declaration.
    assert missing("treatments[1].start_date") == "start date of treatment 2 not recorded"
    assert missing("spasms.onset_date") == "spasms.onset_date not recorded"


def test_an_object_being_typed_is_read_as_far_as_it_is_valid() -> None:
    spasms = fields.best_effort(
        domain.Spasms,
        {"onset_date": "2026-01-05", "ongoing": "yes", "last_seen_date": "2026-02-30", "clusters_per_day": 4,
         "hypsarrhythmia": "classic", "semiology": {"type": "tonic", "asymmetric": True}},
    )  # fmt: skip
    assert spasms == domain.Spasms(
        onset_date=date(2026, 1, 5),
        clusters_per_day=4.0,
        hypsarrhythmia="classic",
        semiology=domain.Semiology(asymmetric=True),
    )
    assert fields.best_effort(domain.Spasms, None) == domain.Spasms()
    assert fields.best_effort(domain.Treatment, {"dose": True}) == domain.Treatment(agent="")

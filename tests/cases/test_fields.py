"""The field declarations on the domain dataclasses (``isconf.fields``)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

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


def test_every_declared_field_is_walked_below_the_case() -> None:
    walked = list(fields.every_declared(domain.Case))
    assert len(walked) == sum(len(dataclasses.fields(cls)) for cls in _every_dataclass())
    dates = [d.key for d in walked if d.info.kind == "date"]
    assert dates == ["date_of_birth", "onset_date", "last_seen_date", "start_date", "end_date", "date",
                     "date", "date", "assessed_on", "date", "next_surgery_date", "date", "date",
                     "last_spasm_date", "study_date"]  # fmt: skip


def test_a_placed_field_has_its_path_and_reads_its_value() -> None:
    placed = {p.path: p for p in fields.placed(domain.Case)}
    assert "eeg" in placed and "spasms.semiology.type" in placed  # lists whole, groups descended
    assert not any(path.startswith("eeg.") for path in placed)
    case = domain.Case(mrn="P-1", development=domain.Development(status="delayed"))
    assert placed["development.status"].attrs == ("development", "status")
    assert placed["development.status"].value(case) == "delayed"
    assert [c.attrs for c in fields.case_columns(domain.Case)] == [
        p.attrs for p in placed.values() if p.info.scalar
    ]


def test_a_group_is_made_from_a_few_of_its_columns() -> None:
    make = fields.from_columns(domain.Spasms, ("spasms",), ["spasms_ongoing", "spasm_onset_date"])
    assert make((False, date(2026, 1, 5))) == domain.Spasms(onset_date=date(2026, 1, 5), ongoing=False)
    semiology = fields.from_columns(domain.Semiology, ("spasms", "semiology"), ["spasms_semiology_side"])
    assert semiology(("left",)) == domain.Semiology(side="left")
    with pytest.raises(KeyError):
        fields.from_columns(domain.Spasms, ("spasms",), ["mrn"])


def test_a_value_is_worded_from_its_declaration() -> None:
    metabolic = fields.at_path(domain.Case, "case.metabolic_workup")
    assert metabolic is not None
    assert fields.lacks(metabolic, None) and fields.lacks(metabolic, "not_done")
    assert not fields.lacks(metabolic, "normal")
    assert fields.worded(metabolic, "normal") == "metabolic work-up normal"
    assert fields.worded(metabolic, "abnormal") == "metabolic work-up ABNORMAL"  # declared an alarm
    assert fields.worded(metabolic, "not_done") == "no metabolic work-up"  # its readiness words
    quotient = fields.at_path(domain.Case, "case.development.developmental_quotient")
    assert quotient is not None and fields.worded(quotient, 85.0) == "developmental quotient 85"
    assert fields.worded(quotient, None) == ""  # lacking, with no words for it
    onset = fields.at_path(domain.Case, "case.spasms.onset_date")
    assert onset is not None
    with pytest.raises(TypeError):
        fields.worded(onset, date(2026, 1, 5))


def test_a_key_finding_row_shows_the_fields_declared_on_it() -> None:
    from isconf.meetings.findings import key_findings

    spasms = domain.Spasms(hypsarrhythmia="modified", clusters_per_day=4)
    assert fields.shown(spasms, domain.SPASMS_ROW) == ["hypsarrhythmia modified"]
    assert fields.shown(domain.Spasms(), domain.SPASMS_ROW) == []
    assert fields.shown(domain.Case(mrn="S-1"), domain.ETIOLOGY_ROW) == ["no metabolic work-up"]
    rows = {label for label, _ in key_findings(domain.Case(mrn="S-1"), date(2026, 3, 1))}
    declared_rows = {d.info.finding for d in fields.every_declared(domain.Case) if d.info.finding}
    assert declared_rows and declared_rows <= rows


def test_the_readiness_of_a_case_is_declared_on_its_fields() -> None:
    expected = {
        p.path: (p.info.readiness, p.info.lacking) for p in fields.placed(domain.Case) if p.info.readiness
    }
    assert expected == {
        "mri": ("no MRI", ()),
        "eeg": ("no EEG", ()),
        "metabolic_workup": ("no metabolic work-up", ("not_done",)),
        "development.status": ("no development status", ("unknown",)),
    }


def test_de_identification_keeps_each_declared_date_as_an_age() -> None:
    from isconf.deidentify import DATE_KEYS, age_key

    assert age_key("onset_date") == "onset_age_days" and age_key("assessed_on") == "assessed_age_days"
    assert age_key("date") == "age_days"
    assert DATE_KEYS == {
        "onset_date": "onset_age_days",
        "last_seen_date": "last_seen_age_days",
        "start_date": "start_age_days",
        "end_date": "end_age_days",
        "date": "age_days",
        "assessed_on": "assessed_age_days",
        "next_surgery_date": "next_surgery_age_days",
        "last_spasm_date": "last_spasm_age_days",
        "study_date": "study_age_days",
    }  # the date of birth identifies the child: removed, not kept as an age

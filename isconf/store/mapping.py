"""Turning a stored case into a ``Case`` snapshot and back into rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlmodel import Session, SQLModel, col, select

from isconf.domain import (
    Assessment,
    BaselineFunction,
    BenefitOverride,
    Case,
    Development,
    EegStudy,
    Etiology,
    Lesion,
    MriStudy,
    PetStudy,
    Spasms,
    Tradeoff,
    Treatment,
)
from isconf.store.tables import (
    AssessmentRecord,
    BenefitOverrideRecord,
    CaseRecord,
    EegRecord,
    LesionRecord,
    MriRecord,
    PetRecord,
    TreatmentRecord,
)

_Child = TypeVar(
    "_Child", TreatmentRecord, MriRecord, EegRecord, PetRecord, AssessmentRecord, BenefitOverrideRecord
)
_Item = TypeVar("_Item", Treatment, MriStudy, Lesion, EegStudy, PetStudy, Assessment, BenefitOverride)


def write_scalars(record: CaseRecord, case: Case) -> None:
    """Copy the single-valued parts of ``case`` onto its row."""
    record.mrn = case.mrn
    record.family_name = case.family_name
    record.given_name = case.given_name
    record.date_of_birth = case.date_of_birth
    record.sex = case.sex
    record.referring_center = case.referring_center
    record.spasm_onset_date = case.spasms.onset_date
    record.spasms_ongoing = case.spasms.ongoing
    record.spasm_last_seen_date = case.spasms.last_seen_date
    record.spasm_clusters_per_day = case.spasms.clusters_per_day
    record.spasm_hypsarrhythmia = case.spasms.hypsarrhythmia
    record.etiology_category = case.etiology.category
    record.etiology_also = list(case.etiology.also)
    record.etiology_diagnosis = case.etiology.diagnosis
    record.metabolic_workup = case.metabolic_workup
    record.degenerative_condition = case.degenerative_condition
    record.development_assessed_on = case.development.assessed_on
    record.development_status = case.development.status
    record.developmental_quotient = case.development.developmental_quotient
    record.baseline_hemiparesis = case.baseline_function.hemiparesis
    record.baseline_visual_field = case.baseline_function.visual_field
    record.proposed_procedure = case.tradeoff.proposed_procedure
    record.tradeoff_options = list(case.tradeoff.options)
    record.next_surgery_date = case.tradeoff.next_surgery_date


def add_children(session: Session, case_id: int, case: Case) -> None:
    """Insert the list parts of ``case`` (the case's old children must be gone).

    One executemany per table, in the session's transaction, rather than an ORM object
    per row: building and flushing those was a third of importing a case (import_1000_s
    in docs/performance.md). An MRI study's id is read back for its lesions.
    """
    lists: tuple[tuple[type[SQLModel], tuple[Any, ...]], ...] = (
        (TreatmentRecord, case.treatments),
        (EegRecord, case.eeg),
        (PetRecord, case.pet),
        (AssessmentRecord, case.tradeoff.assessments),
        (BenefitOverrideRecord, case.tradeoff.benefit_overrides),
    )
    for table, items in lists:
        _insert_rows(
            session, table, [dict(_values(item), case_id=case_id, position=i) for i, item in enumerate(items)]
        )
    lesions: list[dict[str, Any]] = []
    for position, study in enumerate(case.mri):
        values = dict(_values(study, skip=("lesions",)), case_id=case_id, position=position)
        mri_id = session.execute(insert(MriRecord).values(values).returning(col(MriRecord.id))).scalar_one()
        lesions += [
            dict(_values(lesion), mri_id=mri_id, position=j) for j, lesion in enumerate(study.lesions)
        ]
    _insert_rows(session, LesionRecord, lesions)


def _insert_rows(session: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), rows)


def _values(item: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A domain object's fields as column values (the columns carry the same names)."""
    return {
        f.name: list(value) if isinstance(value := getattr(item, f.name), tuple) else value
        for f in fields(item)
        if f.name not in skip
    }


def _domain(kind: type[_Item], row: Any, **extra: Any) -> _Item:
    """A domain object from a row whose columns carry the object's field names."""
    values: dict[str, Any] = {}
    for f in fields(kind):
        if f.name in extra:
            continue
        value = getattr(row, f.name)
        values[f.name] = tuple(value) if isinstance(value, list) else value
    return kind(**values, **extra)


def delete_children(session: Session, case_id: int) -> None:
    """Remove every list row of a case (lesions go with their MRI by cascade)."""
    for table in (TreatmentRecord, EegRecord, PetRecord, AssessmentRecord, BenefitOverrideRecord):
        for row in session.exec(select(table).where(col(table.case_id) == case_id)):
            session.delete(row)
    for mri in session.exec(select(MriRecord).where(col(MriRecord.case_id) == case_id)):
        for lesion in session.exec(select(LesionRecord).where(col(LesionRecord.mri_id) == mri.id)):
            session.delete(lesion)
        session.delete(mri)
    session.flush()


def read_case(session: Session, record: CaseRecord) -> Case:
    """The ``Case`` snapshot of a stored row and its children."""
    assert record.id is not None
    cid = record.id
    treatments = _ordered(session, TreatmentRecord, cid)
    mris = _ordered(session, MriRecord, cid)
    lesions_by_mri: dict[int, list[LesionRecord]] = defaultdict(list)
    mri_ids = [m.id for m in mris]
    if mri_ids:
        query = (
            select(LesionRecord)
            .where(col(LesionRecord.mri_id).in_(mri_ids))
            .order_by(col(LesionRecord.position))
        )
        for lesion in session.exec(query):
            lesions_by_mri[lesion.mri_id].append(lesion)
    return Case(
        mrn=record.mrn,
        family_name=record.family_name,
        given_name=record.given_name,
        date_of_birth=record.date_of_birth,
        sex=record.sex,
        referring_center=record.referring_center,
        spasms=Spasms(
            onset_date=record.spasm_onset_date,
            ongoing=record.spasms_ongoing,
            last_seen_date=record.spasm_last_seen_date,
            clusters_per_day=record.spasm_clusters_per_day,
            hypsarrhythmia=record.spasm_hypsarrhythmia,
        ),
        treatments=tuple(_domain(Treatment, t) for t in treatments),
        mri=tuple(
            _domain(
                MriStudy, m, lesions=tuple(_domain(Lesion, x) for x in lesions_by_mri.get(m.id or -1, []))
            )
            for m in mris
        ),
        eeg=tuple(_domain(EegStudy, e) for e in _ordered(session, EegRecord, cid)),
        pet=tuple(_domain(PetStudy, x) for x in _ordered(session, PetRecord, cid)),
        etiology=Etiology(
            category=record.etiology_category,
            also=tuple(record.etiology_also or ()),
            diagnosis=record.etiology_diagnosis,
        ),
        metabolic_workup=record.metabolic_workup,
        degenerative_condition=record.degenerative_condition,
        development=Development(
            assessed_on=record.development_assessed_on,
            status=record.development_status,
            developmental_quotient=record.developmental_quotient,
        ),
        baseline_function=BaselineFunction(
            hemiparesis=record.baseline_hemiparesis, visual_field=record.baseline_visual_field
        ),
        tradeoff=Tradeoff(
            proposed_procedure=record.proposed_procedure,
            assessments=tuple(_domain(Assessment, a) for a in _ordered(session, AssessmentRecord, cid)),
            options=tuple(record.tradeoff_options or ()),
            benefit_overrides=tuple(
                _domain(BenefitOverride, b) for b in _ordered(session, BenefitOverrideRecord, cid)
            ),
            next_surgery_date=record.next_surgery_date,
        ),
    )


def _ordered(session: Session, table: type[_Child], case_id: int) -> Sequence[_Child]:
    query = select(table).where(col(table.case_id) == case_id).order_by(col(table.position))
    return session.exec(query).all()

"""Turning a stored case into a ``Case`` snapshot and back into rows."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlmodel import Session, SQLModel, col, select

from isconf import fields
from isconf.domain import (
    Assessment,
    BenefitOverride,
    Case,
    EegStudy,
    Lesion,
    MriStudy,
    PetStudy,
    Treatment,
)
from isconf.store.case_hash import case_sha256
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
    """Copy the single-valued parts of ``case`` onto its row (columns as declared)."""
    for column in fields.case_columns(Case):
        value: Any = case
        for attr in column.attrs:
            value = getattr(value, attr)
        setattr(record, column.column, list(value) if isinstance(value, tuple) else value)
    record.content_sha256 = case_sha256(case)


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
        for f in dataclasses.fields(item)
        if f.name not in skip
    }


def _domain(kind: type[_Item], row: Any, **extra: Any) -> _Item:
    """A domain object from a row whose columns carry the object's field names."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(kind):
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
    lists: dict[tuple[str, ...], tuple[Any, ...]] = {
        ("treatments",): tuple(_domain(Treatment, t) for t in treatments),
        ("mri",): tuple(
            _domain(
                MriStudy, m, lesions=tuple(_domain(Lesion, x) for x in lesions_by_mri.get(m.id or -1, []))
            )
            for m in mris
        ),
        ("eeg",): tuple(_domain(EegStudy, e) for e in _ordered(session, EegRecord, cid)),
        ("pet",): tuple(_domain(PetStudy, x) for x in _ordered(session, PetRecord, cid)),
        ("tradeoff", "assessments"): tuple(
            _domain(Assessment, a) for a in _ordered(session, AssessmentRecord, cid)
        ),
        ("tradeoff", "benefit_overrides"): tuple(
            _domain(BenefitOverride, b) for b in _ordered(session, BenefitOverrideRecord, cid)
        ),
    }
    case: Case = _from_row(Case, record, (), lists)
    return case


def _from_row(
    cls: type, record: CaseRecord, above: tuple[str, ...], lists: dict[tuple[str, ...], Any]
) -> Any:
    """``cls`` (the case or one of its groups) from the row's declared columns and the lists read."""
    values: dict[str, Any] = {}
    for d in fields.declared(cls):
        attrs = (*above, d.name)
        if d.info.kind == "group":
            assert d.info.of is not None
            values[d.name] = _from_row(d.info.of, record, attrs, lists)
        elif d.info.kind == "list":
            values[d.name] = lists[attrs]
        else:
            value = getattr(record, fields.column_name(d.info, attrs))
            values[d.name] = tuple(value or ()) if d.info.kind == "codes" else value
    return cls(**values)


def _ordered(session: Session, table: type[_Child], case_id: int) -> Sequence[_Child]:
    query = select(table).where(col(table.case_id) == case_id).order_by(col(table.position))
    return session.exec(query).all()

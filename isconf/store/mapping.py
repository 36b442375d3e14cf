"""Turning a stored case into a ``Case`` snapshot and back into rows."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any, TypeVar

from sqlalchemy import String, bindparam, delete, insert, update
from sqlmodel import Session, SQLModel, col

from isconf import fields
from isconf.domain import (
    Assessment,
    BenefitOverride,
    Case,
    DevelopmentAssessment,
    EegStudy,
    FollowUp,
    KeyImage,
    Lesion,
    MriStudy,
    PetStudy,
    Treatment,
)
from isconf.errors import Problem, ServiceError
from isconf.store import child_rows, find
from isconf.store.case_hash import case_sha256
from isconf.store.tables import (
    AssessmentRecord,
    BenefitOverrideRecord,
    CaseRecord,
    DevelopmentAssessmentRecord,
    EegRecord,
    FollowUpRecord,
    KeyImageRecord,
    LesionRecord,
    MriRecord,
    PetRecord,
    TreatmentRecord,
)

_Item = TypeVar(
    "_Item",
    Treatment,
    MriStudy,
    Lesion,
    EegStudy,
    PetStudy,
    Assessment,
    BenefitOverride,
    DevelopmentAssessment,
    KeyImage,
    FollowUp,
)


@functools.cache
def _case_columns() -> list[fields.Column]:
    """The case's single-valued fields and their columns (walking the declarations per case
    was a tenth of importing one)."""
    return fields.case_columns(Case)


def scalar_values(case: Case) -> dict[str, Any]:
    """The single-valued parts of ``case`` as ``case_record`` column values (columns as declared)."""
    values: dict[str, Any] = {}
    for column in _case_columns():
        value: Any = case
        for attr in column.attrs:
            value = getattr(value, attr)
        values[column.column] = list(value) if isinstance(value, tuple) else value
    values["content_sha256"] = case_sha256(case)  # what isconf check recomputes (issue 23)
    return values


def write_scalars(record: CaseRecord, case: Case) -> None:
    """Copy the single-valued parts of ``case`` onto its row."""
    for name, value in scalar_values(case).items():
        setattr(record, name, value)


def insert_case(session: Session, values: dict[str, Any]) -> int:
    """Insert a case's row from its column values; its id (``insert_cases`` of one)."""
    return insert_cases(session, [values])[0]


def insert_cases(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert cases' rows from their column values (the same columns in each), in one
    executemany; their ids, in order. Without building the ORM object (pydantic's checks on
    each attribute set were a fifth of importing a case)."""
    return _inserted_ids(session, _INSERT_CASE, rows, ("mrn",))


def _inserted_ids(
    session: Session, statement: Any, rows: Sequence[dict[str, Any]], key: tuple[str, ...]
) -> list[int]:
    """The ids of rows inserted in one executemany, in the rows' order. Each row comes back
    with its ``key`` (columns unique among the rows), not in a promised order: SQLite has no
    such promise, and asking SQLAlchemy for one sends a statement per row there."""
    if len(rows) == 1:
        return [session.connection().execute(statement, rows[0]).one()[0]]
    ids = {tuple(found[1:]): found[0] for found in session.connection().execute(statement, list(rows))}
    return [ids[tuple(row[k] for k in key)] for row in rows]


# Built once, parameters bound at each run, sent through the connection, not the ORM's bulk
# path: building a statement per row was most of writing one (import_1000_s).
_CASES = CaseRecord.__table__  # type: ignore[attr-defined]
_STUDIES = MriRecord.__table__  # type: ignore[attr-defined]
_INSERT_CASE = insert(_CASES).returning(_CASES.c.id, _CASES.c.mrn)
_STUDY_KEY = ("case_id", "position")
_INSERT_STUDY = insert(_STUDIES).returning(_STUDIES.c.id, _STUDIES.c.case_id, _STUDIES.c.position)


# The case's lists, each in its table, in the order they are read and written. A list added
# to the case is declared here once: read (in the same one statement), written and replaced
# from this declaration. MRI studies carry their lesions, a list of their own (``_LESIONS``).
LISTS: tuple[tuple[tuple[str, ...], type[SQLModel], type], ...] = (
    (("treatments",), TreatmentRecord, Treatment),
    (("mri",), MriRecord, MriStudy),
    (("eeg",), EegRecord, EegStudy),
    (("pet",), PetRecord, PetStudy),
    (("tradeoff", "assessments"), AssessmentRecord, Assessment),
    (("tradeoff", "benefit_overrides"), BenefitOverrideRecord, BenefitOverride),
    (("development", "assessments"), DevelopmentAssessmentRecord, DevelopmentAssessment),
    (("follow_up",), FollowUpRecord, FollowUp),
)
_MRI = ("mri",)
# Key images ride the same one statement (their bytes as hexadecimal text), are written anew only
# when they changed, and are checked against their SHA-256 as they are read.
_IMAGES = ("images",)
_LESIONS = "lesions"

# What a case's stored lists read as: its rows (column values, ids included) by list path;
# an MRI study's row holds its lesions' rows under "lesions".
StoredLists = dict[tuple[str, ...], list[dict[str, Any]]]


def add_children(session: Session, case_id: int, case: Case) -> None:
    """Insert the list parts of ``case`` (the case's old children must be gone)."""
    add_children_of(session, [(case_id, case)])


def add_children_of(session: Session, cases: Sequence[tuple[int, Case]]) -> None:
    """Insert the list parts of these new cases (by their ids).

    One executemany per table for them all, in the session's transaction, rather than an ORM
    object per row: building and flushing those was a third of importing a case, and a
    statement per case and table most of the rest (import_1000_s in docs/performance.md).
    The MRI studies' ids are read back, in order, for their lesions.
    """
    for path, table, _kind in LISTS:
        if path != _MRI:
            _insert_rows(
                session, table, [row for case_id, case in cases for row in _rows(case_id, _list(case, path))]
            )
    _insert_studies_of(session, [(case_id, case.mri, 0) for case_id, case in cases])
    _insert_rows(
        session, KeyImageRecord, [row for case_id, case in cases for row in _rows(case_id, case.images)]
    )


def _rows(case_id: int, items: Sequence[Any], first: int = 0) -> list[dict[str, Any]]:
    return [dict(_values(item), case_id=case_id, position=i) for i, item in enumerate(items, start=first)]


def _list(case: Case, path: tuple[str, ...]) -> tuple[Any, ...]:
    value: Any = case
    for attr in path:
        value = getattr(value, attr)
    return tuple(value)


def _insert_items(session: Session, table: type[SQLModel], case_id: int, items: Sequence[Any]) -> None:
    _insert_rows(session, table, _rows(case_id, items))


def _insert_studies(session: Session, case_id: int, studies: Sequence[MriStudy], first: int) -> None:
    _insert_studies_of(session, [(case_id, studies, first)])


def _insert_studies_of(session: Session, cases: Sequence[tuple[int, Sequence[MriStudy], int]]) -> None:
    """MRI studies of several cases (each from its position ``first`` on), then their lesions."""
    studies = [study for _case_id, of_case, _first in cases for study in of_case]
    if not studies:
        return
    rows = [
        dict(_values(study, skip=(_LESIONS,)), case_id=case_id, position=position)
        for case_id, of_case, first in cases
        for position, study in enumerate(of_case, start=first)
    ]
    lesions = [
        dict(_values(lesion), mri_id=mri_id, position=j)
        for study, mri_id in zip(
            studies, _inserted_ids(session, _INSERT_STUDY, rows, _STUDY_KEY), strict=True
        )
        for j, lesion in enumerate(study.lesions)
    ]
    _insert_rows(session, LesionRecord, lesions)


def replace_children(session: Session, case_id: int, stored: StoredLists, case: Case) -> None:
    """Write the lists of ``case`` over those ``stored``, touching only what differs: a row
    edited in place is one UPDATE (all of a list's edited rows in one executemany), rows
    added are inserted, rows gone deleted; an unchanged list sends nothing. Key images are
    written anew when they changed at all."""
    if [_checked_image(row) for row in stored.get(_IMAGES, [])] != list(case.images):
        session.execute(delete(KeyImageRecord).where(col(KeyImageRecord.case_id) == case_id))
        _insert_items(session, KeyImageRecord, case_id, case.images)
    for path, table, kind in LISTS:
        old_rows, new_items = stored.get(path, []), _list(case, path)
        if path == _MRI:
            _replace_studies(session, case_id, old_rows, new_items)
            continue
        old_items = [_domain(kind, row) for row in old_rows]
        if old_items == list(new_items):
            continue
        kept = min(len(old_rows), len(new_items))
        edited = [
            {"row_id": old_rows[i]["id"], **{f"v_{k}": v for k, v in _values(new_items[i]).items()}}
            for i in range(kept)
            if old_items[i] != new_items[i]
        ]
        if edited:
            t = table.__table__  # type: ignore[attr-defined]
            names = list(_values(new_items[0]))
            statement = (
                update(t).where(t.c.id == bindparam("row_id")).values({n: bindparam(f"v_{n}") for n in names})
            )
            session.connection().execute(statement, edited)
        gone = [row["id"] for row in old_rows[kept:]]
        if gone:
            session.execute(delete(table).where(col(table.id).in_(gone)))  # type: ignore[attr-defined]
        _insert_rows(
            session,
            table,
            [dict(_values(new_items[i]), case_id=case_id, position=i) for i in range(kept, len(new_items))],
        )


def _replace_studies(
    session: Session, case_id: int, old_rows: list[dict[str, Any]], studies: Sequence[MriStudy]
) -> None:
    """MRI studies carry lesions: from the first study that differs on, the rest are written anew."""
    old = [_study(row) for row in old_rows]
    same = 0
    while same < min(len(old), len(studies)) and old[same] == studies[same]:
        same += 1
    gone = [row["id"] for row in old_rows[same:]]
    if gone:  # their lesions go with them (ON DELETE CASCADE)
        session.execute(delete(MriRecord).where(col(MriRecord.id).in_(gone)))
    _insert_studies(session, case_id, studies[same:], same)


def _insert_rows(session: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(table.__table__), rows)  # type: ignore[attr-defined]


def _values(item: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A domain object's fields as column values (the columns carry the same names; a group's
    fields, such as a visit's development, are columns named by their path: ``development_domain``);
    an image's bytes with their SHA-256, which every read checks."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(item):
        if f.name in skip:
            continue
        value = getattr(item, f.name)
        if dataclasses.is_dataclass(value):
            values.update({f"{f.name}_{k}": v for k, v in _values(value).items()})
        else:
            values[f.name] = list(value) if isinstance(value, tuple) else value
    if isinstance(item, KeyImage):
        values["sha256"] = hashlib.sha256(item.data).hexdigest()
    return values


def _checked_image(row: dict[str, Any]) -> KeyImage:
    """An image read back, refused when its bytes no longer match the hash they were stored with."""
    if hashlib.sha256(row["data"]).hexdigest() != row["sha256"]:
        message = "changed outside isconf (its SHA-256 no longer matches the one stored); run isconf check"
        raise ServiceError([Problem(f"case.images[{row['position']}].data", message)])
    return _domain(KeyImage, row)


def _domain(kind: type[_Item], row: dict[str, Any], **extra: Any) -> _Item:
    """A domain object from a row whose columns carry the object's field names."""
    return kind(**_fields_of(kind, row, "", tuple(extra)), **extra)


def _fields_of(kind: type, row: dict[str, Any], prefix: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for d in fields.declared(kind):
        if d.name in skip or d.info.kind == "list":
            continue
        if d.info.kind == "group":
            assert d.info.of is not None
            values[d.name] = d.info.of(**_fields_of(d.info.of, row, f"{prefix}{d.name}_"))
            continue
        value = row[prefix + d.name]
        values[d.name] = tuple(value) if isinstance(value, list) else value
    return values


def _study(row: dict[str, Any]) -> MriStudy:
    return _domain(MriStudy, row, lesions=tuple(_domain(Lesion, x) for x in row[_LESIONS]))


def delete_children(session: Session, case_id: int) -> None:
    """Remove every list row of a case (lesions go with their MRI by cascade)."""
    for _path, table, _kind in LISTS:
        session.execute(delete(table).where(col(table.case_id) == case_id))  # type: ignore[attr-defined]
    session.execute(delete(KeyImageRecord).where(col(KeyImageRecord.case_id) == case_id))


def list_branches(case_ids: Sequence[int]) -> list[child_rows.Branch]:
    """The branches that read these cases' lists: one per table of ``LISTS``, then the lesions,
    then the key images (``LIST_BRANCHES`` in all). A screen that needs other child rows too adds
    its branches after these (one statement)."""
    mri = MriRecord.__table__  # type: ignore[attr-defined]
    lesion = LesionRecord.__table__  # type: ignore[attr-defined]
    image = KeyImageRecord.__table__  # type: ignore[attr-defined]
    branches = [
        child_rows.Branch(table.__table__, table.__table__.c.case_id, case_ids)  # type: ignore[attr-defined]
        for _path, table, _kind in LISTS
    ]
    branches.append(
        child_rows.Branch(lesion, mri.c.case_id, case_ids, join=(mri, lesion.c.mri_id == mri.c.id))
    )
    branches.append(child_rows.Branch(image, image.c.case_id, case_ids))
    return branches


LIST_BRANCHES = len(LISTS) + 2


def gather_lists(found: Sequence[child_rows.Rows], case_ids: Sequence[int]) -> dict[int, StoredLists]:
    """The cases' lists from what ``list_branches`` read (the first ``LIST_BRANCHES`` results)."""
    *lists, lesions, images = found[:LIST_BRANCHES]
    by_study: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for rows in lesions.values():
        for row in rows:
            by_study[row["mri_id"]].append(row)
    gathered: dict[int, StoredLists] = {case_id: {} for case_id in case_ids}
    for (path, _table, _kind), rows_by_case in zip(LISTS, lists, strict=True):
        for case_id, rows in rows_by_case.items():
            if path == _MRI:
                for row in rows:
                    row[_LESIONS] = by_study.get(row["id"], [])
            gathered[case_id][path] = rows
    for case_id, rows in images.items():
        gathered[case_id][_IMAGES] = rows
    return gathered


def read_lists(session: Session, case_ids: Sequence[int]) -> dict[int, StoredLists]:
    """The stored lists of these cases, key images included, all in one statement
    (``isconf.store.child_rows``)."""
    return gather_lists(child_rows.read(session, list_branches(case_ids)), case_ids)


class CaseValues(SimpleNamespace):
    """A case row's column values as attributes, as a ``CaseRecord`` holds them."""

    version: int
    updated_at: datetime


_CASE_HEAD = child_rows.Head(
    CaseRecord.__table__,  # type: ignore[attr-defined]
    find.mrn_is(bindparam("mrn", type_=String)),
)


def read_by_mrn(session: Session, mrn: str) -> tuple[CaseValues, Case] | None:
    """The case with this MRN (ignoring case, as ``find.find_case``): its row's values and its
    ``Case``, the row and every list in ONE statement (``child_rows.read_under``): opening a case
    is one round trip to a team server. ``None`` when no case has the MRN."""
    values, found = child_rows.read_under(
        session, _CASE_HEAD, {"mrn": find.typed_mrn(mrn)}, list_branches(())
    )
    if values is None:
        return None
    row = CaseValues(**values)
    return row, case_of(row, gather_lists(found, [row.id])[row.id])


def read_case(session: Session, record: CaseRecord) -> Case:
    """The ``Case`` snapshot of a stored row and its children (one statement more)."""
    assert record.id is not None
    return case_of(record, read_lists(session, [record.id])[record.id])


def read_cases(session: Session, records: Sequence[CaseRecord]) -> dict[int, Case]:
    """The ``Case`` of each row, by id: the lists of all of them in one statement."""
    ids = [r.id for r in records if r.id is not None]
    lists = read_lists(session, ids)
    return {r.id: case_of(r, lists[r.id]) for r in records if r.id is not None}


def case_of(record: CaseRecord | CaseValues, stored: StoredLists) -> Case:
    """The ``Case`` of a row (or its column values: ``read_by_mrn``) and its stored lists."""
    lists: dict[tuple[str, ...], tuple[Any, ...]] = {}
    for path, _table, kind in LISTS:
        rows = stored.get(path, [])
        lists[path] = tuple(_study(r) if path == _MRI else _domain(kind, r) for r in rows)
    lists[_IMAGES] = tuple(_checked_image(row) for row in stored.get(_IMAGES, []))
    case: Case = _from_row(Case, record, (), lists)
    return case


def _from_row(
    cls: type, record: CaseRecord | CaseValues, above: tuple[str, ...], lists: dict[tuple[str, ...], Any]
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

"""Every child row a screen needs, of any number of tables and parents, in ONE statement.

A case has six lists (and its MRI studies their lesions), a meeting's agenda entries their
options and action items: read table by table and parent by parent, a 20-case agenda took
~240 statements, each a round trip to a team server (docs/performance.md). Here each table is
one branch of a ``UNION ALL``; each branch sends its rows as JSON objects (``json_object`` on
SQLite, ``json_build_object`` on PostgreSQL), so tables of different columns share one result,
and the rows come back as plain dictionaries with the columns' Python types restored.

Bytes (a key image's) ride beside the JSON, in a column of their own: as hexadecimal text inside
it, a case's three 116 kB key images cost PostgreSQL 2 ms of escaping and the client as much
decoding them again (docs/performance.md, issue 22). On PostgreSQL the result comes back in
binary form (``isconf.store.server_engine.BINARY_RESULTS``), bytes as they are stored.

The tables to read are named by the caller (``Branch``): a table added to a case's lists is
one more branch of the same statement, never one more statement. With a ``Head`` (a case found by
its MRN) the parent row itself is one more branch, and opening a case is one round trip.
"""

from __future__ import annotations

import json
import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    TypeDecorator,
    any_,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session

from isconf.store.server_engine import BINARY_RESULTS

# PostgreSQL's json_build_object takes at most 100 arguments: 50 columns.
_MOST_COLUMNS = 50


@dataclass(frozen=True)
class Branch:
    """Rows of ``table`` whose ``parent`` column (or expression) is among ``parents``.

    ``join``: another table joined in to reach the parent (a lesion's case is its study's).
    """

    table: Table
    parent: ColumnElement[Any]
    parents: Sequence[int]
    join: tuple[Table, ColumnElement[bool]] | None = None


@dataclass(frozen=True)
class Head:
    """The one parent row itself (a case, found by its MRN), read by the same statement as its
    children: each branch's parent is then this row's id, which the statement looks up itself,
    so no statement goes before it to find the id (one round trip to a team server, not two).

    ``where``: finds the row; its bound parameters are given to ``read_under``.
    """

    table: Table
    where: ColumnElement[bool]


Rows = dict[int, list[dict[str, Any]]]  # parent id -> its rows, by position


class _RowJson(FunctionElement[Any]):
    """A row as one JSON object; compiled per backend below."""

    inherit_cache = True
    name = "row_json"


@compiles(_RowJson, "sqlite")
def _sqlite_json(element: _RowJson, compiler: Any, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(_RowJson, "postgresql")
def _postgres_json(element: _RowJson, compiler: Any, **kw: Any) -> str:
    return f"json_build_object({compiler.process(element.clauses, **kw)})"


class _ExactReal(FunctionElement[Any]):
    """A float as text that reads back exactly: SQLite's JSON keeps 15 digits, a double needs 17."""

    inherit_cache = True
    name = "exact_real"


@compiles(_ExactReal, "sqlite")
def _sqlite_real(element: _ExactReal, compiler: Any, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"CASE WHEN {value} IS NULL THEN NULL ELSE printf('%!.17g', {value}) END"


@compiles(_ExactReal, "postgresql")
def _postgres_real(element: _ExactReal, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)  # shortest exact text since PostgreSQL 12


class _HexBytes(FunctionElement[Any]):
    """Bytes as hexadecimal text, for a table's second bytes column (JSON carries no bytes)."""

    inherit_cache = True
    name = "hex_bytes"


@compiles(_HexBytes, "sqlite")
def _sqlite_hex(element: _HexBytes, compiler: Any, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return f"CASE WHEN {value} IS NULL THEN NULL ELSE hex({value}) END"


@compiles(_HexBytes, "postgresql")
def _postgres_hex(element: _HexBytes, compiler: Any, **kw: Any) -> str:
    return f"encode({compiler.process(element.clauses, **kw)}, 'hex')"


def _sent(column: Any) -> Any:
    """The column as the JSON object carries it (floats exact, bytes as hexadecimal)."""
    if isinstance(column.type, Float | Numeric):
        return _ExactReal(column)
    if isinstance(column.type, LargeBinary):
        return _HexBytes(column)
    return column


def _blob(table: Table) -> Column[Any] | None:
    """The table's first bytes column, which the statement sends beside the JSON, as bytes."""
    return next((c for c in table.columns if isinstance(c.type, LargeBinary)), None)


def _row_json(table: Table, part: int = 0, parts: int = 1) -> Any:
    """The row's columns as ``parts`` JSON objects: this one the ``part``-th ``_MOST_COLUMNS``
    of them (a head's row takes two: the case has 60 columns), a JSON NULL when none are left."""
    blob = _blob(table)
    columns = [c for c in table.columns if c is not blob]
    if len(columns) > _MOST_COLUMNS * parts:
        raise ValueError(f"{table.name}: more than {_MOST_COLUMNS} columns to send as one JSON object")
    chosen = columns[part * _MOST_COLUMNS : (part + 1) * _MOST_COLUMNS]
    if not chosen:
        return cast(null(), JSON)
    pairs: list[Any] = []
    for column in chosen:
        pairs += [literal_column(f"'{column.name}'"), _sent(column)]
    return _RowJson(*pairs)


# Built once per shape (which branches, in which order): building the statement cost more than
# running it (~1 ms of SQLAlchemy's coercions per table); the parents are bound at each run.
_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _statement(wanted: list[tuple[int, Branch]], arrays: bool, head: Head | None = None) -> Any:
    shape = tuple(
        (
            i,
            b.table.name,
            str(b.parent),
            None if b.join is None else (b.join[0].name, _shape_of(b.join[1])),
            head is None and len(b.parents) == 1,
        )
        for i, b in wanted
    )
    key = (arrays, None if head is None else (head.table.name, _shape_of(head.where)), *shape)
    statement = _STATEMENTS.get(key)
    if statement is None:
        selects = []
        head_id = None
        if head is not None:
            head_id = select(head.table.c.id).where(head.where).scalar_subquery()
            selects.append(
                select(
                    literal_column(str(len(wanted))).label("branch"),
                    head.table.c.id.label("parent"),
                    literal_column("0").label("position"),
                    head.table.c.id.label("id"),
                    _row_json(head.table, 0, 2).label("row"),
                    _blob_or_null(head.table).label("blob"),
                    _row_json(head.table, 1, 2).label("more"),
                ).where(head.where)
            )
        for index, branch in wanted:
            table = branch.table
            source: Any = table if branch.join is None else table.join(*branch.join)
            found = (
                _among(branch.parent, f"parents_{index}", arrays, len(branch.parents) == 1)
                if head_id is None
                else branch.parent == head_id
            )
            columns = [
                literal_column(str(index)).label("branch"),
                branch.parent.label("parent"),
                table.c.position.label("position"),
                table.c.id.label("id"),
                _row_json(table).label("row"),
                _blob_or_null(table).label("blob"),
            ]
            if head is not None:
                columns.append(cast(null(), JSON).label("more"))
            selects.append(select(*columns).select_from(source).where(found))
        statement = union_all(*selects)  # put in order by ``read``
        _STATEMENTS[key] = statement
    return statement


def _shape_of(clause: ColumnElement[Any]) -> Any:
    """What tells a condition from another in ``_STATEMENTS``: SQLAlchemy's own cache key (its
    text, ``str``, is compiled afresh each time: 20–70 µs at every read)."""
    key = clause._generate_cache_key()
    return str(clause) if key is None else key.key


def _among(parent: ColumnElement[Any], name: str, arrays: bool, single: bool) -> ColumnElement[bool]:
    """``parent IN (…)``; on PostgreSQL ``parent = ANY(array)``, one parameter however many
    parents: 20 agenda entries made 241 parameters, which psycopg parsed out of the statement
    afresh at every reading (~1 ms; it caches statements of at most 50), and a statement text
    for each length of agenda, where one prepared statement now serves them all.

    One parent is ``parent = value``: PostgreSQL plans a prepared statement afresh at each run
    ("custom plans") while its one-off plan looks cheaper than the plan made once for any value,
    and for ``= ANY(array)`` it guesses ten values, so a case's lists were planned again every
    time they were read (0.25 ms of opening a case, more than running it). For one value the
    guesses agree and the server keeps the one plan."""
    if single:
        return parent == bindparam(name, type_=Integer)
    if arrays:
        return parent == any_(bindparam(name, type_=ARRAY(Integer)))
    return parent.in_(bindparam(name, expanding=True))


def _blob_or_null(table: Table) -> Any:
    blob = _blob(table)
    return cast(null(), LargeBinary) if blob is None else blob


_ORDER = operator.itemgetter(0, 1, 2, 3)  # branch, parent, position, id


def read(session: Session, branches: Sequence[Branch]) -> list[Rows]:
    """For each branch, its rows by parent, in ``position`` order (then id); one statement."""
    wanted = [(i, b) for i, b in enumerate(branches) if b.parents]
    if not wanted:
        return [defaultdict(list) for _ in branches]
    parents = {f"parents_{i}": b.parents[0] if len(b.parents) == 1 else list(b.parents) for i, b in wanted}
    return _run(session, branches, wanted, parents, None)[1]


def read_under(
    session: Session, head: Head, values: dict[str, Any], branches: Sequence[Branch]
) -> tuple[dict[str, Any] | None, list[Rows]]:
    """The head's row (``None`` when ``where`` finds none) and, as ``read`` gives them, its
    rows of each branch (whose ``parents`` are not used: the head's id is); one statement."""
    return _run(session, branches, list(enumerate(branches)), values, head)


def _run(
    session: Session,
    branches: Sequence[Branch],
    wanted: list[tuple[int, Branch]],
    values: dict[str, Any],
    head: Head | None,
) -> tuple[dict[str, Any] | None, list[Rows]]:
    found: list[Rows] = [defaultdict(list) for _ in branches]
    blobs = [_blob(b.table) for b in branches]
    connection = session.connection()
    dialect = connection.dialect
    statement = _statement(wanted, arrays=dialect.name == "postgresql", head=head)
    result = connection.execute(statement, values, execution_options={BINARY_RESULTS: True}).all()
    head_row: dict[str, Any] | None = None
    # Put in order here rather than by an ORDER BY: SQLite's sorter copied every row, the key
    # images' bytes included (~1.3 ms of opening the long case with its 3 images).
    for index, parent, _position, _id, row, blob, *more in sorted(result, key=_ORDER):
        if index == len(branches):
            assert head is not None
            head_row = _head_values(head.table, _json(row), more[0], dialect)
            continue
        table = branches[index].table
        typed = _typed(table, _json(row), dialect)
        blob_column = blobs[index]
        if blob_column is not None:
            typed[blob_column.name] = blob if blob is None or isinstance(blob, bytes) else bytes(blob)
        found[index][parent].append(typed)
    return head_row, found


def _json(row: Any) -> dict[str, Any]:
    return row if isinstance(row, dict) else json.loads(row)


def _head_values(table: Table, row: dict[str, Any], more: Any, dialect: Dialect) -> dict[str, Any]:
    """Every column of the head's row (SQLite's JSON leaves none out, but be sure), typed."""
    if more is not None:
        row.update(_json(more))
    typed = _typed(table, row, dialect)
    return {column.name: typed.get(column.name) for column in table.columns}


def _typed(table: Table, row: dict[str, Any], dialect: Dialect) -> dict[str, Any]:
    """The values a query of the table itself would have given (JSON has no dates)."""
    for name, convert in _converters(table, dialect):
        value = row.get(name)
        if value is not None:
            row[name] = convert(value)
    return row


_CONVERTERS: dict[tuple[str, str], list[tuple[str, Callable[[Any], Any]]]] = {}


def _converters(table: Table, dialect: Dialect) -> list[tuple[str, Callable[[Any], Any]]]:
    found = _CONVERTERS.get((table.name, dialect.name))
    if found is None:
        found = []
        for column in table.columns:
            convert = _converter(column.type, dialect)
            if convert is not None:
                found.append((column.name, convert))
        _CONVERTERS[(table.name, dialect.name)] = found
    return found


def _converter(kind: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    if isinstance(kind, TypeDecorator):
        return _decorated(kind, _converter(kind.impl_instance, dialect), dialect)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return lambda value: date.fromisoformat(value[:10])
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Float | Numeric):
        return float
    if isinstance(kind, Integer):
        return int
    if isinstance(kind, LargeBinary):
        return bytes.fromhex
    if isinstance(kind, JSON):
        # PostgreSQL nests a json column's value in the row's object; SQLite sends it as text.
        return json.loads if dialect.name == "sqlite" else None
    return None


def _decorated(
    kind: TypeDecorator[Any], inner: Callable[[Any], Any] | None, dialect: Dialect
) -> Callable[[Any], Any] | None:
    """A decorated type's own conversion after its stored type's (an aware UTC ``datetime``)."""
    if not kind._has_result_processor:
        return inner

    def convert(value: Any) -> Any:
        return kind.process_result_value(value if inner is None else inner(value), dialect)

    return convert

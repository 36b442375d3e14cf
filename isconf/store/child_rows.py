"""Every child row a screen needs, of any number of tables and parents, in ONE statement.

A case has six lists (and its MRI studies their lesions), a meeting's agenda entries their
options and action items: read table by table and parent by parent, a 20-case agenda took
~240 statements, each a round trip to a team server (docs/performance.md). Here each table is
one branch of a ``UNION ALL``; each branch sends its rows as one value, so tables of different
columns share one result, and the rows come back as plain dictionaries with the columns' Python
types restored. On SQLite that value is a JSON object (``json_object``). On PostgreSQL it is an
array of the columns' texts, in the table's order: for a case's opening, ``json_build_object``
took the server ~0.05 ms more than the array, and the client ~0.1 ms parsing the JSON, where
psycopg reads the array in C (issue 22). The texts are PostgreSQL's own casts, read back as
``_converter`` says (``server_engine`` sets the date style and the float digits they depend on).

Bytes (a key image's) ride beside the row's value, in a column of their own: as hexadecimal text inside
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
from datetime import date, datetime, time
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
    String,
    Table,
    Time,
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

# SQLite's json_object takes at most 127 arguments: 50 columns a value (the same on PostgreSQL).
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
    """A row as one value, its clauses the pairs of a column's name and value: a JSON object on
    SQLite, an array of the values' texts on PostgreSQL (the module docstring says why)."""

    inherit_cache = True
    name = "row_json"


@compiles(_RowJson, "sqlite")
def _sqlite_json(element: _RowJson, compiler: Any, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(_RowJson, "postgresql")
def _postgres_texts(element: _RowJson, compiler: Any, **kw: Any) -> str:
    texts = []
    for value in list(element.clauses)[1::2]:
        text = compiler.process(value, **kw)
        texts.append(text if isinstance(_stored_type(value.type), String) else f"CAST({text} AS TEXT)")
    return f"CAST(ARRAY[{', '.join(texts)}] AS TEXT[])"


def _stored_type(kind: Any) -> Any:
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


class _NoRow(FunctionElement[Any]):
    """The NULL of a row's value (a head's columns need two, a child row's one)."""

    inherit_cache = True
    name = "no_row"


@compiles(_NoRow, "sqlite")
def _sqlite_no_row(_element: _NoRow, _compiler: Any, **_kw: Any) -> str:
    return "CAST(NULL AS JSON)"


@compiles(_NoRow, "postgresql")
def _postgres_no_row(_element: _NoRow, _compiler: Any, **_kw: Any) -> str:
    return "CAST(NULL AS TEXT[])"


class _ExactReal(FunctionElement[Any]):
    """A float as text that reads back exactly: SQLite's JSON keeps 15 digits, a double needs 17
    (SQLite's printf gives 17 exact digits up to ~1e100, far beyond any dose or score)."""

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


def _chosen(table: Table, part: int, parts: int) -> list[Column[Any]]:
    """The columns of the ``part``-th of a row's ``parts`` values: ``_MOST_COLUMNS`` each
    (a head's row takes two: the case has 60 columns); none when none are left."""
    blob = _blob(table)
    columns = [c for c in table.columns if c is not blob]
    if len(columns) > _MOST_COLUMNS * parts:
        raise ValueError(f"{table.name}: more than {_MOST_COLUMNS} columns to send as one value")
    return columns[part * _MOST_COLUMNS : (part + 1) * _MOST_COLUMNS]


def _row_json(table: Table, part: int = 0, parts: int = 1) -> Any:
    """The ``part``-th of the row's ``parts`` values (``_chosen``), a NULL when it has no columns."""
    chosen = _chosen(table, part, parts)
    if not chosen:
        return _NoRow()
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
            # Found once (a common table expression), not once per branch: ~0.02 ms of the
            # server's work at each opening of a case (issue 22).
            found_head = select(head.table.c.id).where(head.where).cte("head")
            head_id = select(found_head.c.id).scalar_subquery()
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
                columns.append(_NoRow().label("more"))
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
            head_row = _head_values(head.table, row, more[0], dialect)
            continue
        table = branches[index].table
        typed = _typed(table, _fields(table, 0, 1, row), dialect)
        blob_column = blobs[index]
        if blob_column is not None:
            typed[blob_column.name] = blob if blob is None or isinstance(blob, bytes) else bytes(blob)
        found[index][parent].append(typed)
    return head_row, found


def _fields(table: Table, part: int, parts: int, row: Any) -> dict[str, Any]:
    """A row's value as the statement sent it (``_row_json``), by column name, not yet typed."""
    if isinstance(row, list):  # PostgreSQL's texts, in the columns' order
        return dict(zip(_names(table, part, parts), row, strict=True))
    found: dict[str, Any] = json.loads(row)  # SQLite's JSON object
    return found


_NAMES: dict[tuple[str, int, int], list[str]] = {}


def _names(table: Table, part: int, parts: int) -> list[str]:
    key = (table.name, part, parts)
    names = _NAMES.get(key)
    if names is None:
        names = _NAMES[key] = [c.name for c in _chosen(table, part, parts)]
    return names


def _head_values(table: Table, row: Any, more: Any, dialect: Dialect) -> dict[str, Any]:
    """Every column of the head's row (SQLite's JSON leaves none out, but be sure), typed."""
    values = _fields(table, 0, 2, row)
    if more is not None:
        values.update(_fields(table, 1, 2, more))
    typed = _typed(table, values, dialect)
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
    """From a value as the row sent it: SQLite's JSON (numbers and text), PostgreSQL's text."""
    if isinstance(kind, TypeDecorator):
        return _decorated(kind, _converter(kind.impl_instance, dialect), dialect)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat  # "2026-12-07T10:00:00+00:00", "2026-12-07 10:00:00+00"
    if isinstance(kind, Date):
        return lambda value: date.fromisoformat(value[:10])
    if isinstance(kind, Time):
        return time.fromisoformat
    if isinstance(kind, Boolean):
        return bool if dialect.name == "sqlite" else _POSTGRES_BOOLEANS.__getitem__
    if isinstance(kind, Float | Numeric):
        return float
    if isinstance(kind, Integer):
        return int
    if isinstance(kind, LargeBinary):
        return bytes.fromhex
    if isinstance(kind, JSON):
        return json.loads  # its stored text on both
    return None


# ``CAST(boolean AS TEXT)``; anything else is an error, not a quiet False.
_POSTGRES_BOOLEANS = {"true": True, "false": False}


def _decorated(
    kind: TypeDecorator[Any], inner: Callable[[Any], Any] | None, dialect: Dialect
) -> Callable[[Any], Any] | None:
    """A decorated type's own conversion after its stored type's (an aware UTC ``datetime``)."""
    if not kind._has_result_processor:
        return inner

    def convert(value: Any) -> Any:
        return kind.process_result_value(value if inner is None else inner(value), dialect)

    return convert

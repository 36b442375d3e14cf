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
one more branch of the same statement, never one more statement.
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
    any_,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)
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


def _row_json(table: Table) -> _RowJson:
    if len(table.columns) > _MOST_COLUMNS:
        raise ValueError(f"{table.name}: more than {_MOST_COLUMNS} columns to send as one JSON object")
    parts: list[Any] = []
    blob = _blob(table)
    for column in table.columns:
        if column is not blob:
            parts += [literal_column(f"'{column.name}'"), _sent(column)]
    return _RowJson(*parts)


# Built once per shape (which branches, in which order): building the statement cost more than
# running it (~1 ms of SQLAlchemy's coercions per table); the parents are bound at each run.
_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _statement(wanted: list[tuple[int, Branch]], arrays: bool) -> Any:
    shape = tuple(
        (
            i,
            b.table.name,
            str(b.parent),
            None if b.join is None else (b.join[0].name, str(b.join[1])),
            len(b.parents) == 1,
        )
        for i, b in wanted
    )
    key = (arrays, *shape)
    statement = _STATEMENTS.get(key)
    if statement is None:
        selects = []
        for index, branch in wanted:
            table = branch.table
            source: Any = table if branch.join is None else table.join(*branch.join)
            selects.append(
                select(
                    literal_column(str(index)).label("branch"),
                    branch.parent.label("parent"),
                    table.c.position.label("position"),
                    table.c.id.label("id"),
                    _row_json(table).label("row"),
                    _blob_or_null(table).label("blob"),
                )
                .select_from(source)
                .where(_among(branch.parent, f"parents_{index}", arrays, len(branch.parents) == 1))
            )
        statement = union_all(*selects)  # put in order by ``read``
        _STATEMENTS[key] = statement
    return statement


def _among(parent: ColumnElement[Any], name: str, arrays: bool, single: bool) -> ColumnElement[bool]:
    """``parent IN (…)``; on PostgreSQL ``parent = ANY(array)``, one parameter however many
    parents: 20 agenda entries made 241 parameters, which psycopg parsed out of the statement
    afresh at every reading (~1 ms; it caches statements of at most 50), and a statement text
    for each length of agenda, where one prepared statement now serves them all.

    One parent (a case opened) is ``parent = value``: PostgreSQL plans a prepared statement
    afresh at each run ("custom plans") while its one-off plan looks cheaper than the plan made
    once for any value, and for ``= ANY(array)`` it guesses ten values, so the case's lists were
    planned again every time they were read (0.25 ms of opening a case, more than running it).
    For one value the guesses agree and the server keeps the one plan."""
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
    found: list[Rows] = [defaultdict(list) for _ in branches]
    if not wanted:
        return found
    parents = {f"parents_{i}": b.parents[0] if len(b.parents) == 1 else list(b.parents) for i, b in wanted}
    blobs = [_blob(b.table) for b in branches]
    connection = session.connection()
    statement = _statement(wanted, arrays=connection.dialect.name == "postgresql")
    result = connection.execute(statement, parents, execution_options={BINARY_RESULTS: True}).all()
    # Put in order here rather than by an ORDER BY: SQLite's sorter copied every row, the key
    # images' bytes included (~1.3 ms of opening the long case with its 3 images).
    for index, parent, _position, _id, row, blob in sorted(result, key=_ORDER):
        table = branches[index].table
        values = _typed(table, row if isinstance(row, dict) else json.loads(row))
        blob_column = blobs[index]
        if blob_column is not None:
            values[blob_column.name] = blob if blob is None or isinstance(blob, bytes) else bytes(blob)
        found[index][parent].append(values)
    return found


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """The values a query of the table itself would have given (JSON has no dates)."""
    for name, convert in _converters(table):
        value = row.get(name)
        if value is not None:
            row[name] = convert(value)
    return row


_CONVERTERS: dict[str, list[tuple[str, Callable[[Any], Any]]]] = {}


def _converters(table: Table) -> list[tuple[str, Callable[[Any], Any]]]:
    found = _CONVERTERS.get(table.name)
    if found is None:
        found = []
        for column in table.columns:
            convert = _converter(column.type)
            if convert is not None:
                found.append((column.name, convert))
        _CONVERTERS[table.name] = found
    return found


def _converter(kind: Any) -> Callable[[Any], Any] | None:
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
        return lambda value: json.loads(value) if isinstance(value, str) else value
    return None

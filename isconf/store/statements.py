"""Counting the SQL statements a piece of work sends: exact on any machine, unlike a time.

A screen's statement count is what a team database multiplies by its round trip (2 ms to
a server down the corridor), so the counts have budgets (``tests/store/test_statement_budgets.py``)
and the benchmark reports them (``bench/run.py``, ``queries_*``).

Counted: every statement SQLAlchemy hands to a database cursor (an ``executemany`` is one).
Not counted: transaction control (``BEGIN``, ``COMMIT``, ``ROLLBACK``, savepoints), which
SQLite's driver receives as statements but PostgreSQL's sends on its own, so that one piece
of work counts the same on both backends where it does the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event

_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


@dataclass
class Statements:
    """The statements sent while counting, in order (their SQL text)."""

    sent: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.sent)

    def __str__(self) -> str:
        return "\n".join(f"{i + 1:3d}. {' '.join(s.split())[:160]}" for i, s in enumerate(self.sent))


@contextmanager
def counting(engine: Engine) -> Iterator[Statements]:
    """Count what ``engine`` sends inside the ``with`` block (any thread, any connection)."""
    counted = Statements()

    def _before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not _CONTROL.match(statement):
            counted.sent.append(statement)

    event.listen(engine, "before_cursor_execute", _before)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", _before)

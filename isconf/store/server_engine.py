"""A team server's engine: each screen's reads cost their statements' round trips and no more.

Every round trip to a PostgreSQL server costs its latency (2 ms to a server down the corridor)
and a turn of the server's process. Before issue 22's work here, opening a case (two statements)
took five round trips: SQLAlchemy's liveness ping (``pool_pre_ping``, on every checkout), BEGIN,
the two statements, and the ROLLBACK that ended the read. Now it takes two:

- **Reads run in autocommit** (``Database.reading``). PostgreSQL's default isolation, READ
  COMMITTED, takes a new snapshot for every statement, so a read transaction's BEGIN and ROLLBACK
  bought no consistency a statement does not have on its own. The ROLLBACK also made psycopg
  forget its prepared statements, so a screen's repeated reads were parsed and planned again every
  time. A read session refuses anything but a query (a write there would commit piecemeal,
  outside the writers' turn).
- **A pooled connection is checked without a round trip.** A server that restarted, or that ended
  the session, has closed the socket or sent its reason first, so the idle socket is readable:
  only then, or after ``IDLE_PING_SECONDS`` in the pool, is the ping sent. A failed ping drops
  every pooled connection (they went with the server) and the pool connects afresh, as
  ``pool_pre_ping`` did.
- **Repeated statements are prepared** on the server from their third use, on the connection a
  person's screens keep reusing (the pool hands out the last one returned), **and planned once**
  (``plan_cache_mode = force_generic_plan``). Left to itself PostgreSQL plans a prepared
  statement afresh for its first five runs, and after them whenever the plan made for any value
  looks dearer than one made for the values at hand: opening a case (one statement of eleven
  tables) was planned again at each of a connection's first eight opens, ~1 ms each, more than
  running it (issue 22). isconf's statements find rows by ids and keys through their indexes or
  read whole tables, so the one plan serves every value.
"""

from __future__ import annotations

import re
import select
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from isconf.store import guards
from isconf.store.errors import DatabaseError

# A connection idle longer than this is pinged before use: a firewall may have dropped it
# without a word. Shorter idles are trusted unless the server has spoken (see the docstring).
IDLE_PING_SECONDS = 30.0
# Uses of a statement on a connection before psycopg prepares it on the server.
PREPARE_THRESHOLD = 2
# As long as SQLite's busy_timeout: a writer waits this long for its turn.
LOCK_TIMEOUT = "10s"
# The execution option marking ``Database.reading``'s autocommit connections.
READ_ONLY = "isconf_read"
# A statement's execution option: its result in PostgreSQL's binary form (bytes as they are
# stored, not as hexadecimal text); for statements whose every column psycopg loads alike in
# both forms (``isconf.store.child_rows``). SQLite ignores it.
BINARY_RESULTS = "isconf_binary_results"
_QUERY = re.compile(r"[\s(]*(SELECT|WITH|SHOW)\b", re.IGNORECASE)
_IDLE_SINCE = "isconf_idle_since"


def server_engine(url: str, shown: str) -> Engine:
    """The engine of a PostgreSQL ``url`` (psycopg driver); ``shown`` names it in messages."""
    parsed = make_url(url)
    connect_args: dict[str, Any] = {
        # A mistyped host should fail in seconds, not after the system's TCP timeout.
        "connect_timeout": 10,
        # A statement's third use is prepared on the server (psycopg's default: its sixth): a
        # person opens case after case, and each reading's statements are parsed and planned once.
        "prepare_threshold": PREPARE_THRESHOLD,
    }
    connect_args = {name: value for name, value in connect_args.items() if name not in parsed.query}
    try:
        # Last in, first out: one person's screens reuse one connection, whose statements the
        # server has prepared, while the others idle (and are checked when next used).
        engine = create_engine(url, connect_args=connect_args, pool_use_lifo=True)
    except (ArgumentError, ImportError) as error:
        raise DatabaseError(f"--db: cannot use {shown} ({error})") from None

    event.listen(engine, "connect", configure_session)
    event.listen(engine, "checkin", _went_idle)
    event.listen(engine, "checkout", lambda dbapi, record, _proxy: _check_alive(engine, dbapi, record))
    event.listen(engine, "before_cursor_execute", guards.refuse_nul)
    event.listen(engine, "before_cursor_execute", _refuse_writes_when_reading)
    event.listen(engine, "before_cursor_execute", _binary_when_asked)
    return engine


def configure_session(dbapi_connection: Any, _record: Any = None) -> None:
    """A new connection's settings (a ``connect`` listener; ``isconf check`` sets them too), in
    one round trip."""
    settings = [
        # Times come back in UTC, as the app labels them, whatever the server's zone.
        "SET TIME ZONE 'UTC'",
        f"SET lock_timeout = '{LOCK_TIMEOUT}'",
        # ``child_rows`` reads rows as their columns' texts: dates as ISO's, whatever the
        # server's DateStyle, and floats in their shortest exact form (any digits above 0).
        "SET datestyle = 'ISO, YMD'",
        "SET extra_float_digits = 1",
        # A prepared statement's plan is made once, not again for each value (see the
        # module docstring).
        "SET plan_cache_mode = force_generic_plan",
    ]
    with dbapi_connection.cursor() as cursor:
        cursor.execute("; ".join(settings))
    dbapi_connection.commit()


def reading_engine(engine: Engine) -> Engine:
    """``engine`` for ``Database.reading``: autocommit, queries only (see the module docstring)."""
    return engine.execution_options(isolation_level="AUTOCOMMIT", **{READ_ONLY: True})


def _went_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _check_alive(engine: Engine, dbapi_connection: Any, record: Any) -> None:
    """Ping a pooled connection only when it may be dead; a dead one is replaced by the pool."""
    idle_since = record.info.get(_IDLE_SINCE)
    if idle_since is None:
        return  # just connected
    errors = engine.dialect.loaded_dbapi.Error
    if time.monotonic() - idle_since < IDLE_PING_SECONDS and not _server_has_spoken(dbapi_connection, errors):
        return
    try:
        engine.dialect.do_ping(dbapi_connection)
    except errors as error:
        # The server went away (a restart takes every connection): connect afresh, all of them.
        raise exc.InvalidatePoolError(str(error).splitlines()[0] if str(error) else "ping failed") from None


def _server_has_spoken(dbapi_connection: Any, errors: type[Exception]) -> bool:
    """Whether the idle connection's socket is readable: closed, or a message the server sent
    unasked (a shutdown's reason, a terminated session's). A healthy idle one says nothing."""
    try:
        fileno = dbapi_connection.pgconn.socket
    except errors:  # a connection psycopg already knows is closed
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fileno, select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))
    readable, _, _ = select.select([fileno], [], [], 0)  # Windows: sockets only, which this is
    return bool(readable)


def _refuse_writes_when_reading(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
    if connection.get_execution_options().get(READ_ONLY, False) and not _QUERY.match(statement):
        # A write in autocommit would commit statement by statement, outside the writers' turn.
        raise DatabaseError(f"a read may not write (use Database.writing): {' '.join(statement.split()[:4])}")


def _binary_when_asked(
    _connection: Any, cursor: Any, _statement: str, _params: Any, context: Any, *_: Any
) -> None:
    if context is not None and context.execution_options.get(BINARY_RESULTS, False):
        from psycopg import pq  # loaded already: this engine's driver

        cursor.format = pq.Format.BINARY

"""A SQLite file as isconf opens it: created owner-only, refused when it is not ours, and its
engine set up (WAL, foreign keys, ``synchronous=FULL``, ``BEGIN IMMEDIATE`` for writes),
plain or encrypted with SQLCipher (``isconf.store.cipher``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from isconf.store import cipher, creation, guards
from isconf.store.errors import DatabaseError

SQLITE_HEADER = cipher.SQLITE_HEADER


def sqlite_engine(path: Path) -> tuple[Engine, bool]:
    """The engine of the SQLite file ``path`` (created when missing), and whether it is encrypted."""
    creation.clear_cut_short_creation(path)
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path}: is a folder, not a database file")
        check_sqlite_header(path)
        if (problem := guards.refuse_an_empty_file(path)) is not None:
            raise DatabaseError(f"{path}: {problem}")
        key = cipher.key_for_existing(path)
        if key is not None:
            try:
                cipher.connect(path, key).close()
            except cipher.WrongPassphrase:
                raise DatabaseError(
                    f"{path}: the passphrase does not open it (wrong passphrase, or not an isconf "
                    "database); it was left untouched"
                ) from None
    else:
        try:
            creation.mark_creation(path)
            guards.create_private_file(path)
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot create the database ({exc.strerror})") from None
        key = cipher.passphrase_for(path)
    # check_same_thread off: the pool hands a connection to one thread at a time,
    # and the app imports on a worker thread.
    args = {"timeout": 10, "check_same_thread": False}
    if key is None:
        engine = create_engine(f"sqlite:///{path}", connect_args=args)
    else:
        url = URL.create("sqlite+pysqlcipher", password=key, database=str(path))
        engine = create_engine(url, connect_args=args, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # journal_mode is set once, after the file is known to be ours (it is
        # stored in the file, and a foreign file must be left byte for byte).
        for pragma in (
            "PRAGMA busy_timeout = 10000",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
        ):
            cursor.execute(pragma)
        cursor.close()

    event.listen(engine, "before_cursor_execute", guards.refuse_nul)

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("isconf_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine, key is not None


def enable_wal(engine: Engine) -> None:
    """Switch the file to WAL; outside any transaction, as SQLite requires."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    finally:
        connection.close()


def check_sqlite_header(path: Path) -> None:
    """A plain SQLite file, or an encrypted one with a passphrase given to try; else refused."""
    try:
        plain = cipher.is_plain(path)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read the database ({exc.strerror})") from None
    if not plain and cipher.passphrase_for(path) is None:
        raise DatabaseError(
            f"{path}: is not an isconf database (not an SQLite file), or an encrypted one: give its "
            f"passphrase in {cipher.PASSPHRASE_ENV}; it was left untouched"
        )

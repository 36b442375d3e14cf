"""Opening an isconf database: where it lives, how SQLite is set up, and migrating it.

A ``--db`` value is a file path (SQLite) or a SQLAlchemy URL
(``postgresql://…``, served through psycopg 3). SQLite files are created
owner-only, run in WAL mode with foreign keys on and ``synchronous=FULL``, and
a file or server database that is not an isconf database is reported and never
touched. Writers take turns on both: SQLite by ``BEGIN IMMEDIATE``, PostgreSQL
by a transaction-scoped advisory lock.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlmodel import Session

from isconf.access.roles import Member, RoleRefused, SignInRequired
from isconf.store import cipher, creation, guards
from isconf.store.actor import MEMBER_KEY
from isconf.store.errors import DatabaseError as DatabaseError
from isconf.store.server_engine import reading_engine, server_engine
from isconf.store.sqlite_files import SQLITE_HEADER as SQLITE_HEADER
from isconf.store.sqlite_files import enable_wal as _enable_wal
from isconf.store.sqlite_files import sqlite_engine

APP_NAME = "isconf"
DB_ENV = "ISCONF_DB"
# The one PostgreSQL driver isconf ships (psycopg 3); ``postgresql://`` means it.
POSTGRES_DRIVER = "postgresql+psycopg"
# pg_advisory_xact_lock key held by every write transaction and migration on a
# server database, so writers take turns as they do on SQLite.
WRITE_LOCK_KEY = 0x15C0F  # any constant; only isconf takes it


class MigrationRefused(Exception):
    """A migration found data it cannot carry over; the message says which and what to do
    (``open_database`` names the database)."""


@dataclass(frozen=True)
class Location:
    url: str
    path: Path | None  # the SQLite file, or None for a server database
    # A server URL as the user gave it (``postgresql://``), its password already ``***``:
    # messages show it rather than the driver form in ``url``, which nobody typed.
    shown: str | None = None

    @property
    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        if self.shown is not None:
            return self.shown
        return make_url(self.url).render_as_string(hide_password=True)


def user_data_folder() -> Path:
    """isconf's folder in the user data folder (``~/.local/share/isconf`` on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    """``isconf.db`` in the user data folder."""
    return user_data_folder() / "isconf.db"


def resolve_location(db: str | None) -> Location:
    """Where ``--db`` (else ``ISCONF_DB``, else the user data folder) points."""
    if db is not None and not db.strip():
        raise DatabaseError("--db: is empty; give a file path or a database URL")
    value = db if db else os.environ.get(DB_ENV) or None
    if value is not None and "\x00" in value:
        raise DatabaseError("--db: contains a NUL character; give a file path or a database URL")
    if value is None:
        path = default_database_path()
        return Location(f"sqlite:///{path}", path)
    if "://" in value:
        try:
            url = make_url(value)
        except (ArgumentError, ValueError) as exc:
            raise DatabaseError(f"--db: {_masked(value)!r} is not a database URL ({exc})") from None
        if url.get_backend_name() == "sqlite":
            if not url.database or url.database == ":memory:":
                raise DatabaseError("--db: an in-memory SQLite database would lose every record; give a file")
            path = _usable_path(url.database)
            return Location(f"sqlite:///{path}", path)
        return Location(
            _server_url(url).render_as_string(hide_password=False),
            None,
            shown=url.render_as_string(hide_password=True),
        )
    path = _usable_path(value)
    return Location(f"sqlite:///{path}", path)


def _usable_path(text: str) -> Path:
    """An absolute path; "~unknown" and the like are one clear error, not a traceback."""
    try:
        return Path(text).expanduser().resolve()
    except (RuntimeError, ValueError, OSError) as exc:
        raise DatabaseError(f"--db: {text!r} is not a usable path ({exc})") from None


def _server_url(url: URL) -> URL:
    """A PostgreSQL URL on the psycopg driver; anything else is refused."""
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise DatabaseError(
            f"--db: {shown} is neither a SQLite file nor a PostgreSQL server (postgresql://…)"
        )
    if url.drivername not in ("postgresql", "postgres", POSTGRES_DRIVER):
        raise DatabaseError(
            f"--db: {shown}: isconf connects to PostgreSQL through psycopg; write postgresql://…"
        )
    return url.set(drivername=POSTGRES_DRIVER)


def _masked(value: str) -> str:
    """A URL as it may be shown: any password replaced by ``***``."""
    # Up to the last "@" before the path: a mistyped password may hold an "@" itself.
    return re.sub(r"(://[^:/@]*:)[^/?#]*@", r"\1***@", value)


@dataclass
class Database:
    """An open, migrated isconf database."""

    location: Location
    engine: Engine
    _claimed: bool = False
    encrypted: bool = False  # a SQLCipher file (``isconf.store.cipher``); False for plain and servers
    # The signed-in team member (``isconf.access.signin``): every write is checked against
    # their role and audited under their name. None before anyone signed in.
    member: Member | None = None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads (queries only; on a server, in autocommit: ``isconf.store.server_engine``)."""
        with Session(self._reads) as session:
            yield session

    @functools.cached_property
    def _reads(self) -> Engine:
        return reading_engine(self.engine) if self.engine.dialect.name == "postgresql" else self.engine

    @contextmanager
    def writing(self, *, member: Member | None = None) -> Iterator[Session]:
        """A session whose work commits as one transaction, or not at all.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE`` and on
        PostgreSQL it first takes the writers' advisory lock, so that a
        read-modify-write (a version check, an MRN compared regardless of
        letter case) cannot interleave with another writer.

        The work is checked against, and audited under, ``member`` (a signer who just proved
        their password), else the member signed in on this database.
        """
        self.claim_writer()
        member = member or self.member
        try:
            with self._write_session(member) as session:
                yield session
        except (RoleRefused, SignInRequired) as exc:
            # Rolled back; the refusal itself goes on the trail, in a transaction of its own.
            self.record_refusal(exc, member)
            raise

    def record_refusal(self, exc: RoleRefused | SignInRequired, member: Member | None) -> None:
        """Put a refusal on the audit trail, in a transaction of its own."""
        from isconf.store import audit

        with self._write_session(member) as session:
            audit.record_changes(
                session,
                action="refused",
                entity="user",
                entity_ref=member.ref if member else "-",
                key=member.name if member else audit.os_login(),
                changes=[(exc.what, None, str(exc.problems[0].message))],
            )

    def record_restore(self, source: str, kept: str | None, member: Member | None) -> None:
        """Put a restore on the restored database's own trail: its copy's trail ends where the
        copy was made, and the restore that replaced everything since must show on it."""
        from isconf.access.roles import RESTORED
        from isconf.store import audit

        after = f"put in place from {source}" + (f"; the replaced database is kept as {kept}" if kept else "")
        self.claim_writer()  # as every write: refused, in words, while another isconf writes
        with self._write_session(member) as session:
            audit.record_changes(
                session,
                action=RESTORED,
                entity="database",
                entity_ref="-",
                key=member.name if member else audit.os_login(),
                changes=[("backup", None, after)],
            )

    @contextmanager
    def _write_session(self, member: Member | None) -> Iterator[Session]:
        with Session(self.engine.execution_options(isconf_write=True)) as session:
            session.info[MEMBER_KEY] = member
            try:
                if self.engine.dialect.name == "postgresql":
                    take_write_turn(session.connection())
                yield session
                session.commit()
            except DBAPIError as exc:
                session.rollback()
                # A locked file, a lost server: one line, never the statement's parameters.
                reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
                raise DatabaseError(f"{self.location.display}: nothing was saved ({reason})") from None
            except BaseException:
                session.rollback()
                raise

    def claim_writer(self) -> None:
        """Become the one program writing this SQLite file (see ``isconf.store.lock``).

        The app claims it when it starts; a command claims it at its first write.
        """
        if self._claimed or self.location.path is None:
            return
        from isconf.store.lock import LockedError, WriterLock

        try:
            WriterLock.for_database(self.location.path).acquire()
        except LockedError as exc:
            raise DatabaseError(f"{self.location.display}: {exc}") from None
        self._claimed = True

    def close(self) -> None:
        self.engine.dispose()
        if self._claimed and self.location.path is not None:
            from isconf.store.lock import WriterLock

            WriterLock.for_database(self.location.path).release()
            self._claimed = False


def open_database(db: str | None = None, *, migrate: bool = True, create: bool = True) -> Database:
    """Open and migrate the database ``db`` points at; a new SQLite file only with ``create``."""
    location = resolve_location(db)
    path = location.path
    explicit = bool(db) or bool(os.environ.get(DB_ENV))
    if path is not None and not create and explicit and not path.exists():
        raise DatabaseError(f"{path}: no database here (check --db or ISCONF_DB; nothing was created)")
    encrypted = False
    if path is not None:
        engine, encrypted = sqlite_engine(path)
    else:
        engine = server_engine(location.url, location.display)
    database = Database(location, engine, encrypted=encrypted)
    try:
        newer = _check_is_isconf(database)
        if location.path is not None and newer is None:
            _check_after_a_crash(location.path, engine)
            guards.make_database_private(location.path, DatabaseError)
            _enable_wal(engine)
        if migrate and path is not None and _is_current(engine):
            _daily_backup(path)
        elif migrate:
            from isconf.store.migrate import current_revision, head_revision, known_revisions, upgrade

            current = current_revision(engine)
            if current is not None and current not in known_revisions():
                what = "file" if location.path is not None else "database"
                raise DatabaseError(
                    f"{location.display}: was made by a newer isconf (schema {current}); "
                    f"install that version or newer to open it; the {what} was left untouched"
                )
            try:
                if path is not None and current != head_revision():
                    _upgrade_as_the_writer(database, path, current)
                else:
                    upgrade(database.engine)  # a server database; or nothing to do
            except MigrationRefused as exc:
                raise DatabaseError(f"{location.display}: {exc}") from None
            if path is not None and current is not None:
                _daily_backup(path)
        if migrate and path is not None:
            creation.creation_done(path)
    except (DBAPIError, UnicodeDecodeError) as exc:  # a damaged file's schema text, too
        engine.dispose()
        raise DatabaseError(f"{location.display}: cannot open the database ({_first_line(exc)})") from None
    except BaseException:
        engine.dispose()
        raise
    return database


def _is_current(engine: Engine) -> bool:
    """The common case, answered without importing Alembic (see ``isconf.store.revisions``)."""
    from isconf.store.revisions import is_current

    return is_current(engine)


def _daily_backup(path: Path) -> None:
    from isconf.store.backup import daily_backup

    daily_backup(path)


def _upgrade_as_the_writer(database: Database, path: Path, current: str | None) -> None:
    """An upgrade is a write: only as the one writer, after a copy of the file as it was."""
    from isconf.store.lock import LockedError, WriterLock
    from isconf.store.migrate import upgrade

    lock = WriterLock.for_database(path)
    try:
        lock.acquire()
    except LockedError as exc:
        raise DatabaseError(f"{path}: needs a schema upgrade, but it {exc}") from None
    try:
        if current is not None:
            _backup_before_upgrade(path, current)
        upgrade(database.engine)
    finally:
        lock.release()


def _check_after_a_crash(path: Path, engine: Engine) -> None:
    """The last writer died holding the file: check it before anyone uses it."""
    from isconf.store.lock import LockedError, left_by_a_crash, mark_clean

    try:
        if not left_by_a_crash(path):
            return
    except LockedError as exc:
        raise DatabaseError(f"{path}: {exc}") from None
    rows = quick_check(engine)
    if rows != ["ok"]:
        raise DatabaseError(
            f"{path}: the last program writing it stopped without closing it, and quick_check found "
            f"damage ({rows[0]}); nothing was changed: run isconf check, then isconf restore from a backup"
        )
    mark_clean(path)


def quick_check(engine: Engine) -> list[str]:
    """SQLite's ``PRAGMA quick_check``: ``["ok"]``, or the problems it found."""
    with engine.connect() as connection:
        return [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check").all()]


def _backup_before_upgrade(path: Path, current: str) -> None:
    """An upgrade rewrites tables; keep the file as it was first."""
    from isconf.store.backup import backup_before_upgrade
    from isconf.store.migrate import head_revision

    if current != head_revision():
        backup_before_upgrade(path, current)


def take_write_turn(connection: Connection) -> None:
    """Wait for the server database's write lock; it is released when the transaction ends."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


def _check_is_isconf(database: Database) -> str | None:
    """Refuse a database that holds tables but was never an isconf database; the revision
    of one made by a newer isconf (known before any PRAGMA that writes), else None."""
    with database.engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    unknown = guards.unknown_revision(database.engine, names)
    if names and "case_record" not in names and (unknown or "alembic_version" not in names):
        raise DatabaseError(
            f"{database.location.display}: is not an isconf database (it holds other tables); "
            "it was left untouched"
        )
    return unknown


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    if isinstance(orig, cipher.DATABASE_ERRORS) and "not a database" in text:
        return "the file is corrupt or not an SQLite database"
    return text.splitlines()[0].split(" with text ")[0] if text else type(exc).__name__  # no value

"""Is a database whole, and is it an isconf database this version can read?

Checks only read: a damaged or foreign file is reported, never repaired or
rewritten. Each problem is one line of text.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.pool import NullPool
from sqlmodel import Session, col, select

from isconf.store import cipher
from isconf.store.audit import chain_problems
from isconf.store.backup import describe_sqlite_error, sqlite_uri
from isconf.store.database import DatabaseError, Location
from isconf.store.server_engine import configure_session
from isconf.store.sqlite_files import check_sqlite_header as _check_sqlite_header

if TYPE_CHECKING:
    from isconf.store.meeting_tables import MeetingRecord
    from isconf.store.signing_tables import MeetingRevisionRecord


def check_location(location: Location) -> list[str]:
    """Every problem with the database at ``location``; empty when all checks hold."""
    if location.path is not None:
        return check_sqlite_file(location.path)
    engine = checking_engine(location)
    try:
        with engine.connect() as connection:
            return schema_problems(connection, allow_older=False) or _audit_problems(connection)
    except Exception as exc:  # a server refusing us is one line, like any other problem
        return [f"cannot connect ({str(exc).splitlines()[0]})"]
    finally:
        engine.dispose()


def check_sqlite_file(path: Path, *, allow_older: bool = False, pages: bool = True) -> list[str]:
    """``integrity_check``, ``foreign_key_check`` and the isconf schema of one SQLite file.

    ``allow_older``: a schema that this isconf would upgrade on opening is fine.
    ``pages``: read every page (integrity and foreign keys); without it, only the schema.
    """
    if not path.is_file():
        return ["no database file here"]
    try:
        _check_sqlite_header(path)
    except DatabaseError:
        return ["is not an isconf database (not an SQLite file)"]
    # Through SQLAlchemy so that Alembic can read the revision and compare the tables.
    uri = sqlite_uri(path)
    try:
        key = cipher.key_for_existing(path)
    except cipher.WrongPassphrase:
        return [f"is encrypted; give its passphrase in {cipher.PASSPHRASE_ENV} to check it"]
    engine = create_engine(
        "sqlite://", creator=lambda: cipher.connect(uri, key, uri=True), poolclass=NullPool
    )
    try:
        with engine.connect() as connection:
            if not pages:
                return schema_problems(connection, allow_older)
            problems = _integrity_problems(connection) + _foreign_key_problems(connection)
            problems += schema_problems(connection, allow_older)
            return problems or _audit_problems(connection)
    except Exception as exc:
        original = getattr(exc, "orig", exc)
        if isinstance(original, cipher.WrongPassphrase):
            return ["the passphrase does not open it (wrong passphrase, or not an isconf database)"]
        if isinstance(original, cipher.ERRORS):
            return [describe_sqlite_error(original)]
        # Never the exception's text: a damaged row's values (a name, a birth date) are in it.
        return [f"cannot be read (damaged: {type(original).__name__}); restore a backup"]
    finally:
        engine.dispose()


def checking_engine(location: Location) -> Engine:
    """An engine that reads the database at ``location`` as ``isconf check`` does."""
    if location.path is None:
        engine = create_engine(location.url, poolclass=NullPool)
        event.listen(engine, "connect", configure_session)  # rows are read as the app reads them
        return engine
    uri = sqlite_uri(location.path)
    key = cipher.key_for_existing(location.path)  # an encrypted file: check_location opened it already
    return create_engine("sqlite://", creator=lambda: cipher.connect(uri, key, uri=True), poolclass=NullPool)


def _audit_problems(connection: Connection) -> list[str]:
    """The first break in the audit trail's hash chain (a schema at head has the trail), and
    any signed content that no longer matches its hash."""
    if not inspect(connection).has_table("audit_event"):
        return []
    from isconf.store.tamper import sign_off_key_problems, trigger_problems, unsigned_signature_problems

    with Session(bind=connection) as session:
        problems = trigger_problems(connection) + chain_problems(session)
        if inspect(connection).has_table("meeting_revision"):  # schema 0008 on
            problems += signed_content_problems(session) + unsigned_signature_problems(session)
            problems += sign_off_key_problems(session)
        return problems


def signed_content_problems(session: Session) -> list[str]:
    """Every frozen meeting revision must still hash to its recorded SHA-256, its
    identification to the hash its content names, every signature must name the revision's
    hash, and a meeting whose current revision locked must still be signed (the triggers
    stop changes made through SQL to what was signed; this finds one made around them, and
    a meeting row set back to an editable status)."""
    from isconf.store.meeting_tables import MeetingRecord
    from isconf.store.signing_tables import MeetingRevisionRecord, SignatureRecord  # see every_table

    problems: list[str] = []
    recorded: dict[tuple[int, int], str] = {}
    revisions = select(MeetingRevisionRecord).order_by(col(MeetingRevisionRecord.id))
    for row in session.exec(revisions.execution_options(yield_per=100)):  # streamed: big JSON each
        recorded[(row.meeting_id, row.revision)] = row.content_sha256
        problems += _revision_problems(row)
        meeting = session.get(MeetingRecord, row.meeting_id)
        if row.locked_at is not None and meeting is not None:
            problems += _unlocked_problems(meeting, row.revision)
    for signature in session.exec(select(SignatureRecord).order_by(col(SignatureRecord.id))):
        expected = recorded.get((signature.meeting_id, signature.revision))
        if signature.content_sha256 != expected:
            problems.append(
                f"meeting {signature.meeting_id} revision {signature.revision}: the signature of "
                f"{signature.printed_name} names other content than the revision holds"
            )
    return problems


def _revision_problems(row: MeetingRevisionRecord) -> list[str]:
    where = f"meeting {row.meeting_id} revision {row.revision}"
    if hashlib.sha256(row.content_json.encode("utf-8")).hexdigest() != row.content_sha256:
        return [
            f"{where}: the signed content no longer matches its SHA-256 "
            f"({row.content_sha256[:12]}…; changed outside isconf)"
        ]
    from isconf.canonical import sha256_hex

    try:
        named = json.loads(row.content_json).get("identification_sha256")
        matches = sha256_hex(json.loads(row.identification_json)) == named
    except (ValueError, AttributeError):
        matches = False
    if not matches:
        # It says which child each pseudonym is: a changed MRN moves a signed decision.
        return [f"{where}: the identification no longer matches the hash the signed content names"]
    return []


def _unlocked_problems(meeting: MeetingRecord, locked: int) -> list[str]:
    """A meeting leaves a locked revision only by an amendment: it is still at that revision
    and signed, or at a later one that names an amendment of it (or of a later one)."""
    from isconf.meetings import vocab

    if meeting.revision == locked and meeting.status != vocab.SIGNED:
        status = vocab.label(vocab.STATUS, meeting.status).lower()
        return [
            f"meeting {meeting.id} revision {locked} was signed and locked, but the meeting is "
            f"{status} (its status was changed outside isconf)"
        ]
    if meeting.revision > locked and (meeting.amends_revision is None or meeting.amends_revision < locked):
        return [
            f"meeting {meeting.id} revision {locked} was signed and locked, but the meeting moved on to "
            f"revision {meeting.revision} without an amendment of it (changed outside isconf)"
        ]
    return []


def _integrity_problems(connection: Connection) -> list[str]:
    rows = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check")]
    if rows == ["ok"]:
        return []
    return [f"integrity_check: {row}" for row in rows]


def _foreign_key_problems(connection: Connection) -> list[str]:
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    return [
        f"foreign_key_check: {table} row {rowid} refers to a missing {parent} row"
        for table, rowid, parent, _ in rows
    ]


def schema_problems(connection: Connection, allow_older: bool) -> list[str]:
    """Is this an isconf database, at a revision this isconf knows, with the tables it expects?"""
    from alembic.runtime.migration import MigrationContext

    from isconf.store.migrate import head_revision, known_revisions

    if "alembic_version" not in inspect(connection).get_table_names():
        return ["is not an isconf database (no isconf schema revision)"]
    context = MigrationContext.configure(connection)
    revision = context.get_current_revision()
    head = head_revision()
    if revision is None:
        return ["is not an isconf database (its schema revision is empty)"]
    if revision not in known_revisions():
        return [f"was made by a newer isconf (schema {revision}; this isconf knows up to {head})"]
    if revision != head:
        if allow_older:
            return []
        return [
            f"schema {revision} is older than {head}; opening it with isconf upgrades it (after a backup)"
        ]
    differences = [_describe(diff) for diff in _differences(connection)] + _unreflected_indexes(connection)
    return [f"schema differs from revision {head}: {difference}" for difference in differences]


def _differences(connection: Connection) -> list[Any]:
    """Tables, columns and indexes that differ from what the models declare (edits outside isconf)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from isconf.store.tables import every_table

    with warnings.catch_warnings():
        # SQLite: SQLAlchemy cannot reflect an index on an expression, and Alembic then skips
        # the model's; _unreflected_indexes looks for those by name instead.
        warnings.filterwarnings("ignore", message=".*expression-based index")
        return list(compare_metadata(MigrationContext.configure(connection), every_table()))


def _unreflected_indexes(connection: Connection) -> list[str]:
    """The model's expression indexes missing from a SQLite file (Alembic cannot compare them)."""
    if connection.dialect.name != "sqlite":
        return []
    from isconf.store.signing_tables import USER_NAME_LOWER_INDEX
    from isconf.store.tables import MRN_LOWER_INDEX

    missing = []
    for index in (MRN_LOWER_INDEX, USER_NAME_LOWER_INDEX):
        rows = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (index.name,)
        ).all()
        if not rows:
            missing.append(f"missing index {index.name}")
    return missing


def _describe(diff: Any) -> str:
    """One Alembic difference in words, seen from the database."""
    if isinstance(diff, list):  # column modifications come grouped
        return "; ".join(_describe(part) for part in diff)
    kind, *rest = diff
    verb, _, what = str(kind).partition("_")
    state = {"add": "missing", "remove": "unexpected", "modify": "changed"}.get(verb, verb)
    if what == "column" or verb == "modify":
        table, column = rest[1], rest[2]
        name = f"{table}.{getattr(column, 'name', column)}"
        return f"{state} {what} {name}"
    return f"{state} {what} {getattr(rest[0], 'name', rest[0])}"

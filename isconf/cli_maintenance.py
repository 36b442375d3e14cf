"""``isconf backup``, ``restore`` and ``check``: keeping the database safe.

They work on the file itself, without opening (and so without upgrading) it; restore opens it
only to ask its team who is signed in (an administrator restores).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isconf.access.roles import Member

COMMANDS = ("backup", "restore", "check", "encrypt", "rekey")
NEW_PASSPHRASE_ENV = "ISCONF_NEW_DB_PASSPHRASE"


def add_commands(sub: Any) -> None:
    """Add the subcommands to the ``isconf`` parser's subparsers."""
    p = sub.add_parser("backup", help="write a consistent copy of the database to FILE")
    p.add_argument("file", type=Path, metavar="FILE")

    p = sub.add_parser("restore", help="replace the database with a checked backup copy")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--yes", action="store_true", help="replace a database that holds cases")

    p = sub.add_parser("check", help="check the database's integrity and schema")
    p.add_argument(
        "--against",
        type=Path,
        metavar="SUMMARY.pdf",
        help="also prove the audit trail before this signed summary was not rewritten",
    )
    p.add_argument(
        "--seal",
        action="store_true",
        help="give each case saved before migration 0013 its content hash (audited), once all checks pass",
    )
    sub.add_parser(
        "encrypt",
        help="encrypt a plain database file with a passphrase ($ISCONF_DB_PASSPHRASE, else asked twice)",
    )
    sub.add_parser(
        "rekey", help=f"change an encrypted database's passphrase (the new one from ${NEW_PASSPHRASE_ENV})"
    )


def run(args: argparse.Namespace) -> int:
    from isconf.store.database import resolve_location

    location = resolve_location(args.db)
    if args.command == "check":
        return _check(location, args.against, seal=args.seal, db=args.db)
    if location.path is None:
        raise _server_database(args.command, location.url)
    if args.command == "backup":
        return _backup(location.path, args.file)
    if args.command in ("encrypt", "rekey"):
        from isconf import prompts
        from isconf.store.database import DatabaseError

        _require_file(location.path)
        try:
            return _encrypt(location.path) if args.command == "encrypt" else _rekey(location.path)
        except prompts.NoAnswer:
            raise DatabaseError(
                "passphrase: none was typed (input ended); type it at a terminal or set "
                "ISCONF_DB_PASSPHRASE; nothing was changed"
            ) from None
    return _restore(location.path, args.file, yes=args.yes)


def _backup(database: Path, target: Path) -> int:
    from isconf.store.backup import BackupError, copy_database
    from isconf.store.integrity import check_sqlite_file

    _require_file(database)
    problems = check_sqlite_file(database, allow_older=True, pages=False)
    if problems:
        raise BackupError(f"{database}: {problems[0]}; nothing was copied")
    if target.exists() and target.resolve() == database.resolve():
        raise BackupError(f"{target}: is the database itself; choose another file")
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise BackupError(f"{target}: is not a regular file; choose a file name to write to")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        # As every other writer: a mistyped folder is refused, not made (copy_database would).
        reason = errno.ENOTDIR if folder.exists() else errno.ENOENT
        raise BackupError(f"{target}: cannot write here ({os.strerror(reason)})")
    copy_database(database, target)
    print(f"backed up {database} to {target}", file=sys.stderr)
    return 0


def _restore(database: Path, source: Path, *, yes: bool) -> int:
    from isconf.store.restore import restore_database

    member = _require_administrator(database)
    safety = restore_database(source, database, replace_cases=yes)
    kept = f"; the previous database is kept as {safety}" if safety else ""
    print(f"restored {database} from {source}{kept}", file=sys.stderr)
    _record_restore(database, source, safety, member)
    return 0


def _record_restore(database: Path, source: Path, safety: Path | None, member: Member | None) -> None:
    """The restore on the restored trail (the database is opened, and so migrated, as the
    next start would). The restore itself is done: a trail that cannot take the record is
    said, not an error."""
    from sqlalchemy.exc import SQLAlchemyError

    from isconf.store.database import DatabaseError, open_database

    try:
        restored = open_database(str(database), create=False)
        try:
            restored.record_restore(str(source), str(safety) if safety else None, member)
        finally:
            restored.close()
    except (DatabaseError, SQLAlchemyError) as exc:
        reason = str(exc).splitlines()[0]
        print(
            f"isconf: note: restored, but the restore is not on the restored trail ({reason})",
            file=sys.stderr,
        )


def _require_administrator(database: Path) -> Member | None:
    """Restoring is an administrator's act once the database has a team (``ISCONF_USER`` and
    ``ISCONF_PASSWORD`` sign in); a refusal goes on the database's audit trail.

    The administrator's, not the chair's: a restore replaces every record at once (every
    meeting's signed decisions, the team and the audit trail itself), which no clinical role
    decides for one meeting; the careful reading takes the highest role. A file that cannot be
    opened (damaged, or encrypted and its passphrase not given) has no team to ask: then
    restore's own rule applies (``--yes`` to replace it; a copy of it is kept).
    Returns the member signed in, who the restored trail names (None: no team to ask)."""
    from sqlalchemy.exc import SQLAlchemyError

    from isconf.access import roles
    from isconf.cli_signin import sign_in_from_environment
    from isconf.services import Services
    from isconf.signing.team import require_role
    from isconf.store.database import DatabaseError, open_database

    if not database.is_file():
        return None
    try:
        services = Services(open_database(str(database), migrate=False, create=False))
    except DatabaseError:
        return None
    try:
        try:
            services.team_exists()
        except SQLAlchemyError:  # older than teams (no roles yet): nobody to ask
            return None
        sign_in_from_environment(services)
        require_role(services.database, roles.ADMINISTRATOR, "restoring a backup")
        return services.database.member
    finally:
        services.close()


def _check(location: Any, against: Path | None = None, *, seal: bool = False, db: str | None = None) -> int:
    from isconf.store.integrity import check_location

    if location.path is not None:
        _require_file(location.path)
    problems = check_location(location)
    notes: list[str] = []
    if not problems:
        problems, notes = _stored_value_problems(location, against)
    for problem in problems:
        print(f"isconf: error: {location.display}: {problem}", file=sys.stderr)
    if problems:
        return 1
    if seal and notes:
        notes = _seal(db, location)
    for note in notes:
        print(f"note: {note}")
    print("ok")
    if location.path is not None:
        from isconf.store import cipher

        if cipher.is_plain(location.path):
            print(
                f"isconf: warning: {location.display}: is not encrypted: anyone who copies the file reads "
                "every record; encrypt it with: isconf encrypt",
                file=sys.stderr,
            )
    return 0


def _encrypt(database: Path) -> int:
    from isconf.store import cipher
    from isconf.store.encrypt import encrypt_database

    passphrase = _new_secret(cipher.PASSPHRASE_ENV, "passphrase for the database: ")
    copies = encrypt_database(database, passphrase)
    more = (
        f" and {len(copies)} automatic {'copy' if len(copies) == 1 else 'copies'} in backups/"
        if copies
        else ""
    )
    print(f"encrypted {database}{more}; give the passphrase in {cipher.PASSPHRASE_ENV} or when asked")
    return 0


def _rekey(database: Path) -> int:
    from isconf import prompts
    from isconf.drafts import DraftStore, rekey_drafts
    from isconf.store import cipher, keyring_store
    from isconf.store.database import user_data_folder
    from isconf.store.encrypt import rekey_database

    old = os.environ.get(cipher.PASSPHRASE_ENV) or prompts.ask_secret("current passphrase: ")
    new = _new_secret(NEW_PASSPHRASE_ENV, "new passphrase: ")
    done = rekey_database(database, old, new)
    drafts, unread = rekey_drafts(
        DraftStore.for_database(f"sqlite:///{database}", user_data_folder()).folder, old, new
    )
    if keyring_store.saved_passphrase(database) == old:
        keyring_store.keep_passphrase(database, new)
    copies = _count(len(done.copies), "automatic copy", "automatic copies")
    print(
        f"changed the passphrase of {database}, of {copies} in backups/ and of {_count(drafts, 'draft', 'drafts')}"
    )
    if done.kept or unread:
        names = ", ".join(copy.name for copy in done.kept)
        print(
            f"isconf: warning: the current passphrase does not open {_count(len(done.kept), 'copy', 'copies')}"
            + (f" ({names})" if names else "")
            + f" and {_count(unread, 'draft', 'drafts')}: made under an earlier passphrase, they keep it",
            file=sys.stderr,
        )
    print(
        "copies made with isconf backup outside backups/ keep the old passphrase (isconf cannot find them)",
        file=sys.stderr,
    )
    return 0


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _new_secret(variable: str, prompt: str) -> str:
    """A new passphrase: from ``variable``, else typed twice; at least 8 characters."""
    from isconf import prompts
    from isconf.store.database import DatabaseError

    given = os.environ.get(variable)
    if given is None:
        given = prompts.ask_secret(prompt)
        if prompts.ask_secret("again: ") != given:
            raise DatabaseError("passphrase: the two entries differ; nothing was changed")
    if len(given) < 8:
        raise DatabaseError(f"passphrase: needs at least 8 characters ({variable}); nothing was changed")
    return given


def _stored_value_problems(location: Any, against: Path | None) -> tuple[list[str], list[str]]:
    """The stored values' problems, and what is not yet sealed (``sealing_notes``)."""
    from isconf import clock
    from isconf.cases.stored_values import sealing_notes, stored_value_problems
    from isconf.store.integrity import checking_engine
    from isconf.summary.against import against_problems

    engine = checking_engine(location)
    try:
        problems = stored_value_problems(engine, clock.today(), Progress("checking cases"))
        problems += against_problems(engine, against) if against is not None else []
        return problems, sealing_notes(engine)
    except Exception as exc:  # a damaged file: one line, no values
        return [f"cannot be read (damaged: {type(exc).__name__}); restore a backup"], []
    finally:
        engine.dispose()


def _seal(db: str | None, location: Any) -> list[str]:
    """Seal the cases saved before 0013 (all checks passed); what is still not sealed after."""
    from isconf import clock
    from isconf.cases.sealing import seal_unsealed
    from isconf.cases.stored_values import sealing_notes
    from isconf.cli_signin import sign_in_from_environment
    from isconf.services import Services
    from isconf.store.integrity import checking_engine

    services = Services.open(db, create=False)
    try:
        # Sealing writes audited events: once the database has a team, as a signed-in member.
        sign_in_from_environment(services)
        result = seal_unsealed(services.database, clock.today(), Progress("sealing cases"))
    finally:
        services.close()
    print(f"sealed {result.sealed} case{'' if result.sealed == 1 else 's'} saved before 0013")
    for refused in result.refused:
        print(f"isconf: error: {location.display}: {refused}", file=sys.stderr)
    engine = checking_engine(location)
    try:
        return sealing_notes(engine)
    finally:
        engine.dispose()


class Progress:
    """How far a long check has got, on standard error: a line every ``EVERY`` rows (rewritten
    in place on a terminal), nothing for a database small enough to check at once."""

    EVERY = 500

    def __init__(self, what: str) -> None:
        self.what = what

    def __call__(self, done: int, total: int) -> None:
        if total < self.EVERY or (done % self.EVERY and done != total):
            return
        terminal = sys.stderr.isatty()
        end = "\n" if done == total or not terminal else ""
        print(
            f"{chr(13) if terminal else ''}isconf: {self.what}: {done} of {total}", end=end, file=sys.stderr
        )
        sys.stderr.flush()


def _require_file(database: Path) -> None:
    from isconf.store.database import DatabaseError

    if not database.is_file():
        raise DatabaseError(f"{database}: no database here (check --db or ISCONF_DB; nothing was created)")


def _server_database(command: str, url: str) -> Exception:
    from sqlalchemy.engine import make_url

    from isconf.store.database import DatabaseError

    # The libpq form of the URL, without the password (pg_dump reads ~/.pgpass or asks).
    plain = (
        make_url(url)._replace(drivername="postgresql", password=None).render_as_string(hide_password=False)
    )
    if command == "backup":
        how = f"pg_dump -Fc -f FILE '{plain}'"
    else:
        how = f"pg_restore --clean --if-exists -d '{plain}' FILE"
    return DatabaseError(f"isconf {command} works on SQLite files; for a PostgreSQL database use: {how}")

"""Changes made around isconf with the database in hand: dropped or altered triggers, and
signatures nobody signed through isconf.

The triggers (migrations 0003 and 0008) make the database refuse edits of the audit trail
and of what was signed; whoever drops one can then edit freely, so ``isconf check`` first
makes sure every one is there as isconf wrote it. A signature row inserted by SQL has no
``sign`` event in the hash-chained trail: each row must have its event.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from types import ModuleType

from sqlalchemy import Connection, inspect, text
from sqlmodel import Session, col, select

from isconf.store import revisions
from isconf.store.tables import AuditEventRecord

# The migrations that create triggers, and the table each trigger guards.
_TRIGGER_MIGRATIONS = ("0003_audit_trail.py", "0008_signing.py")
_NAME = re.compile(r"CREATE TRIGGER (\w+) ")
_FUNCTION = re.compile(r"CREATE FUNCTION (\w+)\(\).*?\$\$(.*?)\$\$", re.S)


def trigger_problems(connection: Connection) -> list[str]:
    """One line per trigger (or trigger function) missing, altered or disabled."""
    if not inspect(connection).has_table("audit_event"):
        return []
    if connection.dialect.name == "postgresql":
        return _postgresql_problems(connection)
    found = {
        str(name): _plain(str(sql or ""))
        for name, sql in connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    problems = []
    for name, sql in _expected("SQLITE_TRIGGERS").items():
        if name not in found:
            problems.append(
                f"trigger {name}: is missing (dropped outside isconf; the record can be rewritten)"
            )
        elif found[name] != sql:
            problems.append(f"trigger {name}: differs from the one isconf made (altered outside isconf)")
    return problems


def _postgresql_problems(connection: Connection) -> list[str]:
    rows = connection.execute(
        text(
            "SELECT t.tgname, t.tgenabled FROM pg_trigger t WHERE NOT t.tgisinternal AND t.tgrelid IN "
            "(to_regclass('audit_event'), to_regclass('signature'), to_regclass('meeting_revision'))"
        )
    ).all()
    found = {str(name): str(enabled) for name, enabled in rows}
    problems = []
    for name in _expected("POSTGRESQL_TRIGGERS"):
        if name not in found:
            problems.append(
                f"trigger {name}: is missing (dropped outside isconf; the record can be rewritten)"
            )
        elif found[name] == "D":
            problems.append(f"trigger {name}: is disabled (outside isconf; the record can be rewritten)")
    for function, body in _functions().items():
        source = connection.execute(
            text("SELECT prosrc FROM pg_proc WHERE proname = :name AND pg_function_is_visible(oid)"),
            {"name": function},
        ).scalar()
        if source is None:
            problems.append(f"trigger function {function}: is missing (dropped outside isconf)")
        elif _plain(str(source)) != body:
            problems.append(
                f"trigger function {function}: differs from the one isconf made (altered outside isconf)"
            )
    return problems


def unsigned_signature_problems(session: Session) -> list[str]:
    """Every signature row whose ``sign`` event is not in the audit trail (inserted by SQL)."""
    from isconf.store.signing_tables import SignatureRecord

    events: set[tuple[str, str, str, str]] = set()
    query = (
        select(AuditEventRecord)
        .where(col(AuditEventRecord.action) == "sign")
        .execution_options(yield_per=1000)  # streamed: only the sign events' keys are kept
    )
    for event in session.exec(query):
        try:
            new = json.loads(event.new_value or "null")
            events.add((event.entity_key, event.field, str(new["name"]), str(new["content_sha256"])))
        except (ValueError, TypeError, KeyError):
            continue
    problems = []
    for row in session.exec(select(SignatureRecord).order_by(col(SignatureRecord.id))):
        key = (
            f"meeting {row.meeting_id}",
            f"signature of revision {row.revision}",
            row.printed_name,
            row.content_sha256,
        )
        if key not in events:
            problems.append(
                f"signature {row.id} (meeting {row.meeting_id} revision {row.revision}): has no sign event "
                "in the audit trail (added outside isconf)"
            )
    return problems


def sign_off_key_problems(session: Session) -> list[str]:
    """Every signature whose Ed25519 signature does not verify with its member's public key
    (made or changed by someone without the member's password)."""
    from isconf.member_keys import signature_holds
    from isconf.store.signing_tables import SignatureRecord, UserAccountRecord

    problems = []
    for row in session.exec(select(SignatureRecord).order_by(col(SignatureRecord.id))):
        account = session.get(UserAccountRecord, row.user_id)
        if account is None or account.public_key is None:
            continue  # a member added before members had keys: nothing to check against
        if not signature_holds(row, account.public_key, row.ed25519):
            problems.append(
                f"signature {row.id} (meeting {row.meeting_id} revision {row.revision}): its Ed25519 "
                "signature does not verify with the member's public key (forged or changed outside isconf)"
            )
    return problems


def _plain(sql: str) -> str:
    return " ".join(sql.split())


@cache
def _expected(name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for module in _migrations():
        for statement in getattr(module, name):
            match = _NAME.search(statement)
            if match is not None:
                out[match.group(1)] = _plain(statement)
    return out


@cache
def _functions() -> dict[str, str]:
    out: dict[str, str] = {}
    for module in _migrations():
        for statement in module.POSTGRESQL_TRIGGERS:
            match = _FUNCTION.search(statement)
            if match is not None:
                out[match.group(1)] = _plain(match.group(2))
    return out


@cache
def _migrations() -> tuple[ModuleType, ...]:
    modules = []
    for file in _TRIGGER_MIGRATIONS:
        spec = importlib.util.spec_from_file_location(
            f"_isconf_triggers_{file[:4]}", revisions.MIGRATIONS / "versions" / file
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return tuple(modules)

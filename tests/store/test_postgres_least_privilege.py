"""PostgreSQL done properly (issue 21): TLS with ``sslmode=verify-full`` against a test CA,
and the least-privilege roles of docs/postgres.md, whose statements run here as written:
the application role writes records but cannot change the audit trail or drop a table."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from certs import write_tls_server_files
from isconf import clock
from isconf.services import Services
from isconf.store.database import DatabaseError, open_database
from pg_server import PgServer, PgUnavailable, find_bindir

DOCS = Path(__file__).resolve().parents[2] / "docs" / "postgres.md"
PASSWORDS = {"isconf_owner": "choose-an-owner-password", "isconf_app": "choose-an-app-password"}


def _sql_blocks() -> list[list[str]]:
    """The ```sql blocks of docs/postgres.md, each as its statements."""
    blocks = re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)
    return [[s.strip() for s in block.split(";") if s.strip()] for block in blocks]


class TlsServer:
    def __init__(self, server: PgServer, ca: Path, other_ca: Path) -> None:
        self.server, self.ca, self.other_ca = server, ca, other_ca

    def url(self, role: str, *, ca: Path | None = None) -> str:
        root = quote(str(ca or self.ca))
        return (
            f"postgresql://{role}:{PASSWORDS[role]}@127.0.0.1:{self.server.port}/isconf"
            f"?sslmode=verify-full&sslrootcert={root}"
        )

    def connect(self, role: str) -> psycopg.Connection:
        return psycopg.connect(self.url(role), autocommit=True)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    ca, cert, key, other_ca = write_tls_server_files(tmp_path_factory.mktemp("tls"))
    try:
        server = PgServer(find_bindir(), tls=(cert, key))
        server.start()
    except PgUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        roles, schema, grants = _sql_blocks()
        for statement in roles:
            server.execute(statement)
        for statement in schema:
            server.execute(statement, "isconf")
        owner = TlsServer(server, ca, other_ca)
        database = open_database(owner.url("isconf_owner"))  # the owner migrates
        database.close()
        with owner.connect("isconf_owner") as connection:
            for statement in grants:
                connection.execute(statement.encode("utf-8"))
        yield owner
    finally:
        server.stop()


def test_the_application_role_writes_over_tls_but_cannot_change_the_trail(tls_server: TlsServer) -> None:
    services = Services.open(tls_server.url("isconf_app"))
    try:
        added = services.add_demo_cases()
        assert added
        meeting = services.meetings.create_meeting(title="Conference", day=clock.today(), chair="Dr Chair")
        services.meetings.add_cases(meeting.id, [added[0]])
        services.meetings.set_status(meeting.id, "closed")
        services.users.add_user("Dr Chair", "epileptologist", "chair-password")
        services.signing.sign(meeting.id, user="Dr Chair", password="chair-password", meaning="approved")
        assert services.signing.state(meeting.id).locked
        assert len(services.audit_trail()) > 10
    finally:
        services.close()
    with tls_server.connect("isconf_app") as connection:
        assert connection.info.pgconn.ssl_in_use
        # The application role owns nothing (an owner may disable a table's triggers, issue 23).
        owned = connection.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> 'isconf_owner'"
        ).fetchall()
        assert owned == []
        triggers = [
            row[0]
            for row in connection.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal"
            )
        ]
        assert triggers, "the audit trail has no trigger to protect"
        for statement in (
            "UPDATE audit_event SET actor = 'someone else'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
            "UPDATE signature SET printed_name = 'Dr Real Chair'",
            "DELETE FROM signature",
            "UPDATE meeting_revision SET content_sha256 = 'ab'",
            "DROP TABLE case_record",
            "DROP TABLE audit_event",
            "ALTER TABLE audit_event DISABLE TRIGGER ALL",
            "ALTER TABLE audit_event DISABLE TRIGGER USER",
            *[f"ALTER TABLE audit_event DISABLE TRIGGER {name}" for name in triggers],
            *[f"DROP TRIGGER {name} ON audit_event" for name in triggers],
            "ALTER TABLE audit_event OWNER TO isconf_app",
            # Replica mode skips ordinary triggers: only a superuser may set it.
            "SET session_replication_role = replica",
            "DROP TRIGGER audit_event_append_only ON audit_event",
            "UPDATE alembic_version SET version_num = '0001'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement.encode("utf-8"))
    database = open_database(tls_server.url("isconf_owner"))
    try:
        from isconf.store.integrity import check_location

        assert check_location(database.location) == []
    finally:
        database.close()


def test_verify_full_refuses_a_server_the_ca_did_not_certify(tls_server: TlsServer) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(tls_server.url("isconf_app", ca=tls_server.other_ca))
    message = str(refused.value)
    assert "\n" not in message and "certificate verify failed" in message
    assert PASSWORDS["isconf_app"] not in message


def test_a_connection_without_tls_is_refused(tls_server: TlsServer) -> None:
    plain = tls_server.url("isconf_app").split("?")[0] + "?sslmode=disable"
    with pytest.raises(DatabaseError, match=r"no encryption|pg_hba.conf rejects"):
        open_database(plain)

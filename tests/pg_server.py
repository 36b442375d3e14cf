"""A throw-away PostgreSQL server for the test session, on loopback only.

The store and service tests run against it as well as against SQLite, so a
team database is tested the way a workstation uses it: through a real server.
``initdb`` and ``pg_ctl`` refuse to run as root, so as root they run as the
``postgres`` user (via ``runuser``) in a temporary folder that user owns.
The cluster trusts loopback connections: it lives for one test run, holds
only synthetic cases, and listens on 127.0.0.1 alone.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

INSTALL_HINT = "install it with: apt-get install -y postgresql"
SUPERUSER = "postgres"
ROOT_PREFIX = "isconf-pg-"
# A folder younger than this may belong to a run that is still between mkdtemp and pg_ctl start.
STALE_AFTER_S = 3600.0


class PgUnavailable(RuntimeError):
    """The server cannot be started here; the message says why and what to install."""


def find_bindir() -> Path:
    """The newest ``/usr/lib/postgresql/N/bin`` holding ``initdb``, else ``initdb`` on PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    raise PgUnavailable(
        "the PostgreSQL tests need a PostgreSQL server (initdb and pg_ctl were not found in "
        f"/usr/lib/postgresql/*/bin or on PATH); {INSTALL_HINT}"
    )


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


OWNER_FILE = "owner.pid"  # the test process that made the folder


def _pid_in(path: Path) -> int | None:
    """The pid on the first line of ``path``; None without one."""
    try:
        return int(path.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_orphan_server(root: Path) -> None:
    """A killed run leaves its postmaster running (adopted by init): stop it as ``pg_ctl stop -m
    immediate`` would (SIGQUIT), if the pid is a postgres process still, and wait for it."""
    pid = _pid_in(root / "data" / "postmaster.pid")
    if not _alive(pid):
        return
    assert pid is not None
    try:
        if b"postgres" not in Path(f"/proc/{pid}/cmdline").read_bytes():
            return  # the pid was given to another program since
        os.kill(pid, signal.SIGQUIT)
    except (OSError, ProcessLookupError):
        return
    for _ in range(50):
        if not _alive(pid):
            return
        time.sleep(0.1)


def sweep_stale_roots(mine: Path) -> list[Path]:
    """Remove server folders beside ``mine`` left by runs that were killed (SIGKILL skips ``stop``).

    A folder whose owner (``owner.pid``) is gone is stale: its orphaned server is stopped and
    the folder removed. A folder without an owner file (made before there was one) is stale
    when it is an hour older than ``mine`` and no server runs in it. A live run's folder is
    never touched, whatever its age or state (a restart has no postmaster.pid for a moment).
    Ages are compared between folders, not with the clock: under libfaketime the clock is
    shifted and file times are not. Returns what was removed.
    """
    now = mine.stat().st_mtime
    removed = []
    for root in mine.parent.glob(f"{ROOT_PREFIX}*"):
        if root == mine or not root.is_dir():
            continue
        owner = root / OWNER_FILE
        if owner.exists():
            if _alive(_pid_in(owner)):
                continue
            _stop_orphan_server(root)
        else:
            try:
                age = now - root.stat().st_mtime
            except OSError:
                continue
            if age <= STALE_AFTER_S or _alive(_pid_in(root / "data" / "postmaster.pid")):
                continue
        shutil.rmtree(root, ignore_errors=True)
        if not root.exists():
            removed.append(root)
    return removed


class PgServer:
    """One PostgreSQL cluster in a temporary folder, started and stopped by the tests."""

    def __init__(self, bindir: Path, *, tls: tuple[Path, Path] | None = None) -> None:
        """``tls``: the server's certificate and key (PEM); the server then takes TCP
        connections over TLS only, with passwords (SCRAM), and the superuser's statements
        (``execute``) go through the Unix socket."""
        self.bindir = bindir
        self.tls = tls
        self.port = _free_loopback_port()
        self.root = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX))
        (self.root / OWNER_FILE).write_text(f"{os.getpid()}\n")
        sweep_stale_roots(self.root)
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._names = itertools.count(1)
        self._shared = ""  # the database that holds the per-test schemas
        # initdb refuses root; the postgres account runs the server instead.
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SUPERUSER)
            except KeyError:
                raise PgUnavailable(
                    f"running as root and there is no {SUPERUSER!r} user to run the server; {INSTALL_HINT}"
                ) from None
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", SUPERUSER, "--"]
        self.root.chmod(0o700)

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        # fsync off and friends: the cluster is thrown away after the run.
        options = " ".join(
            (
                "-c listen_addresses=127.0.0.1",
                f"-p {self.port}",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=100",
            )
        )
        if self.tls is not None:
            options += " " + self._tls_options()
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "15", "-o", options, "start"
        )

    def _tls_options(self) -> str:
        """Copy the certificate and key where the server account owns them (it refuses a key
        others can read), and accept TCP connections over TLS only, each with a password."""
        assert self.tls is not None
        owner = pwd.getpwnam(SUPERUSER) if self._as_user else None
        for source, name in zip(self.tls, ("server.crt", "server.key"), strict=True):
            target = self.root / name
            shutil.copyfile(source, target)
            target.chmod(0o600)
            if owner is not None:
                os.chown(target, owner.pw_uid, owner.pw_gid)
        hba = self.data / "pg_hba.conf"
        hba.write_text(
            "local all all trust\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "hostnossl all all 127.0.0.1/32 reject\n"
        )
        return (
            f"-c ssl=on -c ssl_cert_file={self.root / 'server.crt'} "
            f"-c ssl_key_file={self.root / 'server.key'} -c password_encryption=scram-sha-256"
        )

    def restart(self) -> None:
        """Restart the server as an administrator would: every session is ended (fast shutdown)."""
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "-t", "15", "restart"
        )

    def stop(self) -> None:
        """Stop the server (if it runs) and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(PgUnavailable):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "15", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A ``--db`` value for one database on this server (plain ``postgresql://``, as a user types it)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def fresh_schema_url(self) -> str:
        """A URL whose connections see only a new, empty schema of the shared test database."""
        if not self._shared:
            self._shared = self.create_database()
        schema = f"t{next(self._names)}"
        self.execute(f'CREATE SCHEMA "{schema}"', self._shared)
        return f"{self.url(self._shared)}?options=-csearch_path%3D{schema}"

    def create_database(self) -> str:
        """A new, empty database; returns its name."""
        name = f"isconf_test_{next(self._names)}"
        self.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        host = str(self.root) if self.tls is not None else "127.0.0.1"  # TLS: TCP needs a password
        with psycopg.connect(
            host=host, port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        ) as connection:
            connection.execute(sql.encode("utf-8"))

    def _run(self, program: str, *args: str) -> None:
        command = [*self._as_user, str(self.bindir / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise PgUnavailable(
                f"{program} failed (exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
                + (f"\nserver log:\n{log}" if log else "")
            )

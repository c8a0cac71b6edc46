"""A real PostgreSQL server for the tests: initdb in a temporary folder, a Unix socket only.

Debian's `postgresql` package (scripts/setup --dev installs it) gives the binaries. The
server runs as a user that is not root (initdb refuses root): `nobody` when the tests run
as root, else the current user. Durability is off (fsync and
full_page_writes; the OS cache is trusted instead of the disk): it starts in about a
second. Commits still wait for their WAL write (synchronous_commit stays on), so a
server killed mid-test, as the server-gone tests do, keeps every committed note, as a
real one would. It listens on no TCP port at all, unless started with `tls=True`: then
it also listens on 127.0.0.1 (a free port) with TLS on, under a self-signed certificate
made for the test, because libpq never uses TLS over a Unix socket.

    server = PgServer.start_new(); url = server.create_database(); server.close()
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "carevoice"
# A role that must give a password (scram-sha-256), for the password-file tests.
PASSWORD_ROLE = "nurse"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version_key(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


class PgServer:
    def __init__(self, folder: Path, bindir: Path, run_as: str | None):
        self.folder = folder
        self.data = folder / "data"
        self.socket_dir = folder / "socket"
        self.log = folder / "server.log"
        self.bindir = bindir
        self.run_as = run_as  # None: this user
        self.port: int | None = None  # a TCP port on 127.0.0.1 with TLS (tls=True)
        self._next = 0

    @classmethod
    def start_new(cls, tls: bool = False) -> PgServer:
        bindir = _bindir()
        if bindir is None:
            raise RuntimeError(
                "PostgreSQL is not installed; the notes tests run against a real server. "
                "Run scripts/setup --dev (it installs Debian's postgresql package)."
            )
        run_as = "nobody" if os.geteuid() == 0 else None
        # Not pytest's tmp_path: that is private to root, and the server user must enter it.
        folder = Path(tempfile.mkdtemp(prefix="carevoice-pg-"))
        server = cls(folder, bindir, run_as)
        server._init()
        if tls:
            server._make_certificate()
            server.port = _free_port()
        server.start()
        return server

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def _init(self) -> None:
        self.socket_dir.mkdir()
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            for path in (self.folder, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            os.chmod(self.folder, 0o711)  # the tests (root) reach the socket; no one else lists it
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        hba = self.data / "pg_hba.conf"
        rules = (
            f"local all {PASSWORD_ROLE} scram-sha-256\nlocal all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
        )
        hba.write_text(rules)
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            os.chown(hba, entry.pw_uid, entry.pw_gid)

    def _make_certificate(self) -> None:
        """A self-signed certificate for 127.0.0.1, readable by the server user only."""
        cert, key = self.data / "server.crt", self.data / "server.key"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        os.chmod(key, 0o600)  # the server refuses a key others can read
        # In the configuration file, not on the command line: set_tls() can then turn it off.
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("ssl = on\n")
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            for path in (cert, key):
                os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> None:
        listen = f"127.0.0.1 -p {self.port}" if self.port else "''"
        options = (
            f"-k {self.socket_dir} -c listen_addresses={listen} -c fsync=off "
            "-c full_page_writes=off -c max_connections=40"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate`: as if the machine had gone away)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str, user: str = SUPERUSER) -> str:
        port = f"&port={self.port}" if self.port else ""
        return f"postgresql://{user}@/{database}?host={self.socket_dir}{port}"

    def tcp_url(self, database: str, sslmode: str, user: str = SUPERUSER) -> str:
        """The database over TCP on 127.0.0.1, where TLS applies (tls=True servers)."""
        assert self.port, "started without tls=True: no TCP port"
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}?sslmode={sslmode}"

    def set_tls(self, on: bool) -> None:
        """Turn TLS on or off for new connections (a configuration reload, no restart)."""
        self.sql(f"ALTER SYSTEM SET ssl = {'on' if on else 'off'}")
        self.sql("SELECT pg_reload_conf()")

    def sql(self, statement: str, database: str = "postgres") -> str:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port or 5432,  # the socket's name carries the port
            user=SUPERUSER,
            dbname=database,
            autocommit=True,
        ) as conn:
            cursor = conn.execute(statement)
            return str(cursor.fetchone()[0]) if cursor.description else ""

    def ssl_connections(self, database: str) -> list[bool]:
        """Whether each client connection to `database` (other than this one) uses TLS."""
        rows = self.sql(
            "SELECT coalesce(string_agg(s.ssl::text, ','), '') FROM pg_stat_ssl s "
            f"JOIN pg_stat_activity a USING (pid) WHERE a.datname = '{database}' "
            "AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'",
            database,
        )
        return [value == "true" for value in rows.split(",") if value]

    def create_database(self, prefix: str = "notes") -> str:
        """A new empty database (UTF-8, C.UTF-8 locale); returns its URL."""
        self._next += 1
        name = f"{prefix}_{os.getpid()}_{self._next}"
        self.sql(f"CREATE DATABASE {name} TEMPLATE template0 STRATEGY file_copy")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.split("/")[3].split("?")[0]
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

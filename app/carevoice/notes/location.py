"""Which notes store this computer uses: the local file (default) or a PostgreSQL server.

The choice is kept in `config_dir()/notes-server.json` as a URL *without* a password,
for example `postgresql://nurse@care-server/carevoice?sslmode=require`. A password
goes into `config_dir()/pgpass` (mode 0600), libpq's own password-file format, which
libpq reads itself (`passfile=`) and refuses if anyone else can read it. Why not the OS
keyring: a care-home workstation often runs without a desktop keyring (a kiosk login,
a remote session, the command line), where `keyring` has no backend and would fail or
fall back to a plain file; libpq's file works everywhere libpq does, needs no new
dependency, and is what a server administrator already knows.

Connections go to the configured server only: TLS is tried first (`sslmode=prefer`,
or `require`/`verify-full` when the URL says so), GSSAPI/Kerberos is off (it would ask
a ticket server), and nothing else is contacted.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from carevoice import paths
from carevoice.notes.backends import is_server
from carevoice.notes.records import NotesError

SETTINGS_NAME = "notes-server.json"
PASSFILE_NAME = "pgpass"
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
DEFAULT_SSLMODE = "prefer"
CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class ServerLocation:
    """A PostgreSQL server and database, as the user gave it, without its password."""

    host: str  # a name, an address, or a Unix-socket folder (starts with /)
    port: int | None
    database: str
    user: str
    sslmode: str
    options: tuple[tuple[str, str], ...] = ()  # other libpq parameters from the URL

    @property
    def url(self) -> str:
        """The URL to show and to save: no password in it, ever."""
        query = [("sslmode", self.sslmode), *self.options]
        socket = self.host.startswith("/")  # a Unix-socket folder goes in ?host=
        if socket:
            query.insert(0, ("host", self.host))
        netloc = f"{quote(self.user, safe='')}@" if self.user else ""
        netloc += ("" if socket else self.host) + (f":{self.port}" if self.port else "")
        return urlunsplit(("postgresql", netloc, "/" + quote(self.database), urlencode(query), ""))

    def conninfo(self, passfile: Path | None = None) -> str:
        """libpq connection parameters: this server only, TLS as asked, no Kerberos."""
        from psycopg.conninfo import make_conninfo

        params: dict[str, str | int] = {
            "host": self.host,
            "dbname": self.database,
            "sslmode": self.sslmode,
            "gssencmode": "disable",
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "Care Voice",
            **dict(self.options),
        }
        if self.port:
            params["port"] = self.port
        if self.user:
            params["user"] = self.user
        passfile = passfile or password_file()
        if passfile.exists():
            params["passfile"] = str(passfile)
        return make_conninfo("", **params)


def parse(url: str) -> tuple[ServerLocation, str | None]:
    """A server URL as (its location, the password it carried or None).

    NotesError, in plain words, for a URL that is not one Care Voice can use.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("postgresql", "postgres"):
        raise NotesError(f"{url!r} is not a PostgreSQL address (postgresql://user@server/db).")
    query = dict(parse_qsl(parts.query))
    host = unquote(parts.hostname or "") if parts.hostname else query.pop("host", "")
    query.pop("host", None)
    if not host:
        raise NotesError(f"The address {url!r} names no server.")
    database = unquote(parts.path.lstrip("/")) or query.pop("dbname", "")
    query.pop("dbname", None)
    if not database:
        raise NotesError(f"The address {url!r} names no database (…/carevoice at its end).")
    sslmode = query.pop("sslmode", DEFAULT_SSLMODE)
    if sslmode not in SSL_MODES:
        raise NotesError(f"Unknown sslmode {sslmode!r}; use one of {', '.join(SSL_MODES)}.")
    password = query.pop("password", None)
    if parts.password is not None:
        password = unquote(parts.password)
    try:
        port = parts.port
    except ValueError:
        raise NotesError(f"The address {url!r} has a port that is not a number.") from None
    user = unquote(parts.username or "") or query.pop("user", "")
    query.pop("user", None)
    return (
        ServerLocation(host, port, database, user, sslmode, tuple(sorted(query.items()))),
        password,
    )


def password_file() -> Path:
    return paths.config_dir() / PASSFILE_NAME


def store_password(location: ServerLocation, password: str) -> Path:
    """Keep the password in the private libpq password file (0600), replacing an old one."""
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)

    def field(text: str) -> str:
        return text.replace("\\", "\\\\").replace(":", "\\:")

    # libpq matches a Unix-socket folder by its path (only the default one as localhost).
    key = ":".join(
        field(v)
        for v in (location.host, str(location.port or 5432), location.database, location.user)
    )
    lines = []
    if path.exists():
        lines = [line for line in path.read_text().splitlines() if not line.startswith(key + ":")]
    lines.append(f"{key}:{field(password)}")
    _write_private(path, "\n".join(lines) + "\n")
    return path


def configured() -> str | None:
    """The server URL this computer's notes live on, or None for the local file."""
    path = paths.config_dir() / SETTINGS_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise NotesError(f"The notes server setting {path} cannot be read ({exc}).") from None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and is_server(url) else None


def configure(url: str | None) -> str | None:
    """Use this server from now on (None: the local file again); returns the saved URL.

    A password in the URL goes to the password file, never into the settings.
    """
    path = paths.config_dir() / SETTINGS_NAME
    if url is None:
        path.unlink(missing_ok=True)
        return None
    location, password = parse(url)
    if password:
        store_password(location, password)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _write_private(path, json.dumps({"url": location.url}, indent=2) + "\n")
    return location.url


def _write_private(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    if sys.platform != "win32":
        os.chmod(tmp, 0o600)
    os.replace(tmp, path)

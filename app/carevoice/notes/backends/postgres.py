"""The notes store on a PostgreSQL server (psycopg 3): the connection, the schema, checks.

`PgConnection` gives the store's query modules what they expect from sqlite3: `execute`
with `?` placeholders, rows readable by column name or number, `lastrowid` after an
INSERT, and sqlite3.IntegrityError for a broken constraint. A server that cannot be
reached raises ServerUnavailable; the next call connects again by itself (never in the
middle of a transaction, whose work the server has already thrown away).

The schema is the SQLite one translated (backends.sql), numbered the same, kept in
table `carevoice_schema`; migrations run one per transaction under an advisory lock,
so two workstations starting at once do not both migrate.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from carevoice.notes import schema
from carevoice.notes.backends.sql import inserted_table, migration_to_postgres, to_postgres
from carevoice.notes.records import NotesError, ServerUnavailable

try:  # an optional extra: `pip install care-voice[postgresql]`
    import psycopg
except ImportError:  # pragma: no cover - the message is tested by hand
    psycopg = None  # type: ignore[assignment]

INSTALL_HINT = (
    "Notes on a PostgreSQL server need the psycopg package: pip install 'care-voice[postgresql]'."
)

# What SQLite's schema gets from SQLite itself, made on PostgreSQL before version 1.
PG_BASE = (
    # SQLite's NOCASE: equal and sorted ignoring case (ICU; accents still count).
    "CREATE COLLATION IF NOT EXISTS nocase "
    "(provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE IF NOT EXISTS carevoice_schema ("
    " application_id BIGINT NOT NULL, version INTEGER NOT NULL)",
)
# Per schema version: PostgreSQL's own statements in place of SQLite-only ones.
PG_EXTRAS: dict[int, tuple[str, ...]] = {
    # The search index: trigrams of title and text together, any language, any case
    # (pg_trgm; CJK characters count as letters in a UTF-8 locale database).
    1: ("CREATE INDEX notes_search_trgm ON notes USING gin ((title || ' ' || body) gin_trgm_ops)",),
}
# Version 4's guards (the audit trail append-only, a signed note unchangeable), as
# PostgreSQL triggers. They raise restrict_violation, an integrity error, as SQLite's
# RAISE(ABORT) does.
_REFUSE = """
CREATE FUNCTION carevoice_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END $$
"""
_REFUSE_IF_SIGNED = """
CREATE FUNCTION carevoice_refuse_if_note_signed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wanted BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN wanted := NEW.note_id; ELSE wanted := OLD.note_id; END IF;
    IF (SELECT status FROM notes WHERE id = wanted) = 'signed' THEN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$
"""
_APPEND_ONLY = "the audit trail is append-only"
_SIGNED = "a signed note cannot be changed; add an addendum"
_V4_TRIGGERS = {
    "audit_no_update": ("BEFORE UPDATE ON audit", None, _APPEND_ONLY),
    "audit_no_delete": ("BEFORE DELETE ON audit", None, _APPEND_ONLY),
    "notes_signed_no_update": ("BEFORE UPDATE ON notes", "old.status = 'signed'", _SIGNED),
    "notes_signed_no_delete": (
        "BEFORE DELETE ON notes",
        "old.status = 'signed'",
        "a signed note cannot be deleted",
    ),
    **{
        f"{table}_signed_{op.lower()}": (f"BEFORE {op} ON {table}", "note", _SIGNED)
        for table, ops in (
            ("note_sections", ("INSERT", "UPDATE", "DELETE")),
            ("note_flags", ("INSERT", "DELETE")),
            ("note_tags", ("INSERT", "DELETE")),
        )
        for op in ops
    },
}


def _trigger(name: str, when_on: str, condition: str | None, message: str) -> str:
    quoted = message.replace("'", "''")
    if condition == "note":
        action = f"EXECUTE FUNCTION carevoice_refuse_if_note_signed('{quoted}')"
        condition = None
    else:
        action = f"EXECUTE FUNCTION carevoice_refuse('{quoted}')"
    when = f" WHEN ({condition})" if condition else ""
    return f"CREATE TRIGGER {name} {when_on} FOR EACH ROW{when} {action}"


PG_EXTRAS[4] = (
    _REFUSE,
    _REFUSE_IF_SIGNED,
    *(_trigger(name, *spec) for name, spec in _V4_TRIGGERS.items()),
)
# SQLite triggers that PG_EXTRAS writes in PostgreSQL's own form.
PG_REPLACED_TRIGGERS = frozenset(_V4_TRIGGERS)

_MIGRATION_LOCK = schema.APPLICATION_ID  # pg_advisory_xact_lock key
# SQLite's BEGIN IMMEDIATE takes the database's write lock at once; so does this, for
# the same reasons: the audit chain's next entry and the next note number are read
# and written by one writer at a time.
_WRITE_LOCK = schema.APPLICATION_ID + 1


class PgRow(Sequence):
    """A row by column name or number, as sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]):
        self._values = values
        self._index = index

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor):
    index: dict[str, int] = {}
    for i, column in enumerate(cursor.description or ()):
        index.setdefault(column.name, i)  # the first of a repeated name, as sqlite3
    return lambda values: PgRow(values, index)


class PgCursor:
    """The part of sqlite3.Cursor the store uses."""

    def __init__(self, cursor=None, lastrowid: int | None = None):
        self._cursor = cursor
        self.lastrowid = lastrowid
        self.rowcount = cursor.rowcount if cursor is not None else 0

    def fetchone(self):
        return self._cursor.fetchone() if self._cursor is not None else None

    def fetchall(self) -> list:
        return self._cursor.fetchall() if self._cursor is not None else []

    def __iter__(self) -> Iterator:
        return iter(self.fetchall())


def _value(value):
    # SQLite stores a bool as 0/1 in an INTEGER column; PostgreSQL would refuse it.
    return int(value) if isinstance(value, bool) else value


class PgConnection:
    """A psycopg connection that behaves as the store's sqlite3 connection."""

    def __init__(self, conninfo: str, label: str):
        if psycopg is None:
            raise NotesError(INSTALL_HINT)
        self.conninfo = conninfo
        self.label = label  # the URL without a password, for messages
        self._raw: Any = None
        self._in_transaction = False
        self._id_tables: set[str] = set()
        self._connect()

    # -- connecting --------------------------------------------------------------------
    def _connect(self) -> None:
        try:
            self._raw = psycopg.connect(self.conninfo, autocommit=True, row_factory=_row_factory)
        except psycopg.OperationalError as exc:
            if "does not support SSL" in str(exc):  # libpq's words for sslmode=require
                raise NotesError(
                    f"The notes server {self.label} does not offer TLS (encryption), and "
                    "the address requires it. Ask the server's administrator to turn "
                    "ssl on, or use sslmode=prefer to accept an unencrypted connection."
                ) from None
            raise ServerUnavailable(
                f"The notes server {self.label} cannot be reached: {_first_line(exc)}"
            ) from None
        encoding = self._raw.execute("SHOW server_encoding").fetchone()[0]
        if encoding.upper() not in ("UTF8", "UTF-8"):
            self._raw.close()
            raise NotesError(
                f"The database on {self.label} uses the {encoding} encoding; care notes "
                "need UTF8 (create it with ENCODING 'UTF8')."
            )
        self._refresh_tables()

    def _refresh_tables(self) -> None:
        rows = self._raw.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'id'"
        ).fetchall()
        self._id_tables = {row[0] for row in rows}

    def _ready(self) -> Any:
        if self._raw is None:
            raise NotesError("The notes database is closed.")
        if self._raw.broken or self._raw.closed:
            if self._in_transaction:  # its work is gone with the old connection
                raise ServerUnavailable(f"The connection to the notes server {self.label} broke.")
            self._connect()
        return self._raw

    @property
    def server_version(self) -> int:
        return self._ready().info.server_version

    # -- the sqlite3 interface ---------------------------------------------------------
    def execute(self, sql: str, params: Iterable[Any] = ()) -> PgCursor:
        values = [_value(v) for v in params]
        word = sql.lstrip()[:8].upper()
        if word.startswith("ROLLBACK") and self._raw is not None and self._raw.broken:
            self._in_transaction = False  # nothing left to roll back
            return PgCursor()
        if _BEGIN_IMMEDIATE.match(sql):
            cursor = self.execute("BEGIN")
            self.execute(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK})")
            return cursor
        query = to_postgres(sql, bool(values))
        table = inserted_table(sql)
        returning = table is not None and table in self._id_tables
        if returning and "RETURNING" not in query.upper():
            query += " RETURNING id"
        try:
            cursor = self._run(query, values)
        except psycopg.errors.IntegrityError as exc:
            raise sqlite3.IntegrityError(_first_line(exc)) from exc
        except psycopg.DataError as exc:
            raise sqlite3.DataError(_first_line(exc)) from exc
        except psycopg.OperationalError as exc:
            raise sqlite3.OperationalError(_first_line(exc)) from exc
        except psycopg.ProgrammingError as exc:
            raise sqlite3.OperationalError(_first_line(exc)) from exc
        if word.startswith("BEGIN"):
            self._in_transaction = True
        elif word.startswith(("COMMIT", "ROLLBACK", "END")):
            self._in_transaction = False
        lastrowid = None
        if returning:
            row = cursor.fetchone()
            lastrowid = row[0] if row else None
        return PgCursor(cursor, lastrowid)

    def _run(self, query: str, values: list[Any]):
        """Execute once; a connection found dead outside a transaction is made again once
        (the server restarted while we were idle), a break inside one is reported."""
        for attempt in (1, 2):
            raw = self._ready()
            try:
                return raw.execute(query, values if values else None)
            except psycopg.OperationalError as exc:
                if not (raw.broken or raw.closed):
                    raise
                if self._in_transaction or attempt == 2:
                    raise ServerUnavailable(
                        f"The connection to the notes server {self.label} broke: {_first_line(exc)}"
                    ) from None
        raise AssertionError("unreachable")

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        raw = self._ready()
        query = to_postgres(sql, True)
        with raw.cursor() as cursor:
            cursor.executemany(query, [[_value(v) for v in row] for row in rows])

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Bulk-load rows with COPY (restores and benchmarks: thousands of notes at once)."""
        raw = self._ready()
        names = ", ".join(columns)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_value(v) for v in row])

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None


_BEGIN_IMMEDIATE = re.compile(r"^\s*BEGIN\s+IMMEDIATE\b", re.I)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# -- the schema ----------------------------------------------------------------------------


def version_of(conn: PgConnection) -> int:
    row = conn.execute(
        "SELECT to_regclass('carevoice_schema') IS NOT NULL, "
        "EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
        " AND table_name <> 'carevoice_schema')"
    ).fetchone()
    has_version_table, has_tables = row[0], row[1]
    if not has_version_table:
        if has_tables:
            raise schema.SchemaError(
                "This PostgreSQL database holds other tables, but not Care Voice notes; "
                "give Care Voice a database of its own."
            )
        return 0
    found = conn.execute("SELECT application_id, version FROM carevoice_schema").fetchone()
    if found is None:
        return 0
    if found[0] != schema.APPLICATION_ID:
        raise schema.SchemaError("This PostgreSQL database is not a Care Voice notes database.")
    return found[1]


def migrate(conn: PgConnection, migrations: tuple[str, ...] = schema.MIGRATIONS) -> int:
    """Bring the server's schema to the latest version; returns the version it was at."""
    found = _usable_version(conn, migrations)
    while _usable_version(conn, migrations) < len(migrations):
        conn.execute("BEGIN")
        try:
            conn.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            version = _usable_version(conn, migrations) + 1  # again, under the lock
            if version <= len(migrations):
                if version == 1:
                    for statement in PG_BASE:
                        conn.execute(statement)
                for statement in schema.statements(migrations[version - 1]):
                    translated = migration_to_postgres(statement, PG_REPLACED_TRIGGERS)
                    if translated is not None:
                        conn.execute(translated)
                for statement in PG_EXTRAS.get(version, ()):
                    conn.execute(statement)
                renumber_identities(conn)
                conn.execute("DELETE FROM carevoice_schema")
                conn.execute(
                    "INSERT INTO carevoice_schema (application_id, version) VALUES (?, ?)",
                    (schema.APPLICATION_ID, version),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    conn._refresh_tables()
    return found


def renumber_identities(conn: PgConnection) -> None:
    """Each id sequence past the highest id (a migration or a restore gives ids itself)."""
    rows = conn.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND column_name = 'id' AND is_identity = 'YES'"
    ).fetchall()
    for (table,) in rows:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce(max(id), 0) + 1, false) FROM {table}"
        )


def _usable_version(conn: PgConnection, migrations: tuple[str, ...]) -> int:
    found = version_of(conn)
    if found > len(migrations):
        raise schema.SchemaError(
            f"These notes were saved by a newer Care Voice (database version {found}; this "
            f"version reads up to {len(migrations)}). Update Care Voice to open them."
        )
    return found


def check_integrity(conn: PgConnection) -> str:
    """ "ok", or what is wrong (the server keeps its own files consistent; this checks ours)."""
    version = version_of(conn)
    if version != schema.LATEST:
        return f"schema version {version}, expected {schema.LATEST}"
    row = conn.execute(
        "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relname = 'notes_search_trgm'"
    ).fetchone()
    if row is None or not row[0]:
        return "search index: missing or invalid (REINDEX INDEX notes_search_trgm)"
    return "ok"

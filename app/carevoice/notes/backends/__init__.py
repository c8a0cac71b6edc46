"""Where the notes live: one private SQLite file (the default), or a PostgreSQL server.

The store's queries are written once, in SQLite's dialect, with `?` placeholders
(carevoice.notes.residents, terms, tags, rows, store). On PostgreSQL they run through
`postgres.PgConnection`, which speaks the sqlite3 module's interface (execute, rows
by name or number, lastrowid, sqlite3.IntegrityError) and translates the few words
that differ (`sql.to_postgres`). What cannot be translated has its own module here:
the schema's full-text index and migrations, search, backups.
"""

from __future__ import annotations

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server(location: str) -> bool:
    """True for a PostgreSQL URL (postgresql://user@host/db), False for a file path."""
    return location.strip().lower().startswith(SERVER_SCHEMES)

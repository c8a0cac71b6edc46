"""Fixtures for the notes tests: a real store, on both backends.

`store` runs each test twice: on the private SQLite file in the test's Care Voice home,
and on a new database on a real PostgreSQL server (tests/pg_server.py). A test about
SQLite's file itself is marked `sqlite_only`.
"""

from __future__ import annotations

import pytest

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql" and request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about the local SQLite file")
    return request.param


@pytest.fixture
def location(request, backend) -> str | None:
    """Where the test's notes are: None (the default file) or a PostgreSQL URL."""
    return request.getfixturevalue("pg_database") if backend == "postgresql" else None


@pytest.fixture
def store(location):
    from carevoice.notes.store import NoteStore

    with NoteStore(location) as opened:
        yield opened


def raw_connection(store):
    """A connection of its own to the store's database, past the store's code (as someone
    with the file and the sqlite3 tool, or psql and the password, could): `execute` with
    `?` and sqlite3's errors on either backend."""
    import sqlite3

    if store.server is None:
        return sqlite3.connect(store.path, isolation_level=None)
    from carevoice.notes.backends.postgres import PgConnection

    return PgConnection(store.server.conninfo(), store.location)

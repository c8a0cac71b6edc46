"""TLS to a real PostgreSQL server over TCP: used whenever the server offers it, required
when the address says so, and a plain message when a required TLS is not there."""

from __future__ import annotations

import pytest

from carevoice.notes.records import NotesError
from carevoice.notes.store import NoteStore


@pytest.fixture(scope="module")
def tls_server():
    from tests.pg_server import PgServer

    server = PgServer.start_new(tls=True)
    yield server
    server.close()


@pytest.fixture
def database(tls_server):
    url = tls_server.create_database("tls")
    name = url.split("/")[3].split("?")[0]
    yield name
    tls_server.set_tls(True)
    tls_server.drop_database(url)


@pytest.mark.parametrize("sslmode", ["prefer", "require"])
def test_notes_travel_encrypted_when_the_server_offers_tls(tls_server, database, sslmode):
    store = NoteStore(tls_server.tcp_url(database, sslmode))
    try:
        resident = store.add_resident("Mr Chen")
        store.create_note(text="Blood pressure normal.", resident=resident)
        assert tls_server.ssl_connections(database) == [True]
    finally:
        store.close()


def test_prefer_still_works_without_tls_but_require_refuses_plainly(tls_server, database):
    tls_server.set_tls(False)
    store = NoteStore(tls_server.tcp_url(database, "prefer"))
    try:
        assert tls_server.ssl_connections(database) == [False]  # the fallback prefer allows
    finally:
        store.close()
    with pytest.raises(NotesError, match="does not offer TLS") as refused:
        NoteStore(tls_server.tcp_url(database, "require"))
    assert "sslmode=prefer" in str(refused.value)

"""The notes store on a real PostgreSQL server: its schema, the password file, the address."""

from __future__ import annotations

import json
import stat

import psycopg
import pytest

from carevoice import paths
from carevoice.notes import location, schema
from carevoice.notes.backends.sql import migration_to_postgres, to_postgres
from carevoice.notes.store import NotesError, NoteStore
from tests.pg_server import PASSWORD_ROLE


def test_a_new_database_gets_the_whole_schema_once_even_opened_twice(pg_database):
    with NoteStore(pg_database) as first, NoteStore(pg_database) as second:
        assert first.schema_version == second.schema_version == schema.LATEST
        assert first.integrity_check() == "ok"
    with psycopg.connect(_conninfo(pg_database)) as conn:
        assert conn.execute("SELECT count(*) FROM carevoice_schema").fetchone()[0] == 1
        (trgm,) = conn.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert trgm == ("pg_trgm",)


def test_another_programs_database_is_not_taken_over(pg_database):
    with psycopg.connect(_conninfo(pg_database), autocommit=True) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(NotesError, match="other tables, but not Care Voice notes"):
        NoteStore(pg_database)


def test_a_database_from_a_newer_care_voice_is_refused_plainly(pg_database):
    NoteStore(pg_database).close()
    with psycopg.connect(_conninfo(pg_database), autocommit=True) as conn:
        conn.execute("UPDATE carevoice_schema SET version = version + 1")
    with pytest.raises(NotesError, match="newer Care Voice .*Update Care Voice"):
        NoteStore(pg_database)


def test_a_server_that_is_not_there_is_said_plainly(pg_server):
    url = pg_server.url("notes").replace(str(pg_server.socket_dir), "/nonexistent")
    with pytest.raises(NotesError, match="The notes server .* cannot be reached"):
        NoteStore(url)


def test_names_ignore_case_as_on_sqlite(store):
    ann = store.add_resident("Ann Lee")
    assert store.find_resident("ANN LEE") == ann
    store.add_term("Donepezil", "medication")
    with pytest.raises(NotesError, match="already"):
        store.add_term("DONEPEZIL", "medication")
    note = store.create_note(text="x", tags=["Meals"])
    assert store.set_tags(note.id, ["meals", "MEALS", "bp"]).tags == (
        "bp",
        "Meals",
    )  # the spelling first saved, as on SQLite
    assert [n.id for n in store.list_notes(tag="MEALS")] == [note.id]


def test_the_password_goes_to_a_private_password_file_never_the_settings(pg_server, pg_database):
    name = pg_database.split("/")[3].split("?")[0]
    pg_server.sql(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD 's3cret:pw'")
    try:
        pg_server.sql(f"GRANT ALL ON DATABASE {name} TO {PASSWORD_ROLE}")
        pg_server.sql(f"ALTER DATABASE {name} OWNER TO {PASSWORD_ROLE}")
        with_password = pg_server.url(name, user=f"{PASSWORD_ROLE}:s3cret%3Apw")
        with pytest.raises(NotesError, match="password file, not in the address"):
            NoteStore(with_password)
        saved = location.configure(with_password)
        settings = paths.config_dir() / location.SETTINGS_NAME
        assert "s3cret" not in settings.read_text() and "s3cret" not in saved
        assert json.loads(settings.read_text())["url"] == saved
        passfile = location.password_file()
        assert stat.S_IMODE(passfile.stat().st_mode) == 0o600
        assert passfile.read_text().endswith(f":{name}:{PASSWORD_ROLE}:s3cret\\:pw\n")
        with NoteStore() as store:  # the configured server, the password from the file
            assert store.server is not None and store.location == saved
            store.create_note(text="on the server")
        passfile.unlink()
        with pytest.raises(NotesError, match="cannot be reached.*password"):
            NoteStore()
        location.configure(None)
        with NoteStore() as local:
            assert local.server is None and local.count_notes() == 0
    finally:
        pg_server.drop_database(pg_database)
        pg_server.sql(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}")


def test_the_address_asks_for_tls_and_nothing_else():
    server, password = location.parse("postgresql://nurse@care-server:5433/carevoice")
    assert password is None
    params = psycopg.conninfo.conninfo_to_dict(server.conninfo())
    assert params["sslmode"] == "prefer"  # TLS whenever the server offers it
    assert params["gssencmode"] == "disable"  # no Kerberos ticket server asked
    assert (params["host"], params["port"], params["dbname"]) == (
        "care-server",
        "5433",
        "carevoice",
    )
    strict, _ = location.parse("postgresql://nurse@care-server/carevoice?sslmode=require")
    assert psycopg.conninfo.conninfo_to_dict(strict.conninfo())["sslmode"] == "require"
    assert location.parse(strict.url)[0] == strict
    with pytest.raises(NotesError, match="Unknown sslmode"):
        location.parse("postgresql://care-server/carevoice?sslmode=sometimes")
    with pytest.raises(NotesError, match="names no database"):
        location.parse("postgresql://care-server")


def test_the_translation_leaves_string_literals_alone():
    assert to_postgres("SELECT ? WHERE a LIKE '%?%' AND b = ?", True) == (
        "SELECT %s WHERE a ILIKE '%?%' AND b = %s"
    )
    assert to_postgres("INSERT OR IGNORE INTO t (a) VALUES (?)", True) == (
        "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING"
    )
    assert migration_to_postgres("CREATE TABLE t (id INTEGER PRIMARY KEY, x REAL)") == (
        "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
        "x DOUBLE PRECISION)"
    )
    with pytest.raises(ValueError, match="no PostgreSQL form for the SQLite trigger audit_guard"):
        migration_to_postgres("CREATE TRIGGER audit_guard BEFORE UPDATE ON audit BEGIN END")


def _conninfo(url: str) -> str:
    server, _ = location.parse(url)
    return server.conninfo()

"""Schema migrations: a database made with the first schema opens, migrated, data intact."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from carevoice.notes import schema
from carevoice.notes.store import NotesError, NoteStore


def _make_v1(path):
    """A database exactly as the first Care Voice with notes left it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(schema.V1)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO residents (id, name, external_id, created_s) VALUES (1, 'Ann', 'R1', 5)"
    )
    segments = '[{"index": 0, "start_s": 0.0, "end_s": 1.5, "text": "她量了血壓"}]'
    conn.execute(
        "INSERT INTO notes (id, resident_id, author, created_s, updated_s, title, body, language,"
        " source, segments_json) VALUES (7, 1, 'Ana', 100, 200, ?, ?, 'zh', 'dictation', ?)",
        ("早上", "她量了血壓，兩個字。", segments),
    )
    conn.execute(
        "INSERT INTO vocabulary (term, kind, created_s) VALUES ('Donepezil', 'medication', 1)"
    )
    conn.close()


@pytest.mark.sqlite_only
def test_a_fresh_store_has_the_latest_schema(store):
    assert store.schema_version == schema.LATEST == 4
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    assert {"residents", "notes", "notes_fts", "vocabulary", "tags", "note_tags"} <= tables
    assert {"staff", "templates", "note_sections", "note_flags", "audit"} <= tables
    conn.close()


def test_a_first_schema_database_is_migrated_with_its_data(tmp_path):
    path = tmp_path / "notes.sqlite3"
    _make_v1(path)
    with NoteStore(path) as store:
        assert store.schema_version == schema.LATEST
        note = store.get_note(7)
        assert (note.text, note.title, note.resident_name, note.author) == (
            "她量了血壓，兩個字。",
            "早上",
            "Ann",
            "Ana",
        )
        assert note.segments[0].text == "她量了血壓" and note.tags == ()
        # The v1 search index is still in step with the notes, and the triggers work.
        assert [h.note_id for h in store.search("兩個字")] == [7]
        assert [h.note_id for h in store.search("血壓")] == [7]
        store.save_text(7, "改過了")
        assert [h.note_id for h in store.search("改過了")] == [7]
        # What version 2 added: tags, and per-resident vocabulary beside the global term.
        assert store.set_tags(7, ["bp"]).tags == ("bp",)
        (global_term,) = store.terms()
        assert (global_term.term, global_term.resident_id) == ("Donepezil", None)
        mine = store.add_term("Donepezil", "medication", 1)  # same word, for Ann only
        assert [t.id for t in store.terms(1)] == [mine.id, global_term.id]
        with pytest.raises(NotesError, match="already"):
            store.add_term("DONEPEZIL", "medication")
        assert store.integrity_check() == "ok"


def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path):
    path = tmp_path / "notes.sqlite3"
    _make_v1(path)
    broken = (
        schema.V1,
        schema.V2,
        "CREATE TABLE half_done (x);\nINSERT INTO no_such_table VALUES (1);\n",
    )
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(conn, broken)
    assert schema.version_of(conn) == 2  # version 2 applied fully, version 3 not at all
    assert (
        conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").fetchone()[0]
        == 0
    )
    conn.close()
    with NoteStore(path) as store:
        assert store.get_note(7).title == "早上"


def test_a_database_from_a_newer_care_voice_is_refused_plainly(tmp_path):
    path = tmp_path / "notes.sqlite3"
    NoteStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    with pytest.raises(NotesError, match="newer Care Voice .*Update Care Voice"):
        NoteStore(path)


def test_another_programs_database_is_not_taken_over(tmp_path):
    path = tmp_path / "notes.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    with pytest.raises(NotesError, match="not a Care Voice notes database"):
        NoteStore(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    conn.close()


def test_two_processes_creating_the_database_at_once_both_succeed(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "notes.sqlite3"
    code = (
        "import sys\nfrom carevoice.notes.store import NoteStore\n"
        "with NoteStore(sys.argv[1]) as s: s.create_note(text='hello')\n"
    )
    children = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for child in children:
        assert child.wait(timeout=60) == 0, child.stderr.read()
    with NoteStore(path) as store:
        assert store.count_notes() == 4 and store.schema_version == schema.LATEST


class _AnotherProcessMigratesAfterFirstRead:
    """A connection where another opener finishes creating the database right after
    this one's first look, the moment the race in CI hit (tables seen, version 0)."""

    def __init__(self, path):
        self._conn = sqlite3.connect(path, isolation_level=None)
        self._path = path
        self._raced = False

    def execute(self, sql, *args):
        cursor = self._conn.execute(sql, *args)
        if not self._raced:
            self._raced = True
            rows = cursor.fetchall()
            other = sqlite3.connect(self._path, isolation_level=None)
            schema.migrate(other)
            other.close()
            return _Rows(rows)
        return cursor

    def close(self):
        self._conn.close()


class _Rows:
    def __init__(self, rows):
        self._rows = rows

    def fetchone(self):
        return self._rows[0] if self._rows else None


def test_a_database_created_by_another_process_between_two_reads_is_ours(tmp_path):
    conn = _AnotherProcessMigratesAfterFirstRead(tmp_path / "notes.sqlite3")
    try:
        assert schema.migrate(conn) == 0  # it found a new, empty file
        assert schema.version_of(conn) == schema.LATEST
    finally:
        conn.close()


RELEASED = Path(__file__).parents[1] / "data" / "notes" / "notes-0.1.0.sqlite3"


def test_a_database_made_by_care_voice_0_1_0_keeps_every_note_and_term(tmp_path):
    """The file was made by running 0.1.0's own code (schema 2): see tests/data/notes."""
    path = tmp_path / "notes.sqlite3"
    shutil.copyfile(RELEASED, path)
    old = sqlite3.connect(RELEASED)
    old.row_factory = sqlite3.Row
    before_notes = [dict(r) for r in old.execute("SELECT * FROM notes ORDER BY id")]
    before_terms = [dict(r) for r in old.execute("SELECT * FROM vocabulary ORDER BY id")]
    before_tags = old.execute("SELECT * FROM note_tags ORDER BY note_id, tag_id").fetchall()
    assert old.execute("PRAGMA user_version").fetchone()[0] == 2
    old.close()
    assert len(before_notes) == 4 and len(before_terms) == 3

    with NoteStore(path) as store:
        assert store.schema_version == schema.LATEST and store.single_user
        conn = sqlite3.connect(path)
        conn.row_factory = sqlite3.Row
        after_notes = [dict(r) for r in conn.execute("SELECT * FROM notes ORDER BY id")]
        after_terms = [dict(r) for r in conn.execute("SELECT * FROM vocabulary ORDER BY id")]
        after_tags = conn.execute("SELECT * FROM note_tags ORDER BY note_id, tag_id").fetchall()
        conn.close()
        for before, after in zip(before_notes, after_notes, strict=True):
            assert {k: after[k] for k in before} == before  # every old column, unchanged
            assert (after["status"], after["author_id"], after["version"]) == ("draft", None, 1)
        assert after_terms == before_terms and list(map(tuple, after_tags)) == list(
            map(tuple, before_tags)
        )
        notes = store.list_notes(oldest_first=True)
        assert [n.author_label for n in notes] == [
            "unknown author, before staff records",
            "Ana",
            "unknown author, before staff records",
            "unknown author, before staff records",
        ]
        assert [h.note_id for h in store.search("血壓")] == [notes[1].id]
        assert [t.name for t in store.templates()] == ["Daily care note", "Free note"]
        assert store.verify_audit().ok and store.audit_entries() == []
        # Staff set up afterwards: a nurse may sign a note from before staff records.
        manager = store.add_staff("Mei Chen", "manager", "4711")
        nurse = store.add_staff("Bo Lin", "nurse", "1357", by=manager)
        assert store.sign_note(notes[0].id, by=nurse).signed_by == "Bo Lin"
        assert store.integrity_check() == "ok"

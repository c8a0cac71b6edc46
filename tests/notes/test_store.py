"""NoteStore on a real SQLite file: residents, notes, tags, dates, files kept private."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import threading
from datetime import date, datetime, timedelta

import pytest

from carevoice import paths
from carevoice.notes.store import (
    CareNote,
    NoteNotFound,
    NotesError,
    NoteStore,
    ResidentHasNotes,
    ResidentNotFound,
    default_title,
)
from tests.notes.transcripts import make_transcript


@pytest.mark.sqlite_only
def test_the_store_lives_in_the_data_folder_in_wal_mode(store):
    assert store.path == paths.data_dir() / "notes.sqlite3"
    other = sqlite3.connect(store.path)
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    resident = store.add_resident("Ann")
    store.create_note(text="x", resident=resident)
    with pytest.raises(NotesError):  # foreign keys are enforced: notes keep their resident
        store.delete_resident(resident)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), store._db() as conn:
        conn.execute("DELETE FROM residents")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_folder_and_database_files_are_private_whatever_the_umask(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREVOICE_HOME", str(tmp_path / "home"))
    old_umask = os.umask(0)  # the most permissive: every file would be world-writable
    try:
        with NoteStore() as store:
            note = store.create_note(text="Blood pressure 120/80.")
            store.save_text(note.id, "Blood pressure 118/79.")
            files = [
                store.path,
                store.path.with_name("notes.sqlite3-wal"),
                store.path.with_name("notes.sqlite3-shm"),
            ]
            assert all(f.exists() for f in files)
            for file in files:
                assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
            assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    finally:
        os.umask(old_umask)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_existing_world_readable_database_is_made_private(tmp_path):
    path = tmp_path / "notes.sqlite3"
    NoteStore(path).close()
    os.chmod(path, 0o644)
    with NoteStore(path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_residents_can_be_added_found_renamed_and_removed(store):
    margaret = store.add_resident("  Margaret O'Brien ", "Room 12")
    assert margaret.name == "Margaret O'Brien" and margaret.label == "Margaret O'Brien (Room 12)"
    wang = store.add_resident("王小明")
    assert [r.name for r in store.residents()] == ["Margaret O'Brien", "王小明"]
    assert store.find_resident("margaret o'brien") == margaret
    assert store.find_resident("room 12") == margaret
    assert store.find_resident(str(wang.id)) == wang
    renamed = store.update_resident(wang, name="王大明", external_id="B-7")
    assert (renamed.name, renamed.external_id) == ("王大明", "B-7")
    assert store.update_resident(wang, external_id=None).external_id is None
    store.delete_resident(wang)
    with pytest.raises(ResidentNotFound, match="no resident"):
        store.get_resident(wang.id)
    with pytest.raises(NotesError, match="needs a name"):
        store.add_resident("   ")


def test_an_ambiguous_resident_name_is_refused_with_both_names(store):
    store.add_resident("Ann Lee", "Room 1")
    store.add_resident("Ann Lee", "Room 2")
    with pytest.raises(ResidentNotFound, match="More than one") as raised:
        store.find_resident("Ann Lee")
    assert "Room 1" in str(raised.value) and "Room 2" in str(raised.value)


def test_a_resident_with_notes_cannot_be_deleted(store):
    resident = store.add_resident("Siobhan Kelly")
    note = store.create_note(text="Slept well.", resident=resident)
    with pytest.raises(ResidentHasNotes, match="1 note"):
        store.delete_resident(resident)
    store.delete_note(note.id)
    store.delete_resident(resident)
    assert store.residents() == []


def test_create_get_update_delete_a_note(store):
    resident = store.add_resident("Ngozi Okafor")
    note = store.create_note(
        text="Ate a full breakfast.",
        title="Breakfast",
        resident=resident,
        author="Ana",
        language="en",
        tags=["meals", "Morning", "meals"],
    )
    assert isinstance(note, CareNote)
    assert note.resident_name == "Ngozi Okafor" and note.source == "typed"
    assert note.tags == ("meals", "Morning")
    assert store.get_note(note.id) == note

    changed = store.update_note(note.id, title="Breakfast and lunch", tags=["meals"])
    assert changed.title == "Breakfast and lunch" and changed.text == note.text
    assert changed.tags == ("meals",) and changed.updated_s >= note.updated_s
    assert store.update_note(note.id, resident=None).resident_name is None

    store.delete_note(note.id)
    with pytest.raises(NoteNotFound, match=f"no note with number {note.id}"):
        store.get_note(note.id)
    with pytest.raises(NoteNotFound):
        store.save_text(note.id, "gone")
    with pytest.raises(NoteNotFound):
        store.delete_note(note.id)


def test_a_note_for_a_missing_resident_or_with_an_unknown_source_is_refused(store):
    with pytest.raises(ResidentNotFound):
        store.create_note(text="x", resident=999)
    with pytest.raises(NotesError, match="Unknown note source"):
        store.create_note(text="x", source="email")
    assert store.count_notes() == 0


def test_save_text_stores_the_text_and_the_time(store):
    note = store.create_note(text="draft")
    saved_at = store.save_text(note.id, "Walked to the garden.")
    again = store.get_note(note.id)
    assert again.text == "Walked to the garden." and again.updated_s == saved_at
    assert again.created_s == note.created_s


def test_notes_survive_closing_and_reopening(store):
    note = store.create_note(text="She took her medication.", tags=["meds"])
    location = store.location
    store.close()
    with pytest.raises(NotesError, match="closed"):
        store.get_note(note.id)
    with NoteStore(location) as reopened:
        assert reopened.get_note(note.id) == note


def test_list_by_resident_and_date_range(store):
    ann = store.add_resident("Ann")
    bob = store.add_resident("Bob")
    day = datetime(2025, 3, 10, 9, 0)
    made = {}
    for offset in range(5):  # 10 to 14 March, 09:00
        when = (day + timedelta(days=offset)).timestamp()
        for who in (ann, bob):
            made[who.name, offset] = store.create_note(
                text=f"{who.name} day {offset}", resident=who, created_s=when
            )
    titles = [n.text for n in store.list_notes(ann)]
    assert titles == [f"Ann day {i}" for i in (4, 3, 2, 1, 0)]  # newest first
    # A date as `until` includes that whole day; a datetime is exclusive.
    in_range = store.list_notes(ann, since=date(2025, 3, 11), until=date(2025, 3, 13))
    assert [n.text for n in in_range] == ["Ann day 3", "Ann day 2", "Ann day 1"]
    exclusive = store.list_notes(ann, since=date(2025, 3, 11), until=datetime(2025, 3, 13, 9, 0))
    assert [n.text for n in exclusive] == ["Ann day 2", "Ann day 1"]
    oldest = store.list_notes(since=day.timestamp(), limit=3, oldest_first=True)
    assert [n.text for n in oldest] == ["Ann day 0", "Bob day 0", "Ann day 1"]
    assert len(store.list_notes()) == 10


def test_tags_filter_the_list(store):
    a = store.create_note(text="fall in the corridor", tags=["incident"])
    store.create_note(text="lunch", tags=["meals"])
    store.set_tags(a.id, ["incident", "Follow-up"])
    assert [n.id for n in store.list_notes(tag="INCIDENT")] == [a.id]
    assert store.tags() == ["Follow-up", "incident", "meals"]


def test_note_from_transcript_keeps_the_recording_details(store, tmp_path):
    resident = store.add_resident("Margaret")
    transcript = make_transcript(
        ["The resident took her morning medication.", "She walked to the garden."], words=True
    )
    audio = tmp_path / "round.wav"
    note = store.note_from_transcript(transcript, resident, "Ana", "file", audio, tags=["walk"])
    assert note.text == "The resident took her morning medication. She walked to the garden."
    # No title of its own: the opening words stand for it, so a correction reaches it.
    assert note.title == ""
    assert note.display_title == "The resident took her morning medication. She walked to the…"
    assert (note.source, note.audio_path, note.author) == ("file", str(audio), "Ana")
    assert (note.language, note.model, note.device, note.compute_type) == (
        "en",
        "tiny.en",
        "cpu",
        "int8",
    )
    assert note.duration_s == 4.0
    assert note.segments == tuple(transcript.segments)  # words included
    assert store.get_note(note.id).segments == note.segments
    back = note.to_transcript()
    assert back.segments == transcript.segments and back.language == "en"


def test_chinese_segments_join_without_spaces(store):
    note = store.note_from_transcript(make_transcript(["她今天很好。", "血壓正常。"], "zh"))
    assert note.text == "她今天很好。血壓正常。"


def test_default_title_cuts_at_a_word():
    assert default_title("Short note.") == "Short note."
    long = "word " * 30
    assert default_title(long).endswith("…") and len(default_title(long)) <= 61
    assert default_title("血" * 80) == "血" * 60 + "…"


def test_one_store_can_be_used_from_several_threads(store):
    notes = [store.create_note(text="start") for _ in range(4)]
    errors = []

    def typing(note_id):
        try:
            for i in range(50):
                store.save_text(note_id, f"edit {i}")
                store.search("edit")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=typing, args=(n.id,)) for n in notes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {store.get_note(n.id).text for n in notes} == {"edit 49"}
    assert store.integrity_check() == "ok"


def test_a_file_that_is_not_a_database_is_refused_plainly(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is a shopping list, not a database" * 100)
    with pytest.raises(NotesError, match="cannot be used as the notes database"):
        NoteStore(path)

"""Backups of the whole store in one file, and restoring them (refusing anything else)."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import sys

import pytest

from carevoice.notes import schema
from carevoice.notes.backup import BEFORE_RESTORE, BackupError, check_backup
from carevoice.notes.store import NoteStore


def _fill(store):
    resident = store.add_resident("王小明", "Room 3")
    store.add_term("Donepezil", "medication", resident)
    first = store.create_note(text="血壓正常，早餐吃完了。", resident=resident, tags=["bp"])
    second = store.create_note(text="Walked to the garden.", resident=resident)
    return resident, first, second


def test_a_backup_is_one_private_file_holding_everything(store, tmp_path):
    _, first, second = _fill(store)
    target = tmp_path / "out" / "notes.carevoice-backup"
    target.parent.mkdir()
    assert store.backup(target) == target
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no -wal, no .part
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    info = check_backup(target)
    assert (info.notes, info.residents, info.schema_version) == (2, 1, schema.LATEST)
    with NoteStore(tmp_path / "elsewhere.sqlite3") as opened_copy:
        opened_copy.restore(target)
        assert opened_copy.get_note(first.id) == first
        assert opened_copy.get_note(second.id) == second
        assert [t.term for t in opened_copy.terms(first.resident_id)] == ["Donepezil"]


def test_restore_brings_back_the_backup_and_keeps_a_copy_of_what_was_there(store, tmp_path):
    resident, first, second = _fill(store)
    backup = store.backup(tmp_path / "monday.carevoice-backup")
    store.save_text(first.id, "changed after the backup")
    store.delete_note(second.id)
    late = store.create_note(text="written after the backup")

    info = store.restore(backup)
    assert info.notes == 2
    assert store.get_note(first.id) == first and store.get_note(second.id) == second
    assert [n.id for n in store.list_notes()] == [second.id, first.id]
    assert [h.note_id for h in store.search("血壓")] == [first.id]
    assert store.integrity_check() == "ok"

    safety = store.safety_dir / BEFORE_RESTORE
    if store.path is not None:  # the local file
        live = sqlite3.connect(store.path)
        assert live.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # still WAL
        live.close()
        assert safety.parent == store.path.parent
    if sys.platform != "win32":
        for path in (store.path, safety):
            if path is not None:
                assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with NoteStore(tmp_path / "inspect.sqlite3") as before:
        before.restore(safety)
        assert before.get_note(late.id).text == "written after the backup"
        assert before.get_note(first.id).text == "changed after the backup"


def test_another_open_connection_sees_the_restored_notes(store, tmp_path):
    _, first, _ = _fill(store)
    backup = store.backup(tmp_path / "b.carevoice-backup")
    store.save_text(first.id, "edited")
    with NoteStore(store.location) as second_window:
        assert second_window.get_note(first.id).text == "edited"
        store.restore(backup)
        assert second_window.get_note(first.id).text == first.text


def test_a_backup_from_the_first_schema_is_migrated_on_restore(store, tmp_path):
    old = tmp_path / "v1.carevoice-backup"
    with sqlite3.connect(old) as conn:
        conn.executescript(schema.V1)
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO notes (created_s, updated_s, body, source) VALUES (1, 1, ?, 'typed')",
            ("舊的記錄",),
        )
    conn.close()
    assert store.restore(old).schema_version == 1
    assert store.schema_version == schema.LATEST
    assert store.list_notes()[0].text == "舊的記錄"
    assert store.set_tags(store.list_notes()[0].id, ["old"]).tags == ("old",)


def _foreign_database(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    return path


def _newer_backup(store, path):
    store.backup(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    return path


def _damaged_backup(store, path):
    store.create_note(text="x" * 20000)
    store.backup(path)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xff" * 4096  # a page of garbage
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda store, p: p, "There is no file"),
        (lambda store, p: p.write_text("Shopping: milk, eggs") and p, "is not a Care Voice backup"),
        (lambda store, p: p.write_bytes(b"") or p, "is not a Care Voice backup"),
        (lambda store, p: _foreign_database(p), "is a database, but from another program"),
        (_newer_backup, "made by a newer Care Voice"),
        (_damaged_backup, "is damaged"),
        (lambda store, p: p.mkdir() or p, "is a folder"),
        (lambda store, p: store.path, "is the notes database itself"),
    ],
    ids=["missing", "text", "empty", "other-db", "newer", "damaged", "folder", "itself"],
)
def test_restore_refuses_what_is_not_a_care_voice_backup(store, tmp_path, make, message):
    if store.path is None and message == "is the notes database itself":
        pytest.skip("a server's notes are not a file that could be given as a backup")
    _, first, _ = _fill(store)
    candidate = make(store, tmp_path / "candidate.carevoice-backup")
    before = store.list_notes()
    with pytest.raises(BackupError, match=message) as raised:
        store.restore(candidate)
    assert "Traceback" not in str(raised.value)
    assert store.list_notes() == before  # nothing changed
    assert store.integrity_check() == "ok"


@pytest.mark.sqlite_only
def test_a_live_copy_of_the_database_file_restores_too(store, tmp_path):
    # Someone copies notes.sqlite3 by hand while the app is closed: it is ours, so accept it.
    _, first, _ = _fill(store)
    store.close()
    copy = tmp_path / "copied.sqlite3"
    shutil.copy(store.path, copy)
    with NoteStore(tmp_path / "new.sqlite3") as fresh:
        fresh.restore(copy)
        assert fresh.get_note(first.id) == first


def test_backup_into_a_missing_folder_says_so(store, tmp_path):
    with pytest.raises(BackupError, match="does not exist"):
        store.backup(tmp_path / "no" / "such" / "b.carevoice-backup")


def test_a_backup_restores_into_the_other_backend(store, backend, request, tmp_path):
    """The file from a workstation restores onto the server, and the server's onto a file."""
    resident, first, second = _fill(store)
    store.update_note(first.id, text="血壓正常。", expected_version=first.version)
    first = store.get_note(first.id)
    backup = store.backup(tmp_path / "across.carevoice-backup")
    other_location = (
        request.getfixturevalue("pg_database")
        if backend == "sqlite"
        else str(tmp_path / "workstation.sqlite3")
    )
    with NoteStore(other_location) as other:
        other.create_note(text="replaced by the restore")
        info = other.restore(backup)
        assert (info.notes, info.residents) == (2, 1)
        assert other.list_notes() == [second, first]  # versions, editors and tags included
        assert other.get_resident(resident.id) == resident
        assert [t.term for t in other.terms(resident)] == ["Donepezil"]
        assert [h.note_id for h in other.search("血壓")] == [first.id]
        # New rows are numbered after the restored ones, on the server as in the file.
        assert other.create_note(text="next").id == second.id + 1
        again = other.backup(tmp_path / "back.carevoice-backup")
    store.restore(again)  # and back again, unchanged
    assert store.list_notes()[1:] == [second, first]

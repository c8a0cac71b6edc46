"""The notes server goes away mid-edit: the edit is kept on this computer, and lands later."""

from __future__ import annotations

import json
import stat

import pytest

from carevoice.notes.conflicts import KEEP_YOURS, resolve
from carevoice.notes.offline import OfflineEdits
from carevoice.notes.store import EditKeptOffline, NoteConflict, NoteStore, ServerUnavailable


@pytest.fixture
def server_store(pg_server, pg_database):
    with NoteStore(pg_database, editor="Ana") as store:
        yield store
    if not (pg_server.data / "postmaster.pid").exists():  # a failed test left it stopped
        pg_server.start()


def test_an_edit_made_while_the_server_is_gone_is_kept_and_saved_when_it_returns(
    pg_server, server_store
):
    store = server_store
    note = store.create_note(text="Ate breakfast.", tags=["meals"])
    pg_server.stop("immediate")  # the server goes away as if unplugged
    with pytest.raises(EditKeptOffline, match="kept on this computer"):
        store.update_note(note.id, text="Ate breakfast. Pills taken.", expected_version=1)
    with pytest.raises(EditKeptOffline):  # typing on: the same edit grows
        store.update_note(note.id, title="Morning", expected_version=1)
    kept = store.offline.path
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    (edit,) = json.loads(kept.read_text())["edits"]
    assert (edit["note_id"], edit["expected_version"]) == (note.id, 1)
    assert edit["fields"] == {"text": "Ate breakfast. Pills taken.", "title": "Morning"}
    with pytest.raises(ServerUnavailable):
        store.send_offline_edits()  # still gone: still kept
    assert kept.exists()

    pg_server.start()
    saved, conflicts = store.send_offline_edits()
    assert conflicts == [] and [n.id for n in saved] == [note.id]
    again = store.get_note(note.id)
    assert (again.text, again.title, again.tags, again.version) == (
        "Ate breakfast. Pills taken.",
        "Morning",
        ("meals",),
        2,
    )
    assert not kept.exists()


def test_edits_kept_when_the_app_closed_offline_are_sent_by_the_next_start(pg_server, server_store):
    note = server_store.create_note(text="Slept well.")
    pg_server.stop("immediate")
    with pytest.raises(EditKeptOffline):
        server_store.save_text(note.id, "Slept well, no falls.", expected_version=1)
    server_store.close()  # the app is closed while the server is still gone
    pg_server.start()
    with NoteStore(server_store.location) as next_start:
        saved, conflicts = next_start.send_offline_edits()
        assert [n.text for n in saved] == ["Slept well, no falls."] and conflicts == []


def test_a_kept_edit_of_a_note_changed_on_the_server_meanwhile_is_a_conflict(
    pg_server, server_store
):
    note = server_store.create_note(text="Walked.")
    pg_server.stop("immediate")
    with pytest.raises(EditKeptOffline):
        server_store.save_text(note.id, "Walked in the garden.", expected_version=1)
    pg_server.start()
    with NoteStore(server_store.location, editor="Bo") as office:
        office.save_text(note.id, "Walked to lunch.", expected_version=1)
    saved, (conflict,) = server_store.send_offline_edits()
    assert saved == [] and isinstance(conflict, NoteConflict)
    assert conflict.theirs.updated_by == "Bo" and conflict.yours == {
        "text": "Walked in the garden."
    }
    assert server_store.get_note(note.id).text == "Walked to lunch."  # nothing overwritten
    assert OfflineEdits().pending(server_store.location)  # kept until settled
    resolve(server_store, conflict, KEEP_YOURS)
    assert server_store.get_note(note.id).text == "Walked in the garden."
    assert OfflineEdits().pending(server_store.location) == []


def test_a_section_edit_made_while_the_server_is_gone_is_kept_and_saved_later(
    pg_server, server_store
):
    note = server_store.create_note(text="Calm.", template="daily-care")
    texts = [s.text for s in note.sections]
    texts[-1] = "Call the family about the new medication."
    pg_server.stop("immediate")
    with pytest.raises(EditKeptOffline, match="kept on this computer"):
        server_store.save_sections(note.id, texts, expected_version=note.version)
    with pytest.raises(EditKeptOffline):  # and a title typed meanwhile joins it
        server_store.update_note(note.id, title="Evening", expected_version=note.version)
    pg_server.start()
    saved, conflicts = server_store.send_offline_edits()
    assert conflicts == [] and [n.id for n in saved] == [note.id]
    again = server_store.get_note(note.id)
    assert again.sections[-1].text == "Call the family about the new medication."
    assert again.sections[0].text == "Calm." and again.title == "Evening"
    assert OfflineEdits().pending(server_store.location) == []


def test_the_local_file_never_keeps_edits_offline(store):
    note = store.create_note(text="x")
    store.save_text(note.id, "y", expected_version=1)
    assert not store.offline.path.exists()

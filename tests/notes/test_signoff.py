"""Sign-off: a signed note refuses every change (store, UPDATE's WHERE, triggers), an
addendum links to it, versions catch a stale copy, note numbers are never reused."""

from __future__ import annotations

import sqlite3

import pytest

from carevoice.notes.store import NotAllowed, NoteConflict, NotesError, NoteSigned
from tests.notes.conftest import raw_connection


@pytest.fixture
def team(store):
    manager = store.add_staff("Mei Chen", "manager", "4711")
    carer = store.add_staff("Ana Silva", "carer", "2468", by=manager)
    nurse = store.add_staff("Bo Lin", "nurse", "1357", by=manager)
    return store, manager, carer, nurse


def test_a_signed_note_refuses_edits(team):
    store, manager, carer, nurse = team
    note = store.create_note(text="Ate well.", by=carer, template="free")
    assert note.status == "draft" and note.version == 1
    signed = store.sign_note(note.id, by=carer)
    assert signed.is_signed and signed.signed_by == "Ana Silva" and signed.version == 2
    for change in (
        lambda: store.save_text(note.id, "changed", by=carer),
        lambda: store.update_note(note.id, title="changed", by=carer),
        lambda: store.set_flags(note.id, ["fall"], by=carer),
        lambda: store.delete_note(note.id, by=carer),
        lambda: store.sign_note(note.id, by=carer),
    ):
        with pytest.raises(NoteSigned):
            change()
    assert store.get_note(note.id).text == "Ate well."


def test_the_database_itself_refuses_to_change_a_signed_note(team):
    store, manager, carer, nurse = team
    note = store.create_note(
        text="Wellbeing fine. next section Drank 1.5 l.", by=carer, template="daily-care"
    )
    store.sign_note(note.id, by=carer)
    conn = raw_connection(store)
    for sql in (
        "UPDATE notes SET body = 'forged' WHERE id = ?",
        "DELETE FROM notes WHERE id = ?",
        "UPDATE note_sections SET body = 'forged' WHERE note_id = ?",
        "INSERT INTO note_flags (note_id, flag) VALUES (?, 'fall')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="signed note"):
            conn.execute(sql, (note.id,))
    conn.close()


def test_only_the_author_edits_or_signs_a_draft(team):
    store, manager, carer, nurse = team
    note = store.create_note(text="draft", by=carer)
    with pytest.raises(NotAllowed, match="only its author"):
        store.save_text(note.id, "not mine", by=nurse)
    with pytest.raises(NotAllowed, match="only its author can sign"):
        store.sign_note(note.id, by=manager)
    with pytest.raises(NotAllowed):
        store.delete_note(note.id, by=nurse)
    store.delete_note(note.id, by=manager)  # a manager may clear away a draft


def test_an_addendum_links_to_the_signed_note(team):
    store, manager, carer, nurse = team
    note = store.create_note(text="Gave 500 mg.", by=carer)
    with pytest.raises(NotAllowed, match="still a draft"):
        store.add_addendum(note.id, "too early", by=nurse)
    store.sign_note(note.id, by=carer)
    now = [store.clock() + 3600]
    store.clock = lambda: now[0]
    addendum = store.add_addendum(note.id, "It was 250 mg, not 500.", by=nurse, flags=["fall"])
    assert addendum.addendum_to == note.id and addendum.is_signed
    assert (addendum.author, addendum.created_s) == ("Bo Lin", now[0])
    assert store.get_note(note.id).addenda == (addendum.id,)
    assert [a.text for a in store.addenda(note.id)] == ["It was 250 mg, not 500."]
    assert [e.action for e in store.history(note.id)] == [
        "created",
        "signed",
        "created",
        "addendum",
    ]


def test_a_stale_copy_cannot_overwrite_a_newer_save(team):
    store, manager, carer, nurse = team
    note = store.create_note(text="first", by=carer)
    store.save_text(note.id, "second", note.version, by=carer)
    with pytest.raises(NoteConflict, match="while you were editing"):
        store.save_text(note.id, "from an old window", by=carer, expected_version=note.version)
    assert store.get_note(note.id).text == "second"


def test_a_deleted_drafts_number_is_never_given_again(team):
    store, manager, carer, nurse = team
    first = store.create_note(text="one", by=carer)
    last = store.create_note(text="two", by=carer)
    store.delete_note(last.id, by=carer)
    again = store.create_note(text="three", by=carer)
    assert again.id > last.id > first.id
    assert [e.action for e in store.history(last.id)] == ["created", "deleted"]


def test_flags_mark_a_section_or_the_note_and_are_searchable(team):
    store, manager, carer, nurse = team
    note = store.create_note(
        text="Calm. next section Ate half. next section Washed. next section Slipped in the "
        "bathroom, no injury.",
        by=carer,
        template="daily-care",
        flags=["fall@Mobility", "nurse-review"],
    )
    assert [s.text for s in note.sections[:4]] == [
        "Calm.",
        "Ate half.",
        "Washed.",
        "Slipped in the bathroom, no injury.",
    ]
    assert {f.label for f in note.flags} == {"fall@Mobility", "nurse-review"}
    store.create_note(text="nothing happened", by=carer)
    assert [n.id for n in store.list_notes(flag="fall")] == [note.id]
    assert [n.id for n in store.list_notes(flag="Fall", status="draft")] == [note.id]
    with pytest.raises(NotesError, match="no section 'Garden'"):
        store.set_flags(note.id, ["fall@Garden"], by=carer)

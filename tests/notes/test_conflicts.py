"""Two workstations on one notes store: different notes both saved, the same note a conflict."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from carevoice.notes.conflicts import KEEP_BOTH, KEEP_YOURS, TAKE_THEIRS, resolve
from carevoice.notes.store import NoteConflict, NoteStore


@pytest.fixture
def second(store):
    """The same store opened again, as a second workstation would (its own connection)."""
    with NoteStore(store.location, editor="Bo at the office") as other:
        yield other


def test_every_save_raises_the_version_and_names_who_saved(store):
    store.editor = "Ana at the nurses' station"
    note = store.create_note(text="Slept well.")
    assert (note.version, note.updated_by) == (1, "Ana at the nurses' station")
    saved = store.update_note(note.id, text="Slept well, no falls.", expected_version=1)
    assert (saved.version, saved.text) == (2, "Slept well, no falls.")
    assert store.get_note(note.id).version == 2


def test_two_workstations_editing_different_notes_lose_nothing(store, second):
    a = store.create_note(text="a")
    b = store.create_note(text="b")
    store.update_note(a.id, text="a edited here", expected_version=a.version)
    second.update_note(b.id, text="b edited there", expected_version=b.version)
    assert (store.get_note(a.id).text, store.get_note(b.id).text) == (
        "a edited here",
        "b edited there",
    )


def test_the_same_note_saved_from_two_workstations_is_a_conflict_not_an_overwrite(store, second):
    note = store.create_note(text="Ate breakfast.")
    second.update_note(note.id, text="Ate a full breakfast.", expected_version=note.version)
    with pytest.raises(NoteConflict, match=r"changed by Bo at the office at \d\d:\d\d") as caught:
        store.update_note(note.id, text="Ate breakfast; pills taken.", expected_version=1)
    assert store.get_note(note.id).text == "Ate a full breakfast."  # theirs, untouched
    conflict = caught.value
    assert conflict.theirs.text == "Ate a full breakfast."
    assert conflict.yours == {"text": "Ate breakfast; pills taken."}


def test_keep_yours_take_theirs_keep_both(store, second):
    def conflict_on(note):
        second.update_note(note.id, text="theirs", expected_version=note.version)
        with pytest.raises(NoteConflict) as caught:
            store.update_note(note.id, text="yours", title="Mine", expected_version=note.version)
        return caught.value

    one = store.create_note(text="one", tags=["meals"])
    kept = resolve(store, conflict_on(one), KEEP_YOURS)
    assert (kept.text, kept.title, kept.version) == ("yours", "Mine", 3)

    two = store.create_note(text="two")
    taken = resolve(store, conflict_on(two), TAKE_THEIRS)
    assert (taken.id, taken.text) == (two.id, "theirs")

    resident = store.add_resident("Ann")
    three = store.create_note(text="three", resident=resident, tags=["bp"])
    copy = resolve(store, conflict_on(three), KEEP_BOTH)
    assert store.get_note(three.id).text == "theirs"
    assert (copy.text, copy.title, copy.resident_id, copy.tags) == (
        "yours",
        "Mine (copy)",
        resident.id,
        ("bp",),
    )


@pytest.mark.parametrize("choice", [KEEP_YOURS, KEEP_BOTH])
def test_a_conflict_on_a_sectioned_note_is_settled_like_any_other(store, second, choice):
    note = store.create_note(text="Calm.", template="daily-care")
    theirs = [s.text for s in note.sections]
    theirs[1] = "Ate half of lunch."
    second.save_sections(note.id, theirs, expected_version=note.version)
    yours = [s.text for s in note.sections]
    yours[-1] = "Call the family."
    with pytest.raises(NoteConflict) as caught:
        store.save_sections(note.id, yours, expected_version=note.version)
    shown = resolve(store, caught.value, choice)
    if choice == KEEP_YOURS:
        assert shown.id == note.id and shown.sections[-1].text == "Call the family."
    else:  # theirs untouched; yours a copy with your words
        assert store.get_note(note.id).sections[1].text == "Ate half of lunch."
        assert shown.id != note.id and "Call the family." in shown.text


def test_keep_yours_after_a_third_save_is_a_conflict_again(store, second):
    note = store.create_note(text="x")
    second.update_note(note.id, text="theirs", expected_version=1)
    with pytest.raises(NoteConflict) as caught:
        store.update_note(note.id, text="yours", expected_version=1)
    second.update_note(note.id, text="theirs again", expected_version=2)
    with pytest.raises(NoteConflict):
        resolve(store, caught.value, KEEP_YOURS)
    assert store.get_note(note.id).text == "theirs again"


def test_two_processes_saving_different_notes_at_once_lose_nothing(store):
    ids = [store.create_note(text="0").id for _ in range(2)]
    script = textwrap.dedent(
        """
        import sys
        from carevoice.notes.store import NoteStore
        location, note_id = sys.argv[1], int(sys.argv[2])
        with NoteStore(location, editor=f"process {note_id}") as store:
            for i in range(1, 31):
                note = store.get_note(note_id)
                store.update_note(note_id, text=str(i), expected_version=note.version)
        """
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(store.location), str(i)]) for i in ids
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    for note_id in ids:
        note = store.get_note(note_id)
        assert (note.text, note.version, note.updated_by) == ("30", 31, f"process {note_id}")

"""Staff: PINs stored only as scrypt hashes, sign-in refusing and slowing wrong PINs,
single-user mode, and who may manage whom."""

from __future__ import annotations

import pytest

from carevoice.notes.staff import hash_pin, pin_matches, wait_ms_after
from carevoice.notes.store import (
    NotAllowed,
    NotesError,
    NoteStore,
    SignInLocked,
    WrongPin,
)


@pytest.fixture
def team(store):
    manager = store.add_staff("Mei Chen", "manager", "4711")
    carer = store.add_staff("Ana Silva", "carer", "ana-2468", by=manager)
    return store, manager, carer


def test_an_installation_without_staff_is_single_user(store):
    assert store.single_user
    note = store.create_note(text="alone on the night shift", author="Ana")
    assert note.author == "Ana" and note.author_id is None
    store.save_text(note.id, "still alone")
    store.sign_note(note.id)  # no PIN, no sign-in: nothing got harder for one person


def test_the_first_staff_member_is_a_manager_and_then_everyone_signs_in(store):
    with pytest.raises(NotesError, match="first staff member must be a manager"):
        store.add_staff("Ana Silva", "carer", "2468")
    manager = store.add_staff("Mei Chen", "manager", "4711")
    assert not store.single_user
    with pytest.raises(NotAllowed, match="sign in first"):
        store.create_note(text="who wrote this?")
    note = store.create_note(text="I did", by=manager)
    assert (note.author, note.author_id) == ("Mei Chen", manager.id)


@pytest.mark.sqlite_only
def test_pins_are_not_in_the_database_file_in_clear(team, tmp_path):
    store, manager, carer = team
    store.update_staff(carer.id, pin="98765432", by=carer)
    store.close()
    raw = b"".join(
        path.read_bytes()
        for path in store.path.parent.iterdir()
        if path.name.startswith(store.path.name)
    )
    assert b"Ana Silva" in raw  # the grep does look at the right bytes
    for pin in ("4711", "ana-2468", "98765432"):
        assert pin.encode() not in raw and pin.encode("utf-16-le") not in raw
    assert b"scrypt$16384$8$5$" in raw


def test_a_pin_hash_is_salted_and_checked_in_full():
    first, second = hash_pin("4711"), hash_pin("4711")
    assert first != second  # a random salt each time
    assert pin_matches("4711", first) and pin_matches("4711", second)
    assert not pin_matches("4712", first) and not pin_matches("", first)
    assert not pin_matches("4711", "plain-text-4711")


def test_the_right_pin_signs_in(team):
    store, manager, carer = team
    assert store.sign_in("ana silva", "ana-2468") == carer
    assert store.audit_entries()[-1].action == "signed-in"


def test_a_wrong_pin_is_refused_and_then_slowed_down(team):
    store, manager, carer = team
    now = [1_800_000_000.0]
    store.clock = lambda: now[0]
    for _ in range(2):
        with pytest.raises(WrongPin, match="not Ana Silva's PIN.$"):
            store.sign_in("Ana Silva", "0000")
    with pytest.raises(WrongPin, match="Wait 30 seconds"):
        store.sign_in("Ana Silva", "0000")
    # Locked: even the right PIN is not looked at until the wait is over.
    with pytest.raises(SignInLocked) as locked:
        store.sign_in("Ana Silva", "ana-2468")
    assert locked.value.wait_s == 30
    now[0] += 31
    with pytest.raises(WrongPin, match="Wait 60 seconds"):
        store.sign_in("Ana Silva", "1111")
    now[0] += 59
    with pytest.raises(SignInLocked):
        store.sign_in("Ana Silva", "ana-2468")
    # The count is in the database: a new process (a new store) waits too.
    reopened = NoteStore(store.location)
    reopened.clock = store.clock
    with pytest.raises(SignInLocked):
        reopened.sign_in("Ana Silva", "ana-2468")
    now[0] += 2
    assert reopened.sign_in("Ana Silva", "ana-2468") == carer
    reopened.close()
    # A success clears the count: the next wrong PIN is a free try again.
    with pytest.raises(WrongPin, match="PIN.$"):
        store.sign_in("Ana Silva", "0000")
    assert store.sign_in("Mei Chen", "4711") == manager  # others were never locked


def test_the_wait_doubles_up_to_fifteen_minutes():
    waits = [wait_ms_after(n) for n in range(1, 11)]
    assert waits[:2] == [0, 0] and waits[2:7] == [30_000, 60_000, 120_000, 240_000, 480_000]
    assert waits[7:] == [900_000] * 3


def test_only_a_manager_adds_or_disables_staff(team):
    store, manager, carer = team
    with pytest.raises(NotAllowed, match="Only a manager"):
        store.add_staff("Bo Lin", "nurse", "1357", by=carer)
    nurse = store.add_staff("Bo Lin", "nurse", "1357", by=manager)
    with pytest.raises(NotAllowed):
        store.update_staff(nurse.id, active=False, by=carer)
    store.update_staff(nurse.id, active=False, by=manager)
    with pytest.raises(NotAllowed, match="no longer active"):
        store.sign_in("Bo Lin", "1357")
    with pytest.raises(NotAllowed, match="no longer active"):
        store.create_note(text="x", by=nurse)
    with pytest.raises(NotesError, match="at least one active manager"):
        store.update_staff(manager.id, active=False, by=manager)
    with pytest.raises(NotesError, match="already a staff member"):
        store.add_staff("ana silva", "carer", "9999", by=manager)
    assert [s.name for s in store.staff()] == ["Ana Silva", "Bo Lin", "Mei Chen"]

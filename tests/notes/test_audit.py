"""The audit trail: every change recorded with who did it, a hash chain that `verify`
checks, a hand-edited row found, edits coalesced, entries kept through backup and restore."""

from __future__ import annotations

import sqlite3

import pytest

from carevoice.notes import audit
from tests.notes.conftest import raw_connection


@pytest.fixture
def team(store):
    manager = store.add_staff("Mei Chen", "manager", "4711")
    carer = store.add_staff("Ana Silva", "carer", "2468", by=manager)
    return store, manager, carer


def _tamper(store, sql, params=()):
    """What someone with the file and the sqlite3 tool (or psql) could do: drop the guard,
    edit."""
    conn = raw_connection(store)
    on = " ON audit" if store.server is not None else ""
    conn.execute(f"DROP TRIGGER audit_no_update{on}")
    conn.execute(f"DROP TRIGGER audit_no_delete{on}")
    conn.execute(sql, params)
    conn.close()


def test_every_step_of_a_note_is_in_the_trail_with_who_did_it(team):
    store, manager, carer = team
    note = store.create_note(text="Slept well.", by=carer)
    store.save_text(note.id, "Slept well, woke at 6.", by=carer)
    store.record("viewed", [note.id], by=manager)
    store.sign_note(note.id, by=carer)
    store.record("exported", [note.id], by=manager, details={"format": "pdf"})
    store.record("printed", [note.id], by=manager)
    history = store.history(note.id)
    assert [(e.action, e.staff_name) for e in history] == [
        ("created", "Ana Silva"),
        ("edited", "Ana Silva"),
        ("viewed", "Mei Chen"),
        ("signed", "Ana Silva"),
        ("exported", "Mei Chen"),
        ("printed", "Mei Chen"),
    ]
    assert history[4].details == {"format": "pdf"}
    assert len(history[3].details["content_sha256"]) == 64
    check = store.verify_audit()
    assert check.ok and check.entries == len(store.audit_entries())


def test_autosaves_make_one_edit_entry_per_ten_minutes(team):
    store, manager, carer = team
    now = [1_800_000_000.0]
    store.clock = lambda: now[0]
    note = store.create_note(text="a", by=carer)
    for second in range(1, 30):
        now[0] += 1
        store.save_text(note.id, "a" * second, by=carer)
    assert [e.action for e in store.history(note.id)] == ["created", "edited"]
    now[0] += 600
    store.save_text(note.id, "later", by=carer)
    assert [e.action for e in store.history(note.id)] == ["created", "edited", "edited"]


def test_a_hand_edited_row_makes_verify_fail_at_that_row(team):
    store, manager, carer = team
    for n in range(5):
        store.create_note(text=f"note {n}", by=carer)
    entries = store.audit_entries()
    target = entries[4]
    _tamper(store, "UPDATE audit SET staff_name = 'Mei Chen' WHERE seq = ?", (target.seq,))
    check = store.verify_audit()
    assert not check.ok and check.broken_seq == target.seq
    assert "changed" in check.reason


def test_a_deleted_row_is_found_too(team):
    store, manager, carer = team
    for n in range(4):
        store.create_note(text=f"note {n}", by=carer)
    _tamper(store, "DELETE FROM audit WHERE seq = 3")
    assert store.verify_audit().broken_seq == 3


def test_the_audit_table_refuses_updates_and_deletes(team):
    store, manager, carer = team
    store.create_note(text="x", by=carer)
    conn = raw_connection(store)
    for sql in ("UPDATE audit SET action = 'x'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_the_hash_covers_a_canonical_list():
    digest = audit.entry_hash(1, 5, None, "", "created", 7, {"b": 1, "a": "血壓"}, audit.GENESIS)
    import hashlib
    import json

    text = json.dumps(
        ["care-voice-audit/1", 1, 5, None, "", "created", 7, {"a": "血壓", "b": 1}, "0" * 64],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert digest == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_audit_entries_are_in_backups_and_survive_restore(team, tmp_path):
    store, manager, carer = team
    note = store.create_note(text="kept", by=carer)
    store.sign_note(note.id, by=carer)
    backup = store.backup(tmp_path / "b.carevoice-backup", by=manager)
    in_backup = sqlite3.connect(backup).execute("SELECT action FROM audit ORDER BY seq").fetchall()
    assert ("signed",) in in_backup and in_backup[-1] == ("backup",)
    store.create_note(text="after the backup", by=carer)
    with pytest.raises(Exception, match="Only a manager"):
        store.restore(backup, by=carer)
    store.restore(backup, by=manager)
    actions = [e.action for e in store.audit_entries()]
    assert actions[: len(in_backup)] == [a for (a,) in in_backup]
    assert actions[-1] == "restore"
    assert store.audit_entries()[-1].details["notes"] == 1
    assert store.verify_audit().ok
    assert [e.action for e in store.history(note.id)] == ["created", "signed"]

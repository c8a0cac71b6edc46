"""`care-voice notes` for a team, as scripts and the other workstations run it: add, sign,
addendum, history, audit --verify, handover, staff, with --staff NAME and CAREVOICE_PIN."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import pytest

from carevoice.notes.store import NoteStore
from tests.notes.pdftext import pdf_text


def care_voice(*args, pin=None, new_pin=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)  # CAREVOICE_HOME: this test's private home
    env.pop("CAREVOICE_PIN", None)
    if pin is not None:
        env["CAREVOICE_PIN"] = pin
    if new_pin is not None:
        env["CAREVOICE_NEW_PIN"] = new_pin
    result = subprocess.run(
        [sys.executable, "-m", "carevoice", "notes", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_single_user_writes_signs_and_corrects_without_a_pin():
    with NoteStore() as store:
        store.add_resident("Ann Lee", "Room 9")
    added = care_voice(
        "add",
        "--resident",
        "Room 9",
        "--template",
        "daily-care",
        "--flag",
        "fall@Mobility",
        "--text",
        "Cheerful. Next section. Drank well. Next section. Showered. Next section. "
        "Slipped by the bed, no injury.",
    )
    assert added.returncode == 0, added.stderr
    note_id = int(added.stdout.strip())
    assert care_voice("sign", note_id).returncode == 0
    again = care_voice("sign", note_id)
    assert again.returncode == 1 and "already signed" in again.stderr
    addendum = care_voice("addendum", note_id, "--text", "Nurse checked: bruise on left hip.")
    assert addendum.returncode == 0, addendum.stderr
    shown = care_voice("show", note_id).stdout
    assert "Mobility\n--------\nSlipped by the bed, no injury." in shown
    assert "Flags: fall@Mobility" in shown and "Signed by" in shown
    assert "Addendum to: note " + str(note_id) in shown
    history = care_voice("history", note_id).stdout
    for action in ("created", "signed", "addendum", "viewed"):
        assert action in history
    listing = care_voice("list", "--flag", "fall").stdout
    assert "SIGNED" in listing and "fall@Mobility" in listing


def test_staff_sign_in_with_a_pin_from_the_environment():
    assert (
        care_voice("staff", "add", "Mei Chen", "--role", "manager", new_pin="4711").returncode == 0
    )
    refused = care_voice("add", "--text", "who am I?")
    assert refused.returncode == 1 and "--staff NAME" in refused.stderr
    added = care_voice(
        "staff",
        "add",
        "Ana Silva",
        "--role",
        "carer",
        "--staff",
        "Mei Chen",
        pin="4711",
        new_pin="2468",
    )
    assert added.returncode == 0, added.stderr
    wrong = care_voice("add", "--text", "x", "--staff", "Ana Silva", pin="0000")
    assert wrong.returncode == 1 and "not Ana Silva's PIN" in wrong.stderr
    note = care_voice("add", "--text", "Slept well.", "--staff", "Ana Silva", pin="2468")
    note_id = int(note.stdout.strip())
    not_hers = care_voice("sign", note_id, "--staff", "Mei Chen", pin="4711")
    assert not_hers.returncode == 1 and "only its author can sign" in not_hers.stderr
    assert care_voice("sign", note_id, "--staff", "Ana Silva", pin="2468").returncode == 0
    history = care_voice("history", note_id, "--staff", "Mei Chen", pin="4711").stdout
    assert "Ana Silva" in history and "signed" in history
    # Looking at the history is itself recorded, under the name of who looked.
    again = care_voice("history", note_id, "--staff", "Mei Chen", pin="4711").stdout
    assert any(
        line.split()[3:5] == ["Mei", "Chen"] and "viewed" in line for line in again.splitlines()
    )
    people = care_voice("staff").stdout
    assert "Ana Silva" in people and "carer" in people


def test_audit_verify_names_the_first_entry_changed_by_hand():
    for n in range(3):
        assert care_voice("add", "--text", f"note {n}").returncode == 0
    ok = care_voice("audit", "--verify")
    assert ok.returncode == 0 and "intact (3 entries)" in ok.stdout
    with NoteStore() as store:
        path = store.path
    # By hand, as with the sqlite3 tool: the guard trigger dropped, one row changed.
    subprocess.run(
        [
            "sqlite3",
            str(path),
            "DROP TRIGGER audit_no_update; UPDATE audit SET staff_name = 'someone' WHERE seq = 2;",
        ],
        check=True,
    )
    broken = care_voice("audit", "--verify")
    assert broken.returncode == 1 and "entry 2 is not as written" in broken.stderr


def test_handover_lists_flagged_first_and_only_the_window(tmp_path):
    with NoteStore() as store:
        ann = store.add_resident("Ann Lee")
        bob = store.add_resident("Bob Tan")
        now = time.time()
        store.create_note(text="Old news from yesterday.", resident=ann, created_s=now - 30 * 3600)
        calm = store.create_note(
            text="Calm morning, ate porridge.", resident=ann, created_s=now - 3600
        )
        store.sign_note(calm.id)
        fall = store.create_note(
            text="Found on the floor at 03:00.", resident=ann, flags=["fall"], created_s=now - 1800
        )
        store.sign_note(fall.id)
        store.create_note(text="Still writing this one.", resident=bob, created_s=now - 600)
    text = care_voice("handover", "--since", "12h").stdout
    assert "Old news" not in text
    ann_part = text[text.index("Ann Lee") :]
    assert ann_part.index("Found on the floor") < ann_part.index("Calm morning")
    assert text.index("Ann Lee") < text.index("Bob Tan")  # flagged residents first
    bob_part = text[text.index("Bob Tan") :]
    assert "DRAFTS (not signed yet)" in bob_part and "Still writing" in bob_part
    pdf = tmp_path / "handover.pdf"
    assert care_voice("handover", "--since", "12h", "--format", "pdf", "-o", pdf).returncode == 0
    pages = " ".join(pdf_text(pdf).split())
    assert "Found on the floor" in pages and "Old news" not in pages and "Drafts" in pages
    conn = sqlite3.connect(NoteStore().path)
    assert conn.execute("SELECT count(*) FROM audit WHERE action = 'exported'").fetchone()[0] >= 3
    conn.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sign", 999), "no note with number 999"),
        (("add", "--text", "x", "--flag", "fall@Garden"), "no section 'Garden'"),
        (("add", "--text", "x", "--template", "nope"), "no template 'nope'"),
        (("handover", "--since", "yesterday-ish"), "is not a time"),
    ],
)
def test_mistakes_are_plain_messages(args, message):
    result = care_voice(*args)
    assert result.returncode == 1 and message in result.stderr

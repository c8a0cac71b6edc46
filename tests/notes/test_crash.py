"""Autosave survives a crash: a process saving edits is killed with SIGKILL, mid-write.

The reopened database must pass SQLite's integrity check (and the search index its
own), and hold the last edit the killed process had been told was saved, or the one
after it (committed, but killed before it could say so).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from carevoice.notes.store import NoteStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

EDITOR = """
import sys
from carevoice.notes.store import NoteStore

store = NoteStore(sys.argv[1])
note_id, padding = int(sys.argv[2]), "記錄" * int(sys.argv[3])
i = 0
while True:
    store.save_text(note_id, f"edit {i} {padding}")
    print(i, flush=True)  # only after save_text returned: this edit is acknowledged
    i += 1
"""

CREATOR = """
import sys
from carevoice.notes.store import NoteStore

store = NoteStore(sys.argv[1])
resident = store.add_resident("Crash Test")
i = 0
while True:
    note = store.create_note(text=f"note {i} 血壓正常", resident=resident, tags=["a", f"t{i}"])
    print(note.id, flush=True)
    i += 1
"""


def _run_then_kill(script: str, *args, acknowledged: int, extra_s: float = 0.05) -> list[int]:
    """Start `script`, wait for `acknowledged` lines, kill -9; return every line it printed."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(lines) < acknowledged:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the child stopped early: {child.stderr.read()}")
            lines.append(int(line))
            assert time.monotonic() < deadline, "the child is too slow"
        time.sleep(extra_s)  # kill at an arbitrary point of a later save
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    return lines + [int(line) for line in rest.split()]


def _integrity(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.parametrize("padding", [0, 100_000], ids=["small-edits", "600kB-edits"])
def test_an_editor_killed_mid_save_loses_nothing_it_acknowledged(tmp_path, padding):
    path = tmp_path / "notes.sqlite3"
    with NoteStore(path) as store:
        note = store.create_note(text="first words")
    acknowledged = _run_then_kill(EDITOR, path, note.id, padding, acknowledged=20)
    last = acknowledged[-1]
    assert _integrity(path) == "ok"
    with NoteStore(path) as store:
        assert store.integrity_check() == "ok"  # the search index too
        text = store.get_note(note.id).text
        saved = int(text.split()[1])
        assert saved in (last, last + 1), (saved, last)
        assert text == f"edit {saved} {'記錄' * padding}"
        assert [hit.note_id for hit in store.search(f"edit {saved} ")] == [note.id]


def test_a_process_killed_while_creating_notes_leaves_every_acknowledged_note(tmp_path):
    path = tmp_path / "notes.sqlite3"
    NoteStore(path).close()
    created = _run_then_kill(CREATOR, path, acknowledged=30, extra_s=0.1)
    assert _integrity(path) == "ok"
    with NoteStore(path) as store:
        assert store.integrity_check() == "ok"
        ids = {note.id for note in store.list_notes()}
        assert set(created) <= ids and len(ids) <= len(created) + 1
        for note_id in created:
            note = store.get_note(note_id)
            assert note.tags[0] == "a" and note.resident_name == "Crash Test"
        assert len(store.search("血壓正常", limit=len(ids) + 10)) == len(ids)

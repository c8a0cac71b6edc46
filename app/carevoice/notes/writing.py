"""Writing notes inside a store transaction: new ids, sections, flags, the guarded UPDATE.

Every change to a note goes through `guarded_update`, whose WHERE names the note, that it
is still a draft and (when the caller read one) the version it read; the version then
moves on by one. A signed note is refused here, by permissions.check_edit before, and by
the database's triggers under both.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence

from carevoice.notes.flags import parse_flag
from carevoice.notes.permissions import NoteSigned
from carevoice.notes.records import CareNote, NoteConflict, NoteFlag, NoteNotFound, NoteText
from carevoice.notes.rows import NOTE_SELECT, notes_from_rows


def read_note(conn: sqlite3.Connection, note_id: int) -> CareNote:
    rows = conn.execute(f"{NOTE_SELECT} WHERE n.id = ?", (note_id,)).fetchall()
    if not rows:
        raise NoteNotFound(f"There is no note with number {note_id}.")
    return notes_from_rows(conn, rows)[0]


def next_note_id(conn: sqlite3.Connection) -> int:
    """One past any number a note ever had: a deleted draft's number is never given again
    (its audit entries still name it)."""
    row = conn.execute(
        "SELECT max(m) FROM (SELECT max(id) AS m FROM notes "
        "UNION ALL SELECT max(note_id) AS m FROM audit) AS known"
    ).fetchone()
    return (row[0] or 0) + 1


def section_texts(headings: Sequence[str], texts: Sequence[str | NoteText]) -> tuple[NoteText, ...]:
    """A note's sections from its template's headings and what was written in each; a
    NoteText brings its own heading (the window's, in the interface language)."""
    if len(texts) != len(headings):
        raise ValueError(f"{len(texts)} section texts for {len(headings)} sections")
    return tuple(
        t if isinstance(t, NoteText) else NoteText(h, t)
        for h, t in zip(headings, texts, strict=True)
    )


def write_sections(conn: sqlite3.Connection, note_id: int, sections: Iterable[NoteText]) -> None:
    conn.execute("DELETE FROM note_sections WHERE note_id = ?", (note_id,))
    for position, section in enumerate(sections):
        conn.execute(
            "INSERT INTO note_sections (note_id, position, heading, body) VALUES (?, ?, ?, ?)",
            (note_id, position, section.heading, section.text),
        )


def write_flags(
    conn: sqlite3.Connection,
    note_id: int,
    flags: Iterable[str | NoteFlag],
    sections: tuple[NoteText, ...],
) -> tuple[NoteFlag, ...]:
    parsed = tuple(dict.fromkeys(parse_flag(f, sections) for f in flags))
    conn.execute("DELETE FROM note_flags WHERE note_id = ?", (note_id,))
    for flag in parsed:
        conn.execute(
            "INSERT INTO note_flags (note_id, flag, section) VALUES (?, ?, ?)",
            (note_id, flag.flag, flag.section),
        )
    return parsed


def guarded_update(
    conn: sqlite3.Connection,
    note: CareNote,
    changes: dict[str, object],
    expected_version: int | None,
    yours: dict[str, object] | None = None,
) -> None:
    """UPDATE the draft `note` (as read in this transaction). NoteConflict, with `yours`
    (the caller's fields, for carevoice.notes.conflicts), if the caller's copy is older
    than the saved one; NoteSigned if it was signed meanwhile."""
    if expected_version is not None and expected_version != note.version:
        raise NoteConflict(note, yours if yours is not None else {})
    assignments = ", ".join(f"{column} = ?" for column in changes)
    cursor = conn.execute(
        f"UPDATE notes SET {assignments}, version = version + 1 "
        "WHERE id = ? AND status = 'draft' AND version = ?",
        (*changes.values(), note.id, note.version),
    )
    if cursor.rowcount == 0:  # only if another connection got in first
        raise NoteSigned(f"Note {note.id} is signed or was changed; open it again.")


def content_hash(note: CareNote) -> str:
    """SHA-256 of what a signature covers, kept in the "signed" audit entry."""
    content = [note.title, note.text, [[s.heading, s.text] for s in note.sections]]
    content.append(sorted(f.label for f in note.flags))
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(data).hexdigest()

"""Tags on notes in the notes database: a note's tags replaced, and every tag in use."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def write_note_tags(conn: sqlite3.Connection, note_id: int, tags: Iterable[str]) -> None:
    """Give the note exactly these tags (blank ones dropped, repeats once)."""
    names = list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))
    conn.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))
    for name in names:
        conn.execute("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,))
        conn.execute(
            "INSERT OR IGNORE INTO note_tags (note_id, tag_id) "
            "SELECT ?, id FROM tags WHERE name = ? COLLATE NOCASE",
            (note_id, name),
        )


def read_tags_in_use(conn: sqlite3.Connection) -> list[str]:
    """Every tag on at least one note, alphabetically."""
    rows = conn.execute(
        "SELECT name FROM tags WHERE id IN (SELECT tag_id FROM note_tags) "
        "ORDER BY name COLLATE NOCASE"
    )
    return [row[0] for row in rows]

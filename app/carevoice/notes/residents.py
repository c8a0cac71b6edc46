"""Residents in the notes database: added, found, renamed, and removed once they have no notes."""

from __future__ import annotations

import sqlite3
import time

from carevoice.notes.database import inserted_id
from carevoice.notes.records import Resident, ResidentHasNotes, ResidentNotFound
from carevoice.notes.rows import optional_text, required_text, resident_from_row


def checked_name(name: str) -> str:
    """The name stripped; NotesError for an empty one."""
    return required_text(name, "A resident needs a name.")


def insert_resident(conn: sqlite3.Connection, name: str, external_id: str | None) -> Resident:
    """Add a resident with a checked name; returns them as saved."""
    cursor = conn.execute(
        "INSERT INTO residents (name, external_id, created_s) VALUES (?, ?, ?)",
        (name, optional_text(external_id), time.time()),
    )
    return read_resident(conn, inserted_id(cursor))


def read_resident(conn: sqlite3.Connection, resident_id: int) -> Resident:
    row = conn.execute("SELECT * FROM residents WHERE id = ?", (resident_id,)).fetchone()
    if row is None:
        raise ResidentNotFound(f"There is no resident with number {resident_id}.")
    return resident_from_row(row)


def read_residents(conn: sqlite3.Connection) -> list[Resident]:
    rows = conn.execute("SELECT * FROM residents ORDER BY name COLLATE NOCASE, id")
    return [resident_from_row(row) for row in rows]


def match_resident(conn: sqlite3.Connection, wanted: str) -> Resident:
    """The resident called `wanted`, or with that care-home ID or database number."""
    rows = conn.execute(
        "SELECT * FROM residents WHERE name = ? COLLATE NOCASE "
        "OR external_id = ? COLLATE NOCASE OR CAST(id AS TEXT) = ? ORDER BY id",
        (wanted, wanted, wanted),
    ).fetchall()
    if not rows:
        raise ResidentNotFound(f"There is no resident called {wanted!r}.")
    if len(rows) > 1:
        labels = ", ".join(f"{resident_from_row(r).label} [{r['id']}]" for r in rows)
        raise ResidentNotFound(f"More than one resident matches {wanted!r}: {labels}.")
    return resident_from_row(rows[0])


def rename_resident(conn: sqlite3.Connection, resident_id: int, name: str) -> None:
    name = checked_name(name)
    conn.execute("UPDATE residents SET name = ? WHERE id = ?", (name, resident_id))


def set_external_id(conn: sqlite3.Connection, resident_id: int, external_id: str | None) -> None:
    conn.execute(
        "UPDATE residents SET external_id = ? WHERE id = ?",
        (optional_text(external_id), resident_id),
    )


def remove_resident(conn: sqlite3.Connection, resident: Resident) -> None:
    """Delete a resident who has no notes (their vocabulary goes with them)."""
    count = conn.execute(
        "SELECT count(*) FROM notes WHERE resident_id = ?", (resident.id,)
    ).fetchone()[0]
    if count:
        raise ResidentHasNotes(f"{resident.label} has {count} note(s); move or delete them first.")
    conn.execute("DELETE FROM residents WHERE id = ?", (resident.id,))


def require_resident(conn: sqlite3.Connection, resident_id: int) -> None:
    """ResidentNotFound unless there is a resident with this number."""
    if not conn.execute("SELECT 1 FROM residents WHERE id = ?", (resident_id,)).fetchone():
        raise ResidentNotFound(f"There is no resident with number {resident_id}.")

"""Vocabulary terms in the notes database: for everyone or for one resident."""

from __future__ import annotations

import sqlite3
import time

from carevoice.notes.database import inserted_id
from carevoice.notes.records import NotesError, VocabularyTerm
from carevoice.notes.rows import required_text
from carevoice.notes.vocabulary import KINDS


def checked_term(term: str, kind: str) -> str:
    """The term stripped; NotesError for an empty one or an unknown kind."""
    term = required_text(term, "A vocabulary term cannot be empty.")
    if kind not in KINDS:
        raise NotesError(f"Unknown kind of term {kind!r}; use one of {', '.join(KINDS)}.")
    return term


def insert_term(conn: sqlite3.Connection, term: str, kind: str, resident_id: int | None) -> int:
    """Add a checked term; returns its number. NotesError if it is already there."""
    try:
        cursor = conn.execute(
            "INSERT INTO vocabulary (term, kind, resident_id, created_s) VALUES (?, ?, ?, ?)",
            (term, kind, resident_id, time.time()),
        )
    except sqlite3.IntegrityError:
        raise NotesError(f"{term!r} is already in this vocabulary.") from None
    return inserted_id(cursor)


def delete_term(conn: sqlite3.Connection, term_id: int) -> None:
    if conn.execute("DELETE FROM vocabulary WHERE id = ?", (term_id,)).rowcount == 0:
        raise NotesError(f"There is no vocabulary term with number {term_id}.")


def read_terms(
    conn: sqlite3.Connection, resident_id: int | None, include_global: bool
) -> list[VocabularyTerm]:
    """A resident's own terms first, then (if asked) everyone's; no resident: everyone's."""
    wanted = "v.resident_id IS NULL"
    params: list[object] = []
    if resident_id is not None:
        wanted = "v.resident_id = ?" + (" OR v.resident_id IS NULL" if include_global else "")
        params.append(resident_id)
    rows = conn.execute(
        f"SELECT v.* FROM vocabulary v WHERE {wanted} "
        "ORDER BY v.resident_id IS NULL, v.term COLLATE NOCASE",
        params,
    )
    return [VocabularyTerm(row["id"], row["term"], row["kind"], row["resident_id"]) for row in rows]

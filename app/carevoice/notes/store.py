"""NoteStore: care notes, residents, tags and vocabulary in one private SQLite file.

The file is `data_dir()/notes.sqlite3`, in WAL mode with foreign keys on. Every write
commits at once (the connection is in autocommit mode), so an edit saved with
`save_text` survives the app being killed a moment later. The database and its -wal
and -shm files are created 0600, whatever the umask: care notes are health data.

One connection serves every thread, behind a lock; SQLite calls are short, and a
single connection keeps the UI's autosave and a background search from tripping over
each other's write locks.
"""

from __future__ import annotations

import getpass
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from carevoice import paths
from carevoice.engine.transcript import Segment, Transcript
from carevoice.notes import schema
from carevoice.notes.database import DB_NAME, check_integrity, inserted_id, open_database
from carevoice.notes.filters import When, filters, where_clause
from carevoice.notes.records import (
    SOURCES,
    CareNote,
    NoteConflict,
    NoteNotFound,
    NotesError,
    Resident,
    ResidentHasNotes,
    ResidentNotFound,
    default_title,
    transcript_text,
)
from carevoice.notes.residents import (
    checked_name,
    insert_resident,
    match_resident,
    read_resident,
    read_residents,
    remove_resident,
    rename_resident,
    require_resident,
    set_external_id,
)
from carevoice.notes.rows import NOTE_SELECT, note_from_row, resident_id_of, segments_to_json
from carevoice.notes.tags import read_tags_in_use, write_note_tags
from carevoice.notes.terms import checked_term, delete_term, insert_term, read_terms

if TYPE_CHECKING:
    from carevoice.notes.backup import BackupInfo
    from carevoice.notes.search import SearchHit
    from carevoice.notes.vocabulary import VocabularyTerm

# NoteStore is the API; the records and errors it deals in are importable from here too.
__all__ = [
    "CareNote",
    "NoteConflict",
    "NoteNotFound",
    "NoteStore",
    "NotesError",
    "Resident",
    "ResidentHasNotes",
    "ResidentNotFound",
    "When",
    "default_title",
]

_UNSET = object()


def workstation() -> str:
    """Who is saving, when no one is signed in: this computer's user and its name."""
    return f"{getpass.getuser()} on {socket.gethostname()}"


class NoteStore:
    """The notes database. Open one per process; it is safe to share between threads.

    Use as a context manager, or call `close()`.
    """

    def __init__(self, path: str | os.PathLike | None = None, editor: str | None = None):
        if path is None:
            path = paths.data_dir() / DB_NAME
        self.path = Path(path)
        # Who saves: shown to another workstation whose edit conflicts with ours.
        self.editor = editor or workstation()
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = open_database(self.path)

    @property
    def location(self) -> str:
        """Where the notes are: what `NoteStore(location)` opens again."""
        return str(self.path)

    # ------------------------------------------------------------ lifetime

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                raise NotesError("The notes database is closed.")
            yield self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._db() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ------------------------------------------------------------ residents

    def add_resident(self, name: str, external_id: str | None = None) -> Resident:
        name = checked_name(name)
        with self._db() as conn:
            return insert_resident(conn, name, external_id)

    def get_resident(self, resident_id: int) -> Resident:
        with self._db() as conn:
            return read_resident(conn, resident_id)

    def residents(self) -> list[Resident]:
        with self._db() as conn:
            return read_residents(conn)

    def find_resident(self, text: str) -> Resident:
        """The resident called `text`, or with that care-home ID or database number."""
        wanted = text.strip()
        with self._db() as conn:
            return match_resident(conn, wanted)

    def update_resident(
        self, resident: Resident | int, name: str | None = None, external_id=_UNSET
    ) -> Resident:
        resident_id = resident_id_of(resident)
        self.get_resident(resident_id)
        with self._db() as conn:
            if name is not None:
                rename_resident(conn, resident_id, name)
            if external_id is not _UNSET:
                set_external_id(conn, resident_id, external_id)
        return self.get_resident(resident_id)

    def delete_resident(self, resident: Resident | int) -> None:
        """Remove a resident who has no notes (their vocabulary goes with them)."""
        found = self.get_resident(resident_id_of(resident))
        with self._db() as conn:
            remove_resident(conn, found)

    # ------------------------------------------------------------ notes

    def create_note(
        self,
        *,
        text: str = "",
        title: str = "",
        resident: Resident | int | None = None,
        author: str = "",
        language: str | None = None,
        source: str = "typed",
        audio_path: str | os.PathLike | None = None,
        duration_s: float | None = None,
        segments: Iterable[Segment] = (),
        model: str | None = None,
        device: str | None = None,
        compute_type: str | None = None,
        tags: Iterable[str] = (),
        created_s: float | None = None,
    ) -> CareNote:
        if source not in SOURCES:
            raise NotesError(f"Unknown note source {source!r}; use one of {', '.join(SOURCES)}.")
        resident_id = resident_id_of(resident)
        now = time.time()
        created = now if created_s is None else float(created_s)
        with self._transaction() as conn:
            if resident_id is not None:
                require_resident(conn, resident_id)
            cursor = conn.execute(
                "INSERT INTO notes (resident_id, author, created_s, updated_s, title, body, "
                "language, source, audio_path, duration_s, segments_json, model, device, "
                "compute_type, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    resident_id,
                    author or "",
                    created,
                    max(now, created),
                    title or "",
                    text or "",
                    language,
                    source,
                    str(audio_path) if audio_path else None,
                    duration_s,
                    segments_to_json(segments),
                    model,
                    device,
                    compute_type,
                    self.editor,
                ),
            )
            note_id = inserted_id(cursor)
            write_note_tags(conn, note_id, tags)
        return self.get_note(note_id)

    def note_from_transcript(
        self,
        transcript: Transcript,
        resident: Resident | int | None = None,
        author: str = "",
        source: str = "dictation",
        audio_path: str | os.PathLike | None = None,
        title: str | None = None,
        tags: Iterable[str] = (),
        created_s: float | None = None,
    ) -> CareNote:
        """Save a finished transcription as a new note (dated now, or `created_s`, such as
        when a recording was made).

        File jobs and dictations hand out Mandarin in the script their options asked for;
        a transcript from elsewhere goes through `carevoice.engine.chinese.
        postprocess_transcript` first, so the text and the segments agree.
        """
        text = transcript_text(transcript)
        return self.create_note(
            text=text,
            title=default_title(text) if title is None else title,
            resident=resident,
            author=author,
            language=transcript.language,
            source=source,
            audio_path=audio_path,
            duration_s=transcript.duration_s,
            segments=transcript.segments,
            model=transcript.model,
            device=transcript.device,
            compute_type=transcript.compute_type,
            tags=tags,
            created_s=created_s,
        )

    def get_note(self, note_id: int) -> CareNote:
        with self._db() as conn:
            row = conn.execute(f"{NOTE_SELECT} WHERE n.id = ?", (note_id,)).fetchone()
        if row is None:
            raise NoteNotFound(f"There is no note with number {note_id}.")
        return note_from_row(row)

    def save_text(self, note_id: int, text: str, expected_version: int | None = None) -> float:
        """Autosave: store the note's text now, durably. Returns the new updated_s.

        The UI calls this about a second after the caregiver stops typing; the commit
        is immediate, so a crash loses at most that last second. With `expected_version`,
        NoteConflict if someone else saved the note since that version.
        """
        return self.update_note(note_id, text=text, expected_version=expected_version).updated_s

    def update_note(
        self,
        note_id: int,
        *,
        text=_UNSET,
        title=_UNSET,
        resident=_UNSET,
        author=_UNSET,
        language=_UNSET,
        audio_path=_UNSET,
        tags=_UNSET,
        expected_version: int | None = None,
    ) -> CareNote:
        """Change the given fields (others stay as they are); returns the note as saved.

        Every save raises the note's `version` and records `self.editor` as who saved it.
        With `expected_version` (the version the caller's edit started from), a note saved
        by someone else in between raises NoteConflict and nothing is written.
        """
        changes: dict[str, object] = {}
        for column, value in (
            ("body", text),
            ("title", title),
            ("author", author),
            ("language", language),
        ):
            if value is not _UNSET:
                changes[column] = value if value is not None or column == "language" else ""
        if audio_path is not _UNSET:
            changes["audio_path"] = str(audio_path) if audio_path else None
        with self._transaction() as conn:
            row = conn.execute("SELECT version FROM notes WHERE id = ?", (note_id,)).fetchone()
            if row is None:
                raise NoteNotFound(f"There is no note with number {note_id}.")
            if expected_version is not None and row[0] != expected_version:
                yours = {"text": text, "title": title, "tags": tags}
                raise NoteConflict(
                    self.get_note(note_id), {k: v for k, v in yours.items() if v is not _UNSET}
                )
            if resident is not _UNSET:
                resident_id = resident_id_of(resident)
                changes["resident_id"] = resident_id
                if resident_id is not None:
                    require_resident(conn, resident_id)
            changes["updated_s"] = time.time()
            changes["updated_by"] = self.editor
            assignments = ", ".join(f"{column} = ?" for column in changes)
            conn.execute(
                f"UPDATE notes SET {assignments}, version = version + 1 WHERE id = ?",
                (*changes.values(), note_id),
            )
            if tags is not _UNSET:
                write_note_tags(conn, note_id, tags)
            # Read inside the transaction: the version returned is the one this save made.
            return self.get_note(note_id)

    def delete_note(self, note_id: int) -> None:
        with self._db() as conn:
            cursor = conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        if cursor.rowcount == 0:
            raise NoteNotFound(f"There is no note with number {note_id}.")

    def list_notes(
        self,
        resident: Resident | int | None = None,
        since: When | None = None,
        until: When | None = None,
        tag: str | None = None,
        limit: int | None = None,
        oldest_first: bool = False,
    ) -> list[CareNote]:
        """Notes, newest first, filtered by resident, creation time and tag.

        `since` is inclusive and `until` exclusive, except that a `date` as `until`
        includes that whole day ("until 31 March" means up to the end of the 31st).
        """
        where, params = filters(resident_id_of(resident), since, until)
        if tag is not None:
            where.append(
                "n.id IN (SELECT nt.note_id FROM note_tags nt JOIN tags t ON t.id = nt.tag_id "
                "WHERE t.name = ? COLLATE NOCASE)"
            )
            params.append(tag)
        order = "ASC" if oldest_first else "DESC"
        sql = f"{NOTE_SELECT} {where_clause(where)} ORDER BY n.created_s {order}, n.id {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._db() as conn:
            return [note_from_row(row) for row in conn.execute(sql, params)]

    def count_notes(self) -> int:
        with self._db() as conn:
            return conn.execute("SELECT count(*) FROM notes").fetchone()[0]

    def search(
        self,
        text: str,
        resident: Resident | int | None = None,
        since: When | None = None,
        until: When | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        """Notes whose title or text contains every word of `text`, newest first.

        Any language: a word of 3+ characters uses the trigram index, a shorter one
        (血壓, "BP") a plain substring scan of the same notes. Fast enough to run as
        the user types (under 15 ms on 10,000 notes, measured on 2 CPU cores).
        """
        from carevoice.notes.search import search_notes

        with self._db() as conn:
            return search_notes(conn, text, resident_id_of(resident), since, until, limit)

    # ------------------------------------------------------------ tags

    def set_tags(self, note_id: int, tags: Iterable[str]) -> CareNote:
        return self.update_note(note_id, tags=tags)

    def tags(self) -> list[str]:
        """Every tag in use, alphabetically."""
        with self._db() as conn:
            return read_tags_in_use(conn)

    # ------------------------------------------------------------ vocabulary

    def add_term(
        self, term: str, kind: str = "other", resident: Resident | int | None = None
    ) -> VocabularyTerm:
        """A word the model should spell right: for everyone, or for one resident."""
        term = checked_term(term, kind)
        resident_id = resident_id_of(resident)
        with self._transaction() as conn:
            if resident_id is not None:
                require_resident(conn, resident_id)
            term_id = insert_term(conn, term, kind, resident_id)
        return next(t for t in self.terms(resident_id, include_global=True) if t.id == term_id)

    def remove_term(self, term_id: int) -> None:
        with self._db() as conn:
            delete_term(conn, term_id)

    def terms(
        self, resident: Resident | int | None = None, include_global: bool = True
    ) -> list[VocabularyTerm]:
        """A resident's own terms first, then (if asked) everyone's; no resident: everyone's."""
        resident_id = resident_id_of(resident)
        with self._db() as conn:
            return read_terms(conn, resident_id, include_global)

    # ------------------------------------------------------------ backup

    def backup(self, path: str | os.PathLike) -> Path:
        """Copy every note, resident and term into one file (see carevoice.notes.backup)."""
        from carevoice.notes.backup import write_backup

        with self._db() as conn:
            return write_backup(conn, Path(path))

    def restore(self, path: str | os.PathLike) -> BackupInfo:
        """Replace everything in the store with a backup's contents, in one transaction.

        The current contents are first saved beside the database as
        `notes-before-restore.carevoice-backup`. Raises BackupError, in plain words, for
        a file that is not a Care Voice backup.
        """
        from carevoice.notes.backup import restore_backup

        with self._db() as conn:
            info = restore_backup(conn, Path(path), self.path.parent)
            schema.migrate(conn)
            return info

    # ------------------------------------------------------------ checks

    @property
    def schema_version(self) -> int:
        with self._db() as conn:
            return schema.version_of(conn)

    def integrity_check(self) -> str:
        """Returns "ok", or SQLite's description of the damage (the full-text index included)."""
        with self._db() as conn:
            return check_integrity(conn)

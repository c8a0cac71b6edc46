"""Opening the notes database (WAL, foreign keys, migrated, files 0600) and checking it."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from carevoice.notes import schema
from carevoice.notes.records import NotesError

DB_NAME = "notes.sqlite3"


def open_database(path: Path) -> sqlite3.Connection:
    """Connect, switch on WAL and foreign keys, migrate, and make the files private."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _create_private(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    except sqlite3.Error as exc:
        raise NotesError(f"The notes database {path} cannot be opened: {exc}.") from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        schema.migrate(conn)  # first: it refuses another program's database untouched
        # WAL: readers never wait for the autosave, and a killed writer leaves the last
        # commit intact. FULL: a commit is on disk, not only in the OS cache, before
        # save_text returns (one fsync a second while typing costs nothing).
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NotesError(
            f"{path} cannot be used as the notes database ({exc}). If it is damaged, "
            "restore a backup with `care-voice notes restore FILE`."
        ) from None
    except schema.SchemaError as exc:
        conn.close()
        raise NotesError(str(exc)) from None
    make_private(path)
    return conn


def _create_private(path: Path) -> None:
    # Created here, 0600, before SQLite sees it: SQLite gives the -wal and -shm files
    # the database file's permissions, so all three are private whatever the umask.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)


def make_private(path: Path) -> None:
    """chmod 0600 the database and its -wal/-shm (files from older versions included)."""
    if sys.platform == "win32":
        return  # the per-user AppData folder is the protection there
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        try:
            if candidate.stat().st_mode & 0o077:
                os.chmod(candidate, 0o600)
        except FileNotFoundError:
            pass


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The row number SQLite gave the row `cursor` just inserted."""
    row_id = cursor.lastrowid
    assert row_id is not None, "called right after an INSERT, which always sets it"
    return row_id


def check_integrity(conn: sqlite3.Connection) -> str:
    """Returns "ok", or SQLite's description of the damage (the full-text index included)."""
    result = "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    if result == "ok":
        try:
            conn.execute("INSERT INTO notes_fts (notes_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            return f"search index: {exc}"
    return result

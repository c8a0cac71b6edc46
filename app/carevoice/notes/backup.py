"""Backups of the whole notes store as one file, and restoring from one.

A backup is an ordinary SQLite database (rollback-journal mode, so it is one file with
nothing beside it), made with SQLite's online backup API: a consistent copy even while
the app is saving. It carries Care Voice's application id in its header, which is how
`restore` tells one of ours from any other file. Recordings are not included; notes
keep the paths of their audio files.

Restoring copies the backup into the live database through the same API, in one write
transaction: other connections see the old notes or the new ones, never a mixture, and
a crash halfway leaves the old ones.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carevoice.notes import schema
from carevoice.notes.database import make_private
from carevoice.notes.records import NotesError

SUFFIX = ".carevoice-backup"
BEFORE_RESTORE = "notes-before-restore" + SUFFIX
_SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(NotesError):
    """A backup that cannot be written or a file that cannot be restored, in plain words."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema_version: int
    notes: int
    residents: int


def default_backup_name(day: date | None = None) -> str:
    return f"care-voice-notes-{(day or date.today()).isoformat()}{SUFFIX}"


def write_backup(conn: sqlite3.Connection, path: Path) -> Path:
    """Copy the database behind `conn` into `path` (0600), replacing it atomically."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o600)
        target = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("The backup copy failed its check; nothing was written.")
        finally:
            target.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise BackupError(f"The backup could not be written to {path}: {exc}.") from None
    except OSError as exc:
        raise BackupError(f"The backup could not be written to {path}: {exc.strerror}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def check_backup(path: Path) -> BackupInfo:
    """What the backup at `path` holds; BackupError if it is not one Care Voice can restore."""
    path = Path(path)
    not_ours = f"{path} is not a Care Voice backup"
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        raise BackupError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a Care Voice backup file.") from None
    except OSError as exc:
        raise BackupError(f"{path} cannot be read: {exc.strerror}.") from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise BackupError(f"{not_ours}.")
    if int.from_bytes(header[68:72], "big") != schema.APPLICATION_ID:
        raise BackupError(f"{not_ours} (it is a database, but from another program).")
    try:
        source = _open_read_only(path)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"The backup {path} is damaged and cannot be restored.")
            version = schema.version_of(source)
            if version > schema.LATEST:
                raise BackupError(
                    f"The backup {path} was made by a newer Care Voice (database version "
                    f"{version}); update Care Voice to restore it."
                )
            notes = source.execute("SELECT count(*) FROM notes").fetchone()[0]
            residents = source.execute("SELECT count(*) FROM residents").fetchone()[0]
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The backup {path} is damaged and cannot be restored ({exc}).") from None
    return BackupInfo(path, version, notes, residents)


def restore_backup(conn: sqlite3.Connection, path: Path, safety_dir: Path) -> BackupInfo:
    """Replace the database behind `conn` with the backup at `path`, atomically.

    The current contents go to `safety_dir/notes-before-restore.carevoice-backup` first.
    The caller migrates the result if the backup came from an older Care Voice.
    """
    path = Path(path)
    live = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    if path.exists() and live.exists() and os.path.samefile(path, live):
        raise BackupError(f"{path} is the notes database itself, not a backup of it.")
    info = check_backup(path)
    safety = write_backup(conn, Path(safety_dir) / BEFORE_RESTORE)
    try:
        source = _open_read_only(path)
        try:
            source.backup(conn)  # one step: a single write transaction on `conn`
        finally:
            source.close()
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as exc:
        raise BackupError(
            f"The backup {path} could not be restored ({exc}); the notes are as they were "
            f"(a copy is in {safety})."
        ) from None
    make_private(live)
    return info


def _open_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn

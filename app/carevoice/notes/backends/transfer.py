"""Backups of notes on a PostgreSQL server, in the same file format as the local store's.

A backup is always a Care Voice SQLite backup file (carevoice.notes.backup), so one
made from the server restores into a workstation's file and the other way round.
Backing up reads every table in one REPEATABLE READ transaction (a consistent copy
while others save); restoring replaces every table in one transaction, so the other
workstations see the old notes or the new ones, never a mixture.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from carevoice.notes import schema
from carevoice.notes.backends.postgres import PgConnection, renumber_identities
from carevoice.notes.backup import (
    BEFORE_RESTORE,
    BackupError,
    BackupInfo,
    check_backup,
)
from carevoice.notes.database import make_private, open_database


def _tables(conn: sqlite3.Connection) -> list[str]:
    """The store's tables, each after the tables it refers to (SQLite's own index left out)."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'notes_fts%' ORDER BY name"
        )
    ]
    refers = {
        name: {row[2] for row in conn.execute(f"PRAGMA foreign_key_list({name})")} - {name}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and refers[n] <= set(ordered)]
        if not ready:
            raise BackupError("The notes tables refer to each other in a circle.")
        ordered += ready
    return ordered


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def write_backup(pg: PgConnection, path: Path) -> Path:
    """Copy the server's notes into a backup file at `path` (0600, replaced atomically)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as folder:
        tmp = Path(folder) / "notes.sqlite3"
        target = open_database(tmp)  # an empty store at the latest schema, 0600
        try:
            target.execute("PRAGMA foreign_keys = OFF")
            pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                target.execute("BEGIN")
                tables = _tables(target)
                for table in reversed(tables):  # what the migrations put in (templates)
                    target.execute(f"DELETE FROM {table}")
                for table in tables:
                    columns = _columns(target, table)
                    names = ", ".join(columns)
                    rows = pg.execute(f"SELECT {names} FROM {table}").fetchall()
                    marks = ", ".join("?" * len(columns))
                    target.executemany(
                        f"INSERT INTO {table} ({names}) VALUES ({marks})", [tuple(r) for r in rows]
                    )
                target.execute("COMMIT")
            finally:
                pg.execute("ROLLBACK")  # read only: nothing to keep
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The backup copy failed its check; nothing was written.")
        except sqlite3.Error as exc:
            raise BackupError(f"The backup could not be written to {path}: {exc}.") from None
        finally:
            target.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    make_private(path)
    return path


@contextmanager
def _latest(path: Path) -> Iterator[sqlite3.Connection]:
    """The backup read at the latest schema (an older one migrated in a private copy)."""
    with tempfile.TemporaryDirectory(prefix="carevoice-restore-") as folder:
        copy = Path(folder) / "notes.sqlite3"
        shutil.copyfile(path, copy)
        conn = open_database(copy)
        try:
            yield conn
        finally:
            conn.close()


def restore_backup(pg: PgConnection, path: Path, safety_dir: Path) -> BackupInfo:
    """Replace the server's notes with the backup at `path`, in one transaction.

    The server's current notes go to `safety_dir/notes-before-restore.carevoice-backup`.
    """
    info = check_backup(path)
    safety = write_backup(pg, Path(safety_dir) / BEFORE_RESTORE)
    try:
        with _latest(Path(path)) as source:
            tables = _tables(source)
            pg.execute("BEGIN")
            try:
                pg.execute("TRUNCATE " + ", ".join(reversed(tables)) + " RESTART IDENTITY CASCADE")
                for table in tables:
                    columns = _columns(source, table)
                    rows = source.execute(f"SELECT {', '.join(columns)} FROM {table}")
                    # The guards (signed notes, the append-only audit) are for edits, not
                    # for bringing back what was already signed: off for the load only.
                    # Foreign keys stay checked.
                    pg.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                    pg.copy_rows(table, columns, (tuple(row) for row in rows))
                    pg.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                renumber_identities(pg)  # new rows are numbered after the restored ones
                pg.execute("COMMIT")
            except BaseException:
                pg.execute("ROLLBACK")
                raise
    except (sqlite3.Error, schema.SchemaError) as exc:
        raise BackupError(
            f"The backup {path} could not be restored ({exc}); the notes are as they were "
            f"(a copy is in {safety})."
        ) from None
    return info

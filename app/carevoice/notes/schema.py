"""The notes database's schema and its migrations, numbered by `PRAGMA user_version`.

A migration's SQL never changes once released: a database made by any earlier Care
Voice is brought forward by running the later ones in order, each in one transaction,
so a failure leaves the database at the last version that fully applied.
"""

from __future__ import annotations

import sqlite3

# "CVNT" in the database header: how a backup file is recognised as ours.
APPLICATION_ID = 0x43564E54

# Version 1: the first schema.
V1 = """
CREATE TABLE residents (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    external_id TEXT,                       -- room number or care-home ID
    created_s   REAL NOT NULL
);
CREATE INDEX residents_name ON residents (name COLLATE NOCASE);

CREATE TABLE notes (
    id            INTEGER PRIMARY KEY,
    resident_id   INTEGER REFERENCES residents (id) ON DELETE RESTRICT,
    author        TEXT NOT NULL DEFAULT '',
    created_s     REAL NOT NULL,            -- Unix time, seconds
    updated_s     REAL NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    language      TEXT,
    source        TEXT NOT NULL CHECK (source IN ('dictation', 'file', 'typed')),
    audio_path    TEXT,
    duration_s    REAL,
    segments_json TEXT NOT NULL DEFAULT '[]', -- engine Segments as transcribed
    model         TEXT,
    device        TEXT,
    compute_type  TEXT
);
CREATE INDEX notes_resident_created ON notes (resident_id, created_s);
CREATE INDEX notes_created ON notes (created_s);

-- Trigram tokens make any 3+ character substring searchable, Chinese included
-- (which has no spaces between words for a word tokenizer to split on).
CREATE VIRTUAL TABLE notes_fts USING fts5 (
    title, body, content = 'notes', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF title, body ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO notes_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TABLE vocabulary (
    id        INTEGER PRIMARY KEY,
    term      TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(term) <> ''),
    kind      TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('name', 'medication', 'other')),
    created_s REAL NOT NULL
);
"""

# Version 2: tags on notes, and vocabulary that belongs to one resident (NULL: everyone).
# SQLite cannot change a UNIQUE constraint in place, so vocabulary is rebuilt.
V2 = """
CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> '')
);
CREATE TABLE note_tags (
    note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX note_tags_tag ON note_tags (tag_id);

CREATE TABLE vocabulary_v2 (
    id          INTEGER PRIMARY KEY,
    term        TEXT NOT NULL COLLATE NOCASE CHECK (trim(term) <> ''),
    kind        TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('name', 'medication', 'other')),
    resident_id INTEGER REFERENCES residents (id) ON DELETE CASCADE,
    created_s   REAL NOT NULL
);
INSERT INTO vocabulary_v2 (id, term, kind, resident_id, created_s)
    SELECT id, term, kind, NULL, created_s FROM vocabulary;
DROP TABLE vocabulary;
ALTER TABLE vocabulary_v2 RENAME TO vocabulary;
-- One term once per resident, and once globally (NULL would not count as equal).
CREATE UNIQUE INDEX vocabulary_term ON vocabulary (term COLLATE NOCASE, ifnull(resident_id, 0));
CREATE INDEX vocabulary_resident ON vocabulary (resident_id);
"""

# Version 3: optimistic versioning, for notes edited from several workstations at once.
# Every save raises `version` by one and names who saved it; a save made against an
# older version than the database holds is a conflict, never a silent overwrite.
V3 = """
ALTER TABLE notes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE notes ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
"""

# Version 4: a team's record. Staff (PINs only as scrypt hashes), note templates and the
# headings a note keeps for itself, flags, sign-off (guarded by the version column too),
# addenda, and an append-only, hash-chained audit trail. Notes made before staff records
# keep their author's name as typed and have no author_id.
V4 = """
CREATE TABLE staff (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (trim(name) <> ''),
    role            TEXT NOT NULL CHECK (role IN ('carer', 'nurse', 'manager')),
    pin_hash        TEXT,                   -- scrypt$N$r$p$salt$hash (base64); NULL: no PIN
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until_ms INTEGER NOT NULL DEFAULT 0,
    created_ms      INTEGER NOT NULL
);
CREATE UNIQUE INDEX staff_name ON staff (lower(name));

CREATE TABLE templates (
    id         INTEGER PRIMARY KEY,
    builtin    TEXT UNIQUE,                 -- 'daily-care', 'free'; NULL for a manager's own
    name       TEXT NOT NULL CHECK (trim(name) <> ''),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_ms INTEGER NOT NULL
);
CREATE TABLE template_sections (
    template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    heading     TEXT NOT NULL CHECK (trim(heading) <> ''),
    PRIMARY KEY (template_id, position)
);
INSERT INTO templates (id, builtin, name, created_ms) VALUES
    (1, 'daily-care', 'Daily care note', 0),
    (2, 'free', 'Free note', 0);
INSERT INTO template_sections (template_id, position, heading) VALUES
    (1, 0, 'Wellbeing'),
    (1, 1, 'Nutrition and fluids'),
    (1, 2, 'Personal care'),
    (1, 3, 'Mobility'),
    (1, 4, 'Medication'),
    (1, 5, 'Incidents and risks'),
    (1, 6, 'For the next shift');

ALTER TABLE notes ADD COLUMN author_id INTEGER REFERENCES staff (id);
ALTER TABLE notes ADD COLUMN template_id INTEGER REFERENCES templates (id);
ALTER TABLE notes ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'signed'));
ALTER TABLE notes ADD COLUMN signed_ms INTEGER;
ALTER TABLE notes ADD COLUMN signed_by INTEGER REFERENCES staff (id);
ALTER TABLE notes ADD COLUMN addendum_to INTEGER REFERENCES notes (id);
CREATE INDEX notes_addendum_to ON notes (addendum_to);

-- A note's own copy of its template's headings: a template changed later changes no note.
CREATE TABLE note_sections (
    note_id  INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    heading  TEXT NOT NULL,
    body     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (note_id, position)
);

-- A flag on the whole note (section NULL) or on one of its sections.
CREATE TABLE note_flags (
    id       INTEGER PRIMARY KEY,
    note_id  INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    flag     TEXT NOT NULL CHECK (trim(flag) <> ''),
    section  INTEGER
);
CREATE UNIQUE INDEX note_flags_unique ON note_flags (note_id, flag, coalesce(section, -1));
CREATE INDEX note_flags_flag ON note_flags (flag);

-- Append-only: seq counts 1, 2, 3... without gaps (given explicitly, so two writers
-- racing for the same seq collide on the key); each hash covers the previous one.
-- note_id has no foreign key: a deleted draft's entries stay.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at_ms      INTEGER NOT NULL,
    staff_id   INTEGER,
    staff_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    note_id    INTEGER,
    details    TEXT NOT NULL DEFAULT '{}',
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_note ON audit (note_id, seq);

-- The code refuses these too; the triggers stop a slip in a future version of it.
-- (Anyone who can write the file can drop a trigger: the hash chain shows that.)
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER notes_signed_no_update BEFORE UPDATE ON notes WHEN old.status = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; add an addendum');
END;
CREATE TRIGGER notes_signed_no_delete BEFORE DELETE ON notes WHEN old.status = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be deleted');
END;
CREATE TRIGGER note_sections_signed_insert BEFORE INSERT ON note_sections
WHEN (SELECT status FROM notes WHERE id = new.note_id) = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; add an addendum');
END;
CREATE TRIGGER note_sections_signed_update BEFORE UPDATE ON note_sections
WHEN (SELECT status FROM notes WHERE id = old.note_id) = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; add an addendum');
END;
CREATE TRIGGER note_sections_signed_delete BEFORE DELETE ON note_sections
WHEN (SELECT status FROM notes WHERE id = old.note_id) = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; add an addendum');
END;
CREATE TRIGGER note_flags_signed_insert BEFORE INSERT ON note_flags
WHEN (SELECT status FROM notes WHERE id = new.note_id) = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; add an addendum');
END;
CREATE TRIGGER note_flags_signed_delete BEFORE DELETE ON note_flags
WHEN (SELECT status FROM notes WHERE id = old.note_id) = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; add an addendum');
END;
CREATE TRIGGER note_tags_signed_insert BEFORE INSERT ON note_tags
WHEN (SELECT status FROM notes WHERE id = new.note_id) = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; add an addendum');
END;
CREATE TRIGGER note_tags_signed_delete BEFORE DELETE ON note_tags
WHEN (SELECT status FROM notes WHERE id = old.note_id) = 'signed' BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; add an addendum');
END;
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4)  # MIGRATIONS[n - 1] brings version n - 1 to n
LATEST = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """The database cannot be used by this version of Care Voice; the message says why."""


def version_of(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, migrations: tuple[str, ...] = MIGRATIONS) -> int:
    """Bring the database to the latest version; returns the version it was at.

    `conn` must be in autocommit mode (isolation_level=None), so each migration's
    BEGIN/COMMIT is its own. The version is read again under the write lock, so two
    processes opening a new database at once do not both create it.
    """
    found = _usable_version(conn, migrations)
    while _usable_version(conn, migrations) < len(migrations):
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = _usable_version(conn, migrations) + 1
            if version <= len(migrations):
                for statement in statements(migrations[version - 1]):
                    conn.execute(statement)
                if version == 1:
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return found


def _usable_version(conn: sqlite3.Connection, migrations: tuple[str, ...]) -> int:
    # One statement, so one snapshot: read apart, another process could commit its
    # first migration between them, and our new database would look like a stranger's.
    found, has_tables = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " EXISTS (SELECT 1 FROM sqlite_schema)"
    ).fetchone()
    if found > len(migrations):
        raise SchemaError(
            f"These notes were saved by a newer Care Voice (database version {found}; this "
            f"version reads up to {len(migrations)}). Update Care Voice to open them."
        )
    if found == 0 and has_tables:
        raise SchemaError("This file is an SQLite database, but not a Care Voice notes database.")
    return found


def statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not current.strip().startswith("--"):
        statements.append(current.strip())
    return statements

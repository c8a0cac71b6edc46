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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from carevoice import paths
from carevoice.engine.transcript import Segment, Transcript
from carevoice.notes import audit, schema
from carevoice.notes.audit import AuditEntry, ChainCheck
from carevoice.notes.backends import is_server
from carevoice.notes.database import DB_NAME, check_integrity, inserted_id, open_database
from carevoice.notes.filters import When, filters, where_clause
from carevoice.notes.flags import flag_name
from carevoice.notes.location import ServerLocation
from carevoice.notes.location import configured as configured_location
from carevoice.notes.offline import OfflineEdits
from carevoice.notes.permissions import (
    NotAllowed,
    NoteSigned,
    check_addendum,
    check_delete,
    check_edit,
    check_manage,
    check_sign,
)
from carevoice.notes.records import (
    SOURCES,
    STATUSES,
    CareNote,
    EditKeptOffline,
    NoteConflict,
    NoteFlag,
    NoteNotFound,
    NotesError,
    NoteText,
    Resident,
    ResidentHasNotes,
    ResidentNotFound,
    ServerUnavailable,
    default_title,
    joined_text,
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
from carevoice.notes.rows import (
    NOTE_SELECT,
    notes_from_rows,
    required_text,
    resident_id_of,
    segments_to_json,
)
from carevoice.notes.staff import (
    SINGLE_USER,
    SignInLocked,
    Staff,
    StaffNotFound,
    WrongPin,
    checked_pin,
    checked_staff,
    hash_pin,
    pin_matches,
    staff_from_row,
    wait_ms_after,
)
from carevoice.notes.tags import read_tags_in_use, write_note_tags
from carevoice.notes.templates import (
    Template,
    TemplateNotFound,
    checked_headings,
    read_template,
    read_templates,
    split_sections,
    texts_from_editable,
    write_headings,
)
from carevoice.notes.terms import checked_term, delete_term, insert_term, read_terms
from carevoice.notes.writing import (
    content_hash,
    guarded_update,
    next_note_id,
    read_note,
    section_texts,
    write_flags,
    write_sections,
)

if TYPE_CHECKING:
    from carevoice.notes.backends.postgres import PgConnection
    from carevoice.notes.backup import BackupInfo
    from carevoice.notes.records import VocabularyTerm
    from carevoice.notes.search import SearchHit

# NoteStore is the API; the records and errors it deals in are importable from here too.
__all__ = [
    "SINGLE_USER",
    "AuditEntry",
    "CareNote",
    "EditKeptOffline",
    "ChainCheck",
    "NotAllowed",
    "NoteConflict",
    "NoteFlag",
    "NoteSigned",
    "NoteText",
    "SignInLocked",
    "Staff",
    "StaffNotFound",
    "Template",
    "TemplateNotFound",
    "WrongPin",
    "NoteNotFound",
    "NoteStore",
    "NotesError",
    "Resident",
    "ResidentHasNotes",
    "ResidentNotFound",
    "ServerUnavailable",
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
        """Open the notes at `path`: a file, or a postgresql:// URL (see notes.location).

        No `path`: the server set with `care-voice notes server`, if one was, else the
        private file `data_dir()/notes.sqlite3`.
        """
        if path is None:
            path = configured_location() or paths.data_dir() / DB_NAME
        # Who saves, in single-user mode: shown to another workstation whose edit
        # conflicts with ours. A signed-in staff member saves under their own name.
        self.editor = editor or workstation()
        self._lock = threading.RLock()
        self.clock: Callable[[], float] = time.time  # tests set the time here
        self.server: ServerLocation | None = None
        self.offline = OfflineEdits()  # edits waiting for the server (a server only)
        self._owner = f"{os.getpid()}:{id(self)}"
        self._conn: sqlite3.Connection | None = None
        self.path: Path | None = None  # the SQLite file; None on a server
        if isinstance(path, str) and is_server(path):
            self.server = self._open_server(path)
            # Backups made before a restore stay on this computer, as with the file.
            self.safety_dir = paths.data_dir()
        else:
            self.path = Path(path)
            self.safety_dir = self.path.parent
            self._conn = open_database(self.path)

    def _open_server(self, url: str) -> ServerLocation:
        from carevoice.notes.backends import postgres
        from carevoice.notes.location import parse

        server, password = parse(url)
        if password:
            raise NotesError(
                "Put the server's password in the password file, not in the address: "
                "care-voice notes server URL --password asks for it once."
            )
        pg = postgres.PgConnection(server.conninfo(), server.url)
        try:
            postgres.migrate(pg)
        except schema.SchemaError as exc:
            pg.close()
            raise NotesError(str(exc)) from None
        except BaseException:
            pg.close()
            raise
        # The adapter answers every call the store makes of an sqlite3 connection.
        self._conn = cast(sqlite3.Connection, pg)
        return server

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

    @property
    def location(self) -> str:
        """Where the notes are: what `NoteStore(location)` opens again."""
        return self.server.url if self.server is not None else str(self.path)

    def _saver(self, who: Staff) -> str:
        return self.editor if who.is_single_user else who.name

    def _now_ms(self) -> int:
        return int(self.clock() * 1000)

    def _acting(self, conn: sqlite3.Connection, by: Staff | None) -> Staff:
        """Who is doing this, as the database knows them now (disabled staff may not)."""
        if by is None or by.is_single_user:
            if conn.execute("SELECT 1 FROM staff LIMIT 1").fetchone() is not None:
                raise NotAllowed("Staff records are kept here: sign in first, to say who you are.")
            return SINGLE_USER
        row = conn.execute("SELECT * FROM staff WHERE id = ?", (by.id,)).fetchone()
        if row is None:
            raise StaffNotFound(f"There is no staff member number {by.id}.")
        who = staff_from_row(row)
        if not who.active:
            raise NotAllowed(f"{who.name} is no longer active here.")
        return who

    # ------------------------------------------------------------ staff

    @property
    def single_user(self) -> bool:
        """True while no staff were ever set up: one implicit user, no PIN."""
        with self._db() as conn:
            return conn.execute("SELECT 1 FROM staff LIMIT 1").fetchone() is None

    def staff(self, include_inactive: bool = True) -> list[Staff]:
        with self._db() as conn:
            rows = conn.execute(
                "SELECT * FROM staff"
                + ("" if include_inactive else " WHERE active = 1")
                + " ORDER BY lower(name)"
            ).fetchall()
        return [staff_from_row(row) for row in rows]

    def find_staff(self, name: str) -> Staff:
        with self._db() as conn:
            row = conn.execute(
                "SELECT * FROM staff WHERE lower(name) = lower(?)", (" ".join(name.split()),)
            ).fetchone()
        if row is None:
            raise StaffNotFound(f"There is no staff member called {name!r}.")
        return staff_from_row(row)

    def add_staff(self, name: str, role: str, pin: str, by: Staff | None = None) -> Staff:
        """Add a staff member with a PIN (kept only as a hash). The first one, made by the
        single user, must be a manager: from then on everyone signs in."""
        name, role = checked_staff(name, role)
        pin_hash = hash_pin(checked_pin(pin))  # slow on purpose: outside the lock
        with self._transaction() as conn:
            first = conn.execute("SELECT 1 FROM staff LIMIT 1").fetchone() is None
            who = SINGLE_USER if first else self._acting(conn, by)
            if first and role != "manager":
                raise NotesError("The first staff member must be a manager, to add the others.")
            check_manage(who, "add staff")
            if conn.execute("SELECT 1 FROM staff WHERE lower(name) = lower(?)", (name,)).fetchone():
                raise NotesError(f"There is already a staff member called {name}.")
            cursor = conn.execute(
                "INSERT INTO staff (name, role, pin_hash, created_ms) VALUES (?, ?, ?, ?)",
                (name, role, pin_hash, self._now_ms()),
            )
            staff_id = inserted_id(cursor)
            audit.append(
                conn,
                who,
                "staff-added",
                None,
                self._now_ms(),
                {"staff_id": staff_id, "name": name, "role": role},
            )
            return staff_from_row(
                conn.execute("SELECT * FROM staff WHERE id = ?", (staff_id,)).fetchone()
            )

    def update_staff(
        self,
        staff_id: int,
        *,
        by: Staff | None = None,
        role: str | None = None,
        active: bool | None = None,
        pin: str | None = None,
    ) -> Staff:
        """A manager changes a role, disables or enables; anyone may change their own PIN."""
        pin_hash = hash_pin(checked_pin(pin)) if pin is not None else None
        with self._transaction() as conn:
            who = self._acting(conn, by)
            row = conn.execute("SELECT * FROM staff WHERE id = ?", (staff_id,)).fetchone()
            if row is None:
                raise StaffNotFound(f"There is no staff member number {staff_id}.")
            target = staff_from_row(row)
            if role is not None or active is not None or who.id != staff_id:
                check_manage(who, "change other staff members")
            changes: dict[str, object] = {}
            if role is not None:
                changes["role"] = checked_staff(target.name, role)[1]
            if active is not None:
                changes["active"] = 1 if active else 0
            if pin_hash is not None:
                changes.update(pin_hash=pin_hash, failed_attempts=0, locked_until_ms=0)
            if not changes:
                return target
            assignments = ", ".join(f"{column} = ?" for column in changes)
            conn.execute(
                f"UPDATE staff SET {assignments} WHERE id = ?", (*changes.values(), staff_id)
            )
            managers = conn.execute(
                "SELECT count(*) FROM staff WHERE role = 'manager' AND active = 1"
            ).fetchone()[0]
            if managers == 0:
                raise NotesError("There must stay at least one active manager.")
            details = {k: v for k, v in changes.items() if k in ("role", "active")}
            if pin_hash is not None:
                details["pin"] = "changed"
            audit.append(
                conn,
                who,
                "staff-changed",
                None,
                self._now_ms(),
                {"staff_id": staff_id, "name": target.name, **details},
            )
            return staff_from_row(
                conn.execute("SELECT * FROM staff WHERE id = ?", (staff_id,)).fetchone()
            )

    def sign_in(self, name: str, pin: str) -> Staff:
        """The staff member called `name`, if `pin` is theirs. WrongPin otherwise, and
        SignInLocked (without looking at the PIN) while they must wait after wrong ones."""
        found = self.find_staff(name)
        with self._db() as conn:
            row = conn.execute("SELECT * FROM staff WHERE id = ?", (found.id,)).fetchone()
        if not row["active"]:
            raise NotAllowed(f"{found.name} is no longer active here; ask a manager.")
        now_ms = self._now_ms()
        self._refuse_while_locked(found.name, row["locked_until_ms"], now_ms)
        matches = row["pin_hash"] is not None and pin_matches(pin, row["pin_hash"])
        with self._transaction() as conn:
            row = conn.execute("SELECT * FROM staff WHERE id = ?", (found.id,)).fetchone()
            self._refuse_while_locked(found.name, row["locked_until_ms"], now_ms)
            if matches:
                conn.execute(
                    "UPDATE staff SET failed_attempts = 0, locked_until_ms = 0 WHERE id = ?",
                    (found.id,),
                )
                who = staff_from_row(row)
                audit.append(conn, who, "signed-in", None, now_ms)
                return who
            failed = row["failed_attempts"] + 1
            wait = wait_ms_after(failed)
            conn.execute(
                "UPDATE staff SET failed_attempts = ?, locked_until_ms = ? WHERE id = ?",
                (failed, now_ms + wait if wait else 0, found.id),
            )
        message = f"That is not {found.name}'s PIN."
        if wait:
            message += f" Wait {_wait_words(wait)} before trying again."
        raise WrongPin(message, wait / 1000)

    @staticmethod
    def _refuse_while_locked(name: str, locked_until_ms: int, now_ms: int) -> None:
        if locked_until_ms > now_ms:
            left = locked_until_ms - now_ms
            raise SignInLocked(
                f"Too many wrong PINs for {name}: wait {_wait_words(left)} before trying again.",
                left / 1000,
            )

    # ------------------------------------------------------------ templates

    def templates(self, include_inactive: bool = False) -> list[Template]:
        with self._db() as conn:
            return read_templates(conn, include_inactive)

    def template(self, wanted: int | str) -> Template:
        """By number, built-in key ("daily-care", "free") or name."""
        with self._db() as conn:
            return read_template(conn, wanted)

    def add_template(self, name: str, headings: Iterable[str], by: Staff | None = None) -> Template:
        name = required_text(name, "A template needs a name.")
        cleaned = checked_headings(headings)
        with self._transaction() as conn:
            who = self._acting(conn, by)
            check_manage(who, "change templates")
            cursor = conn.execute(
                "INSERT INTO templates (name, created_ms) VALUES (?, ?)", (name, self._now_ms())
            )
            template_id = inserted_id(cursor)
            write_headings(conn, template_id, cleaned)
            audit.append(
                conn,
                who,
                "template-changed",
                None,
                self._now_ms(),
                {"template_id": template_id, "name": name, "sections": list(cleaned)},
            )
            return read_template(conn, template_id)

    def update_template(
        self,
        template_id: int,
        *,
        by: Staff | None = None,
        name: str | None = None,
        headings: Iterable[str] | None = None,
        active: bool | None = None,
    ) -> Template:
        """Rename, change the sections (add, rename, reorder), or retire a template.
        Notes already written keep the headings they were made with."""
        with self._transaction() as conn:
            who = self._acting(conn, by)
            check_manage(who, "change templates")
            current = read_template(conn, template_id)
            if name is not None:
                conn.execute(
                    "UPDATE templates SET name = ? WHERE id = ?",
                    (required_text(name, "A template needs a name."), template_id),
                )
            if headings is not None:
                write_headings(conn, template_id, checked_headings(headings))
            if active is not None:
                conn.execute(
                    "UPDATE templates SET active = ? WHERE id = ?",
                    (1 if active else 0, template_id),
                )
            changed = read_template(conn, template_id)
            audit.append(
                conn,
                who,
                "template-changed",
                None,
                self._now_ms(),
                {
                    "template_id": template_id,
                    "name": changed.name,
                    "sections": list(changed.headings),
                    "was": list(current.headings),
                    "active": changed.active,
                },
            )
            return changed

    # ------------------------------------------------------------ audit

    def record(
        self,
        action: str,
        note_ids: Iterable[int],
        by: Staff | None = None,
        details: dict | None = None,
    ) -> None:
        """Note in the audit that notes were viewed, exported or printed."""
        if action not in ("viewed", "exported", "printed"):
            raise ValueError(f"record() is for viewed, exported or printed, not {action!r}")
        with self._transaction() as conn:
            who = self._acting(conn, by)
            for note_id in note_ids:
                audit.append(conn, who, action, note_id, self._now_ms(), details)

    def history(self, note_id: int) -> list[AuditEntry]:
        """What happened to a note, oldest first (its addenda's entries included)."""
        with self._db() as conn:
            entries = audit.entries(conn, note_id)
            for (addendum_id,) in conn.execute(
                "SELECT id FROM notes WHERE addendum_to = ?", (note_id,)
            ).fetchall():
                entries += audit.entries(conn, addendum_id)
        return sorted(entries, key=lambda e: e.seq)

    def audit_entries(self) -> list[AuditEntry]:
        with self._db() as conn:
            return audit.entries(conn)

    def verify_audit(self) -> ChainCheck:
        """Check the audit trail's hash chain; names the first entry that does not match."""
        with self._db() as conn:
            return audit.verify(conn)

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
        by: Staff | None = None,
        template: Template | int | str | None = None,
        sections: Sequence[str | NoteText] | None = None,
        flags: Iterable[str | NoteFlag] = (),
    ) -> CareNote:
        """A new draft by `by` (None: the single user of an installation without staff).

        With a sectioned `template`, the note copies its headings; `sections` gives each
        one's text, or else `text` is cut at each spoken "next section". `author` names the
        writer only in single-user mode (a staff member's own name is used otherwise).
        """
        if source not in SOURCES:
            raise NotesError(f"Unknown note source {source!r}; use one of {', '.join(SOURCES)}.")
        resident_id = resident_id_of(resident)
        now = self.clock()
        created = now if created_s is None else float(created_s)
        with self._transaction() as conn:
            who = self._acting(conn, by)
            chosen = None
            if template is not None:
                chosen = read_template(
                    conn, template.id if isinstance(template, Template) else template
                )
            headings = chosen.headings if chosen else ()
            own: tuple[NoteText, ...] = ()
            if headings:
                texts = (
                    list(sections) if sections is not None else split_sections(text, len(headings))
                )
                own = section_texts(headings, texts)
                text = joined_text(own)
            if resident_id is not None:
                require_resident(conn, resident_id)
            note_id = next_note_id(conn)
            conn.execute(
                "INSERT INTO notes (id, resident_id, author, author_id, template_id, created_s, "
                "updated_s, title, body, language, source, audio_path, duration_s, segments_json, "
                "model, device, compute_type, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?)",
                (
                    note_id,
                    resident_id,
                    who.name if not who.is_single_user else (author or ""),
                    who.id,
                    chosen.id if chosen else None,
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
                    self._saver(who),
                ),
            )
            write_sections(conn, note_id, own)
            marked = write_flags(conn, note_id, flags, own)
            write_note_tags(conn, note_id, tags)
            details: dict[str, object] = {"source": source}
            if chosen:
                details["template"] = chosen.name
            if marked:
                details["flags"] = [f.label for f in marked]
            audit.append(conn, who, "created", note_id, self._now_ms(), details)
            return read_note(conn, note_id)

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
        by: Staff | None = None,
        template: Template | int | str | None = None,
        flags: Iterable[str | NoteFlag] = (),
        text: str | None = None,
    ) -> CareNote:
        """Save a finished transcription as a new note (dated now, or `created_s`, such as
        when a recording was made); with a sectioned template, "next section" moves on.

        File jobs and dictations hand out Mandarin in the script their options asked for;
        a transcript from elsewhere goes through `carevoice.engine.chinese.
        postprocess_transcript` first, so the text and the segments agree.
        """
        if text is None:  # else the caller's (a dictation's, spoken commands carried out)
            text = transcript_text(transcript)
        return self.create_note(
            text=text,
            # No title of its own: the note's opening words stand for it, so a correction
            # of those words is also the title's (CareNote.display_title).
            title=title or "",
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
            by=by,
            template=template,
            flags=flags,
        )

    def get_note(self, note_id: int) -> CareNote:
        with self._db() as conn:
            return read_note(conn, note_id)

    def save_text(
        self,
        note_id: int,
        text: str,
        expected_version: int | None = None,
        by: Staff | None = None,
    ) -> float:
        """Autosave: store the note's text now, durably. Returns the new updated_s.

        The UI calls this about a second after the caregiver stops typing; the commit
        is immediate, so a crash loses at most that last second. A sectioned note is
        saved with `save_sections`. With `expected_version`, NoteConflict if someone else
        saved the note since that version. On a server that cannot be reached, the edit
        is kept on this computer and EditKeptOffline raised (see `update_note`).
        """
        return self._kept_if_offline(
            note_id,
            expected_version,
            {"text": text},
            by,
            lambda: self._save_text(note_id, text, expected_version, by),
        )

    def _save_text(
        self, note_id: int, text: str, expected_version: int | None, by: Staff | None
    ) -> float:
        now = self.clock()
        with self._transaction() as conn:
            who = self._acting(conn, by)
            note = read_note(conn, note_id)
            check_edit(who, note)
            if note.sections:
                raise NotesError(f"Note {note_id} has sections; save them one by one.")
            guarded_update(
                conn,
                note,
                {"body": text, "updated_s": now, "updated_by": self._saver(who)}
                | _title_follows_text(note),
                expected_version,
                {"text": text},
            )
            audit.append(conn, who, "edited", note_id, self._now_ms())
        return now

    def save_sections(
        self,
        note_id: int,
        texts: Sequence[str],
        by: Staff | None = None,
        expected_version: int | None = None,
    ) -> CareNote:
        """Autosave of a sectioned note: each section's text, in order.

        On a server that cannot be reached, kept on this computer like `save_text`.
        """
        return self._kept_if_offline(
            note_id,
            expected_version,
            {"sections": list(texts)},
            by,
            lambda: self._save_sections(note_id, texts, by, expected_version),
        )

    def _save_sections(
        self,
        note_id: int,
        texts: Sequence[str],
        by: Staff | None,
        expected_version: int | None,
    ) -> CareNote:
        with self._transaction() as conn:
            who = self._acting(conn, by)
            note = read_note(conn, note_id)
            check_edit(who, note)
            own = section_texts([s.heading for s in note.sections], list(texts))
            guarded_update(
                conn,
                note,
                {
                    "body": joined_text(own),
                    "updated_s": self.clock(),
                    "updated_by": self._saver(who),
                }
                | _title_follows_text(note),
                expected_version,
                {"sections": list(texts)},
            )
            write_sections(conn, note_id, own)
            audit.append(conn, who, "edited", note_id, self._now_ms())
            return read_note(conn, note_id)

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
        flags=_UNSET,
        by=None,  # Staff | None; untyped like the fields, which callers pass as **dict
        expected_version: int | None = None,
    ) -> CareNote:
        """Change the given fields of a draft (others stay as they are); returns the saved note.

        On a server that cannot be reached, an edit with `expected_version` of the text,
        title or tags is kept on this computer and EditKeptOffline raised; it is sent
        by `send_offline_edits` (the next save of the note from this store sends it too).
        """
        fields = {"text": text, "title": title, "tags": tags}
        edit = {k: list(v) if k == "tags" else v for k, v in fields.items() if v is not _UNSET}
        return self._kept_if_offline(
            note_id,
            expected_version,
            edit,
            by,
            lambda: self._update_note(
                note_id,
                text=text,
                title=title,
                resident=resident,
                author=author,
                language=language,
                audio_path=audio_path,
                tags=tags,
                flags=flags,
                by=by,
                expected_version=expected_version,
            ),
        )

    def _kept_if_offline(self, note_id, expected_version, edit, by, save):
        """Run `save`; if the server is gone, keep `edit` on this computer (EditKeptOffline)."""
        try:
            saved = save()
        except ServerUnavailable as exc:
            if self.server is None or expected_version is None or not edit:
                raise
            waiting = self.offline.waiting(self.location, note_id)
            based_on = waiting.expected_version if waiting else expected_version
            if by is not None and not by.is_single_user:
                edit = {**edit, "by": [by.id, by.name, by.role]}
            self.offline.keep(self.location, note_id, based_on, edit, self._owner)
            raise EditKeptOffline(
                f"{exc} Your edit is kept on this computer and will be saved when the "
                "server is back."
            ) from None
        if self.server is not None:  # this save carried this store's own kept edit
            self.offline.forget(self.location, note_id, self._owner)
        return saved

    def send_offline_edits(self) -> tuple[list[CareNote], list[NoteConflict]]:
        """Send the edits kept while the server was gone: (saved notes, conflicts).

        A conflict stays kept until it is settled (`carevoice.notes.conflicts.resolve`,
        then `offline.forget`), so closing the app first loses nothing either.
        ServerUnavailable if the server is still gone.
        """
        saved: list[CareNote] = []
        conflicts: list[NoteConflict] = []
        if self.server is None:
            return saved, conflicts
        for edit in self.offline.pending(self.location):
            fields = dict(edit.fields)
            by_fields = fields.pop("by", None)
            by = Staff(*by_fields) if isinstance(by_fields, list) else None
            sections = fields.pop("sections", None)
            try:
                version = edit.expected_version
                note = None
                if isinstance(sections, list):
                    note = self._save_sections(edit.note_id, sections, by, version)
                    version = note.version  # the fields below follow on from it
                if fields or note is None:
                    note = self._update_note(
                        edit.note_id, **fields, by=by, expected_version=version
                    )
                saved.append(note)
                self.offline.forget(self.location, edit.note_id)
            except NoteConflict as conflict:
                conflicts.append(conflict)
            except NoteNotFound:  # deleted on the server meanwhile: keep the text as a note
                parts = [str(t) for t in sections] if isinstance(sections, list) else []
                text = fields.get("text", "\n\n".join(parts))
                saved.append(self.create_note(text=str(text), title=str(fields.get("title", ""))))
                self.offline.forget(self.location, edit.note_id)
        return saved, conflicts

    def _update_note(
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
        flags=_UNSET,
        by=None,
        expected_version: int | None = None,
    ) -> CareNote:
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
            who = self._acting(conn, by)
            note = read_note(conn, note_id)
            check_edit(who, note)
            if "author" in changes and not who.is_single_user:
                raise NotesError("The author of a note is whoever wrote it; it cannot be changed.")
            own = note.sections
            if "body" in changes and note.sections:
                # The editor's one text, `## Heading` lines between the sections.
                texts = texts_from_editable(str(changes["body"]), [s.heading for s in own])
                own = section_texts([s.heading for s in own], texts)
                changes["body"] = joined_text(own)
            if "body" in changes and "title" not in changes:
                changes |= _title_follows_text(note)
            if resident is not _UNSET:
                resident_id = resident_id_of(resident)
                changes["resident_id"] = resident_id
                if resident_id is not None:
                    require_resident(conn, resident_id)
            changes["updated_s"] = self.clock()
            changes["updated_by"] = self._saver(who)
            yours = {"text": text, "title": title, "tags": tags}
            guarded_update(
                conn,
                note,
                changes,
                expected_version,
                {k: v for k, v in yours.items() if v is not _UNSET},
            )
            details: dict[str, object] = {}
            if own is not note.sections:
                write_sections(conn, note_id, own)
            if tags is not _UNSET:
                write_note_tags(conn, note_id, tags)
            if flags is not _UNSET:
                marked = write_flags(conn, note_id, flags, note.sections)
                details["flags"] = [f.label for f in marked]
                audit.append(conn, who, "flagged", note_id, self._now_ms(), details)
            else:
                audit.append(conn, who, "edited", note_id, self._now_ms())
            return read_note(conn, note_id)

    def set_flags(
        self,
        note_id: int,
        flags: Iterable[str | NoteFlag],
        by: Staff | None = None,
        expected_version: int | None = None,
    ) -> CareNote:
        """Replace a draft's flags (`fall`, or `fall@Mobility` for one section)."""
        return self.update_note(note_id, flags=flags, by=by, expected_version=expected_version)

    def sign_note(
        self, note_id: int, by: Staff | None = None, expected_version: int | None = None
    ) -> CareNote:
        """Sign a draft: from now on it cannot be changed (corrections are addenda)."""
        with self._transaction() as conn:
            who = self._acting(conn, by)
            note = read_note(conn, note_id)
            check_sign(who, note)
            now_ms = self._now_ms()
            guarded_update(
                conn,
                note,
                {
                    "status": "signed",
                    "signed_ms": now_ms,
                    "signed_by": who.id,
                    "updated_by": self._saver(who),
                },
                expected_version,
            )
            audit.append(
                conn,
                who,
                "signed",
                note_id,
                now_ms,
                {"version": note.version + 1, "content_sha256": content_hash(note)},
            )
            return read_note(conn, note_id)

    def add_addendum(
        self,
        note_id: int,
        text: str,
        by: Staff | None = None,
        flags: Iterable[str | NoteFlag] = (),
        source: str = "typed",
    ) -> CareNote:
        """A correction or later word on a signed note: a new, signed note that refers to it,
        with its own author and time."""
        text = (text or "").strip()
        if not text:
            raise NotesError("An addendum needs some text.")
        if source not in SOURCES:
            raise NotesError(f"Unknown note source {source!r}; use one of {', '.join(SOURCES)}.")
        with self._transaction() as conn:
            who = self._acting(conn, by)
            original = read_note(conn, note_id)
            check_addendum(who, original)
            now, now_ms = self.clock(), self._now_ms()
            addendum_id = next_note_id(conn)
            conn.execute(
                "INSERT INTO notes (id, resident_id, author, author_id, created_s, updated_s, "
                "title, body, language, source, addendum_to) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    addendum_id,
                    original.resident_id,
                    who.name,
                    who.id,
                    now,
                    now,
                    f"Addendum to note {note_id}",
                    text,
                    original.language,
                    source,
                    note_id,
                ),
            )
            marked = write_flags(conn, addendum_id, flags, ())
            conn.execute(
                "UPDATE notes SET status = 'signed', signed_ms = ?, signed_by = ?, "
                "version = version + 1 WHERE id = ? AND status = 'draft'",
                (now_ms, who.id, addendum_id),
            )
            details: dict[str, object] = {"addendum_to": note_id}
            if marked:
                details["flags"] = [f.label for f in marked]
            audit.append(conn, who, "created", addendum_id, now_ms, details)
            audit.append(conn, who, "addendum", note_id, now_ms, {"addendum": addendum_id})
            return read_note(conn, addendum_id)

    def addenda(self, note_id: int) -> list[CareNote]:
        with self._db() as conn:
            rows = conn.execute(
                f"{NOTE_SELECT} WHERE n.addendum_to = ? ORDER BY n.id", (note_id,)
            ).fetchall()
            return notes_from_rows(conn, rows)

    def delete_note(self, note_id: int, by: Staff | None = None) -> None:
        """Delete a draft (signed notes stay for good); the audit keeps that it was there."""
        with self._transaction() as conn:
            who = self._acting(conn, by)
            note = read_note(conn, note_id)
            check_delete(who, note)
            conn.execute("DELETE FROM notes WHERE id = ? AND status = 'draft'", (note_id,))
            audit.append(
                conn, who, "deleted", note_id, self._now_ms(), {"title": note.display_title}
            )

    def list_notes(
        self,
        resident: Resident | int | None = None,
        since: When | None = None,
        until: When | None = None,
        tag: str | None = None,
        limit: int | None = None,
        oldest_first: bool = False,
        flag: str | None = None,
        status: str | None = None,
    ) -> list[CareNote]:
        """Notes, newest first, filtered by resident, creation time, tag, flag and status.

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
        if flag is not None:
            where.append("n.id IN (SELECT f.note_id FROM note_flags f WHERE f.flag = ?)")
            params.append(flag_name(flag))
        if status is not None:
            if status not in STATUSES:
                raise NotesError(f"Unknown status {status!r}; use draft or signed.")
            where.append("n.status = ?")
            params.append(status)
        order = "ASC" if oldest_first else "DESC"
        sql = f"{NOTE_SELECT} {where_clause(where)} ORDER BY n.created_s {order}, n.id {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._db() as conn:
            return notes_from_rows(conn, conn.execute(sql, params).fetchall())

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
        if self.server is not None:
            from carevoice.notes.backends.pg_search import search_notes
        else:
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

    def backup(self, path: str | os.PathLike, by: Staff | None = None) -> Path:
        """Copy every note, resident, term, staff record and audit entry into one file
        (see carevoice.notes.backup); the audit says who made it, in the backup too."""
        from carevoice.notes.backup import write_backup

        with self._transaction() as conn:
            who = self._acting(conn, by)
            audit.append(conn, who, "backup", None, self._now_ms(), {"file": str(path)})
        with self._db() as conn:
            if self.server is not None:  # the same file format: either restores into the other
                from carevoice.notes.backends import transfer

                return transfer.write_backup(cast("PgConnection", conn), Path(path))
            return write_backup(conn, Path(path))

    def restore(self, path: str | os.PathLike, by: Staff | None = None) -> BackupInfo:
        """Replace everything in the store with a backup's contents, in one transaction.

        The current contents are first saved beside the database as
        `notes-before-restore.carevoice-backup`. Raises BackupError, in plain words, for
        a file that is not a Care Voice backup.
        """
        from carevoice.notes.backup import BEFORE_RESTORE, restore_backup

        with self._db() as conn:
            who = self._acting(conn, by)
            check_manage(who, "restore a backup")
            before = audit.entries(conn)[-1:]
            if self.server is not None:
                from carevoice.notes.backends import transfer

                info = transfer.restore_backup(
                    cast("PgConnection", conn), Path(path), self.safety_dir
                )
            else:
                info = restore_backup(conn, Path(path), self.safety_dir)
                schema.migrate(conn)
            # The backup's audit trail carries on; this entry says what replaced what.
            details: dict[str, object] = {
                "file": str(path),
                "notes": info.notes,
                "before_restore": str(self.safety_dir / BEFORE_RESTORE),
            }
            if before:
                details["last_entry_before"] = {"seq": before[0].seq, "hash": before[0].hash}
            restorer = who
            if (
                not who.is_single_user
                and conn.execute(
                    "SELECT 1 FROM staff WHERE id = ? AND name = ?", (who.id, who.name)
                ).fetchone()
                is None
            ):
                restorer = Staff(None, who.name, who.role)  # not on the restored staff list
            conn.execute("BEGIN IMMEDIATE")
            try:
                audit.append(conn, restorer, "restore", None, self._now_ms(), details)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return info

    # ------------------------------------------------------------ checks

    @property
    def schema_version(self) -> int:
        with self._db() as conn:
            if self.server is not None:
                from carevoice.notes.backends import postgres

                return postgres.version_of(cast("PgConnection", conn))
            return schema.version_of(conn)

    def integrity_check(self) -> str:
        """Returns "ok", or a description of the damage (the search index included)."""
        with self._db() as conn:
            if self.server is not None:
                from carevoice.notes.backends import postgres

                return postgres.check_integrity(cast("PgConnection", conn))
            return check_integrity(conn)


def _wait_words(ms: int) -> str:
    seconds = max(1, round(ms / 1000))
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


def _title_follows_text(note: CareNote) -> dict[str, object]:
    """A title that is only the note's opening words (as earlier versions saved them)
    follows the text once it is edited, or it would keep the words a correction fixed."""
    return {"title": ""} if note.title and note.title == default_title(note.text) else {}

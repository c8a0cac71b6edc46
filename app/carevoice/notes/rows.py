"""Notes and residents as database rows: the note query, and rows and values to dataclasses."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, replace
from typing import overload

from carevoice.engine.transcript import Segment, Word
from carevoice.notes.records import CareNote, NoteFlag, NotesError, NoteText, Resident

# Every note column, its resident's name, and its tags joined by \x1f (unit separator).
NOTE_SELECT = (
    "SELECT n.*, r.name AS resident_name, "
    "(SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM note_tags nt "
    "JOIN tags t ON t.id = nt.tag_id WHERE nt.note_id = n.id ORDER BY t.name COLLATE NOCASE) AS "
    "note_tag_names) AS tag_names, sb.name AS signed_by_name, tp.name AS template_name "
    "FROM notes n LEFT JOIN residents r ON r.id = n.resident_id "
    "LEFT JOIN staff sb ON sb.id = n.signed_by LEFT JOIN templates tp ON tp.id = n.template_id"
)
_CHUNK = 500  # ids per IN (...) list, well under any database's parameter limit


def note_from_row(row: sqlite3.Row) -> CareNote:
    return CareNote(
        id=row["id"],
        resident_id=row["resident_id"],
        resident_name=row["resident_name"],
        author=row["author"],
        title=row["title"],
        text=row["body"],
        language=row["language"],
        source=row["source"],
        audio_path=row["audio_path"],
        duration_s=row["duration_s"],
        segments=segments_from_json(row["segments_json"]),
        model=row["model"],
        device=row["device"],
        compute_type=row["compute_type"],
        created_s=row["created_s"],
        updated_s=row["updated_s"],
        tags=tuple(row["tag_names"].split("\x1f")) if row["tag_names"] else (),
        author_id=row["author_id"],
        status=row["status"],
        signed_s=row["signed_ms"] / 1000 if row["signed_ms"] is not None else None,
        signed_by=row["signed_by_name"],
        version=row["version"],
        updated_by=row["updated_by"],
        template_id=row["template_id"],
        template_name=row["template_name"],
        addendum_to=row["addendum_to"],
    )


def notes_from_rows(conn: sqlite3.Connection, rows: Iterable[sqlite3.Row]) -> list[CareNote]:
    """The notes of `rows`, with their sections, flags and addenda (a few queries in all)."""
    notes = [note_from_row(row) for row in rows]
    ids = [n.id for n in notes]
    sections: dict[int, list[NoteText]] = {}
    flags: dict[int, list[NoteFlag]] = {}
    addenda: dict[int, list[int]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for note_id, heading, body in conn.execute(
            f"SELECT note_id, heading, body FROM note_sections WHERE note_id IN ({marks}) "
            "ORDER BY note_id, position",
            chunk,
        ):
            sections.setdefault(note_id, []).append(NoteText(heading, body))
        for note_id, flag, section in conn.execute(
            f"SELECT note_id, flag, section FROM note_flags WHERE note_id IN ({marks}) "
            "ORDER BY note_id, coalesce(section, -1), flag",
            chunk,
        ):
            flags.setdefault(note_id, []).append(NoteFlag(flag, section))
        for note_id, addendum_id in conn.execute(
            f"SELECT addendum_to, id FROM notes WHERE addendum_to IN ({marks}) ORDER BY id",
            chunk,
        ):
            addenda.setdefault(note_id, []).append(addendum_id)
    result = []
    for note in notes:
        own = tuple(sections.get(note.id, ()))
        marked = tuple(
            NoteFlag(
                f.flag,
                f.section,
                own[f.section].heading if f.section is not None and f.section < len(own) else None,
            )
            for f in flags.get(note.id, ())
        )
        result.append(
            replace(note, sections=own, flags=marked, addenda=tuple(addenda.get(note.id, ())))
        )
    return result


def resident_from_row(row: sqlite3.Row) -> Resident:
    return Resident(row["id"], row["name"], row["external_id"], row["created_s"])


@overload
def resident_id_of(resident: Resident | int) -> int: ...
@overload
def resident_id_of(resident: Resident | int | None) -> int | None: ...
def resident_id_of(resident: Resident | int | None) -> int | None:
    """The resident's number, whether given a Resident or the number itself."""
    if resident is None or isinstance(resident, int):
        return resident
    if isinstance(resident, Resident):
        return resident.id
    raise TypeError(f"expected a Resident, a resident number or None, not {resident!r}")


def required_text(text: str, message: str) -> str:
    """`text` stripped; NotesError(message) when nothing is left."""
    text = (text or "").strip()
    if not text:
        raise NotesError(message)
    return text


def optional_text(text: str | None) -> str | None:
    """`text` stripped, or None for a blank one."""
    return (text or "").strip() or None


def segments_to_json(segments: Iterable[Segment]) -> str:
    return json.dumps([asdict(s) for s in segments], ensure_ascii=False, allow_nan=True)


def segments_from_json(text: str) -> tuple[Segment, ...]:
    return segments_from_data(json.loads(text or "[]"))


def segments_from_data(items: list[dict]) -> tuple[Segment, ...]:
    """Segments from their JSON-ready dicts (a database row's, or an export's)."""
    return tuple(
        Segment(**{**s, "words": tuple(Word(**w) for w in s.get("words", ()))}) for s in items
    )

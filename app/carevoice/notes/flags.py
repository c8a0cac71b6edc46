"""Flags on a note or one of its sections (a fall, refused medication...), shown first in the
handover and searchable. A flag is a short lower-case name; `fall@Mobility` puts one on
the note's Mobility section."""

from __future__ import annotations

import re

from carevoice.notes.records import NoteFlag, NotesError, NoteText

# The usual ones, offered first in the window; any other short name works too.
COMMON_FLAGS = ("fall", "refused-medication", "skin", "behaviour", "nurse-review")


def flag_name(text: str) -> str:
    name = re.sub(r"\s+", "-", (text or "").strip().lower())
    if not name or len(name) > 40 or "@" in name:
        raise NotesError(f"{text!r} is not a flag name (a short word such as fall or skin).")
    return name


def parse_flag(spec: str | NoteFlag, sections: tuple[NoteText, ...]) -> NoteFlag:
    """`fall`, or `fall@Mobility` (a section's heading, any case, or its number from 1)."""
    if isinstance(spec, NoteFlag):
        return NoteFlag(flag_name(spec.flag), spec.section, _heading(spec.section, sections))
    name, _, where = spec.partition("@")
    if not where.strip():
        return NoteFlag(flag_name(name), None, None)
    where = where.strip()
    for position, section in enumerate(sections):
        if section.heading.lower() == where.lower():
            return NoteFlag(flag_name(name), position, section.heading)
    if where.isdigit() and 1 <= int(where) <= len(sections):
        position = int(where) - 1
        return NoteFlag(flag_name(name), position, sections[position].heading)
    headings = ", ".join(s.heading for s in sections) or "none: it is a free note"
    raise NotesError(f"The note has no section {where!r} (its sections: {headings}).")


def _heading(position: int | None, sections: tuple[NoteText, ...]) -> str | None:
    if position is None:
        return None
    if not 0 <= position < len(sections):
        raise NotesError(f"The note has no section {position + 1}.")
    return sections[position].heading

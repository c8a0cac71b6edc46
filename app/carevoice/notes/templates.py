"""Note templates (named sections, kept in the database) and splitting dictated text into them.

A spoken "next section" (or 「下一段」) ends one section and starts the next; the
words themselves are not kept. A note copies its template's headings when it is made,
so a template edited later changes no existing note.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from carevoice.notes.records import NotesError, NoteText

DAILY_CARE = "daily-care"
FREE = "free"
# The spoken command, with whatever punctuation the model put around it.
NEXT_SECTION = re.compile(
    r"[\s,，、]*(?:\bnext\s+section\b|下一段)[\s,.;:!?，。；：！？、]*", re.IGNORECASE
)


class TemplateNotFound(NotesError, LookupError):
    pass


@dataclass(frozen=True)
class Template:
    id: int
    builtin: str | None  # "daily-care", "free", or None for a manager's own
    name: str
    headings: tuple[str, ...]  # empty: one free text
    active: bool = True


def split_sections(text: str, count: int) -> list[str]:
    """`text` cut at each spoken "next section", into `count` parts (the last one takes
    whatever is said after the last heading is reached)."""
    parts = [p.strip() for p in NEXT_SECTION.split(text)]
    if count <= 0:
        return []
    if len(parts) > count:
        parts = [*parts[: count - 1], " ".join(p for p in parts[count - 1 :] if p)]
    return parts + [""] * (count - len(parts))


def strip_command(text: str) -> tuple[str, int]:
    """The text with "next section" commands removed, and how many there were (for the
    editor, which moves the focus that many sections on)."""
    parts = NEXT_SECTION.split(text)
    return " ".join(p.strip() for p in parts if p.strip()), len(parts) - 1


def checked_headings(headings) -> tuple[str, ...]:
    cleaned = tuple(" ".join(str(h).split()) for h in headings)
    if any(not h for h in cleaned):
        raise NotesError("A section needs a heading.")
    if len({h.lower() for h in cleaned}) != len(cleaned):
        raise NotesError("Two sections of a template cannot have the same heading.")
    return cleaned


def read_templates(conn: sqlite3.Connection, include_inactive: bool = False) -> list[Template]:
    rows = conn.execute(
        "SELECT id, builtin, name, active FROM templates"
        + ("" if include_inactive else " WHERE active = 1")
        + " ORDER BY id"
    ).fetchall()
    return [_template(conn, row) for row in rows]


def read_template(conn: sqlite3.Connection, wanted: int | str) -> Template:
    """By number, built-in key ("daily-care") or name (any case)."""
    if isinstance(wanted, int) or str(wanted).isdigit():
        row = conn.execute(
            "SELECT id, builtin, name, active FROM templates WHERE id = ?", (int(wanted),)
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT id, builtin, name, active FROM templates WHERE builtin = ? "
            "OR lower(name) = lower(?) ORDER BY id LIMIT 1",
            (wanted, wanted),
        ).fetchone()
    if row is None:
        raise TemplateNotFound(f"There is no template {wanted!r}.")
    return _template(conn, row)


def write_headings(conn: sqlite3.Connection, template_id: int, headings: tuple[str, ...]) -> None:
    conn.execute("DELETE FROM template_sections WHERE template_id = ?", (template_id,))
    for position, heading in enumerate(headings):
        conn.execute(
            "INSERT INTO template_sections (template_id, position, heading) VALUES (?, ?, ?)",
            (template_id, position, heading),
        )


def _template(conn: sqlite3.Connection, row) -> Template:
    headings = tuple(
        r[0]
        for r in conn.execute(
            "SELECT heading FROM template_sections WHERE template_id = ? ORDER BY position",
            (row[0],),
        )
    )
    return Template(row[0], row[1], row[2], headings, bool(row[3]))


HEADING_MARK = "## "


def editable_text(sections) -> str:
    """A sectioned note as one text to edit: each section under a `## Heading` line."""
    return "\n\n".join(f"{HEADING_MARK}{s.heading}\n{s.text}".rstrip() for s in sections)


def texts_from_editable(text: str, headings: Sequence[str]) -> list[str]:
    """Each section's text back from `editable_text` (edited): a `## Heading` line starts
    that section; text before the first heading belongs to the first section, and a
    heading line deleted by mistake leaves its section empty rather than losing text."""
    wanted = {h.lower(): i for i, h in enumerate(headings)}
    parts: list[list[str]] = [[] for _ in headings]
    current = 0
    for line in text.splitlines():
        if line.startswith(HEADING_MARK.strip()):
            name = line.lstrip("#").strip().lower()
            if name in wanted:
                current = wanted[name]
                continue
        if parts:
            parts[current].append(line)
    return ["\n".join(p).strip() for p in parts]


def section_at(text: str, cursor: int, headings: Sequence[str]) -> int:
    """The section of `editable_text` (edited) that position `cursor` is in: the last
    `## Heading` line starting at or before it (text before the first heading: the first)."""
    wanted = {h.lower(): i for i, h in enumerate(headings)}
    current, start = 0, 0
    for line in text.splitlines(keepends=True):
        if start > cursor:
            break
        if line.startswith(HEADING_MARK.strip()):
            current = wanted.get(line.lstrip("#").strip().lower(), current)
        start += len(line)
    return current


def dictated_into(
    text: str, cursor: int, headings: Sequence[str], dictated: str
) -> tuple[str, int]:
    """`text` (a note as `editable_text`, or a note without sections when `headings` is
    empty) with `dictated` added, and the cursor position after the words added.

    With sections, the section under `cursor` gets the words at its end; each spoken
    "next section" moves on to the following one (the last one takes what is left). The
    cursor ends after the last words added, so the next dictation goes on from there.
    Without sections, the words go in at the cursor."""
    if not headings:
        words, _moves = strip_command(dictated)
        before, after = text[:cursor], text[cursor:]
        if not words:
            return text, cursor
        left = " " if before and not before[-1].isspace() else ""
        right = " " if after and not after[0].isspace() else ""
        added = left + words + right
        return before + added + after, len(before) + len(left) + len(words)
    first = section_at(text, cursor, headings)
    texts = texts_from_editable(text, headings)
    parts = split_sections(dictated, len(headings) - first)
    last = first
    for offset, part in enumerate(parts):
        if part:
            index = first + offset
            texts[index] = f"{texts[index]} {part}".strip() if texts[index] else part
            last = index
    sections = [NoteText(h, t) for h, t in zip(headings, texts, strict=True)]
    new_text = editable_text(sections)
    # After the last section written to: the end of its text, before the next heading.
    end = len(editable_text(sections[: last + 1]))
    return new_text, end

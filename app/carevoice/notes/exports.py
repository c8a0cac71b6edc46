"""Note exports: one note or a resident's notes over a date range, as TXT, DOCX, SRT, VTT
or JSON, written atomically and readable only by the user (they are health data).

What a document shows (a heading, the details, the text) is decided once, in
`sections()`; TXT, DOCX and the PDF (carevoice.ui.notes.pdf_export, which needs Qt) all
render that. SRT and VTT are the recording's timed segments of one note, made by
carevoice.export; JSON holds everything, segments included, and reads back with
`read_json`.

The words around the note's own text ("Resident", "Status", "Signed by ...") are
carevoice.phrases Phrases: English as they are, and each renderer takes a `say` that
turns them into the reader's language (the window passes carevoice.ui.i18n.say; the
command line keeps English).
"""

from __future__ import annotations

import io
import json
import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from carevoice import export
from carevoice.fileio import atomic_write_bytes, atomic_write_text
from carevoice.notes.records import CareNote, NoteFlag, NotesError, NoteText
from carevoice.notes.rows import segments_from_data
from carevoice.phrases import Phrase, joined

NOTE_FORMATS = ("txt", "docx", "pdf", "srt", "vtt", "json")
TIMED_FORMATS = ("srt", "vtt")  # one note's recording, cue by cue
JSON_FORMAT = "care-voice-notes"
JSON_VERSION = 1
_SOURCE_LABELS = {
    "dictation": Phrase("Dictation"),
    "file": Phrase("Transcribed file"),
    "typed": Phrase("Typed"),
}
# What a renderer is given to put a Phrase in the reader's language; `str` keeps English.
Say = Callable[[str], str]
# A font with Traditional Chinese glyphs that Word has on Windows and macOS; Word falls
# back by itself where it is missing, so naming it only improves the first choice.
DOCX_EAST_ASIA_FONT = "Microsoft JhengHei"


@dataclass(frozen=True)
class NoteSection:
    """One note as a document shows it."""

    heading: str
    details: tuple[tuple[str, str], ...]  # (label, value), in reading order
    paragraphs: tuple[str, ...]
    # A template note's sections: (heading, its paragraphs), after `paragraphs`.
    parts: tuple[tuple[str, tuple[str, ...]], ...] = ()


def sections(notes: Sequence[CareNote], say: Say = str) -> list[NoteSection]:
    """What a document shows of each note, its words said with `say`."""
    return [_said(_section(note), say) for note in notes]


def document_title(notes: Sequence[CareNote], say: Say = str) -> str:
    if len(notes) == 1:
        return _heading(notes[0])
    residents = sorted({n.resident_name for n in notes if n.resident_name})
    title: str = (
        Phrase("Care notes: {residents}", residents=", ".join(residents))
        if residents
        else Phrase("Care notes")
    )
    if notes:
        first = min(n.created_s for n in notes)
        last = max(n.created_s for n in notes)
        span = (
            _day(first)
            if _day(first) == _day(last)
            else Phrase("{first} to {last}", first=_day(first), last=_day(last))
        )
        title = Phrase("{title} ({span})", title=title, span=span)
    return say(title)


# ---------------------------------------------------------------- renderers


def render_txt(notes: Sequence[CareNote], say: Say = str) -> str:
    blocks = []
    for section in sections(notes, say):
        lines = [section.heading, "=" * min(len(section.heading), 60)]
        lines += [f"{label}: {value}" for label, value in section.details]
        lines.append("")
        lines += [paragraph + "\n" for paragraph in section.paragraphs]
        for heading, paragraphs in section.parts:
            lines += [heading, "-" * min(_width(heading), 60)]
            lines += [paragraph + "\n" for paragraph in paragraphs] or ["-\n"]
        blocks.append("\n".join(lines).rstrip("\n") + "\n")
    return "\n\n".join(blocks)


def render_docx(notes: Sequence[CareNote], say: Say = str) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    properties = document.core_properties
    properties.title = document_title(notes, say)
    properties.author = "Care Voice"
    properties.last_modified_by = "Care Voice"
    properties.comments = ""
    properties.created = properties.modified = datetime.now()
    normal = document.styles["Normal"]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_EAST_ASIA_FONT)
    if len(notes) > 1:
        document.add_heading(document_title(notes, say), level=0)
    for section in sections(notes, say):
        document.add_heading(section.heading, level=1)
        for label, value in section.details:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        for text in section.paragraphs:
            document.add_paragraph(text)
        for heading, paragraphs in section.parts:
            document.add_heading(heading, level=2)
            for text in paragraphs or ("-",):
                document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_timed(note: CareNote, fmt: str) -> str:
    """SRT or VTT of the note's recording; NotesError for a note without timed segments."""
    if not note.segments:
        raise NotesError(
            f"Note {note.id} has no timed segments (it was typed), so it cannot be "
            f"exported as {fmt.upper()}; choose TXT, DOCX, PDF or JSON."
        )
    return export.render(note.to_transcript(), fmt)


def render_json(notes: Sequence[CareNote]) -> str:
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported": datetime.now().astimezone().isoformat(timespec="seconds"),
        "notes": [_note_dict(note) for note in notes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def read_json(text: str) -> list[CareNote]:
    """The notes of a Care Voice notes JSON export (ValueError if it is not one)."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise ValueError("This is not a Care Voice notes export.")
    notes = []
    for item in data["notes"]:
        resident = item.get("resident") or {}
        notes.append(
            CareNote(
                id=item["id"],
                resident_id=resident.get("id"),
                resident_name=resident.get("name"),
                author=item["author"],
                title=item["title"],
                text=item["text"],
                language=item["language"],
                source=item["source"],
                audio_path=item["audio_path"],
                duration_s=item["duration_s"],
                segments=segments_from_data(item["segments"]),
                model=item["model"],
                device=item["device"],
                compute_type=item["compute_type"],
                created_s=item["created_s"],
                updated_s=item["updated_s"],
                tags=tuple(item["tags"]),
                version=item.get("version", 1),  # exports before version 3 have neither
                updated_by=item.get("updated_by", ""),
                # Exports before database version 4 have none of these.
                author_id=item.get("author_id"),
                status=item.get("status", "draft"),
                signed_s=item.get("signed_s"),
                signed_by=item.get("signed_by"),
                template_name=item.get("template"),
                sections=tuple(NoteText(s["heading"], s["text"]) for s in item.get("sections", ())),
                flags=tuple(
                    NoteFlag(f["flag"], f.get("section"), f.get("heading"))
                    for f in item.get("flags", ())
                ),
                addendum_to=item.get("addendum_to"),
                addenda=tuple(item.get("addenda", ())),
            )
        )
    return notes


def render(notes: Sequence[CareNote], fmt: str, say: Say = str) -> str | bytes:
    """The export's content: text for txt, srt, vtt and json, bytes for docx; the labels
    of TXT and DOCX said with `say`.

    PDF needs Qt and lives in carevoice.ui.notes.pdf_export.
    """
    notes = list(notes)
    if not notes:
        raise NotesError("There are no notes to export.")
    if fmt == "pdf":
        raise NotesError("PDF export is made by carevoice.ui.notes.pdf_export (it needs Qt).")
    if fmt in TIMED_FORMATS:
        if len(notes) != 1:
            raise NotesError(
                f"{fmt.upper()} holds one recording; export one note at a time, or choose "
                "TXT, DOCX, PDF or JSON for several."
            )
        return render_timed(notes[0], fmt)
    if fmt == "txt":
        return render_txt(notes, say)
    if fmt == "docx":
        return render_docx(notes, say)
    if fmt == "json":
        return render_json(notes)
    raise NotesError(f"Unknown format {fmt!r}; choose from {', '.join(NOTE_FORMATS)}.")


def export_notes(
    notes: Sequence[CareNote], fmt: str, path: str | os.PathLike, say: Say = str
) -> Path:
    """Write the export to `path` atomically, mode 0600; returns the path."""
    content = render(notes, fmt, say)
    if isinstance(content, bytes):
        return atomic_write_bytes(path, content)
    return atomic_write_text(path, content)


def default_file_name(notes: Sequence[CareNote], fmt: str) -> str:
    if len(notes) == 1:
        return f"care-note-{notes[0].id}.{fmt}"
    days = sorted(_day(n.created_s) for n in notes)
    return f"care-notes-{days[0]}-to-{days[-1]}.{fmt}" if days else f"care-notes.{fmt}"


# ---------------------------------------------------------------- helpers


def _heading(note: CareNote) -> str:
    return note.display_title


def _section(note: CareNote) -> NoteSection:
    """The note's section in English; the labels and the words around values are Phrases."""
    details: list[tuple[str, str]] = [
        (Phrase("Resident"), note.resident_name or Phrase("(none)")),
        (Phrase("Date"), _time(note.created_s)),
    ]
    if note.updated_s - note.created_s >= 60:
        details.append((Phrase("Last edited"), _time(note.updated_s)))
    if note.author or note.author_id is not None:
        details.append((Phrase("Author"), note.author_label))
    if note.is_signed:
        who = note.signed_by or note.author_label
        status = (
            Phrase("Signed by {who} {when}", who=who, when=_time(note.signed_s))
            if note.signed_s is not None
            else Phrase("Signed by {who}", who=who)
        )
        details.append((Phrase("Status"), status))
    else:
        details.append((Phrase("Status"), Phrase("Draft (not signed)")))
    if note.template_name:
        details.append((Phrase("Template"), note.template_name))
    if note.addendum_to is not None:
        details.append((Phrase("Addendum to"), Phrase("note {id}", id=note.addendum_to)))
    if note.addenda:
        addenda = [Phrase("note {id}", id=n) for n in note.addenda]
        details.append((Phrase("Addenda"), joined(*addenda, separator=", ")))
    if note.flags:
        details.append((Phrase("Flags"), ", ".join(f.label for f in note.flags)))
    details.append((Phrase("Source"), _SOURCE_LABELS.get(note.source, note.source)))
    if note.language:
        details.append((Phrase("Language"), note.language))
    if note.audio_path:
        details.append((Phrase("Recording"), Path(note.audio_path).name))
    if note.model:
        on = Phrase("{model} on {device}", model=note.model, device=note.device or "?")
        details.append((Phrase("Model"), on))
    if note.tags:
        details.append((Phrase("Tags"), ", ".join(note.tags)))
    if note.sections:
        parts = tuple((s.heading, _paragraphs(s.text)) for s in note.sections)
        return NoteSection(_heading(note), tuple(details), (), parts)
    return NoteSection(_heading(note), tuple(details), _paragraphs(note.text))


def _said(section: NoteSection, say: Say) -> NoteSection:
    details = tuple((say(label), say(value)) for label, value in section.details)
    return NoteSection(section.heading, details, section.paragraphs, section.parts)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.splitlines() if p.strip())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _note_dict(note: CareNote) -> dict:
    # carevoice.export's JSON makes the segments safe for JSON (no NaN or infinity).
    transcript = json.loads(export.to_json(note.to_transcript()))
    return {
        "id": note.id,
        "resident": (
            {"id": note.resident_id, "name": note.resident_name}
            if note.resident_id is not None
            else None
        ),
        "author": note.author,
        "title": note.title,
        "text": note.text,
        "language": note.language,
        "source": note.source,
        "audio_path": note.audio_path,
        "duration_s": note.duration_s,
        "model": note.model,
        "device": note.device,
        "compute_type": note.compute_type,
        "created": note.created.isoformat(timespec="seconds"),
        "updated": note.updated.isoformat(timespec="seconds"),
        "created_s": note.created_s,
        "updated_s": note.updated_s,
        "tags": list(note.tags),
        "version": note.version,
        "updated_by": note.updated_by,
        "status": note.status,
        "author_id": note.author_id,
        "signed_s": note.signed_s,
        "signed_by": note.signed_by,
        "template": note.template_name,
        "sections": [{"heading": s.heading, "text": s.text} for s in note.sections],
        "flags": [{"flag": f.flag, "section": f.section, "heading": f.heading} for f in note.flags],
        "addendum_to": note.addendum_to,
        "addenda": list(note.addenda),
        "segments": transcript["segments"],
    }


def _time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def _day(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d")

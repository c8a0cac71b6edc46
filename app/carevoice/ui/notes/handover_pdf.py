"""The shift handover as a PDF or on paper: one page per resident (carevoice.notes.handover
decides what is on it; this only lays it out with Qt)."""

from __future__ import annotations

import html
import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from carevoice.fileio import atomic_write_bytes
from carevoice.notes.exports import Say
from carevoice.notes.handover import Handover
from carevoice.phrases import Phrase
from carevoice.ui.notes.pdf_export import document_font, ensure_gui_application


def handover_html(handover: Handover, say: Say = str) -> str:
    """The handover as HTML; its words said with `say` (the window passes
    carevoice.ui.i18n.say, the command line keeps English)."""
    words = {
        "title": say(Phrase("Handover")),
        "flagged": say(Phrase("Flagged")),
        "notes": say(Phrase("Notes")),
        "drafts": say(Phrase("Drafts (not signed yet)")),
        "draft": say(Phrase("draft")),
        "nothing": say(Phrase("Nothing was written in this time.")),
        "no_resident": say(Phrase("(no resident)")),
    }
    span = f"{_time(handover.since_s)} – {_time(handover.until_s)}"
    parts = [f"<h1>{html.escape(words['title'])}: {span}</h1>"]
    if not handover.residents:
        parts.append(f"<p>{html.escape(words['nothing'])}</p>")
    for index, resident in enumerate(handover.residents):
        style = ' style="page-break-before: always"' if index else ""
        name = resident.resident_name or words["no_resident"]
        parts.append(f"<h2{style}>{html.escape(name)}</h2>")
        if resident.flagged:
            parts.append(f"<h3>{html.escape(words['flagged'])}</h3><ul>")
            for item in resident.flagged:
                state = "" if item.note.is_signed else f" <i>({html.escape(words['draft'])})</i>"
                parts.append(
                    f"<li><b>{html.escape(item.flag.label)}</b> — {_meta(item.note, say)}"
                    f"{state}: {html.escape(item.text)}</li>"
                )
            parts.append("</ul>")
        for key, notes in (("notes", resident.signed), ("drafts", resident.drafts)):
            if notes:
                parts.append(f"<h3>{html.escape(words[key])}</h3><ul>")
                for note in notes:
                    parts.append(f"<li>{_meta(note, say)}: {html.escape(_text(note))}</li>")
                parts.append("</ul>")
    return "\n".join(parts)


def build_document(handover: Handover, say: Say = str) -> QTextDocument:
    ensure_gui_application()
    document = QTextDocument()
    document.setDefaultFont(document_font())
    document.setHtml(handover_html(handover, say))
    return document


def render_pdf(handover: Handover, say: Say = str) -> bytes:
    document = build_document(handover, say)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle(say(Phrase("Care Voice handover")))
    writer.setCreator("Care Voice")
    document.print_(writer)
    del writer
    data = bytes(buffer.data())
    buffer.close()
    return data


def export_pdf(handover: Handover, path: str | os.PathLike, say: Say = str) -> Path:
    return atomic_write_bytes(path, render_pdf(handover, say))


def _meta(note, say: Say) -> str:
    when = datetime.fromtimestamp(note.created_s).strftime("%H:%M")
    number = say(Phrase("note {id}", id=note.id))
    return html.escape(f"{number}, {when}, {note.author_label}")


def _text(note) -> str:
    if note.sections:
        return " / ".join(f"{s.heading}: {s.text}" for s in note.sections if s.text.strip())
    return " ".join(note.text.split())


def _time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")

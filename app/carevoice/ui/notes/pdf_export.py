"""PDF export and printing of care notes, through Qt's own writer (QTextDocument + QPdfWriter).

The content is carevoice.notes.exports' `sections()`, the same as the TXT and DOCX
exports; only the rendering is here, because it needs Qt. Chinese text needs a font with
CJK glyphs: the document's default font lists CJK families after the UI font, so Qt
embeds one (WenQuanYi Micro Hei on Debian, from fonts-wqy-microhei) for those characters.
Works headless: without a running app it starts a QGuiApplication on the offscreen platform.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from carevoice.fileio import atomic_write_bytes
from carevoice.notes.exports import Say, document_title, sections
from carevoice.notes.store import CareNote, NotesError

# Tried in order for characters the UI font lacks: Debian's package, then what Linux
# desktops, Windows and macOS ship for Traditional Chinese.
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "Microsoft JhengHei",
    "PingFang TC",
)
FONT_POINTS = 11.0
_headless_app: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or an offscreen one for the command line and tests."""
    global _headless_app
    # cast: instance() is typed as the base class; Care Voice only makes GUI applications.
    app = cast("QGuiApplication | None", QGuiApplication.instance())
    if app is None:
        # Passed as an argument, not through QT_QPA_PLATFORM, to leave the environment
        # of anything this process starts later as it was.
        _headless_app = app = QGuiApplication(["care-voice", "-platform", "offscreen"])
    return app


def document_font() -> QFont:
    """The UI's font, falling back to CJK families for Chinese characters."""
    base = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font = QFont(base)
    families = [base.family(), *CJK_FAMILIES]
    font.setFamilies(list(dict.fromkeys(f for f in families if f)))
    font.setPointSizeF(FONT_POINTS)
    return font


def notes_html(notes: Sequence[CareNote], say: Say = str) -> str:
    parts = []
    if len(notes) > 1:
        parts.append(f"<h1>{html.escape(document_title(notes, say))}</h1>")
    for section in sections(notes, say):
        parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        details = "<br/>".join(
            f"<b>{html.escape(label)}:</b> {html.escape(value)}" for label, value in section.details
        )
        parts.append(f"<p>{details}</p>")
        parts += [f"<p>{html.escape(text)}</p>" for text in section.paragraphs]
        for heading, paragraphs in section.parts:
            parts.append(f"<h3>{html.escape(heading)}</h3>")
            parts += [f"<p>{html.escape(text)}</p>" for text in paragraphs or ("-",)]
    return "\n".join(parts)


def build_document(notes: Sequence[CareNote], say: Say = str) -> QTextDocument:
    """The notes laid out as a QTextDocument, ready to print or write as PDF; the labels
    said with `say` (the window passes carevoice.ui.i18n.say, the command line English)."""
    notes = list(notes)
    if not notes:
        raise NotesError("There are no notes to export.")
    ensure_gui_application()
    document = QTextDocument()
    document.setDefaultFont(document_font())
    title = document_title(notes, say)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setHtml(notes_html(notes, say))
    return document


def render_pdf(notes: Sequence[CareNote], say: Say = str) -> bytes:
    """The PDF's bytes: A4, searchable text, fonts embedded."""
    document = build_document(notes, say)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setTitle(document_title(list(notes), say))
    writer.setCreator("Care Voice")
    document.print_(writer)  # opens and ends its own painter: the PDF is complete after
    del writer
    data = bytes(buffer.data())
    buffer.close()
    return data


def export_pdf(notes: Sequence[CareNote], path: str | os.PathLike, say: Say = str) -> Path:
    """Write the notes as a PDF at `path`, atomically, mode 0600."""
    return atomic_write_bytes(path, render_pdf(notes, say))


def print_notes(notes: Sequence[CareNote], printer, say: Say = str) -> None:
    """Print on a configured QPrinter (from a QPrintDialog, or a PDF-file QPrinter)."""
    build_document(notes, say).print_(printer)


def printers_available() -> bool:
    """Whether the system has a printer set up (without one Qt can only write a PDF)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinters())


def print_with_dialog(notes: Sequence[CareNote], parent=None, say: Say = str) -> bool:
    """Ask for a printer, then print; False when the user cancelled.

    "Print to file" in the dialog is written by export_pdf, private (0600), rather than
    by Qt's printer, which leaves the file readable by everyone.
    """
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        export_pdf(notes, printer.outputFileName(), say)
        return True
    print_notes(notes, printer, say)
    return True

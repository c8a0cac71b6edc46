"""Export, print and copy for the Notes place: the open note, or the selected resident's
notes between the chosen dates, as a file (TXT, DOCX, PDF, SRT, VTT, JSON), on paper, or
on the clipboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QToolButton, QWidget

from carevoice.notes.exports import NOTE_FORMATS, TIMED_FORMATS, default_file_name, export_notes
from carevoice.notes.store import CareNote, NotesError
from carevoice.ui.file_dialogs import ask_save_path
from carevoice.ui.i18n import say
from carevoice.ui.notes import pdf_export

# What an export or a print covers: the open note, or the notes of the selected resident
# (everyone's when "All residents" is selected) between the From and To dates.
NOTE, RANGE = "note", "range"
RANGE_FORMATS = tuple(f for f in NOTE_FORMATS if f not in TIMED_FORMATS)


class NotesOutput(QObject):
    """The Notes place's Export, Print… and Copy buttons, and what they do.

    Signals:
      said(str): what happened, in plain words, for the place's status line
      exported(str): an export was written (its path)
    """

    said = Signal(str)
    exported = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        notes_for: Callable[[str], list[CareNote]],
        open_note_text: Callable[[], str | None],
    ):
        super().__init__(parent)
        self._parent = parent
        self.notes_for = notes_for  # NOTE or RANGE -> the notes, pending edits saved
        self._open_note_text = open_note_text  # None when no note is open
        self._build()

    def _build(self) -> None:
        self.export_button = QToolButton(objectName="exportNotes", text=self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self.export_button)
        self.note_export_menu = self.export_menu.addMenu(self.tr("This note"))
        self.range_export_menu = self.export_menu.addMenu(
            self.tr("The resident's notes in the date range")
        )
        for menu, scope, formats in (
            (self.note_export_menu, NOTE, NOTE_FORMATS),
            (self.range_export_menu, RANGE, RANGE_FORMATS),
        ):
            for fmt in formats:
                action = menu.addAction(f"{fmt.upper()} (.{fmt})")
                action.setData(fmt)
                action.triggered.connect(lambda _=False, f=fmt, s=scope: self.export(f, s))
        self.export_button.setMenu(self.export_menu)

        self.print_button = QToolButton(objectName="printNotes", text=self.tr("Print…"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        print_menu = QMenu(self.print_button)
        self.print_note_action = print_menu.addAction(
            self.tr("This note"), lambda: self.print_notes(NOTE)
        )
        print_menu.addAction(
            self.tr("The resident's notes in the date range"), lambda: self.print_notes(RANGE)
        )
        self.print_button.setMenu(print_menu)
        self.print_button.clicked.connect(lambda: self.print_notes(NOTE))

        self.copy_button = QPushButton(self.tr("Copy"), objectName="copyNote")
        self.copy_button.setToolTip(self.tr("Copy the note's text"))
        self.copy_button.clicked.connect(self.copy_note)

    def note_actions(self, parent: QWidget) -> list[QAction]:
        """The open note's Export ▸, Print… and Copy, for a list's context menu."""
        export = QMenu(self.tr("Export"), parent)
        export.addActions(self.note_export_menu.actions())
        print_action = QAction(self.tr("Print…"), parent)
        print_action.triggered.connect(lambda _checked=False: self.print_notes(NOTE))
        copy_action = QAction(self.tr("Copy"), parent)
        copy_action.triggered.connect(lambda _checked=False: self.copy_note())
        return [export.menuAction(), print_action, copy_action]

    def buttons(self) -> tuple[QWidget, ...]:
        return (self.export_button, self.print_button, self.copy_button)

    def set_note_open(self, has_note: bool) -> None:
        """What needs an open note is enabled only with one."""
        self.note_export_menu.setEnabled(has_note)
        self.print_note_action.setEnabled(has_note)
        self.copy_button.setEnabled(has_note)

    # -- export --------------------------------------------------------------------------
    def export(self, fmt: str, scope: str = NOTE) -> Path | None:
        """Ask where to save, then export; None if cancelled or it failed (said why)."""
        notes = self.notes_for(scope)
        if not notes:
            self.said.emit(self.tr("There are no notes to export."))
            return None
        path = self.ask_export_path(fmt, notes)
        return self.export_to(path, fmt, scope) if path is not None else None

    def ask_export_path(self, fmt: str, notes: list[CareNote]) -> Path | None:
        """The save dialog, in the folder last used (else Home)."""
        return ask_save_path(
            self._parent,
            self.tr("Export notes"),
            default_file_name(notes, fmt),
            f"{fmt.upper()} (*.{fmt})",
            "exportNotesFile",
        )

    def export_to(self, path: str | Path, fmt: str, scope: str = NOTE) -> Path | None:
        """Write the notes of `scope` to `path` as `fmt` (one of NOTE_FORMATS).

        The format's extension is added when `path` lacks it. Returns the path written,
        or None after saying why nothing was.
        """
        path = Path(path)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        notes = self.notes_for(scope)
        if not notes:
            self.said.emit(self.tr("There are no notes to export."))
            return None
        try:
            if fmt == "pdf":
                pdf_export.export_pdf(notes, path, say)
            else:
                export_notes(notes, fmt, path, say)
        except (NotesError, OSError) as exc:
            said = self.tr("Could not save {name}: {reason}")
            self.said.emit(said.format(name=path.name, reason=_reason(exc)))
            return None
        self.said.emit(self.tr("Saved {path}").format(path=path))
        self.exported.emit(str(path))
        return path

    # -- print and copy ------------------------------------------------------------------
    def print_notes(self, scope: str = NOTE) -> bool:
        """Ask for a printer and print; False if there was nothing to print or it was
        cancelled. Without a printer, ask where to write a PDF to print later (0600)."""
        notes = self.notes_for(scope)
        if not notes:
            self.said.emit(self.tr("There are no notes to print."))
            return False
        if pdf_export.printers_available():
            try:
                return pdf_export.print_with_dialog(notes, self._parent, say)
            except (NotesError, OSError) as exc:
                self.said.emit(self.tr("Could not print: {reason}").format(reason=_reason(exc)))
                return False
        path = ask_save_path(
            self._parent,
            self.tr("No printer is set up: save the notes as a PDF to print"),
            default_file_name(notes, "pdf"),
            self.tr("PDF (*.pdf)"),
            "printToFile",
        )
        if path is None:
            return False
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        try:
            pdf_export.export_pdf(notes, path, say)
        except (NotesError, OSError) as exc:
            said = self.tr("Could not save {name}: {reason}")
            self.said.emit(said.format(name=path.name, reason=_reason(exc)))
            return False
        self.said.emit(
            self.tr("No printer is set up; the notes were saved for printing as {path}").format(
                path=path
            )
        )
        self.exported.emit(str(path))
        return True

    def copy_note(self) -> None:
        """Put the open note's text on the clipboard."""
        text = self._open_note_text()
        if text is None:
            return
        QApplication.clipboard().setText(text)
        self.said.emit(self.tr("The note was copied."))


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)

"""Back up every care note into one file, and restore from one, from the Notes place.

The work is the core's (carevoice.notes.backup): a consistent copy while the app saves,
and a restore in one transaction that first keeps the notes it replaces. This module asks
for the file, asks before replacing anything, and says what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolButton, QWidget

from carevoice.notes.backup import BEFORE_RESTORE, SUFFIX, BackupInfo, check_backup
from carevoice.notes.backup import default_backup_name as core_default_backup_name
from carevoice.notes.store import NotesError, NoteStore


class NotesBackup(QObject):
    """Backup and restore for the Notes place: `button` and its menu's two actions.

    Signals: said(str), what happened in plain words; restored(), the notes were replaced
    (the place lists them again).
    """

    said = Signal(str)
    restored = Signal()

    def __init__(
        self,
        parent: QWidget,
        store: Callable[[], NoteStore],
        save_pending: Callable[[], object],
    ):
        super().__init__(parent)
        self._parent = parent
        self._store = store
        self._save_pending = save_pending  # the open note's edits belong in the backup
        self.button = QToolButton(parent, objectName="backupNotes", text=self.tr("Backup"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.back_up_action = menu.addAction(self.tr("Back up all notes…"), self.back_up)
        self.restore_action = menu.addAction(self.tr("Restore from a backup…"), self.restore)
        self.button.setMenu(menu)

    # -- backing up ----------------------------------------------------------------------
    def back_up(self) -> Path | None:
        """Ask where, then copy every note, resident and term there. Returns the file."""
        path = self.ask_backup_path(Path.home() / core_default_backup_name())
        if path is None:
            return None
        if path.is_dir():
            path = path / core_default_backup_name()
        try:
            self._save_pending()
            store = self._store()
            written = store.backup(path)
            count = store.count_notes()
        except NotesError as exc:
            self.said.emit(self.tr("No backup was made: {reason}").format(reason=exc))
            return None
        self.said.emit(self.tr("Backed up %n note(s) to {path}.", "", count).format(path=written))
        return written

    def ask_backup_path(self, suggested: Path) -> Path | None:
        """The save dialog; tests replace this."""
        name, _ = QFileDialog.getSaveFileName(
            self._parent, self.tr("Back up all notes"), str(suggested), self._file_filter()
        )
        return Path(name) if name else None

    # -- restoring -----------------------------------------------------------------------
    def restore(self) -> BackupInfo | None:
        """Ask for a backup, say what it holds and what it replaces, and restore it if the
        user agrees. Returns what was restored."""
        path = self.ask_restore_path()
        if path is None:
            return None
        try:
            info = check_backup(path)
            store = self._store()
            question = self.tr(
                "This replaces the {have} on this computer with the {notes} and {residents} "
                "in {path}. The notes from now are kept in a copy first."
            ).format(
                have=self._notes(store.count_notes()),
                notes=self._notes(info.notes),
                residents=self._residents(info.residents),
                path=path,
            )
            if not self.confirm_restore(question):
                self.said.emit(self.tr("Nothing was restored; the notes are as they were."))
                return None
            self._save_pending()  # now, so no edit made before the restore lands after it
            store.restore(path)
        except NotesError as exc:
            self.said.emit(self.tr("Nothing was restored: {reason}").format(reason=exc))
            return None
        safety = store.safety_dir / BEFORE_RESTORE
        self.said.emit(
            self.tr(
                "Restored {notes} and {residents} from {path}. The notes from before are in "
                "{safety}."
            ).format(
                notes=self._notes(info.notes),
                residents=self._residents(info.residents),
                path=path,
                safety=safety,
            )
        )
        self.restored.emit()
        return info

    def _notes(self, count: int) -> str:
        return self.tr("%n note(s)", "", count)

    def _residents(self, count: int) -> str:
        return self.tr("%n resident(s)", "", count)

    def ask_restore_path(self) -> Path | None:
        """The open dialog; tests replace this."""
        name, _ = QFileDialog.getOpenFileName(
            self._parent,
            self.tr("Restore notes from a backup"),
            str(Path.home()),
            self._file_filter(),
        )
        return Path(name) if name else None

    def confirm_restore(self, question: str) -> bool:
        """Asks; tests replace this."""
        answer = QMessageBox.question(
            self._parent,
            self.tr("Restore notes"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _file_filter(self) -> str:
        return self.tr("Care Voice backups (*{suffix});;All files (*)").format(suffix=SUFFIX)

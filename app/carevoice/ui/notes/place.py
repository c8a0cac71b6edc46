"""The Notes place: residents, their care notes, search as you type, editing, export, print."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from carevoice.engine.transcriber import TranscribeOptions
from carevoice.engine.transcript import Transcript
from carevoice.notes.conflicts import KEEP_BOTH, resolve
from carevoice.notes.store import CareNote, NotesError, NoteStore
from carevoice.notes.vocabulary import options_for
from carevoice.ui.keyboard import menu_keys
from carevoice.ui.notes.backup import NotesBackup
from carevoice.ui.notes.editor import NoteEditor
from carevoice.ui.notes.output import NOTE, NotesOutput
from carevoice.ui.notes.record import NotesRecord
from carevoice.ui.notes.resident_list import ResidentList
from carevoice.ui.notes.resident_picker import ResidentPicker
from carevoice.ui.notes.search import NotesFilter, NotesList

if TYPE_CHECKING:
    from carevoice.ui.shell import Shell

log = logging.getLogger(__name__)

LIST_LIMIT = 500  # the newest this many matches are listed


class NotesPlace(QWidget):
    """Care notes by resident. The NoteStore is opened when the place is first shown or
    used, and closed by shutdown() (the window calls it when it closes).

    Dictation hands a finished transcript to new_note_from_transcript(); edits in the
    editor save themselves within a second (NoteEditor), and are saved at once when
    another note is opened or the window closes.

    Signals:
      note_created(int): a new note was made (dictated, transcribed or typed); its number
      note_opened(int): this note is now open in the editor
      note_saved(int): the open note's edits reached the database
      search_finished(int): the notes list was refilled; how many notes it shows

    Export, print and copy are `output` (NotesOutput), backup and restore `backup`.
    """

    note_created = Signal(int)
    note_opened = Signal(int)
    note_saved = Signal(int)
    search_finished = Signal(int)

    def __init__(self, shell: Shell | None = None, store: NoteStore | None = None):
        super().__init__()
        self.shell = shell
        self._store = store
        self._owns_store = store is None
        self._loaded = False
        self._closed = False
        self._build()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel("<h2>" + self.tr("Notes") + "</h2>")
        self.residents = ResidentList(self.store)
        self.residents.resident_changed.connect(self._on_resident_changed)
        self.residents.residents_changed.connect(self._on_residents_changed)
        self.residents.message.connect(self.say)
        self.filter = NotesFilter()
        self.filter.changed.connect(self.refresh)
        self.notes_list = NotesList()
        self.notes_list.note_chosen.connect(self.open_note)
        self.notes_list.itemSelectionChanged.connect(lambda: self._update_actions())
        self.new_button = QPushButton(self.tr("New note"), objectName="newNote")
        self.new_button.setToolTip(self.tr("Type a new note for the selected resident"))
        self.new_button.clicked.connect(lambda: self.new_note())
        self.record = NotesRecord(self, self.store)
        if self.shell is not None:
            self.set_sign_out_minutes(self.shell.settings.sign_out_minutes)
        self.record.said.connect(self.say)
        self.record.note_added.connect(self.open_note)
        self.record.staff_changed.connect(self.editor_reopen)
        self.editor = NoteEditor(self.store, by=self.record.by)
        self.editor.saved.connect(self._on_saved)
        self.editor.signed.connect(self._on_saved)
        self.editor.history_requested.connect(self.record.show_history)
        self.editor.addendum_requested.connect(self.record.ask_addendum)

        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notes_list, 1)
        column.addWidget(self.new_button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._build_tools())
        # Right-click, the Menu key or Shift+F10 on a note (which opens it): what the
        # buttons above do with it.
        self.notes_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.notes_list.addActions(self.output.note_actions(self.notes_list))
        menu_keys(self.notes_list)
        column.addWidget(self.editor, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((self.residents, 1), (middle, 2), (right, 4)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)

        self.status_line = QLabel(objectName="notesStatus", wordWrap=True)
        self.status_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.filter)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_line)
        self._update_actions()

    def _build_tools(self) -> QVBoxLayout:
        self.output = NotesOutput(self, self.notes_for, self._open_note_text)
        self.output.said.connect(self.say)

        self.backup = NotesBackup(self, self.store, self.editor.flush)
        self.backup.said.connect(self.say)
        self.backup.restored.connect(self._on_restored)

        # Two rows, the note's output and then who is writing: in one row they made the
        # place wider than the smallest window (tests/ui/test_layout.py).
        output = QHBoxLayout()
        for widget in self.output.buttons():
            output.addWidget(widget)
        output.addStretch(1)
        output.addWidget(self.backup.button)
        record = QHBoxLayout()
        for widget in self.record.widgets():
            record.addWidget(widget)
        record.addStretch(1)
        tools = QVBoxLayout()
        tools.addLayout(output)
        tools.addLayout(record)
        return tools

    def _update_actions(self) -> None:
        # "This note": the open one, else the one chosen in the list (a note can be listed
        # and chosen without being open: the editor closes it when someone else signs in).
        self.output.set_note_open(
            self.editor.note() is not None or self.notes_list.current_note_id() is not None
        )

    # -- the store ---------------------------------------------------------------------
    def store(self) -> NoteStore:
        """The notes database, opened (and the lists filled) on first use."""
        if self._closed:
            raise NotesError(self.tr("The notes are closed."))
        if self._store is None:
            self._store = NoteStore()
            self._owns_store = True
            self._send_offline_edits(self._store)
        if not self._loaded:
            self._loaded = True
            self.residents.reload()
            self.refresh()
            self.record.store_opened(self._store)
        return self._store

    def reopen_store(self) -> None:
        """The notes moved (Settings › Notes server): the open note is saved and closed,
        and the lists are read from where the notes are kept now."""
        if self._closed:
            return
        self.editor.show_note(None)
        if self._store is not None and self._owns_store:
            self._store.close()
        self._store, self._owns_store, self._loaded = None, True, False
        try:
            self.store()
        except NotesError as exc:
            self.say(str(exc))

    def set_sign_out_minutes(self, minutes: float) -> None:
        """Sign the signed-in person out after this idle time (the setting; 0: never)."""
        self.record.session.set_idle_minutes(minutes)

    def editor_reopen(self) -> None:
        """Someone else signed in: their edits are their own, so the open note is saved
        under the one before and closed."""
        if self.editor.note() is not None:
            self.editor.show_note(None)
            self._update_actions()

    def _send_offline_edits(self, store: NoteStore) -> None:
        """Edits kept on this computer while the server was gone: saved now, and said."""
        if store.server is None or not store.offline.pending(store.location):
            return
        try:
            saved, conflicts = store.send_offline_edits()
            for conflict in conflicts:  # changed on the server meanwhile: nothing dropped
                resolve(store, conflict, KEEP_BOTH)
                store.offline.forget(store.location, conflict.theirs.id)
        except NotesError as exc:  # still gone, or not allowed yet: they stay kept
            self.say(str(exc))
            return
        self.say(
            self.tr(
                "%n edit(s) kept on this computer while the server was gone are saved now; "
                "{copies}",
                "",
                len(saved) + len(conflicts),
            ).format(
                copies=self.tr(
                    "%n of them, changed elsewhere meanwhile, were saved as new notes.",
                    "",
                    len(conflicts),
                )
            )
        )

    def is_open(self) -> bool:
        return self._store is not None and not self._closed

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._closed:
            try:
                self.store()
            except NotesError as exc:  # a damaged or foreign database: say so, in words
                self.say(str(exc))

    def shutdown(self) -> None:
        """Save the open note's pending edits, stop any sound, close the database."""
        if self._closed:
            return
        self.editor.shutdown()
        self._closed = True
        self.filter.clear()  # stops a search still waiting for the typing to settle
        if self._store is not None and self._owns_store:
            self._store.close()

    # -- listing and searching ---------------------------------------------------------
    def refresh(self) -> int:
        """Refill the notes list from the query, the resident and the dates; returns the count."""
        if self._closed:
            return 0
        if not self._loaded:
            self.store()  # the first use: lists the residents, then comes back here
            return self.notes_list.count()
        store = self.store()
        resident = self.residents.selected_id()
        hits = store.search(
            self.filter.query(),
            resident,
            self.filter.since(),
            self.filter.until(),
            limit=LIST_LIMIT,
        )
        self.notes_list.show_hits(hits, with_resident=resident is None)
        self.notes_list.select_note(self.editor.note_id(), quiet=True)
        if len(hits) >= LIST_LIMIT:
            self.say(self.tr("Only the newest %n note(s) are listed.", "", LIST_LIMIT))
        self.search_finished.emit(len(hits))
        return len(hits)

    def search(self, text: str) -> None:
        """Put `text` in the search box; the list follows once typing settles."""
        self.filter.search_edit.setText(text)

    def _on_resident_changed(self, _resident_id) -> None:
        if self._loaded and not self._closed:
            self.refresh()

    def _on_residents_changed(self) -> None:
        self.refresh()
        note_id = self.editor.note_id()
        if note_id is not None:
            self.editor.refresh(self.store().get_note(note_id))

    def _on_restored(self) -> None:
        # Every note may be another now: nothing stays open, the lists are read again.
        self.editor.show_note(None)
        self.residents.reload()
        self.refresh()
        self._update_actions()

    # -- opening and making notes ------------------------------------------------------
    def open_note(self, note_id: int) -> CareNote | None:
        """Open a note in the editor (the previous one's edits are saved first)."""
        if self._closed:
            return None
        if note_id == self.editor.note_id():
            return self.editor.note()
        try:
            note = self.store().get_note(note_id)
        except NotesError as exc:
            self.say(str(exc))
            return None
        self.editor.show_note(note)
        self.notes_list.select_note(note_id, quiet=True)
        self._update_actions()
        self.record.record_action("viewed", [note_id])
        self.note_opened.emit(note_id)
        return note

    def new_note_from_transcript(
        self,
        transcript: Transcript,
        audio_path: str | Path | None,
        source: str = "dictation",
        text: str | None = None,
        confirm: bool = False,
    ) -> CareNote | None:
        """Save a finished transcription as a note of the selected resident and open it.

        With no resident selected the user is asked to pick one; with `confirm` (a
        dictation saved from the Dictate place, where the Notes place's selection is out of
        sight) the selected resident is only preselected there. Returns None, having
        saved nothing, if they cancel: the caller should keep the transcript. `source`
        is "dictation" or "file". The engine has already written Mandarin in the script
        the transcription's options asked for.
        """
        resident_id = self._resident_for_new_note(confirm)
        if resident_id is None:
            return None
        try:
            note = self.store().note_from_transcript(
                transcript,
                resident_id,
                source=source,
                audio_path=audio_path,
                text=text,
                by=self.record.by(),
                template=self.record.template_id(),
            )
        except NotesError as exc:
            self.say(str(exc))
            return None
        self._show_new(note)
        return note

    def add_to_open_note(self, transcript: Transcript) -> CareNote | None:
        """Put a finished dictation into the open draft note, in the section under its
        cursor (NoteEditor.add_dictation), and save it; None, saying why, when no draft
        note is open."""
        if self._closed or not self.editor.add_dictation(transcript.text):
            self.say(
                self.tr(
                    "Open a draft note first: the dictation goes into the section "
                    "where its cursor is."
                )
            )
            return None
        self.editor.flush()
        note = self.editor.note()
        if note is not None:
            self.say(self.tr("Dictation added to note {number}.").format(number=note.id))
        return note

    def new_note(self) -> CareNote | None:
        """A new, empty typed note for the selected resident (asked for if none), opened."""
        resident_id = self._resident_for_new_note()
        if resident_id is None:
            return None
        try:
            note = self.store().create_note(
                resident=resident_id,
                source="typed",
                by=self.record.by(),
                template=self.record.template_id(),
            )
        except NotesError as exc:
            self.say(str(exc))
            return None
        self._show_new(note)
        self.editor.text_edit.setFocus()
        return note

    def _show_new(self, note: CareNote) -> None:
        self.residents.select(note.resident_id)
        self.editor.show_note(note)  # first: refresh() keeps the open note selected
        if note.id not in self.notes_list.note_ids():
            self.refresh()
        if note.id not in self.notes_list.note_ids():  # a search or the dates hide it
            self.filter.clear()
            self.refresh()
        self.notes_list.select_note(note.id, quiet=True)
        self._update_actions()
        self.say(self.tr("New note: {title}").format(title=note.display_title))
        self.note_created.emit(note.id)
        self.note_opened.emit(note.id)

    def selected_resident_id(self) -> int | None:
        """The resident selected in the list; None when "All residents" is."""
        return self.residents.selected_id()

    def transcribe_options(self, base: TranscribeOptions | None = None) -> TranscribeOptions:
        """`base` (default: the window's settings) with the selected resident's name and
        vocabulary added, so a dictation about them spells their names and medications."""
        if base is None and self.shell is not None:
            base = self.shell.settings.transcribe_options()
        return options_for(self.store(), self.residents.selected_id(), base)

    def dictation_options(self) -> TranscribeOptions | None:
        """For NoteTaking (ui/shell.py): the options of a dictation about the resident
        selected here; None when none is, or the notes database cannot be read."""
        if not self.is_open() or self.residents.selected_id() is None:
            return None
        try:
            return self.transcribe_options()
        except Exception:  # a closed or damaged notes database: the plain settings
            log.warning("the selected resident's vocabulary was not read", exc_info=True)
            return None

    def _resident_for_new_note(self, confirm: bool = False) -> int | None:
        try:
            self.store()
        except NotesError as exc:
            self.say(str(exc))
            return None
        resident_id = self.residents.selected_id()
        if resident_id is None or confirm:
            resident_id = self.ask_resident(resident_id)
        if resident_id is None:
            self.say(self.tr("No note was made: choose the resident it is about."))
        return resident_id

    def ask_resident(self, preselected: int | None = None) -> int | None:
        """Ask which resident a new note is about (ResidentPicker: nothing preselected but
        `preselected`, to confirm; a new resident can be added there); None when cancelled."""
        picker = ResidentPicker(
            self.store().residents(), self.residents.add_resident, self, preselected
        )
        return picker.chosen() if picker.exec() else None

    def _on_saved(self, note_id: int) -> None:
        note = self.editor.note()
        if note is not None:
            self.notes_list.update_note(note, self.filter.query())
        self.note_saved.emit(note_id)

    # -- what export, print and copy cover (carevoice.ui.notes.output) -----------------
    def notes_for(self, scope: str = NOTE) -> list[CareNote]:
        """The open note (NOTE), or the resident's notes in the date range, oldest first."""
        self.editor.flush()
        if scope == NOTE:
            note = self._chosen_note()
            return [note] if note is not None else []
        return self.store().list_notes(
            self.residents.selected_id(),
            self.filter.since(),
            self.filter.until(),
            oldest_first=True,
        )

    def _chosen_note(self) -> CareNote | None:
        """The open note, else the note chosen in the list (read from the store)."""
        note = self.editor.note()
        listed = self.notes_list.current_note_id()
        if note is not None or listed is None:
            return note
        try:
            return self.store().get_note(listed)
        except NotesError as exc:
            self.say(str(exc))
            return None

    def _open_note_text(self) -> str | None:
        if self.editor.note() is not None:
            return self.editor.text()
        note = self._chosen_note()
        return note.text if note is not None else None

    def say(self, text: str) -> None:
        """Tell the user something in the place's status line."""
        self.status_line.setText(text)

"""One care note open for editing: title, tags and text autosaved, its sentences beneath
(the recording's segments, carrying the text as corrected)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carevoice.notes.conflicts import KEEP_BOTH, KEEP_YOURS, resolve
from carevoice.notes.store import (
    CareNote,
    EditKeptOffline,
    NoteConflict,
    NotesError,
    NoteStore,
    Staff,
)
from carevoice.notes.templates import dictated_into, editable_text
from carevoice.ui.keyboard import tab_moves_on
from carevoice.ui.notes.conflict_dialog import ConflictDialog
from carevoice.ui.notes.search import when
from carevoice.ui.transcript.model import TEXT, TIME, TranscriptModel, time_range
from carevoice.ui.transcript.segment_player import SegmentPlayer

# An edit reaches the database at most this long after it is made, even while the
# caregiver keeps typing: the timer starts at the first unsaved change and is not
# pushed back by the next keystroke (a plain debounce would never save during a
# minute of typing, and a crash would lose all of it).
AUTOSAVE_MS = 1000

# How often an edit kept on this computer is offered to the server again.
RETRY_MS = 3000

# Save states, as save_state() reports them.
SAVED, PENDING, FAILED = "saved", "pending", "failed"


class NoteEditor(QWidget):
    """The open note. Edits are saved by themselves; flush() saves what is pending now.

    `player_factory(audio_path)` makes the SegmentPlayer for a note's recording, on the
    first click on a sentence; tests give one whose sound goes nowhere.

    Signals:
      saved(int): the note's edits are in the database (its number)
      save_state_changed(str): SAVED, PENDING or FAILED
      segment_activated(int): the user asked to hear this sentence (its row)
      playback_failed(str): the sentence could not be played (also shown here)
      conflict_raised(int): another workstation saved this note meanwhile; the
        ConflictDialog (conflict_dialog) asks what to keep
      copy_saved(int): "keep both" saved this editor's version as a new note (its number)
      signed(int): the note was signed (its number)
      history_requested(int), addendum_requested(int): the note's History… or Addendum…
    """

    saved = Signal(int)
    save_state_changed = Signal(str)
    segment_activated = Signal(int)
    playback_failed = Signal(str)
    conflict_raised = Signal(int)
    copy_saved = Signal(int)
    signed = Signal(int)
    history_requested = Signal(int)
    addendum_requested = Signal(int)

    def __init__(
        self,
        store: Callable[[], NoteStore],
        parent: QWidget | None = None,
        by: Callable[[], Staff | None] = lambda: None,
    ):
        super().__init__(parent)
        self._store = store
        self._by = by  # who is signed in (None: the single user)
        self._note: CareNote | None = None
        self._dirty: set[str] = set()  # "text", "title", "tags"
        self._conflict: NoteConflict | None = None  # waiting for the dialog's answer
        self.conflict_dialog: ConflictDialog | None = None
        self._state = SAVED
        self._loading = False
        self.player: SegmentPlayer | None = None
        self.player_factory: Callable[[Path], SegmentPlayer] = self._make_player
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        # While the server is gone: try again every few seconds, typing or not.
        self._offline = False
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.flush)
        self._build()
        self.show_note(None)

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.details = QLabel(objectName="noteDetails", wordWrap=True)
        self.state_label = QLabel(objectName="saveState")
        self.title_edit = QLineEdit(objectName="noteTitle")
        self.tags_edit = QLineEdit(objectName="noteTags")
        self.tags_edit.setPlaceholderText(self.tr("Tags, separated by commas"))
        self.text_edit = QPlainTextEdit(objectName="noteText")
        self.text_edit.setPlaceholderText(self.tr("Type the note here"))
        tab_moves_on(self.text_edit)  # Ctrl+Tab types a tab
        self.title_edit.textEdited.connect(lambda _text: self._changed("title"))
        self.tags_edit.textEdited.connect(lambda _text: self._changed("tags"))
        self.text_edit.textChanged.connect(lambda: self._changed("text"))
        self.flags_edit = QLineEdit(objectName="noteFlags")
        self.flags_edit.setPlaceholderText(self.tr("Flags, such as fall or skin@Wellbeing"))
        self.flags_edit.textEdited.connect(lambda _text: self._changed("flags"))
        self.status_label = QLabel(objectName="noteStatus")
        self.sign_button = QPushButton(self.tr("Sign"), objectName="signButton")
        self.sign_button.clicked.connect(self.sign)
        self.addendum_button = QPushButton(self.tr("Addendum…"), objectName="addendumButton")
        self.addendum_button.clicked.connect(lambda: self._ask_for(self.addendum_requested))
        self.history_button = QPushButton(self.tr("History…"), objectName="historyButton")
        self.history_button.clicked.connect(lambda: self._ask_for(self.history_requested))

        top = QHBoxLayout()
        top.addWidget(self.details, 1)
        top.addWidget(self.state_label)
        record = QHBoxLayout()
        record.addWidget(self.status_label, 1)
        record.addWidget(self.sign_button)
        record.addWidget(self.addendum_button)
        record.addWidget(self.history_button)
        form = QFormLayout()
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Tags:"), self.tags_edit)
        form.addRow(self.tr("Flags:"), self.flags_edit)

        self.segments_box = QWidget(objectName="noteSegments")
        self.table = QTableView(objectName="segments")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.clicked.connect(lambda index: self.play_segment(index.row()))
        self.model = TranscriptModel([], False, self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        # Rows are fitted to the wrapped text once the width settles, not by the header's
        # ResizeToContents, which re-measures every row on each click.
        self._fit_timer = QTimer(self, singleShot=True, interval=50)
        self._fit_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._fit_timer.start())
        self.playback_status = QLabel(objectName="playbackStatus")
        self.stop_button = QPushButton(self.tr("Stop"), objectName="stopButton")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop_playback)
        self.message = QLabel(objectName="noteMessage", wordWrap=True)
        self.message.hide()
        sound = QHBoxLayout()
        sound.addWidget(QLabel(self.tr("Recording: click a sentence to hear it")), 1)
        sound.addWidget(self.playback_status)
        sound.addWidget(self.stop_button)
        box = QVBoxLayout(self.segments_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(sound)
        box.addWidget(self.message)
        box.addWidget(self.table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.text_edit)
        splitter.addWidget(self.segments_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(record)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)

    # -- the note ----------------------------------------------------------------------
    def note(self) -> CareNote | None:
        """The open note as last saved (edits still pending are not in it)."""
        return self._note

    def note_id(self) -> int | None:
        return self._note.id if self._note is not None else None

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def show_note(self, note: CareNote | None) -> None:
        """Open `note` (None: nothing), saving the previous note's pending edits first."""
        if self._conflict is not None and self.conflict_dialog is not None:
            self.conflict_dialog.reject()  # leaving an unanswered conflict keeps both
        self.flush()
        self._stop_player()
        self._note = note
        self._loading = True
        try:
            self.title_edit.setText(note.title if note else "")
            self.title_edit.setPlaceholderText(note.display_title if note else "")
            self.tags_edit.setText(", ".join(note.tags) if note else "")
            self.flags_edit.setText(", ".join(f.label for f in note.flags) if note else "")
            self.text_edit.setPlainText(self._editable(note))
        finally:
            self._loading = False
        for widget in (self.title_edit, self.tags_edit, self.text_edit, self.flags_edit):
            widget.setEnabled(note is not None)
            if widget is not self.text_edit:
                widget.setReadOnly(bool(note and note.is_signed))
        self.text_edit.setReadOnly(bool(note and note.is_signed))
        self._show_status(note)
        self.details.setText(self._details(note))
        previous = self.model
        self.model = TranscriptModel(
            list(note.timed_segments) if note else [], bool(note and note.audio_path), self
        )
        self.table.setModel(self.model)
        previous.deleteLater()
        self.table.resizeColumnToContents(TIME)
        self.table.resizeRowsToContents()
        self.segments_box.setVisible(bool(note and note.segments))
        self.show_message("")
        self.playback_status.setText("")
        self.stop_button.setEnabled(False)
        self._set_state(SAVED, "" if note is None else self.tr("Saved"))

    def _ask_for(self, signal) -> None:
        if self._note is not None:
            signal.emit(self._note.id)

    @staticmethod
    def _editable(note: CareNote | None) -> str:
        if note is None:
            return ""
        return editable_text(note.sections) if note.sections else note.text

    def _show_status(self, note: CareNote | None) -> None:
        if note is None:
            self.status_label.setText("")
        elif note.is_signed:
            signed_at = when(note.signed_s) if note.signed_s is not None else ""
            self.status_label.setText(
                self.tr("Signed by {name}, {time}. A correction is an addendum.").format(
                    name=note.signed_by or note.author_label, time=signed_at
                )
            )
        else:
            self.status_label.setText(self.tr("Draft: not signed yet"))
        self.sign_button.setEnabled(bool(note and not note.is_signed))
        self.addendum_button.setEnabled(bool(note and note.is_signed))
        self.history_button.setEnabled(note is not None)

    def add_dictation(self, words: str) -> bool:
        """Put dictated words into the open draft: at the end of the section the cursor is
        in ("next section" moves on to the next one), or at the cursor in a note without
        sections. One undo step; saved like typing. False when no draft is open."""
        note = self._note
        if note is None or note.is_signed or self.text_edit.isReadOnly():
            return False
        headings = [s.heading for s in note.sections]
        cursor = self.text_edit.textCursor()
        text, position = dictated_into(self.text(), cursor.position(), headings, words)
        if text == self.text():
            return False
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.setPosition(position)
        self.text_edit.setTextCursor(cursor)
        return True

    def sign(self) -> bool:
        """Save what is pending, then sign the open note; False (and why) if it cannot be."""
        if self._note is None:
            return False
        self.flush()
        if self._dirty or self._note is None:
            return False
        try:
            note = self._store().sign_note(
                self._note.id, by=self._by(), expected_version=self._note.version
            )
        except NotesError as exc:
            self._set_state(FAILED, self.tr("Not signed: {reason}").format(reason=exc))
            return False
        self.show_note(note)
        self.signed.emit(note.id)
        return True

    def refresh(self, note: CareNote) -> None:
        """The open note changed elsewhere (its resident was renamed): show its details."""
        if self._note is not None and note.id == self._note.id:
            # Only its resident: the version stays the one this editor's text is based
            # on, so a save made elsewhere meanwhile is still seen as a conflict.
            self._note = dataclasses.replace(
                self._note, resident_id=note.resident_id, resident_name=note.resident_name
            )
            self.details.setText(self._details(note))

    def _details(self, note: CareNote | None) -> str:
        if note is None:
            return self.tr("Choose a note, or make a new one.")
        sources = {
            "dictation": self.tr("Dictation"),
            "file": self.tr("Transcribed file"),
            "typed": self.tr("Typed"),
        }
        parts = [
            note.resident_name or self.tr("No resident"),
            when(note.created_s),
            sources.get(note.source, note.source),
        ]
        return " · ".join(parts)

    # -- autosave ----------------------------------------------------------------------
    def _changed(self, field: str) -> None:
        if self._loading or self._note is None:
            return
        self._dirty.add(field)
        self._set_state(PENDING, self.tr("Saving…"))
        if not self._timer.isActive():
            self._timer.start()

    def save_state(self) -> str:
        """SAVED, PENDING (an edit waits for the timer) or FAILED."""
        return self._state

    def flush(self) -> bool:
        """Save the pending edits now; True if something was saved."""
        self._timer.stop()
        self._retry.stop()
        if self._note is None or not self._dirty or self._conflict is not None:
            return False  # while a conflict waits for its answer, the edits stay pending
        fields, self._dirty = self._dirty, set()
        note = self._note
        try:
            store = self._store()
            # One save, against the version this editor last saw: a save made meanwhile
            # on another workstation is a conflict, never overwritten.
            self._note = store.update_note(
                note.id, **self._edits(fields), by=self._by(), expected_version=note.version
            )
        except NoteConflict as conflict:
            self._dirty |= fields
            self._ask(conflict)
            return False
        except EditKeptOffline:
            self._dirty |= fields  # kept on disk too; sent again when the timer fires
            self._offline = True
            self._set_state(
                FAILED,
                self.tr("Server gone: kept on this computer, saved when it is back"),
            )
            self._retry.start()
            return False
        except NotesError as exc:
            self._dirty |= fields  # kept, so the next edit or flush tries again
            self._set_state(FAILED, self.tr("Not saved: {reason}").format(reason=exc))
            return False
        self.title_edit.setPlaceholderText(self._note.display_title)
        if "text" in fields:  # the sentences beneath carry the corrected words too
            self.model.set_segments(list(self._note.timed_segments))
            self.table.resizeRowsToContents()
            if "title" not in self._dirty and self.title_edit.text() != self._note.title:
                # A title that was the opening words now follows them (NoteStore.save_text).
                self._loading = True
                self.title_edit.setText(self._note.title)
                self._loading = False
        if self._offline:
            self._offline = False
            self._set_state(SAVED, self.tr("Saved to the server (it is back)"))
        else:
            self._set_state(SAVED, self.tr("Saved"))
        self.saved.emit(note.id)
        return True

    def _edits(self, fields: set[str]) -> dict[str, object]:
        edits: dict[str, object] = {}
        if "text" in fields:
            edits["text"] = self.text()
        if fields & {"title", "tags"}:
            edits["title"] = self.title_edit.text().strip()
            edits["tags"] = [t for t in self.tags_edit.text().split(",") if t.strip()]
        if "flags" in fields:
            edits["flags"] = [f.strip() for f in self.flags_edit.text().split(",") if f.strip()]
        return edits

    # -- a conflict with another workstation ---------------------------------------------
    def _ask(self, conflict: NoteConflict) -> None:
        self._conflict = conflict
        self._set_state(FAILED, self.tr("Changed on another workstation: choose what to keep"))
        self.conflict_dialog = ConflictDialog(conflict, self)
        self.conflict_dialog.chosen.connect(self._resolve)
        self.conflict_dialog.open()
        self.conflict_raised.emit(conflict.theirs.id)

    def _resolve(self, choice: str) -> None:
        conflict, self._conflict = self._conflict, None
        if conflict is None or self._note is None:
            return
        # What this editor holds now, typing after the conflict included.
        conflict.yours.update(self._edits(self._dirty | set(conflict.yours)))
        self._dirty = set()
        try:
            note = resolve(self._store(), conflict, choice, by=self._by())
        except NoteConflict as again:  # saved once more meanwhile: ask again
            self._dirty = set(self._edits({"text", "title"}))
            self._note = again.theirs
            self._ask(again)
            return
        except NotesError as exc:
            self._dirty = set(self._edits({"text", "title"}))
            self._set_state(FAILED, self.tr("Not saved: {reason}").format(reason=exc))
            return
        if choice == KEEP_YOURS:
            self._note = note
            self._set_state(SAVED, self.tr("Saved"))
            self.saved.emit(note.id)
        else:
            self.show_note(note)  # theirs, or your copy beside theirs
            if choice == KEEP_BOTH:
                self.copy_saved.emit(note.id)
                self._set_state(SAVED, self.tr("Your version was saved as a new note"))

    def _set_state(self, state: str, text: str) -> None:
        self.state_label.setText(text)
        if state != self._state:
            self._state = state
            self.save_state_changed.emit(state)

    # -- listening ---------------------------------------------------------------------
    def play_segment(self, row: int) -> None:
        """Play one sentence's stretch of the note's recording (in the background)."""
        if self._note is None or not 0 <= row < len(self.model.segments):
            return
        segment = self.model.segments[row]
        self.segment_activated.emit(row)
        if not self._note.audio_path:
            self._on_playback_failed(self.tr("This note has no recording to play."))
            return
        if self.player is None:
            self.player = self.player_factory(Path(self._note.audio_path))
            self.player.started.connect(self._on_playback_started)
            self.player.finished.connect(self._on_playback_finished)
            self.player.failed.connect(self._on_playback_failed)
        self.show_message("")
        self.player.play(row, segment.start_s, segment.end_s)
        self.stop_button.setEnabled(True)

    def _make_player(self, audio_path: Path) -> SegmentPlayer:
        return SegmentPlayer(audio_path, parent=self)

    def stop_playback(self) -> None:
        if self.player is not None:
            self.player.stop()

    def _stop_player(self) -> None:
        if self.player is not None:
            self.player.shutdown()
            self.player.deleteLater()
            self.player = None

    def _on_playback_started(self, row: int) -> None:
        if 0 <= row < len(self.model.segments):
            self.playback_status.setText(
                self.tr("Playing {times}").format(times=time_range(self.model.segments[row]))
            )

    def _on_playback_finished(self, _row: int) -> None:
        if self.player is None or self.player.playing_row() is None:
            self.playback_status.setText("")
            self.stop_button.setEnabled(False)

    def _on_playback_failed(self, message: str) -> None:
        self.show_message(message)
        self.playback_failed.emit(message)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def shutdown(self) -> None:
        """Save what is pending and stop any sound (the window is closing).

        A conflict still unanswered is settled by keeping both: nothing is lost.
        """
        if self._conflict is not None and self.conflict_dialog is not None:
            self.conflict_dialog.reject()
        self.flush()
        self._stop_player()

"""The transcript view: timed segments to read, correct, search, copy, export and listen to."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carevoice.audio.decode import format_position
from carevoice.engine.transcript import Transcript
from carevoice.ui.i18n import say
from carevoice.ui.transcript.model import TEXT, TIME, TranscriptModel, shown_text, time_range
from carevoice.ui.transcript.output import TranscriptOutput
from carevoice.ui.transcript.search import Match, MatchDelegate, SearchBar, SearchMatches
from carevoice.ui.transcript.segment_player import SegmentPlayer
from carevoice.ui.whisper_languages import language_name


class TranscriptView(QWidget):
    """One transcript: what made it, its timed segments (text editable), and its tools.

    Corrections are kept by `save(transcript)`, called after each edit (the Files queue
    stores them with the row, the Dictate place takes them as its result); it raises
    OSError or ValueError, said plainly, when they could not be kept. Without `save`, and
    with `ask_before_discarding`, closing the view with corrections asks first.

    Signals:
      edited(): a segment's text was changed; transcript() has the change
      saved(): the corrections were kept by `save`
      segment_activated(int): the user asked to hear a segment (its row)
      playback_failed(str): a segment could not be played (also shown in the view)

    Copy and export are `output` (TranscriptOutput).
    """

    edited = Signal()
    saved = Signal()
    segment_activated = Signal(int)
    playback_failed = Signal(str)

    def __init__(
        self,
        transcript: Transcript,
        audio_path: Path | None = None,
        parent=None,
        *,
        player: SegmentPlayer | None = None,
        save: Callable[[Transcript], None] | None = None,
        ask_before_discarding: bool = False,
    ):
        super().__init__(parent)
        self.audio_path = Path(audio_path) if audio_path else None
        self._transcript = transcript
        self._save = save
        self._ask_before_discarding = ask_before_discarding
        self._unsaved = False  # corrections that `save` has not kept (or there is none)
        self.player = SegmentPlayer(self.audio_path, parent=self) if player is None else player
        self.model = TranscriptModel(transcript.segments, self.player.has_audio(), self)
        self._found = SearchMatches()

        self.info = QLabel(self._info_text(), objectName="transcriptInfo", wordWrap=True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QLabel(objectName="transcriptWarnings", wordWrap=True)
        self.warnings.setStyleSheet("color: #8a4b00; font-weight: bold;")
        warnings = self._warning_lines()
        self.warnings.setText("\n".join(f"⚠ {line}" for line in warnings))
        self.warnings.setVisible(bool(warnings))
        self.message = QLabel(objectName="transcriptMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.table = QTableView(objectName="segments")
        self.table.setModel(self.model)
        self._delegate = MatchDelegate(self._found.in_row, self.table)
        self.table.setItemDelegateForColumn(TEXT, self._delegate)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        # Sized once: times never change, and ResizeToContents would re-measure the whole
        # column on every edit.
        self.table.resizeColumnToContents(TIME)
        # Row heights follow the text column's width. Not the vertical header's
        # ResizeToContents: that re-measures every row on every edit or selection
        # (0.8 s per change for 3000 segments); this measures after the width settles.
        self._fit_timer = QTimer(self, singleShot=True, interval=50)
        self._fit_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(
            lambda section, _old, _new: section == TEXT and self._fit_timer.start()
        )
        self.table.clicked.connect(self._on_clicked)
        self.table.installEventFilter(self)
        self.model.edited.connect(self._on_edited)

        self.search_bar = SearchBar(self)
        self.search_bar.hide()
        self.search_bar.changed.connect(self._search)
        self.search_bar.next_requested.connect(self.find_next)
        self.search_bar.previous_requested.connect(self.find_previous)
        self.search_bar.closed.connect(self.close_search)

        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.warnings)
        layout.addLayout(self._build_tools())
        layout.addWidget(self.message)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.table, 1)
        self._build_shortcuts()

        self.player.started.connect(self._on_playback_started)
        self.player.finished.connect(self._on_playback_finished)
        self.player.failed.connect(self._on_playback_failed)
        if not transcript.segments:
            self.show_message(self.tr("No speech was found in this recording."))

    def transcript(self) -> Transcript:
        """The transcript with the user's corrections (a new object; the original is kept)."""
        return dataclasses.replace(self._transcript, segments=list(self.model.segments))

    # -- building ----------------------------------------------------------------------
    def _build_tools(self) -> QHBoxLayout:
        self.find_button = QPushButton(self.tr("Find…"), objectName="findButton")
        self.find_button.clicked.connect(self.open_search)

        self.output = TranscriptOutput(self, self.transcript)
        self.output.said.connect(self.show_message)

        self.playback_status = QLabel(objectName="playbackStatus")
        self.stop_button = QPushButton(self.tr("Stop"), objectName="stopButton")
        self.stop_button.setToolTip(self.tr("Stop playing the segment"))
        self.stop_button.setEnabled(False)
        self.stop_button.setVisible(self.player.has_audio())
        self.stop_button.clicked.connect(self.stop_playback)

        tools = QHBoxLayout()
        for widget in (self.find_button, self.output.copy_button, self.output.export_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.playback_status)
        tools.addWidget(self.stop_button)
        return tools

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, slot in (
            (QKeySequence.StandardKey.Find, self.open_search),
            (QKeySequence.StandardKey.FindNext, self._find_next_or_open),
            (QKeySequence.StandardKey.FindPrevious, self.find_previous),
        ):
            action = QAction(self)
            action.setShortcuts(key)
            action.setShortcutContext(context)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- what made this transcript -------------------------------------------------------
    def _info_text(self) -> str:
        t = self._transcript
        parts = [
            self.tr("Model {model}").format(model=t.model),
            f"{t.device.upper()} · {t.compute_type}",
        ]
        if t.language:
            language = f"{language_name(t.language)} ({t.language})"
            if t.language_probability is not None:
                language = self.tr("{language}, {percent}% sure").format(
                    language=language, percent=round(t.language_probability * 100)
                )
            parts.append(self.tr("Language: {language}").format(language=language))
        if t.task == "translate":
            parts.append(self.tr("translated to English"))
        parts.append(self.tr("Length {duration}").format(duration=format_position(t.duration_s)))
        timings = t.timings
        parts.append(
            self.tr("Load {load} s · Transcribe {transcribe} s · Total {total} s").format(
                load=f"{timings.model_load_s:.1f}",
                transcribe=f"{timings.transcribe_s:.1f}",
                total=f"{timings.total_s:.1f}",
            )
        )
        return " · ".join(parts)

    def _warning_lines(self) -> list[str]:
        lines = [say(warning) for warning in self._transcript.warnings]
        if self._transcript.cancelled:
            lines.insert(
                0, self.tr("The transcription was cancelled: this transcript is incomplete.")
            )
        return lines

    def show_message(self, text: str) -> None:
        """A plain line for the user under the tools (errors, what was saved)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _fit_rows(self, rows=None) -> None:
        """Make rows tall enough for their wrapped text (all rows, or those given)."""
        width = self.table.columnWidth(TEXT)
        font = self.table.font()
        minimum = self.table.verticalHeader().defaultSectionSize()
        for row in range(self.model.rowCount()) if rows is None else rows:
            text = shown_text(self.model.segments[row])
            height = max(minimum, self._delegate.text_size(text, font, width).height())
            if self.table.rowHeight(row) != height:
                self.table.setRowHeight(row, height)

    # -- editing -----------------------------------------------------------------------
    def _on_edited(self, row: int) -> None:
        self._fit_rows([row])
        if self.search_bar.isVisibleTo(self):
            self._search(self.search_bar.field.text(), keep_position=True)
        self._unsaved = True
        self.edited.emit()
        self._keep_corrections()

    def _keep_corrections(self) -> None:
        if self._save is None:
            return
        try:
            self._save(self.transcript())
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            said = self.tr("The correction was not saved: {reason}")
            self.show_message(said.format(reason=reason))
            return
        self._unsaved = False
        self.show_message(self.tr("Correction saved."))
        self.saved.emit()

    def has_unsaved_corrections(self) -> bool:
        """Corrections made here that nothing has kept (closing would lose them)."""
        self._commit_open_edit()
        return self._unsaved

    def _commit_open_edit(self) -> None:
        # A cell still being typed in when the window closes is a correction too.
        editor = QApplication.focusWidget()
        if (
            self.table.state() == QAbstractItemView.State.EditingState
            and editor is not None
            and self.table.isAncestorOf(editor)
        ):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def confirm_discard(self) -> bool:
        """Ask whether to close and lose the corrections; True to close."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Close without keeping the corrections?"),
            self.tr(
                "The corrections made in this transcript are not saved anywhere. Export "
                "the transcript first to keep them."
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("discardCorrections")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Discard

    # -- search ------------------------------------------------------------------------
    def open_search(self) -> None:
        self.search_bar.show()
        self.search_bar.field.setFocus()
        self.search_bar.field.selectAll()
        self._search(self.search_bar.field.text())

    def close_search(self) -> None:
        self.search_bar.hide()
        self._found.clear()
        self.table.viewport().update()
        self.table.setFocus()

    def matches(self) -> list[Match]:
        """Every (row, start, length) the search finds; empty when the search is closed."""
        return list(self._found.matches)

    def current_match(self) -> Match | None:
        return self._found.current_match()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _find_next_or_open(self) -> None:
        if self.search_bar.isVisibleTo(self) and self.search_bar.field.text():
            self.find_next()
        else:
            self.open_search()

    def _search(self, term: str, keep_position: bool = False) -> None:
        texts = (shown_text(segment) for segment in self.model.segments)
        self._found.find(term, texts, keep_position)
        self._show_current()

    def _step(self, direction: int) -> None:
        if self._found.step(direction):
            self._show_current()

    def _show_current(self) -> None:
        self.search_bar.show_count(self._found.current + 1, len(self._found.matches))
        match = self._found.current_match()
        if match is not None:
            index = self.model.index(match[0], TEXT)
            self.table.scrollTo(index)
            self.table.selectionModel().setCurrentIndex(
                index,
                self.table.selectionModel().SelectionFlag.ClearAndSelect
                | self.table.selectionModel().SelectionFlag.Rows,
            )
        self.table.viewport().update()

    # -- listening ---------------------------------------------------------------------
    def play_segment(self, row: int) -> None:
        """Play one segment's stretch of the recording (in the background)."""
        segment = self.model.segments[row]
        self.segment_activated.emit(row)
        if not self.player.has_audio():
            self._on_playback_failed(self.tr("There is no recording to play for this transcript."))
            return
        self.show_message("")
        if self.player.audio is not None and not self.player.audio.loaded:
            self.playback_status.setText(self.tr("Loading the recording…"))
        self.player.play(row, segment.start_s, segment.end_s)
        self.stop_button.setEnabled(True)

    def stop_playback(self) -> None:
        self.player.stop()

    def _on_clicked(self, index) -> None:
        if index.column() == TIME:
            self.play_segment(index.row())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # Enter on a time cell plays it, as a click does. (QTableView's activated() also
        # fires on double-click, which would start the same segment twice.)
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.table.state() != QAbstractItemView.State.EditingState
            and self.table.currentIndex().column() == TIME
        ):
            self.play_segment(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def _on_playback_started(self, row: int) -> None:
        self.playback_status.setText(
            self.tr("Playing {times}").format(times=time_range(self.model.segments[row]))
        )

    def _on_playback_finished(self, _row: int) -> None:
        if self.player.playing_row() is None:
            self.playback_status.setText("")
            self.stop_button.setEnabled(False)

    def _on_playback_failed(self, message: str) -> None:
        self.show_message(message)
        self.playback_failed.emit(message)

    def shutdown(self) -> None:
        """Stop any sound and wait for the playback thread; closing the view does this."""
        self.player.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802
        if (
            self.has_unsaved_corrections()
            and self._ask_before_discarding
            and not self.confirm_discard()
        ):
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

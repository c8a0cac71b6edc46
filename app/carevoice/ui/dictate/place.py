"""The Dictate place: record from the microphone, read the text while speaking, keep it."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from carevoice.audio.wavfile import UnfinishedRecording, find_unfinished_recordings
from carevoice.engine.commands import listening_for_commands
from carevoice.engine.transcriber import TranscribeOptions
from carevoice.ui.dictate.controls import (
    IDLE,
    PAUSED,
    RECORDING,
    STARTING,
    STOPPING,
    RecordControls,
    clock,
    scaled_font,
)
from carevoice.ui.dictate.live_text import LiveText
from carevoice.ui.dictate.microphone import MicrophonePicker
from carevoice.ui.dictate.recording import DictateRecording
from carevoice.ui.dictate.recovery import RecoveryBanner
from carevoice.ui.dictate.result import DictateResult
from carevoice.ui.runner import Job

if TYPE_CHECKING:
    from carevoice.ui.shell import Shell

log = logging.getLogger(__name__)

__all__ = ["IDLE", "PAUSED", "RECORDING", "STARTING", "STOPPING", "DictatePlace", "clock"]

DEFAULT_LANGUAGE = "en"  # when the settings say "detect": dictation needs one from the start


class DictatePlace(QWidget):
    """Dictation: a big record / stop button (F9 anywhere in the window), pause, the
    microphone, its level and the elapsed time, the text while speaking, and what to do
    with the result (save as a care note, open it, transcribe it again with a larger
    model). A banner offers to recover recordings a crash left unfinished.

    The place lays these out and wires them: the row of record controls is `controls`, a
    RecordControls; starting, pausing and stopping a dictation, and showing it while it
    runs, are `recording`, a DictateRecording (its state and signals: state_changed,
    recording_started, live_text_changed, dictation_finished); the result and its jobs
    are `result`, a DictateResult (retranscribed, recovered, job_failed, note_saved).
    Listen to those; the place passes nothing on.
    """

    def __init__(self, shell: Shell):
        super().__init__()
        self.shell = shell
        self._closed = False
        self._build()
        self._show_state()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        heading = QLabel("<h2>" + self.tr("Dictate") + "</h2>")
        self.banner = RecoveryBanner()
        self.banner.recover_requested.connect(self.recover)
        self.banner.discarded.connect(
            lambda path: self.say(self.tr("The recording was moved to {path}.").format(path=path))
        )
        self.banner.failed.connect(self.say)
        self.picker = MicrophonePicker()
        self.picker.availability_changed.connect(lambda _available: self._show_state())

        self.controls = RecordControls()
        self.record_button = self.controls.record_button
        self.pause_button = self.controls.pause_button
        self.elapsed_label = self.controls.elapsed_label
        self.meter = self.controls.meter

        self.live_text = LiveText()
        self.live_text.setObjectName("liveText")
        self.live_text.setFont(scaled_font(self.live_text.font(), 1.25))  # read from afar
        self.live_text.setPlaceholderText(
            self.tr("Press Record (or F9) and speak: the text appears here as you talk.")
        )
        self.latency_label = QLabel(objectName="finalLatency")
        self.status_line = QLabel(objectName="dictateStatus", wordWrap=True)
        self.status_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(objectName="jobProgress")
        self.progress.setRange(0, 100)
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.progress.hide()
        self.result = DictateResult(
            self.shell, self.live_text, self.latency_label, self.progress, parent=self
        )
        self.recording = DictateRecording(
            self.shell,
            self.picker,
            self.controls,
            self.live_text,
            self.latency_label,
            self.result,
            self.transcribe_options,
            parent=self,
        )
        for part in (self.result, self.recording):
            part.said.connect(self.say)
            part.changed.connect(self._show_state)
        self.record_button.clicked.connect(self.recording.toggle_recording)
        self.pause_button.clicked.connect(self.recording.pause_or_resume)

        self.save_button = QPushButton(self.tr("Save as care note"), objectName="saveAsNote")
        self.save_button.clicked.connect(self.save_as_note)
        self.add_button = QPushButton(self.tr("Add to open note"), objectName="addToNote")
        self.add_button.setToolTip(
            self.tr("Into the section where the cursor is in the note open in Notes")
        )
        self.add_button.clicked.connect(self.add_to_open_note)
        self.open_button = QPushButton(self.tr("Open transcript"), objectName="openTranscript")
        self.open_button.clicked.connect(lambda _checked=False: self.result.open_transcript())
        self.retranscribe_button = QPushButton(
            self.tr("Re-transcribe with a larger model"), objectName="retranscribe"
        )
        self.retranscribe_button.setToolTip(
            self.tr(
                "Transcribe the whole recording again with the base model: slower, "
                "often more accurate"
            )
        )
        self.retranscribe_button.clicked.connect(self.retranscribe)
        actions = QHBoxLayout()
        for button in (
            self.save_button,
            self.add_button,
            self.open_button,
            self.retranscribe_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.picker)
        layout.addWidget(self.controls)
        layout.addWidget(self.live_text, 1)
        layout.addWidget(self.latency_label)
        layout.addWidget(self.status_line)
        layout.addWidget(self.progress)
        layout.addLayout(actions)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._closed:
            self.picker.ensure_loaded()

    # -- state -------------------------------------------------------------------------
    def _show_state(self) -> None:
        state = self.recording.state
        active = state != IDLE
        checking = self.picker.checking()
        # Before the microphones are listed (the place not shown yet), F9 may try.
        can_record = self.picker.available() or not self.picker.loaded
        self.controls.show_state(
            state,
            not self._closed and state != STOPPING and (active or (can_record and not checking)),
        )
        self.picker.set_busy(active)
        transcript = self.result.transcript
        has_result = transcript is not None and not active
        has_text = transcript is not None and not active and bool(transcript.segments)
        job_running = self.result.busy()
        self.save_button.setEnabled(
            has_text and self.result.saved_note_id is None and not job_running
        )
        self.add_button.setEnabled(self.save_button.isEnabled())
        self.open_button.setEnabled(has_result and not job_running)
        # Also without a transcript: the recording may read where the live text failed.
        self.retranscribe_button.setEnabled(
            not active and self.result.audio_path is not None and not job_running
        )
        self.banner.setEnabled(not job_running)
        self.recording.show_elapsed()

    def say(self, text: str) -> None:
        """Tell the user something in the place's status line."""
        self.status_line.setText(text)

    # -- the options -------------------------------------------------------------------
    def transcribe_options(self) -> TranscribeOptions:
        """The settings' options, with the vocabulary of the resident selected in the
        Notes place; the settings' language, or English when they say "detect"."""
        options = self.shell.note_taking.dictation_options()
        if options is None:  # no resident chosen, or the notes cannot be read
            options = self.shell.settings.transcribe_options()
        if not options.language:
            options = dataclasses.replace(options, language=DEFAULT_LANGUAGE)
        if self.shell.settings.spoken_commands:  # heard reliably, primed with their words
            options = listening_for_commands(options)
        return options

    # -- the result's buttons ---------------------------------------------------------
    def save_as_note(self):
        """Save the result as a care note (see DictateResult.save_as_note); None while
        dictating."""
        if self.recording.state != IDLE:
            return None
        return self.result.save_as_note()

    def add_to_open_note(self):
        """Add the result to the note open in Notes (DictateResult.add_to_open_note); None
        while dictating."""
        if self.recording.state != IDLE:
            return None
        return self.result.add_to_open_note()

    def retranscribe(self) -> Job | None:
        """Transcribe the saved recording again with the larger model, on the runner; the
        result replaces this one when done. Returns its Job."""
        if self.recording.state != IDLE:
            return None
        return self.result.retranscribe(self.transcribe_options)

    # -- recovery ------------------------------------------------------------------------
    def check_unfinished(self) -> int:
        """Offer to recover recordings a crash left unfinished; returns how many there are.

        The window calls this once it is shown at start-up."""
        if self._closed:
            return 0
        try:
            found = find_unfinished_recordings()
        except OSError as exc:
            log.warning("could not look for unfinished recordings: %s", exc)
            return 0
        self.banner.offer(found)
        return len(found)

    def recover(self, recording: UnfinishedRecording) -> Job | None:
        """Repair an interrupted recording and transcribe it on the runner; the result
        shows here, to save as a note or open. Returns its Job."""
        if self._closed or self.result.busy() or self.recording.state != IDLE:
            self.say(self.tr("Finish the dictation first, then recover the recording."))
            self.banner.offer([recording, *self.banner.waiting])
            return None
        return self.result.recover(recording, self.transcribe_options)

    # -- closing -------------------------------------------------------------------------
    def has_unsaved_text(self) -> bool:
        """A finished dictation's text is kept nowhere yet (closing asks about it)."""
        return self.recording.state == IDLE and self.result.unsaved()

    def may_close(self) -> bool:
        """Before the window closes: a dictation's text not saved anywhere asks "Save as
        note / Discard / Cancel". False (stay open) for Cancel, or a save that made no
        note. Closed without asking (killed), the recording is offered at the next start."""
        if not self.has_unsaved_text():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Dictation not saved"),
            self.tr("The last dictation is not saved as a note. Save it before closing?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("unsavedDictation")
        save = box.addButton(self.tr("Save as care note"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(QMessageBox.StandardButton.Discard)
        discard.setToolTip(
            self.tr("Move the recording to the 'discarded' folder; nothing is deleted")
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is save:
            return self.result.save_as_note() is not None
        if box.clickedButton() is discard:
            try:
                self.result.discard()
            except OSError as exc:
                log.warning("could not put the dictation aside: %s", exc)
            return True
        return False

    def shutdown(self) -> None:
        """Stop a recording cleanly (its audio stays on disk) and wait, bounded, for its
        threads; stop the check and the timer. The window calls this when it closes."""
        if self._closed:
            return
        self._closed = True
        self.result.close()
        self.picker.shutdown()
        self.recording.shutdown()  # last: it may wait for the recording to be saved
        self._show_state()

"""The Dictate place: record from the microphone, read the text while speaking, keep it."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from carevoice.audio.recording_result import StopKind
from carevoice.audio.wavfile import UnfinishedRecording, find_unfinished_recordings
from carevoice.engine.chinese import is_mandarin, postprocess_transcript
from carevoice.engine.transcriber import TranscribeOptions
from carevoice.ui.dictate_controls import (
    IDLE,
    PAUSED,
    RECORDING,
    STARTING,
    STOPPING,
    RecordControls,
    clock,
    scaled_font,
)
from carevoice.ui.dictate_microphone import MicrophonePicker
from carevoice.ui.dictate_recovery import RecoveryBanner
from carevoice.ui.dictate_result import DictateResult
from carevoice.ui.dictate_workers import DictationSession
from carevoice.ui.live_text import LiveText

log = logging.getLogger(__name__)

__all__ = ["IDLE", "PAUSED", "RECORDING", "STARTING", "STOPPING", "DictatePlace", "clock"]

METER_INTERVAL_MS = 50  # the level meter and the clock: 20 times a second
DEFAULT_LANGUAGE = "en"  # when the settings say "detect": dictation needs one from the start
SHUTDOWN_WAIT_S = 10.0  # closing waits at most this long for the recording to be saved


class DictatePlace(QWidget):
    """Dictation: a big record / stop button (F9 anywhere in the window), pause, the
    microphone, its level and the elapsed time, the text while speaking, and what to do
    with the result (save as a care note, open it, transcribe it again with a larger
    model). A banner offers to recover recordings a crash left unfinished.

    The dictation runs on the core's threads (DictationSession turns its callbacks into
    signals); a 20 Hz timer on the GUI thread reads the recorder's levels and clock. The
    row of record controls is RecordControls; the result and its jobs are `result`, a
    DictateResult.

    Signals:
      state_changed(str): idle, starting, recording, paused or stopping
      recording_started(): the microphone is open and recording
      live_text_changed(str, str): the settled text and the still-changing tail
      dictation_finished(object): the dictation's Transcript (None when none could be made)
      retranscribed(object), recovered(object), job_failed(str), note_saved(int): the
        result's own, passed on (DictateResult says what each carries)
    """

    state_changed = Signal(str)
    recording_started = Signal()
    live_text_changed = Signal(str, str)
    dictation_finished = Signal(object)
    retranscribed = Signal(object)
    recovered = Signal(object)
    job_failed = Signal(str)
    note_saved = Signal(int)

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.state = IDLE
        self.session: DictationSession | None = None
        self.elapsed_s = 0.0
        self._retired: list[DictationSession] = []  # finished, deleted once their threads end
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(METER_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
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
        self.picker.check_started.connect(self._on_check_started)
        self.picker.check_done.connect(self._on_check_done)

        self.controls = RecordControls()
        self.record_button = self.controls.record_button
        self.record_button.clicked.connect(self.toggle_recording)
        self.pause_button = self.controls.pause_button
        self.pause_button.clicked.connect(self.pause_or_resume)
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
            self.window_, self.live_text, self.latency_label, self.progress, parent=self
        )
        self.result.said.connect(self.say)
        self.result.changed.connect(self._show_state)
        for ours, theirs in (
            (self.retranscribed, self.result.retranscribed),
            (self.recovered, self.result.recovered),
            (self.job_failed, self.result.job_failed),
            (self.note_saved, self.result.note_saved),
        ):
            theirs.connect(ours)

        self.save_button = QPushButton(self.tr("Save as care note"), objectName="saveAsNote")
        self.save_button.clicked.connect(self.save_as_note)
        self.open_button = QPushButton(self.tr("Open transcript"), objectName="openTranscript")
        self.open_button.clicked.connect(self.open_transcript)
        self.retranscribe_button = QPushButton(
            self.tr("Re-transcribe with a larger model"), objectName="retranscribe"
        )
        self.retranscribe_button.setToolTip(
            self.tr("Transcribe the whole recording again with the base model: slower, "
                    "often more accurate")
        )
        self.retranscribe_button.clicked.connect(self.retranscribe)
        actions = QHBoxLayout()
        for button in (self.save_button, self.open_button, self.retranscribe_button):
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
    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self._show_state()
            self.state_changed.emit(state)
        else:
            self._show_state()

    def _show_state(self) -> None:
        state = self.state
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
        has_text = has_result and bool(transcript.segments)
        job_running = self.result.busy()
        self.save_button.setEnabled(
            has_text and self.result.saved_note_id is None and not job_running
        )
        self.open_button.setEnabled(has_result and not job_running)
        # Also without a transcript: the recording may read where the live text failed.
        self.retranscribe_button.setEnabled(
            not active and self.result.audio_path is not None and not job_running
        )
        self.banner.setEnabled(not job_running)
        self._show_elapsed()

    def _show_elapsed(self) -> None:
        self.controls.show_elapsed(self.elapsed_s, self.state)

    def say(self, text: str) -> None:
        """Tell the user something in the place's status line."""
        self.status_line.setText(text)

    # -- the options -------------------------------------------------------------------
    def transcribe_options(self) -> TranscribeOptions:
        """The settings' options, with the vocabulary of the resident selected in the
        Notes place; the settings' language, or English when they say "detect"."""
        window = self.window_
        notes = window.places.get("notes")
        options = None
        if notes is not None and notes.is_open() and notes.residents.selected_id() is not None:
            try:
                options = notes.transcribe_options()
            except Exception:  # a closed or damaged notes database: the plain settings
                log.warning("the selected resident's vocabulary was not read", exc_info=True)
        if options is None:
            options = window.settings.transcribe_options()
        if not options.language:
            options = dataclasses.replace(options, language=DEFAULT_LANGUAGE)
        return options

    # -- recording -----------------------------------------------------------------------
    @Slot()
    def toggle_recording(self) -> None:
        """Record, or stop: the big button and F9."""
        if self.state == IDLE:
            self.start_recording()
        elif self.state in (STARTING, RECORDING, PAUSED):
            self.stop_recording()

    def start_recording(self) -> bool:
        """Open the microphone and start a dictation (on a worker thread); False if it
        cannot start now (the reason is in the status line)."""
        if self._closed or self.state != IDLE:
            return False
        if self.picker.checking():
            self.say(self.tr("The microphone check is still running; record when it ends."))
            return False
        self.picker.ensure_loaded()
        if not self.picker.available():
            self.say(self.picker.problem)
            self._show_state()
            return False
        options = self.transcribe_options()
        self.result.forget()
        self.result.options = options
        self.live_text.traditional = options.traditional_chinese and is_mandarin(
            options.language
        )
        self.meter.reset()
        self.elapsed_s = 0.0
        session = DictationSession(
            self.window_.runner.pool, options, device=self.picker.device(), parent=self
        )
        queued = Qt.ConnectionType.QueuedConnection
        session.started.connect(self._on_started, queued)
        session.start_failed.connect(self._on_start_failed, queued)
        session.updated.connect(self._on_update, queued)
        session.finished.connect(self._on_finished, queued)
        self.session = session
        self.say(self.tr("Opening the microphone…"))
        self._set_state(STARTING)
        session.start()
        self._timer.start()
        return True

    @Slot()
    def pause_or_resume(self) -> None:
        if self.session is None:
            return
        if self.state == RECORDING:
            self.session.pause()
            self._set_state(PAUSED)
            self.say(self.tr("Paused: nothing is recorded until you resume."))
        elif self.state == PAUSED:
            self.session.resume()
            self._set_state(RECORDING)
            self.say(self.tr("Recording."))

    def stop_recording(self) -> None:
        """Stop; returns at once. The final text arrives with dictation_finished."""
        if self.session is None or self.state not in (STARTING, RECORDING, PAUSED):
            return
        self.session.request_stop()
        self.say(self.tr("Finishing the text…"))
        self._set_state(STOPPING)

    def _on_started(self) -> None:
        if self._closed:  # the window closed while it started: nothing to show
            return
        if self.state == STARTING:
            self._set_state(RECORDING)
            recorder = self.session.recorder
            name = recorder.device.name if recorder.device is not None else ""
            self.say(self.tr('Recording from "{name}".').format(name=name))
        self.recording_started.emit()

    def _on_start_failed(self, error) -> None:
        if self._closed:
            return
        self._timer.stop()
        self._retire(self.session)
        self.session = None
        self.say(self.picker.explain(error))
        self._set_state(IDLE)

    def _on_update(self, update) -> None:
        if self._closed or self.session is None:
            return
        self.live_text.show_update(update.settled, update.tentative)
        self.live_text_changed.emit(self.live_text.settled_text(), self.live_text.tentative_text())

    def _on_finished(self, done) -> None:
        if self._closed:
            return
        session, self.session = self.session, None
        if session is not None:
            self._tick(session)  # the last levels and the clock
            self._retire(session)
        if not self.picker.checking():
            self._timer.stop()
        recording = done.recording
        self.elapsed_s = recording.duration_s
        transcript = done.transcript
        if transcript is not None:
            transcript = postprocess_transcript(transcript, self.result.options.traditional_chinese)
        self.latency_label.setText(
            self.tr("Final text in {seconds} s").format(seconds=f"{done.stop_to_final_s:.2f}")
        )
        problems = [self.stopped_text(recording), done.error]
        if transcript is None:
            problems.append(
                self.tr("The recording is kept in {path}.").format(path=recording.path)
            )
        elif not transcript.segments:
            problems.append(self.tr("No speech was heard."))
        self.say(" ".join(p for p in problems if p))
        self.result.show(transcript, recording.path)
        self._set_state(IDLE)
        self.dictation_finished.emit(transcript)

    def stopped_text(self, recording) -> str:
        """Why the recording stopped by itself, in the interface language; "" if it did not."""
        kind = recording.stop_kind
        if kind is StopKind.USER:
            return ""
        if kind is StopKind.DEVICE_LOST:
            return self.tr(
                'The microphone "{name}" stopped working (it was unplugged, or the sound '
                "system stopped). Recording stopped; everything recorded until then is kept."
            ).format(name=recording.device)
        if kind is StopKind.DISK_FULL:
            return self.tr(
                "The disk is full, so recording stopped. Everything recorded until then "
                "({seconds} s) is kept in {path}."
            ).format(seconds=f"{recording.duration_s:.0f}", path=recording.path)
        if kind is StopKind.TOO_LONG:
            return self.tr(
                "The recording reached the longest a WAV file can hold, so recording stopped."
            )
        return recording.stopped_reason

    def _tick(self, session: DictationSession | None = None) -> None:
        """The level meter and the clock, from the recorder (or the microphone check)."""
        session = session or self.session
        if session is not None:
            recorder = session.recorder
            self.meter.show_levels(recorder.take_levels())
            self.elapsed_s = recorder.elapsed_s
            self._show_elapsed()
        if self.picker.checking():
            self.meter.show_levels(self.picker.take_check_levels())

    def _retire(self, session: DictationSession | None) -> None:
        """Delete sessions whose threads have ended; keep the others until they have."""
        if session is not None:
            self._retired.append(session)
        for old in list(self._retired):
            if old.done():
                self._retired.remove(old)
                old.deleteLater()

    def _on_check_started(self) -> None:
        self.meter.reset()
        self._timer.start()
        self._show_state()

    def _on_check_done(self) -> None:
        if self.session is None:
            self._timer.stop()
        self._show_state()

    # -- the result --------------------------------------------------------------------
    @property
    def transcript(self):
        """The result shown: a Transcript, once a dictation ends."""
        return self.result.transcript

    @property
    def audio_path(self) -> Path | None:
        """The result's recording."""
        return self.result.audio_path

    @property
    def options(self) -> TranscribeOptions | None:
        """What the result was made with."""
        return self.result.options

    @property
    def saved_note_id(self) -> int | None:
        return self.result.saved_note_id

    def save_as_note(self):
        """Save the result as a care note (see DictateResult.save_as_note); None while
        dictating."""
        if self.state != IDLE:
            return None
        return self.result.save_as_note()

    def open_transcript(self):
        """Open the result in a transcript window (to read, correct, export, listen)."""
        return self.result.open_transcript()

    def retranscribe(self) -> str | None:
        """Transcribe the saved recording again with the larger model, on the runner; the
        result replaces this one when done. Returns the job id."""
        if self.state != IDLE:
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

    def recover(self, recording: UnfinishedRecording) -> str | None:
        """Repair an interrupted recording and transcribe it on the runner; the result
        shows here, to save as a note or open. Returns the job id."""
        if self._closed or self.result.busy() or self.state != IDLE:
            self.say(self.tr("Finish the dictation first, then recover the recording."))
            self.banner.offer([recording, *self.banner.waiting])
            return None
        return self.result.recover(recording, self.transcribe_options)

    # -- closing -------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop a recording cleanly (its audio stays on disk) and wait, bounded, for its
        threads; stop the check and the timer. The window calls this when it closes."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self.result.close()
        self.picker.shutdown()
        session, self.session = self.session, None
        if session is not None:
            path = session.dictation.path
            if not session.shutdown(SHUTDOWN_WAIT_S):
                log.warning("the dictation did not end within %.0f s", SHUTDOWN_WAIT_S)
            log.info("closing while recording: the recording is kept in %s", path)
        for old in self._retired:
            old.shutdown(1.0)
        self._show_state()

"""The Dictate place's recording: start, pause and stop a dictation, and show it running."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel

from carevoice.audio.recording_result import StopKind
from carevoice.engine.chinese import is_mandarin
from carevoice.engine.transcriber import TranscribeOptions
from carevoice.ui.dictate.arming import MicrophoneArming
from carevoice.ui.dictate.controls import (
    IDLE,
    PAUSED,
    RECORDING,
    STARTING,
    STOPPING,
    RecordControls,
)
from carevoice.ui.dictate.live_text import LiveText
from carevoice.ui.dictate.microphone import MicrophonePicker
from carevoice.ui.dictate.result import DictateResult
from carevoice.ui.dictate.workers import DictationSession
from carevoice.ui.i18n import say

if TYPE_CHECKING:
    from carevoice.ui.shell import Shell

log = logging.getLogger(__name__)

METER_INTERVAL_MS = 50  # the level meter and the clock: 20 times a second
SHUTDOWN_WAIT_S = 10.0  # closing waits at most this long for the recording to be saved


class DictateRecording(QObject):
    """One dictation at a time, from the place's microphone: start, pause, resume, stop.

    The dictation runs on the core's threads (DictationSession turns its callbacks into
    signals, handled here on the GUI thread); a 20 Hz timer reads the recorder's levels and
    clock (or the microphone check's levels) into the meter and the elapsed time. The live
    text shows while speaking; the final text goes to the place's DictateResult. Finished
    sessions are deleted once their threads have ended.

    Signals:
      said(str): something to tell the user, in the interface language
      changed(): the state may have changed (the place shows what can be pressed)
      state_changed(str): idle, starting, recording, paused or stopping
      recording_started(): the microphone is open and recording
      live_text_changed(str, str): the settled text and the still-changing tail
      dictation_finished(object): the dictation's Transcript (None when none could be made)
      dictation_result(object): the whole DictationResult, just before dictation_finished
    """

    said = Signal(str)
    changed = Signal()
    state_changed = Signal(str)
    recording_started = Signal()
    live_text_changed = Signal(str, str)
    dictation_finished = Signal(object)
    dictation_result = Signal(object)

    def __init__(
        self,
        shell: Shell,
        picker: MicrophonePicker,
        controls: RecordControls,
        live_text: LiveText,
        latency_label: QLabel,
        result: DictateResult,
        transcribe_options: Callable[[], TranscribeOptions],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.shell = shell
        self.picker = picker
        self.controls = controls
        self.meter = controls.meter
        self.live_text = live_text
        self.latency_label = latency_label
        self.result = result
        self.transcribe_options = transcribe_options
        self.state = IDLE
        self.session: DictationSession | None = None
        self.elapsed_s = 0.0
        self._retired: list[DictationSession] = []  # finished, deleted once their threads end
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(METER_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        # The microphone kept ready for the shortcut (the pre-roll); the window arms it.
        self.arming = MicrophoneArming(self)
        self.arming.said.connect(self.said)
        picker.check_started.connect(self._on_check_started)
        picker.check_done.connect(self._on_check_done)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.changed.emit()
            self.state_changed.emit(state)
        else:
            self.changed.emit()

    def show_elapsed(self) -> None:
        self.controls.show_elapsed(self.elapsed_s, self.state)

    # -- start, pause, stop ------------------------------------------------------------
    @Slot()
    def toggle_recording(self) -> None:
        """Record, or stop: the big button and F9."""
        if self.state == IDLE:
            self.start_recording()
        elif self.state in (STARTING, RECORDING, PAUSED):
            self.stop_recording()

    def start_recording(self) -> bool:
        """Open the microphone and start a dictation (on a worker thread); False if it
        cannot start now (the reason is said)."""
        if self._closed or self.state != IDLE:
            return False
        if self.picker.checking():
            self.said.emit(self.tr("The microphone check is still running; record when it ends."))
            return False
        self.picker.ensure_loaded()
        if not self.picker.available():
            self.said.emit(self.picker.problem)
            self.changed.emit()
            return False
        options = self.transcribe_options()
        self.result.forget()
        self.result.options = options
        self.live_text.traditional = options.traditional_chinese and is_mandarin(options.language)
        self.meter.reset()
        self.elapsed_s = 0.0
        device = self.picker.device()
        session = DictationSession(
            self.shell.runner.pool,
            options,
            device=device,
            parent=self,
            armed=self.arming.lend(device),
        )
        queued = Qt.ConnectionType.QueuedConnection
        session.started.connect(self._on_started, queued)
        session.start_failed.connect(self._on_start_failed, queued)
        session.updated.connect(self._on_update, queued)
        session.finished.connect(self._on_finished, queued)
        self.session = session
        self.said.emit(self.tr("Opening the microphone…"))
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
            self.said.emit(self.tr("Paused: nothing is recorded until you resume."))
        elif self.state == PAUSED:
            self.session.resume()
            self._set_state(RECORDING)
            self.said.emit(self.tr("Recording."))

    def stop_recording(self) -> None:
        """Stop; returns at once. The final text arrives with dictation_finished."""
        if self.session is None or self.state not in (STARTING, RECORDING, PAUSED):
            return
        self.session.request_stop()
        self.said.emit(self.tr("Finishing the text…"))
        self._set_state(STOPPING)

    # -- the session's events ----------------------------------------------------------
    def _on_started(self) -> None:
        if self._closed:  # the window closed while it started: nothing to show
            return
        if self.state == STARTING:
            self._set_state(RECORDING)
            assert self.session is not None, "started() comes from the session"
            recorder = self.session.recorder
            name = recorder.device.name if recorder.device is not None else ""
            self.said.emit(self.tr('Recording from "{name}".').format(name=name))
        self.recording_started.emit()

    def _on_start_failed(self, error) -> None:
        if self._closed:
            return
        self._timer.stop()
        self._retire(self.session)
        self.session = None
        self.arming.give_back()
        self.said.emit(self.picker.explain(error))
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
        self.arming.give_back()  # the recorder has handed its stream back
        if not self.picker.checking():
            self._timer.stop()
        recording = done.recording
        self.elapsed_s = recording.duration_s
        transcript = done.transcript
        self.latency_label.setText(
            self.tr("Final text in {seconds} s").format(seconds=f"{done.stop_to_final_s:.2f}")
        )
        problems = [self.stopped_text(recording), say(done.error)]
        if transcript is None:
            problems.append(self.tr("The recording is kept in {path}.").format(path=recording.path))
        else:
            if not transcript.segments:
                problems.append(self.tr("No speech was heard."))
            # What the engine warns of (the GPU failed and the CPU took over, repeats
            # removed); why the recording stopped is already said above.
            problems += [say(w) for w in transcript.warnings if w != recording.stopped_reason]
        self.said.emit(" ".join(p for p in problems if p))
        self.result.show(transcript, recording.path, done.utterances)
        self._set_state(IDLE)
        self.dictation_result.emit(done)
        self.dictation_finished.emit(transcript)

    def stopped_text(self, recording) -> str:
        """Why the recording stopped by itself, in the interface language; "" if it did not."""
        if recording.stop_kind is StopKind.USER:
            return ""
        return say(recording.stopped_reason)

    # -- the meter and the clock -------------------------------------------------------
    def _tick(self, session: DictationSession | None = None) -> None:
        """The level meter and the clock, from the recorder (or the microphone check)."""
        session = session or self.session
        if session is not None:
            recorder = session.recorder
            self.meter.show_levels(recorder.take_levels())
            self.elapsed_s = recorder.elapsed_s
            self.show_elapsed()
        if self.picker.checking():
            self.meter.show_levels(self.picker.take_check_levels())

    def _on_check_started(self) -> None:
        self.meter.reset()
        self._timer.start()
        self.changed.emit()

    def _on_check_done(self) -> None:
        if self.session is None:
            self._timer.stop()
        self.changed.emit()

    # -- finished sessions and closing -------------------------------------------------
    def _retire(self, session: DictationSession | None) -> None:
        """Delete sessions whose threads have ended; keep the others until they have."""
        if session is not None:
            self._retired.append(session)
        for old in list(self._retired):
            if old.done():
                self._retired.remove(old)
                old.deleteLater()

    def shutdown(self) -> None:
        """Stop a recording cleanly (its audio stays on disk) and wait, bounded, for its
        threads; stop the timer. The place calls this when the window closes."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        session, self.session = self.session, None
        if session is not None:
            path = session.dictation.path
            if not session.shutdown(SHUTDOWN_WAIT_S):
                log.warning("the dictation did not end within %.0f s", SHUTDOWN_WAIT_S)
            log.info("closing while recording: the recording is kept in %s", path)
        for old in self._retired:
            old.shutdown(1.0)
        self.arming.close()

"""The Dictate place's work off the GUI thread: a dictation and the microphone check, as signals.

The core (`carevoice.engine.dictation.Dictation`,
`carevoice.audio.microphone_check.check_microphone`) calls back on its own threads. These
objects live on the GUI thread; the bridge (ui/runner.py: `run_in_thread`, `relay`) turns
those calls into signals on the GUI thread, where the widgets are touched. Nothing here
waits on the GUI thread except `shutdown()`, which the window calls while closing.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from carevoice.audio.levels import Level
from carevoice.audio.microphone_check import check_microphone
from carevoice.audio.playback import Clip, play_clip
from carevoice.engine.dictation import Dictation, DictationResult
from carevoice.engine.live import LiveUpdate
from carevoice.engine.pool import ModelPool
from carevoice.engine.transcriber import TranscribeOptions
from carevoice.ui.runner import Task, relay, run_in_thread

log = logging.getLogger(__name__)


class DictationSession(QObject):
    """One dictation started from the GUI: the core's Dictation, its callbacks as signals.

    Opening the microphone (and the engine's device check) runs on a short-lived thread,
    so a slow sound system never freezes the window. A stop asked for while it opens
    stops the dictation as soon as it runs.

    Signals:
      started(): the microphone is open and recording
      start_failed(object): the exception that kept it from starting (MicrophoneError,
        RecordingError, ModelNotFoundError, TranscriptionError, ...)
      updated(object): a LiveUpdate: the live text changed
      finished(object): the DictationResult, after a stop or when the recording stopped
        on its own (microphone lost, disk full)
    """

    started = Signal()
    start_failed = Signal(object)
    updated = Signal(object)
    finished = Signal(object)

    def __init__(
        self,
        pool: ModelPool,
        options: TranscribeOptions,
        device: int | str | None = None,
        parent: QObject | None = None,
        **dictation_options,
    ):
        super().__init__(parent)
        self.dictation = Dictation(
            pool,
            options,
            device=device,
            on_update=self._on_update,
            on_finished=self._on_finished,
            **dictation_options,
        )
        self._lock = threading.Lock()
        self._running = False  # started, and not failed
        self._stop_wanted = False
        self._starter: Task | None = None

    @property
    def recorder(self):
        return self.dictation.recorder

    def start(self) -> None:
        self._starter = run_in_thread(
            self._start,
            name="carevoice-dictation-start",
            failed=self._on_start_failed,
            parent=self,
        )

    def pause(self) -> None:
        self.dictation.pause()

    def resume(self) -> None:
        self.dictation.resume()

    def request_stop(self) -> None:
        """Stop recording; returns at once. `finished` brings the result."""
        with self._lock:
            self._stop_wanted = True
            running = self._running
        if running:
            self.dictation.request_stop()

    def done(self) -> bool:
        """Nothing of this dictation runs any more (it finished, or never started)."""
        starter = self._starter
        if starter is not None and starter.running():
            return False
        return self.dictation.finished.is_set() or not self._running

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Stop and wait, at most `timeout_s`, until the recording is closed on disk and
        the dictation's threads have ended. The live text is not finished (closing must
        be quick); the recording is kept. Returns True when everything ended in time."""
        deadline = time.monotonic() + timeout_s

        def left() -> float:
            return max(0.0, deadline - time.monotonic())

        self.request_stop()
        if self._starter is not None:
            self._starter.wait(left())
        dictation = self.dictation
        if self._running:
            dictation.recorder.finished.wait(left())
        dictation.live.cancel()
        if self._running:
            dictation.finished.wait(left())
        return self.done()

    # -- on worker threads ---------------------------------------------------------------
    def _start(self) -> None:
        self.dictation.start()  # raises what kept it from starting: start_failed says it
        with self._lock:
            self._running = True
            stop = self._stop_wanted
        relay(self.started)()  # before anything the stop below makes the dictation say
        if stop:
            self.dictation.request_stop()

    def _on_update(self, update: LiveUpdate) -> None:
        relay(self.updated)(update)

    def _on_finished(self, result: DictationResult) -> None:
        relay(self.finished)(result)

    # -- on the GUI thread ---------------------------------------------------------------
    def _on_start_failed(self, exc: BaseException) -> None:
        # Every failure is told to the user, in the place; the unexpected ones also logged.
        if not getattr(exc, "message", None):
            log.warning("the dictation could not start", exc_info=exc)
        self.start_failed.emit(exc)


# What plays the recorded check back; tests may pass one that keeps the clip instead.
PlayFunction = Callable[[Clip, threading.Event], object]


class MicrophoneCheckTask(QObject):
    """Records a few seconds from a microphone, judges the level, then plays it back.

    Signals:
      checked(object): the core's MicrophoneCheck (verdict, message, audio)
      failed(object): the MicrophoneError or PlaybackError that stopped it
      finished(): the check, and its playback, are over
    """

    checked = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        device: int | str | None,
        seconds: float = 3.0,
        play: PlayFunction | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.device = device
        self.seconds = seconds
        self._play = play or play_clip
        self._levels: deque[Level] = deque(maxlen=500)
        self._stop = threading.Event()
        self._task: Task | None = None

    def start(self) -> None:
        self._task = run_in_thread(
            self._run, name="carevoice-microphone-check", failed=self._on_failed, parent=self
        )
        self._task.done.connect(self.finished)

    def running(self) -> bool:
        return self._task is not None and self._task.running()

    def take_levels(self) -> list[Level]:
        """The levels heard since the last call, oldest first (for the level meter)."""
        levels = []
        with contextlib.suppress(IndexError):
            while True:
                levels.append(self._levels.popleft())
        return levels

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Stop the playback and wait (bounded) for the recording part to end."""
        self._stop.set()
        if self._task is not None:
            self._task.wait(timeout_s)

    def _run(self) -> None:
        # MicrophoneError, PlaybackError ... raised here reach the user through `failed`.
        result = check_microphone(self.device, self.seconds, on_level=self._levels.append)
        relay(self.checked)(result)
        if not self._stop.is_set() and result.audio.size:
            clip = Clip(result.audio, result.sample_rate, 0, result.audio.size)
            self._play(clip, self._stop)

    def _on_failed(self, exc: BaseException) -> None:
        if not getattr(exc, "message", None):
            log.warning("the microphone check failed", exc_info=exc)
        self.failed.emit(exc)

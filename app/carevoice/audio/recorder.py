"""Recording from a microphone into a crash-safe WAV file, with a level meter and 16 kHz out.

Three threads take part. PortAudio's audio thread runs the stream callback, which only
copies each block onto a queue (nothing there may block or allocate much). The recorder's
writer thread takes blocks off the queue, appends them to the WAV file (flushed and
fsynced every `flush_interval_s`, so a crash loses at most that much), measures their
level, resamples them to 16 kHz and hands them to `on_audio`. The caller's thread starts,
pauses, resumes and stops. A microphone that disappears, a full disk or a failed write
stops the recording on its own; what was recorded is kept and `on_stopped` is told why.

Callbacks (`on_audio`, `on_stopped`) run on the writer thread: a Qt panel turns them into
signals and never touches widgets from them.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

import numpy as np

from carevoice.audio.devices import (
    InputDevice,
    MicrophoneError,
    find_input_device,
    lost_message,
)
from carevoice.audio.input_stream import STALL_S, downmix, open_input_stream
from carevoice.audio.levels import SILENCE_DBFS, Level, to_dbfs
from carevoice.audio.microphone_check import MicrophoneCheck, check_microphone, judge_microphone
from carevoice.audio.preroll import ArmedMicrophone
from carevoice.audio.recording_result import (
    RecordingResult,
    StopKind,
    too_long_message,
    write_failure,
)
from carevoice.audio.resample import TARGET_RATE, Resampler
from carevoice.audio.wavfile import FileOpener, WavWriter, new_recording_path

# The level meter, the stream, the microphone check and the result moved to modules of
# their own; their names stay importable from here for code written before.
__all__ = ["FLUSH_INTERVAL_S", "SILENCE_DBFS", "STALL_S", "Level", "MicrophoneCheck", "Recorder",
           "RecorderState", "RecordingError", "RecordingResult", "StopKind", "check_microphone",
           "downmix", "judge_microphone", "open_input_stream", "to_dbfs"]  # fmt: skip

log = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 0.5  # at most this much audio is lost to a crash (the promise: 1 s)
_STOP = object()


class RecorderState(enum.Enum):
    IDLE = "idle"
    RECORDING = "recording"
    PAUSED = "paused"
    STOPPED = "stopped"


class RecordingError(RuntimeError):
    """The recording file could not be created; `message` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Recorder:
    """Records one microphone into a WAV file in the recordings folder.

    Thread-safe for its public methods. Poll `level`, `take_levels()`, `elapsed_s` and
    `state` from a UI timer; wait on `finished` (a threading.Event) for the end.

    Callbacks, both on the writer thread:
      on_audio(samples): mono float32 at 16 kHz, in order, without the paused parts.
      on_stopped(result): the recording ended, by stop() or on its own (see its
        `stop_kind` and `stopped_reason`).
    """

    def __init__(
        self,
        device: str | int | None = None,
        path: Path | None = None,
        folder: Path | None = None,
        on_audio: Callable[[np.ndarray], None] | None = None,
        on_stopped: Callable[[RecordingResult], None] | None = None,
        flush_interval_s: float = FLUSH_INTERVAL_S,
        stall_s: float = STALL_S,
        open_file: FileOpener | None = None,
        armed: ArmedMicrophone | None = None,
    ):
        self.wanted_device = device
        self.path = path
        self.folder = folder
        self.on_audio = on_audio
        self.on_stopped = on_stopped
        self.flush_interval_s = flush_interval_s
        self.stall_s = stall_s
        self._open_file = open_file
        self.armed = armed  # an open microphone with pre-roll: recorded from, not closed
        self._borrowed = False
        self.device: InputDevice | None = None
        self.finished = threading.Event()
        self.result: RecordingResult | None = None
        self._state = RecorderState.IDLE
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._stream = None
        self._stream_finished = threading.Event()  # PortAudio ended the stream
        self._stop_requested = threading.Event()
        self._paused = False
        self._writer: WavWriter | None = None
        self._thread: threading.Thread | None = None
        self._frames = 0
        self._overflows = 0
        self._level = Level(SILENCE_DBFS, SILENCE_DBFS)
        self._levels: deque[Level] = deque(maxlen=500)

    # --- for the UI ----------------------------------------------------------

    @property
    def state(self) -> RecorderState:
        return self._state

    @property
    def sample_rate(self) -> int:
        return self.device.default_sample_rate if self.device else 0

    @property
    def elapsed_s(self) -> float:
        """Seconds of audio recorded so far (pauses not counted)."""
        rate = self.sample_rate
        return self._frames / rate if rate else 0.0

    @property
    def level(self) -> Level:
        """The latest block's level (also while paused, so the meter shows the mic lives)."""
        return self._level

    def take_levels(self) -> list[Level]:
        """Every block's level since the previous call (at most the last 10 s), oldest first."""
        with self._lock:
            levels = list(self._levels)
            self._levels.clear()
        return levels

    # --- control -------------------------------------------------------------

    def start(self) -> None:
        """Open the microphone and start recording. Raises MicrophoneError, RecordingError."""
        with self._lock:
            if self._state is not RecorderState.IDLE:
                raise RuntimeError("a Recorder records once; make a new one")
            armed = self.armed if self.armed is not None and self.armed.armed else None
            self.device = armed.device if armed else find_input_device(self.wanted_device)
            assert self.device is not None, "an armed microphone knows its device"
            path = self.path or new_recording_path(self.folder)
            try:
                self._writer = WavWriter(
                    path,
                    self.device.default_sample_rate,
                    1,
                    open_file=self._open_file,
                    details={"device": self.device.name},
                )
            except OSError as exc:
                raise RecordingError(
                    f"Care Voice could not create the recording file in {path.parent} "
                    f"({exc.strerror or exc})."
                ) from None
            self.path = path
            try:
                if armed is not None:
                    # The stream is running already; its pre-roll comes first.
                    armed.hand_over(self._callback)
                    self._borrowed = True
                else:
                    self._stream = open_input_stream(
                        self.device, self._callback, self._stream_finished.set
                    )
            except MicrophoneError:
                self._writer.close()
                path.unlink(missing_ok=True)  # holds no audio
                raise
            self._state = RecorderState.RECORDING
            self._thread = threading.Thread(
                target=self._write_loop, name="carevoice-recorder", daemon=True
            )
            self._thread.start()

    def pause(self) -> None:
        with self._lock:
            if self._state is RecorderState.RECORDING:
                self._paused = True
                self._state = RecorderState.PAUSED

    def resume(self) -> None:
        with self._lock:
            if self._state is RecorderState.PAUSED:
                self._paused = False
                self._state = RecorderState.RECORDING

    def stop(self, timeout_s: float = 10.0) -> RecordingResult:
        """Stop (if still running), finish the file, return the result. Idempotent."""
        with self._lock:
            if self._state is RecorderState.IDLE:
                raise RuntimeError("the recording was never started")
            self._stop_requested.set()
        self._close_stream(abort=False)
        self._queue.put(_STOP)
        if self._thread is not None:
            self._thread.join(timeout_s)
        if not self.finished.wait(timeout_s):
            raise TimeoutError("the recording did not finish writing in time")
        assert self.result is not None
        return self.result

    # --- the audio thread ----------------------------------------------------

    def _callback(self, indata, frames, time_info, status) -> None:
        # PortAudio's thread: copy and queue, nothing else.
        self._queue.put((indata.copy(), self._paused, bool(status.input_overflow)))

    # --- the writer thread ---------------------------------------------------

    def _write_loop(self) -> None:
        writer, device = self._writer, self.device
        assert writer is not None and device is not None, "start() opens both first"
        resampler = Resampler(writer.sample_rate, TARGET_RATE)
        kind, reason = StopKind.USER, ""
        last_flush = last_block = time.monotonic()
        try:
            while True:
                try:
                    item = self._queue.get(timeout=0.1)
                except queue.Empty:
                    item = None
                now = time.monotonic()
                if item is _STOP:
                    break
                if item is not None:
                    last_block = now
                    block, paused, overflow = item
                    self._overflows += overflow
                    mono = downmix(block)
                    self._note_level(mono)
                    if not paused:
                        writer.write(mono)
                        self._frames += mono.size
                        self._deliver(resampler.process(mono))
                        if writer.full:
                            kind, reason = StopKind.TOO_LONG, too_long_message()
                            break
                if now - last_flush >= self.flush_interval_s:
                    writer.flush()
                    last_flush = now
                if self._stop_requested.is_set() or item is not None:
                    continue
                # The queue is drained: is the microphone still there?
                if self._stream_finished.is_set() or now - last_block > self.stall_s:
                    kind, reason = StopKind.DEVICE_LOST, lost_message(device.name)
                    break
        except OSError as exc:
            kind, reason = write_failure(exc, writer)
            log.warning("recording %s stopped: %s", writer.path, exc)
        finally:
            self._finish(writer, resampler, kind, reason)

    def _note_level(self, mono: np.ndarray) -> None:
        level = Level.of(mono)
        self._level = level
        with self._lock:
            self._levels.append(level)

    def _deliver(self, samples: np.ndarray) -> None:
        if samples.size and self.on_audio is not None:
            try:
                self.on_audio(samples)
            except Exception:  # a listener's bug must not lose the recording
                log.exception("on_audio listener failed")

    def _finish(self, writer: WavWriter, resampler, kind: StopKind, reason: str) -> None:
        self._close_stream(abort=kind is not StopKind.USER)
        try:
            writer.close()
        except OSError as exc:
            log.warning("closing %s: %s", writer.path, exc)
            if kind is StopKind.USER:
                kind, reason = write_failure(exc, writer)
        self._deliver(resampler.flush())  # the last few milliseconds
        self.result = RecordingResult(
            path=writer.path,
            duration_s=writer.duration_s,
            sample_rate=writer.sample_rate,
            device=self.device.name if self.device else "",
            stop_kind=kind,
            stopped_reason=reason,
            overflows=self._overflows,
        )
        with self._lock:
            self._state = RecorderState.STOPPED
        self.finished.set()
        if self.on_stopped is not None:
            try:
                self.on_stopped(self.result)
            except Exception:
                log.exception("on_stopped listener failed")

    def _close_stream(self, abort: bool) -> None:
        if self._borrowed and self.armed is not None:
            self._borrowed = False
            self.armed.take_back()  # the armed microphone stays open, with its ring
            return
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            if abort:
                stream.abort(ignore_errors=True)
            else:
                stream.stop(ignore_errors=True)
        finally:
            stream.close(ignore_errors=True)

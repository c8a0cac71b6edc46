"""One dictation: the microphone into a crash-safe WAV, text while speaking, and a re-read.

`Dictation` ties a `Recorder` (the microphone and its crash-safe WAV) to a
`LiveTranscriber` and returns the recording and a `Transcript` of the whole dictation;
when the live path fails, the saved recording is transcribed instead. `retranscribe`
runs a normal transcription job on the saved recording with a larger model.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carevoice.audio.recorder import Recorder, RecorderState, RecordingResult, StopKind
from carevoice.engine.chinese import is_mandarin, to_traditional
from carevoice.engine.live import LiveTranscriber, LiveTuning, LiveUpdate
from carevoice.engine.pool import ModelPool
from carevoice.engine.transcriber import Event, TranscribeOptions, TranscriptionJob
from carevoice.engine.transcript import Transcript
from carevoice.phrases import Phrase

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DictationResult:
    """A finished dictation: the saved recording and the text of all of it."""

    recording: RecordingResult
    transcript: Transcript | None  # None only when no transcription was possible
    stop_to_final_s: float  # from stop (or the recording stopping itself) to final text
    error: str = ""  # plain words: why there is no transcript, or why live text failed
    # The text cut where the speaker paused (for spoken commands); empty when the live
    # path failed and the saved file was transcribed instead.
    utterances: tuple[str, ...] = ()

    @property
    def stopped_reason(self) -> str:
        """Empty when the user stopped; otherwise what stopped the recording."""
        return self.recording.stopped_reason


class Dictation:
    """One dictation: the microphone into a crash-safe WAV, and text while speaking.

    Thread-safe. `start()` raises MicrophoneError, RecordingError, ModelNotFoundError or
    TranscriptionError with messages for the user. Poll `recorder.level`,
    `recorder.take_levels()`, `recorder.elapsed_s` and `state` from a UI timer.
    `request_stop()` returns at once; `stop()` waits for the result.

    Callbacks, on worker threads:
      on_update(LiveUpdate): the live text changed.
      on_finished(DictationResult): the dictation is over, after a stop or because the
        recording stopped on its own (microphone lost, disk full: see `stopped_reason`).
    """

    def __init__(
        self,
        pool: ModelPool,
        options: TranscribeOptions | None = None,
        device: str | int | None = None,
        path: Path | None = None,
        folder: Path | None = None,
        on_update: Callable[[LiveUpdate], None] | None = None,
        on_finished: Callable[[DictationResult], None] | None = None,
        tuning: LiveTuning | None = None,
        **recorder_options,
    ):
        self.pool = pool
        self.options = options or TranscribeOptions(language="en")
        self.on_finished = on_finished
        self.live = LiveTranscriber(self.options, pool, on_update, tuning)
        self.recorder = Recorder(
            device=device,
            path=path,
            folder=folder,
            on_audio=self.live.feed,
            on_stopped=self._recorder_stopped,
            **recorder_options,
        )
        self.finished = threading.Event()
        self.result: DictationResult | None = None
        self._stop_lock = threading.Lock()
        self._stop_requested_at: float | None = None

    @property
    def state(self) -> RecorderState:
        return self.recorder.state

    @property
    def path(self) -> Path | None:
        return self.recorder.path

    def start(self) -> None:
        # The microphone opens first: speech that starts as the key goes down must be
        # recorded. The engine's checks (the GPU decision, finding the model) took 40-250
        # ms before it, and the first word said in that time was lost (issue #13.3:
        # "Blood pressure ..." came out as "pressure ..."). Audio fed before the live
        # transcriber runs waits for it.
        self.recorder.start()
        try:
            self.live.start()
        except BaseException:
            self.live.cancel()
            recording = self.recorder.stop()
            recording.path.unlink(missing_ok=True)  # nothing will ever read it
            raise
        self.live.source_name = str(self.recorder.path)

    def pause(self) -> None:
        self.recorder.pause()

    def resume(self) -> None:
        self.recorder.resume()

    def request_stop(self) -> None:
        """Stop recording; the result arrives through on_finished (and `result`)."""
        with self._stop_lock:
            if self._stop_requested_at is not None:
                return
            self._stop_requested_at = time.monotonic()
        threading.Thread(target=self._finish, name="carevoice-dictation-stop", daemon=True).start()

    def stop(self, timeout_s: float = 120.0) -> DictationResult:
        """Stop and wait for the final text."""
        self.request_stop()
        if not self.finished.wait(timeout_s):
            raise TimeoutError("the dictation did not finish in time")
        assert self.result is not None
        return self.result

    def _recorder_stopped(self, recording: RecordingResult) -> None:
        if recording.stop_kind is not StopKind.USER:
            self.request_stop()  # the microphone went away, or the disk is full

    def _finish(self) -> None:
        recording = self.recorder.stop()
        error = ""
        utterances: tuple[str, ...] = ()
        try:
            transcript = self.live.finish()
            utterances = tuple(self.live.utterances())
            if self.options.traditional_chinese and is_mandarin(transcript.language):
                # As the transcript is: the text made of them is shown and saved.
                utterances = tuple(to_traditional(u) for u in utterances)
        except Exception as exc:  # the live path failed: read the saved file instead
            log.warning("live transcription failed (%s); transcribing the recording", exc)
            error = Phrase(
                "Live transcription failed ({error}); the recording was transcribed instead.",
                error=_said(exc),
            )
            try:
                transcript = TranscriptionJob(recording.path, self.options, self.pool).run()
            except Exception as again:
                transcript = None
                error = Phrase(
                    "The recording could not be transcribed: {error}", error=_said(again)
                )
        latency = time.monotonic() - (self._stop_requested_at or time.monotonic())
        if transcript is not None:
            transcript.source = str(recording.path)
            if recording.stopped_reason:
                transcript.warnings.append(recording.stopped_reason)
        self.result = DictationResult(recording, transcript, latency, error, utterances)
        self.finished.set()
        if self.on_finished is not None:
            try:
                self.on_finished(self.result)
            except Exception:
                log.exception("on_finished listener failed")


def retranscribe_job(
    recording: str | Path,
    pool: ModelPool,
    model: str = "base",
    language: str | None = None,
    base: TranscribeOptions | None = None,
) -> TranscriptionJob:
    """A normal file job over a saved dictation with a larger model (run it on a worker).
    `base`: the dictation's own options (vocabulary, language ...), else `language`."""
    options = dataclasses.replace(base or TranscribeOptions(language=language), model=model)
    return TranscriptionJob(Path(recording), options, pool)


def retranscribe(
    recording: str | Path,
    pool: ModelPool,
    model: str = "base",
    language: str | None = None,
    on_event: Callable[[Event], None] | None = None,
    base: TranscribeOptions | None = None,
) -> Transcript:
    """Transcribe a saved dictation again, all of it at once, with `model` ("base")."""
    return retranscribe_job(recording, pool, model, language, base).run(on_event)


def _said(error: BaseException) -> str:
    """The error's own sentence: a Phrase stays one, so the interface can translate it."""
    return error.args[0] if error.args and isinstance(error.args[0], str) else str(error)

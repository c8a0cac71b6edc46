"""Where the speech is in a growing 16 kHz stream, 32 ms at a time (Silero VAD)."""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable
from typing import Any

import numpy as np

from carevoice.engine.transcriber import SAMPLE_RATE
from carevoice.engine.transcript import Word

log = logging.getLogger(__name__)


class SpeechDetector:
    """Speech probability for every 32 ms frame of a growing 16 kHz stream.

    Silero VAD (faster-whisper's copy); if it cannot load (onnxruntime or its model file
    missing, as in a PyInstaller bundle without faster-whisper's assets), an energy gate
    relative to the noise floor stands in.
    """

    FRAME = 512  # samples: Silero's window at 16 kHz
    FRAME_S = FRAME / SAMPLE_RATE

    def __init__(self, threshold: float = 0.5):
        self.threshold = threshold
        self._pending = np.zeros(0, np.float32)
        self._previous = np.zeros(self.FRAME, np.float32)  # gives the next frame context
        self._speech: list[int] = []  # indexes of speech frames, ascending
        self.frames = 0
        self._model: Callable[[np.ndarray], Any] | None = None  # Silero
        self._energy = False
        try:
            from faster_whisper.vad import get_vad_model

            self._model = get_vad_model()
        except Exception as exc:  # noqa: BLE001 - any failure means: use the fallback
            log.warning("Silero VAD unavailable (%s); using an energy gate", exc)
            self._energy = True
            self._floor_db: list[float] = []

    def feed(self, samples: np.ndarray) -> None:
        data = np.concatenate([self._pending, samples.astype(np.float32, copy=False)])
        whole = data.size // self.FRAME * self.FRAME
        self._pending = data[whole:]
        if not whole:
            return
        frames = data[:whole].reshape(-1, self.FRAME)
        speech = self._energy_speech(frames) if self._energy else self._silero_speech(frames)
        self._speech += [self.frames + int(i) for i in np.flatnonzero(speech)]
        self.frames += len(frames)

    def _silero_speech(self, frames: np.ndarray) -> np.ndarray:
        # Silero reads each frame with the end of the one before: put the previous call's
        # last frame first and drop its probability.
        batch = np.concatenate([self._previous[None, :], frames]).reshape(-1)
        self._previous = frames[-1].copy()
        assert self._model is not None, "without a model _energy is set and this never runs"
        probs = np.asarray(self._model(batch)).reshape(-1)[1:]
        return probs >= self.threshold

    def _energy_speech(self, frames: np.ndarray) -> np.ndarray:
        rms = np.sqrt(np.mean(np.square(frames, dtype=np.float64), axis=1))
        db = 20 * np.log10(np.maximum(rms, 1e-7))
        self._floor_db = (self._floor_db + db.tolist())[-300:]  # about 10 s
        floor = float(np.percentile(self._floor_db, 10))
        return db > max(floor + 12.0, -55.0)

    @property
    def duration_s(self) -> float:
        return self.frames * self.FRAME_S

    def speech_in(self, start_s: float, end_s: float, min_frames: int = 2) -> bool:
        """Whether [start_s, end_s) holds speech (at least `min_frames` frames of it)."""
        lo = bisect.bisect_left(self._speech, int(start_s / self.FRAME_S))
        hi = bisect.bisect_left(self._speech, int(np.ceil(end_s / self.FRAME_S)))
        return hi - lo >= min_frames

    def first_speech_s(self, start_s: float) -> float | None:
        i = bisect.bisect_left(self._speech, int(start_s / self.FRAME_S))
        return self._speech[i] * self.FRAME_S if i < len(self._speech) else None

    @property
    def speech_end_s(self) -> float | None:
        """Where the latest speech ended (or the stream's end while it goes on)."""
        return (self._speech[-1] + 1) * self.FRAME_S if self._speech else None

    def longest_silence_s(self, start_s: float, end_s: float) -> float:
        """The longest stretch without speech in [start_s, end_s)."""
        lo_frame = int(start_s / self.FRAME_S)
        hi_frame = max(lo_frame, int(np.ceil(end_s / self.FRAME_S)))
        lo = bisect.bisect_left(self._speech, lo_frame)
        hi = bisect.bisect_left(self._speech, hi_frame)
        edges = [lo_frame - 1, *self._speech[lo:hi], hi_frame]
        longest = max((b - a - 1 for a, b in zip(edges, edges[1:], strict=False)), default=0)
        return longest * self.FRAME_S

    def words_with_speech(self, words: list[Word], slack_s: float = 0.15) -> list[Word]:
        """The words with speech under them (give or take `slack_s`, as Whisper's word
        times wobble). With a glossary as hotwords, tiny.en sometimes writes words into
        the silence after the last one (" 2", or a sentence again) in about one dictation
        in four that is stopped half a second after speaking."""
        return [w for w in words if self.speech_in(w.start_s - slack_s, w.end_s + slack_s, 1)]

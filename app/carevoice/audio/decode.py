"""Any audio or video file in, 16 kHz mono float32 out, with errors a user can read.

The file is opened and checked in `media_open.py`, decoded by a `DecodeRun`
(`decode_run.py`), and every failure is an AudioError in plain words (`media_errors.py`);
the names from those modules that callers use are importable from here too.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from carevoice.audio.decode_run import DecodeRun
from carevoice.audio.media_errors import AudioError, format_position
from carevoice.audio.media_files import MEDIA_EXTENSIONS
from carevoice.audio.media_open import (
    MediaInfo,
    first_audio_stream,
    media_info,
    open_media,
    probe_media,
)

__all__ = [
    "MEDIA_EXTENSIONS",
    "SAMPLE_RATE",
    "AudioError",
    "AudioWindows",
    "DecodedAudio",
    "MediaInfo",
    "decode_audio",
    "format_position",
    "iter_audio_windows",
    "probe_media",
]

SAMPLE_RATE = 16000


@dataclass
class DecodedAudio:
    """Decoded sound: mono float32 at `sample_rate`, starting `start_s` into the file."""

    samples: np.ndarray
    sample_rate: int
    duration_s: float
    warnings: list[str] = field(default_factory=list)
    start_s: float = 0.0


def decode_audio(
    path: str | Path,
    sample_rate: int = SAMPLE_RATE,
    start_s: float = 0.0,
    duration_s: float | None = None,
) -> DecodedAudio:
    """Decode [start_s, start_s + duration_s) of the first sound track (all of it by default).

    A window is reached by seeking and holds the same samples as that stretch of a
    full decode (to the millisecond for Matroska/WebM, whose times are whole ms).
    Damage becomes warnings; AudioError only when nothing at all can be decoded.
    """
    path = Path(path)
    with open_media(path) as container:
        run = DecodeRun(path, container, sample_rate, start_s, duration_s)
        # One preallocated array rather than a list of pieces joined at the end, which
        # would briefly hold a long file twice. Untouched np.empty pages cost nothing;
        # the cap keeps a header that claims days from asking for gigabytes up front.
        capacity = min(run.expected_samples(), 3 * 3600 * sample_rate)
        buffer = np.empty(max(1024, capacity), dtype=np.float32)
        size = 0
        for chunk in run.chunks():
            if size + chunk.size > buffer.size:
                grown = np.empty(max(size + chunk.size, buffer.size * 3 // 2), np.float32)
                grown[:size] = buffer[:size]
                buffer = grown
            buffer[size : size + chunk.size] = chunk
            size += chunk.size
        run.finish(size)
    samples = buffer[:size].copy() if buffer.size - size > 10 * sample_rate else buffer[:size]
    return DecodedAudio(samples, sample_rate, size / sample_rate, run.warnings, start_s)


class AudioWindows:
    """A file's sound as consecutive (offset_s, samples) windows, decoded in one pass.

    Windows join exactly, being cut from one continuous decode. Memory is about two
    windows: the one the caller holds and the one filling. `warnings` fills in as
    decoding goes and is complete when iteration ends. Problems with the file itself
    (missing, not media, no sound track) raise AudioError when this is created.
    """

    def __init__(self, path: str | Path, window_s: float = 600.0, sample_rate: int = SAMPLE_RATE):
        if window_s <= 0:
            raise ValueError("window_s must be positive")
        self.path = Path(path)
        self.sample_rate = sample_rate
        self.window_samples = max(1, round(window_s * sample_rate))
        self.warnings: list[str] = []
        with open_media(self.path) as container:
            self.info = media_info(self.path, container)
            first_audio_stream(self.path, container)
        self._windows = self._generate()

    def __iter__(self) -> AudioWindows:
        return self

    def __next__(self) -> tuple[float, np.ndarray]:
        return next(self._windows)

    def close(self) -> None:
        """Stop early and close the file."""
        self._windows.close()

    def _generate(self) -> Generator[tuple[float, np.ndarray], None, None]:
        size, rate = self.window_samples, self.sample_rate
        with open_media(self.path) as container:
            run = DecodeRun(self.path, container, rate, 0.0, None)
            run.warnings = self.warnings
            window, filled, emitted = np.empty(size, np.float32), 0, 0
            for chunk in run.chunks():
                while chunk.size:
                    take = min(size - filled, chunk.size)
                    window[filled : filled + take] = chunk[:take]
                    filled, chunk = filled + take, chunk[take:]
                    if filled == size:
                        yield emitted / rate, window
                        window, filled, emitted = np.empty(size, np.float32), 0, emitted + size
            run.finish(emitted + filled)
            if filled:
                yield emitted / rate, window[:filled].copy()


def iter_audio_windows(
    path: str | Path, window_s: float = 600.0, sample_rate: int = SAMPLE_RATE
) -> AudioWindows:
    """The whole file as consecutive (offset_s, samples) windows; see AudioWindows."""
    return AudioWindows(path, window_s, sample_rate)

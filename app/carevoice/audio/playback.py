"""Playing a stretch of a recording through the sound output, with errors a user can read."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from carevoice.audio.decode import SAMPLE_RATE, iter_audio_windows
from carevoice.audio.resample import resample

# The desktop app shows its translations of these, chosen by PlaybackError.kind.
NO_DEVICE_MESSAGE = (
    "No sound output device was found; connect speakers or headphones, or check that "
    "this computer's sound is switched on, then try again."
)
NO_PORTAUDIO_MESSAGE = (
    "Sound cannot be played on this computer: the PortAudio sound library is not installed."
)
# Audio is written in blocks this long, so a stop request is noticed within one block.
_BLOCK_S = 0.05


class PlaybackError(Exception):
    """Sound that could not be played; `message` is plain words for the user.

    `kind`: no-portaudio, no-device, device-refused, device-failed; `detail` is what
    PortAudio said, if anything.
    """

    def __init__(self, kind: str, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class Clip:
    """Samples [start_sample, end_sample) of a recording, mono float32 at `sample_rate`."""

    samples: np.ndarray
    sample_rate: int
    start_sample: int
    end_sample: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


def sample_range(start_s: float, end_s: float, sample_rate: int, total: int) -> tuple[int, int]:
    """The sample indices [start, end) for a time range, kept inside [0, total]."""
    start = min(total, max(0, round(start_s * sample_rate)))
    end = min(total, max(start, round(end_s * sample_rate)))
    return start, end


class RecordingAudio:
    """One recording, decoded on first use and kept, for playing stretches of it.

    Decoding happens on whichever thread first asks (the playback thread, never the GUI),
    window by window so that a stop request ends it early: closing a transcript of a
    three-hour recording must not wait for the whole decode. A lock makes a second
    caller wait for that decode instead of starting another. The sound is kept as
    16 kHz float32 windows (about 230 MB an hour), never joined into one array, so
    memory does not briefly double.
    """

    def __init__(
        self,
        path: str | Path,
        windows=iter_audio_windows,
        sample_rate: int = SAMPLE_RATE,
        window_s: float = 60.0,
    ):
        self.path = Path(path)
        self.sample_rate = sample_rate
        self.warnings: list[str] = []
        self._windows = windows
        self._window_samples = round(window_s * sample_rate)
        self._pieces: list[np.ndarray] | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._pieces is not None

    def load(self, stop: threading.Event | None = None) -> bool:
        """Decode the recording if not done yet; False if `stop` was set first.

        Raises AudioError for a file that cannot be decoded (not remembered, so a
        replaced file can be tried again).
        """
        with self._lock:
            if self._pieces is None:
                window_s = self._window_samples / self.sample_rate
                windows = self._windows(self.path, window_s=window_s, sample_rate=self.sample_rate)
                pieces = []
                try:
                    for _offset, samples in windows:
                        if stop is not None and stop.is_set():
                            return False
                        pieces.append(samples)
                finally:
                    windows.close()
                self.warnings = list(windows.warnings)
                self._pieces = pieces
            return True

    def clip(self, start_s: float, end_s: float, stop: threading.Event | None = None):
        """The Clip for [start_s, end_s), decoding first if needed; None if stopped."""
        if not self.load(stop):
            return None
        size, pieces = self._window_samples, self._pieces
        assert pieces is not None, "load() returned True, so the recording is decoded"
        total = sum(len(piece) for piece in pieces)
        start, end = sample_range(start_s, end_s, self.sample_rate, total)
        parts = [
            pieces[i][max(0, start - i * size) : end - i * size]
            for i in range(start // size, -(-end // size))
        ]
        samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        return Clip(samples, self.sample_rate, start, end)


def output_devices() -> list[dict]:
    """The sound outputs PortAudio knows of (empty without a sound card or sound server)."""
    sd = _sounddevice()
    return [dict(d) for d in sd.query_devices() if d["max_output_channels"] > 0]


def play_clip(clip: Clip, stop: threading.Event | None = None, device=None) -> bool:
    """Play `clip` on the calling thread until it ends or `stop` is set.

    Returns True when it played to the end, False when stopped. Raises PlaybackError,
    with a plain message, when there is no output device or the device fails.
    """
    sd = _sounddevice()
    stop = stop or threading.Event()
    stream, rate = _open_stream(sd, clip.sample_rate, device)
    samples = resample_for_output(clip.samples, clip.sample_rate, rate)
    block = max(1, round(_BLOCK_S * rate))
    try:
        stream.start()
        for offset in range(0, len(samples), block):
            if stop.is_set():
                stream.abort()  # drop what is buffered: the user asked for silence
                return False
            stream.write(samples[offset : offset + block])
        # Pa_StopStream should play out what is buffered, but through ALSA's PulseAudio
        # plugin the last ~50 ms were lost (measured, PortAudio 19.6): end on silence
        # at least as long as the output latency, so what is lost is silence.
        stream.write(np.zeros(block + round(stream.latency * rate), np.float32))
        stream.stop()
        return True
    except sd.PortAudioError as exc:
        raise PlaybackError(
            "device-failed",
            f"Sound playback stopped because the output device failed ({exc}).",
            str(exc),
        ) from exc
    finally:
        stream.close(ignore_errors=True)


def _sounddevice():
    try:
        import sounddevice
    except (OSError, ImportError) as exc:  # the Linux wheel does not bundle PortAudio
        raise PlaybackError("no-portaudio", NO_PORTAUDIO_MESSAGE, str(exc)) from exc
    return sounddevice


def _has_output(sd) -> bool:
    try:
        return any(d["max_output_channels"] > 0 for d in sd.query_devices())
    except sd.PortAudioError:
        return False


def _open_stream(sd, rate: int, device):
    """An output stream at `rate`, or at the device's own rate if it refuses ours."""
    try:
        return _stream(sd, rate, device), rate
    except (sd.PortAudioError, ValueError) as exc:
        # With no sound card or server PortAudio says only "Error querying device -1".
        if not _has_output(sd):
            raise PlaybackError("no-device", NO_DEVICE_MESSAGE, str(exc)) from exc
        first_error = exc
    try:
        native = round(sd.query_devices(device, "output")["default_samplerate"])
        if native and native != rate:
            return _stream(sd, native, device), native
    except (sd.PortAudioError, ValueError):
        pass
    raise PlaybackError(
        "device-refused",
        f"Sound could not be played: the output device refused to start ({first_error}).",
        str(first_error),
    ) from first_error


def _stream(sd, rate: int, device):
    return sd.OutputStream(samplerate=rate, channels=1, dtype="float32", device=device)


def resample_for_output(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """The clip at the output device's rate, for devices that refuse 16 kHz (most play
    48 kHz only). The project's own windowed-sinc resampler: linear interpolation left an
    image of a 5 kHz tone only 12.5 dB down at 11 kHz, heard as a whistle over speech."""
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    if rate == target or not len(samples):
        return samples
    return resample(samples, rate, target)

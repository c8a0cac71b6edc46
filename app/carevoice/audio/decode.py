"""Any audio or video file in, 16 kHz mono float32 out, with errors a user can read."""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

SAMPLE_RATE = 16000

MEDIA_EXTENSIONS: frozenset[str] = frozenset(
    {
        # audio
        ".wav", ".wave", ".flac", ".mp3", ".mp2", ".ogg", ".oga", ".opus", ".m4a", ".m4b",
        ".aac", ".wma", ".aiff", ".aif", ".aifc", ".amr", ".3ga", ".caf", ".ac3", ".alac",
        ".ape", ".wv", ".mka", ".au", ".snd", ".spx", ".weba", ".dss", ".voc",
        # video
        ".mp4", ".m4v", ".mkv", ".mov", ".webm", ".avi", ".wmv", ".3gp", ".3g2", ".flv",
        ".mpg", ".mpeg", ".ts", ".mts", ".m2ts", ".vob", ".ogv", ".asf",
    }
)  # fmt: skip

# Timestamp jumps longer than this are filled with silence so transcript times keep
# matching the media; shorter ones are jitter from coarse time bases (Matroska: 1 ms).
_GAP_S = 0.1
# Seeking lands on a packet at or before the target; starting this much earlier
# lets MP3's bit reservoir and AAC's overlap settle before the samples we keep.
_SEEK_PREROLL_S = 1.0
# A decode that ends this much short of the declared length is reported as lost.
_MIN_LOSS_S = 0.5
_MIN_LOSS_FRACTION = 0.01
# FFmpeg demuxers that "open" text and pictures; none of them carries sound.
_NOT_MEDIA_FORMATS = frozenset({"tty", "image2", "image2pipe", "lavfi"})


class AudioError(Exception):
    """A file Care Voice cannot turn into audio; `message` is plain words for the user.

    `kind`: missing, directory, unreadable, empty, not-media, no-audio, corrupt, silent-empty.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class MediaInfo:
    """What a file holds, read from its headers without decoding; codec is None without sound."""

    path: str
    duration_s: float | None
    container: str
    codec: str | None
    sample_rate: int | None
    channels: int | None
    has_video: bool


@dataclass
class DecodedAudio:
    """Decoded sound: mono float32 at `sample_rate`, starting `start_s` into the file."""

    samples: np.ndarray
    sample_rate: int
    duration_s: float
    warnings: list[str] = field(default_factory=list)
    start_s: float = 0.0


def probe_media(path: str | Path) -> MediaInfo:
    """Read a file's container, sound format and length; raises AudioError."""
    path = Path(path)
    with _open(path) as container:
        return _media_info(path, container)


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
    with _open(path) as container:
        run = _DecodeRun(path, container, sample_rate, start_s, duration_s)
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
        with _open(self.path) as container:
            self.info = _media_info(self.path, container)
            _audio_stream(self.path, container)
        self._windows = self._generate()

    def __iter__(self) -> AudioWindows:
        return self

    def __next__(self) -> tuple[float, np.ndarray]:
        return next(self._windows)

    def close(self) -> None:
        """Stop early and close the file."""
        self._windows.close()

    def _generate(self) -> Iterator[tuple[float, np.ndarray]]:
        size, rate = self.window_samples, self.sample_rate
        with _open(self.path) as container:
            run = _DecodeRun(self.path, container, rate, 0.0, None)
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


def format_position(seconds: float) -> str:
    """A time for messages: "1:23.4", or "1:02:03.4" past an hour."""
    tenths = max(0, round(seconds * 10))
    minutes, tenth_of_minute = divmod(tenths, 600)
    hours, minutes = divmod(minutes, 60)
    secs = f"{tenth_of_minute // 10:02d}.{tenth_of_minute % 10}"
    return f"{hours}:{minutes:02d}:{secs}" if hours else f"{minutes}:{secs}"


# --- opening and probing ---------------------------------------------------


def _open(path: Path):
    """Open with PyAV after plain checks, so each failure gets its own message."""
    if not path.exists():
        raise _error("missing", path)
    if path.is_dir():
        raise _error("directory", path)
    if not path.is_file():  # a device or a pipe: FFmpeg could wait on it forever
        raise _error("not-media", path)
    try:
        size = path.stat().st_size
        with open(path, "rb"):  # FFmpeg reports a refused read less clearly
            pass
    except OSError as exc:
        raise _error("unreadable", path, exc.strerror) from None
    if size == 0:
        raise _error("empty", path)
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except FileNotFoundError:
        raise _error("missing", path) from None
    except IsADirectoryError:
        raise _error("directory", path) from None
    except PermissionError as exc:
        raise _error("unreadable", path, exc.strerror) from None
    except (av.error.FFmpegError, OSError, UnicodeDecodeError):
        declared = _wav_declared_duration(path)
        raise (_corrupt(path, declared) if declared else _error("not-media", path)) from None
    # FFmpeg also opens subtitle and data files (random bytes can pass as LRC lyrics);
    # with neither sound nor picture they are not media, whatever their name says.
    format_name = container.format.name
    not_media = format_name in _NOT_MEDIA_FORMATS or format_name.endswith("_pipe")
    if not_media or not (container.streams.audio or container.streams.video):
        container.close()
        raise _error("not-media", path)
    return container


def _error(kind: str, path: Path, reason: str | None = None) -> AudioError:
    name = f'"{path.name}"'
    if kind == "unreadable" and reason in (None, "Permission denied"):
        text = f"Care Voice is not allowed to read the file {name}. Check its permissions."
    else:
        text = {
            "missing": f"The file {name} does not exist.",
            "directory": f"{name} is a folder, not an audio or video file.",
            "unreadable": f"Care Voice could not read the file {name} ({reason}).",
            "empty": f"The file {name} is empty (0 bytes).",
            "not-media": f"The file {name} is not an audio or video file Care Voice can read.",
            "no-audio": f"The file {name} has no sound track, so there is nothing to transcribe.",
            "silent-empty": f"The file {name} contains no audio (0 seconds).",
            "corrupt": f"The file {name} is damaged: none of its sound could be decoded.",
        }[kind]
    if kind == "not-media" and path.suffix.lower() in MEDIA_EXTENSIONS:
        text += " It may be damaged or incomplete."
    return AudioError(kind, text)


def _corrupt(path: Path, declared_s: float) -> AudioError:
    return AudioError(
        "corrupt",
        f'The file "{path.name}" is damaged: it should hold {format_position(declared_s)} '
        "of sound, but none of it could be read.",
    )


def _media_info(path: Path, container) -> MediaInfo:
    audio = container.streams.audio[0] if container.streams.audio else None
    ctx = audio.codec_context if audio is not None else None
    return MediaInfo(
        path=str(path),
        duration_s=_duration(path, container, audio),
        container=container.format.name,
        codec=ctx.codec.canonical_name if ctx is not None else None,
        sample_rate=(ctx.sample_rate or None) if ctx is not None else None,
        channels=(ctx.channels or None) if ctx is not None else None,
        # Cover art in MP3 and M4A files shows up as a one-picture video stream.
        has_video=any(
            not (s.disposition & av.stream.Disposition.attached_pic)
            for s in container.streams.video
        ),
    )


def _duration(path: Path, container, audio) -> float | None:
    """The sound track's length from headers; the container's, or an estimate, failing that."""
    if audio is not None and audio.duration and audio.time_base:
        return float(audio.duration * audio.time_base)
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    declared = _wav_declared_duration(path)
    if declared is not None:
        return declared
    if container.bit_rate:
        return path.stat().st_size * 8 / container.bit_rate
    return None


def _wav_declared_duration(path: Path) -> float | None:
    """The length a WAV header promises. FFmpeg goes by the file size instead, which
    hides a truncated recording; comparing the two is how truncation is noticed."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    offset, byte_rate = 12, None
    while offset + 8 <= len(head):
        chunk_id = head[offset : offset + 4]
        (size,) = struct.unpack("<I", head[offset + 4 : offset + 8])
        if chunk_id == b"fmt " and offset + 20 <= len(head):
            (byte_rate,) = struct.unpack("<I", head[offset + 16 : offset + 20])
        elif chunk_id == b"data":
            # 0xFFFFFFFF: written while still recording, or RF64; no length promised.
            return size / byte_rate if byte_rate and size != 0xFFFFFFFF else None
        offset += 8 + size + (size & 1)
    return None


def _audio_stream(path: Path, container):
    if not container.streams.audio:
        raise _error("no-audio", path)
    stream = container.streams.audio[0]
    if stream.codec_context is None:  # FFmpeg has no decoder for this sound format
        raise _error("not-media", path)
    return stream


# --- decoding --------------------------------------------------------------


class _DecodeRun:
    """One pass over a sound track: seek, decode, resample, place samples by their
    timestamps, and note what was lost."""

    def __init__(self, path: Path, container, rate: int, start_s: float, duration_s):
        self.path, self.container, self.rate = path, container, rate
        self.stream = _audio_stream(path, container)
        self.start = max(0, round(start_s * rate))
        self.end = None if duration_s is None else self.start + max(0, round(duration_s * rate))
        start_time, time_base = self.stream.start_time, self.stream.time_base
        self.origin_s = float(start_time * time_base) if start_time is not None else 0.0
        known = [_duration(path, container, self.stream), _wav_declared_duration(path)]
        known = [d for d in known if d is not None]
        self.declared_s = max(known) if known else None
        self.warnings: list[str] = []
        self.pos: int | None = None  # sample index of the next resampled sample
        self.errors = 0  # decode errors followed by good sound: damage inside the file
        self.pending_errors = 0  # decode errors since the last good frame
        self.first_error_s: float | None = None
        self.silenced_s = 0.0  # gaps after errors, filled with silence
        self.stopped_early = self.started = self.seeked = False

    def expected_samples(self) -> int:
        if self.end is not None:
            return self.end - self.start
        if self.declared_s is None:
            return 60 * self.rate
        return max(0, math.ceil(self.declared_s * self.rate) + self.rate - self.start)

    def chunks(self) -> Iterator[np.ndarray]:
        """Float32 pieces that together are exactly the samples [start, end)."""
        resampler, shape = None, None
        in_end_s: float | None = None  # media time where the last input frame ended
        for frame in self._frames():
            t = self._frame_time(frame)
            if self.pos is None and self.seeked and t is not None:
                frame, t = self._align_to_grid(frame, t)
                if frame is None:
                    continue
            if self.pos is None:
                self.pos = round(t * self.rate) if t is not None else self.start
            elif t is not None and in_end_s is not None and t - in_end_s > _GAP_S:
                gap = round((t - in_end_s) * self.rate)
                if self.pending_errors:
                    self.silenced_s += gap / self.rate
                yield from self._emit(np.zeros(gap, np.float32))
            self.errors, self.pending_errors = self.errors + self.pending_errors, 0
            in_end_s = (t if t is not None else in_end_s or 0.0) + frame.samples / frame.sample_rate
            if (frame.format.name, frame.layout.name, frame.sample_rate) != shape:
                # Streams may switch rate or channels mid-way (broadcast recordings
                # do); PyAV's resampler stays fixed to its first frame's shape.
                if resampler is not None:
                    yield from self._resample(resampler, None)
                resampler = av.AudioResampler(
                    # FFmpeg's default down-mix adds channels at -3 dB each, lifting
                    # identical channels by 3 dB past 1.0; capped, it is an average.
                    format="flt", layout="mono", rate=self.rate,
                    options={"rematrix_maxval": "1.0"},
                )  # fmt: skip
                shape = (frame.format.name, frame.layout.name, frame.sample_rate)
            yield from self._resample(resampler, frame)
            if self.end is not None and self.pos >= self.end:
                return
        if resampler is not None:
            yield from self._resample(resampler, None)

    def _resample(self, resampler, frame) -> Iterator[np.ndarray]:
        for out in resampler.resample(frame):  # frame None flushes what it holds
            yield from self._emit(out.to_ndarray().reshape(-1))

    def _emit(self, pcm: np.ndarray) -> Iterator[np.ndarray]:
        """The part of `pcm` (starting at sample self.pos) inside the window."""
        pos, self.pos = self.pos, self.pos + pcm.size
        end = self.pos if self.end is None else min(self.pos, self.end)
        lo = max(pos, self.start)
        if lo >= end:
            return
        if not self.started and pos > self.start:
            # The first sound comes after the window opens (a late audio track, or a
            # seek that overshot): silence keeps sample i at time start + i.
            yield np.zeros(pos - self.start, np.float32)
        self.started = True
        yield pcm[lo - pos : end - pos]

    def _align_to_grid(self, frame, t: float):
        """Drop the first input samples after a seek so resampling starts on an input
        sample that falls exactly on an output sample, as it does from the start.

        Otherwise every output value is taken a fraction of a sample off from a full
        decode's. The samples dropped lie in the seek preroll, discarded anyway.
        """
        in_rate = frame.sample_rate
        first = round(t * in_rate)
        drop = -first % (in_rate // math.gcd(in_rate, self.rate))
        if drop == 0:
            return frame, t
        if drop >= frame.samples:
            return None, None
        per_sample = 1 if frame.format.is_planar else len(frame.layout.channels)
        data = np.ascontiguousarray(frame.to_ndarray()[:, drop * per_sample :])
        trimmed = av.AudioFrame.from_ndarray(
            data, format=frame.format.name, layout=frame.layout.name
        )
        trimmed.rate = in_rate
        return trimmed, (first + drop) / in_rate

    def _frame_time(self, frame) -> float | None:
        if frame.pts is None or frame.time_base is None:
            return None
        return float(frame.pts * frame.time_base) - self.origin_s

    def _frames(self) -> Iterator[av.AudioFrame]:
        """Decoded frames from the seek point on; bad packets are counted and skipped."""
        stream, container = self.stream, self.container
        seek_s = self.start / self.rate - _SEEK_PREROLL_S
        if seek_s > 0:
            target = round((seek_s + self.origin_s) / stream.time_base)
            try:
                container.seek(target, stream=stream, backward=True)
                self.seeked = True
            except av.error.FFmpegError:
                pass  # not seekable: decode from the start and drop what precedes start_s
        packets = container.demux(stream)
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                return
            except (av.error.FFmpegError, OSError):
                self.stopped_early = True  # the container itself is broken from here on
                return
            try:
                frames = stream.decode(packet)
            except av.error.FFmpegError:
                if self.first_error_s is None and packet.pts is not None:
                    self.first_error_s = float(packet.pts * packet.time_base) - self.origin_s
                self.pending_errors += 1
                continue
            yield from (f for f in frames if f.samples)

    def finish(self, produced: int) -> None:
        """Turn what happened into warnings, or an AudioError when nothing could be decoded."""
        name = f'"{self.path.name}"'
        if produced == 0 and self.start == 0 and self.end != 0:
            if (self.declared_s or 0) > 0.05:
                raise _corrupt(self.path, self.declared_s)
            damaged = self.errors or self.pending_errors or self.stopped_early
            raise _error("corrupt" if damaged else "silent-empty", self.path)
        if self.errors:
            plural = "s" if self.errors > 1 else ""
            text = f"The file {name} is damaged in places: {self.errors} damaged piece{plural}"
            text += " could not be decoded"
            if self.first_error_s is not None:
                text += f" (the first at {format_position(self.first_error_s)})"
            if self.silenced_s >= 0.05:
                text += f"; {self.silenced_s:.1f} s of sound was replaced with silence"
            self.warnings.append(text + ".")
        stop_s = (self.start + produced) / self.rate
        want_s = self.declared_s
        if self.end is not None and want_s is not None:
            want_s = min(want_s, self.end / self.rate)
        if want_s is not None and want_s - stop_s > max(_MIN_LOSS_S, _MIN_LOSS_FRACTION * want_s):
            self.warnings.append(
                f"The file {name} is damaged: decoding stopped at {format_position(stop_s)} of"
                f" {format_position(self.declared_s)}; the last {want_s - stop_s:.1f} s could"
                " not be read."
            )
        elif want_s is None and (self.stopped_early or self.pending_errors):
            self.warnings.append(
                f"The file {name} is damaged: decoding stopped at {format_position(stop_s)};"
                " the rest could not be read."
            )

"""One decoding pass over a file's sound track: samples placed by their timestamps, losses noted."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

from carevoice.audio.media_errors import audio_error, corrupt_error, format_position
from carevoice.audio.media_open import first_audio_stream, header_duration, wav_declared_duration
from carevoice.phrases import Phrase

# Timestamp jumps longer than this are filled with silence so transcript times keep
# matching the media; shorter ones are jitter from coarse time bases (Matroska: 1 ms).
_GAP_S = 0.1
# Seeking lands on a packet at or before the target; starting this much earlier
# lets MP3's bit reservoir and AAC's overlap settle before the samples we keep.
_SEEK_PREROLL_S = 1.0
# A decode that ends this much short of the declared length is reported as lost.
_MIN_LOSS_S = 0.5
_MIN_LOSS_FRACTION = 0.01


class DecodeRun:
    """One pass over a sound track: seek, decode, resample, place samples by their
    timestamps, and note what was lost."""

    def __init__(self, path: Path, container, rate: int, start_s: float, duration_s):
        self.path, self.container, self.rate = path, container, rate
        self.stream = first_audio_stream(path, container)
        self.start = max(0, round(start_s * rate))
        self.end = None if duration_s is None else self.start + max(0, round(duration_s * rate))
        start_time, time_base = self.stream.start_time, self.stream.time_base
        self.origin_s = float(start_time * time_base) if start_time is not None else 0.0
        durations = [header_duration(path, container, self.stream), wav_declared_duration(path)]
        known = [d for d in durations if d is not None]
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
        assert self.pos is not None, "chunks() places the first frame before any sound"
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
            if self.declared_s is not None and self.declared_s > 0.05:
                raise corrupt_error(self.path, self.declared_s)
            damaged = self.errors or self.pending_errors or self.stopped_early
            raise audio_error("corrupt" if damaged else "silent-empty", self.path)
        if self.errors:
            pieces = (
                Phrase("1 damaged piece")
                if self.errors == 1
                else Phrase("{count} damaged pieces", count=self.errors)
            )
            first = ""
            if self.first_error_s is not None:
                first = Phrase(
                    " (the first at {position})", position=format_position(self.first_error_s)
                )
            silenced = ""
            if self.silenced_s >= 0.05:
                silenced = Phrase(
                    "; {seconds} s of sound was replaced with silence",
                    seconds=f"{self.silenced_s:.1f}",
                )
            self.warnings.append(
                Phrase(
                    "The file {name} is damaged in places: {pieces} could not be decoded"
                    "{first}{silenced}.",
                    name=name,
                    pieces=pieces,
                    first=first,
                    silenced=silenced,
                )
            )
        stop_s = (self.start + produced) / self.rate
        want_s = self.declared_s
        if self.end is not None and want_s is not None:
            want_s = min(want_s, self.end / self.rate)
        if want_s is not None and want_s - stop_s > max(_MIN_LOSS_S, _MIN_LOSS_FRACTION * want_s):
            assert self.declared_s is not None, "want_s is set only from it"
            self.warnings.append(
                Phrase(
                    "The file {name} is damaged: decoding stopped at {stop} of {length}; "
                    "the last {lost} s could not be read.",
                    name=name,
                    stop=format_position(stop_s),
                    length=format_position(self.declared_s),
                    lost=f"{want_s - stop_s:.1f}",
                )
            )
        elif want_s is None and (self.stopped_early or self.pending_errors):
            self.warnings.append(
                Phrase(
                    "The file {name} is damaged: decoding stopped at {stop}; the rest could "
                    "not be read.",
                    name=name,
                    stop=format_position(stop_s),
                )
            )

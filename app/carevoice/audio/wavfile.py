"""Crash-safe WAV recording: append, flush and fsync often, and repair what a crash left.

While recording, `WavWriter` appends 16-bit PCM and, at every `flush()`, rewrites the
header's sizes and fsyncs, so the file on disk is a valid WAV up to the last flush. A
sidecar `NAME.wav.recording` (JSON: rate, channels, started, pid) marks the recording as
unfinished until `close()` removes it. After a crash or `kill -9`, the marker is still
there: `find_unfinished_recordings()` lists such files and `repair()` sets the header from
the file's length (everything up to the last write the kernel received is kept) and
removes the marker.

A finished dictation whose text is not kept anywhere yet (not saved as a note) carries a
sidecar `NAME.wav.unsaved` until it is (`keep_for_recovery()` / `release_recovery()`), so
that a window closed without saving it, or a Care Voice killed, offers it at the next
start exactly as a crash's recording is offered (`find_unfinished_recordings()` lists both).

An open recording holds an exclusive `flock` on its WAV file (POSIX), which the kernel
drops when the process dies; that is how a live recording is told from a dead one, even
inside the same process.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from carevoice import paths
from carevoice.fileio import atomic_write_text

if sys.platform == "win32":  # pragma: no cover - Windows
    fcntl = None  # POSIX only; Windows asks instead whether the recording's process lives.
else:
    import fcntl

MARKER_SUFFIX = ".recording"
UNSAVED_SUFFIX = ".unsaved"
MARKER_FORMAT = "care-voice-recording/1"
SAMPLE_WIDTH = 2  # bytes: 16-bit PCM
HEADER_BYTES = 44  # the canonical RIFF/WAVE header this writer always writes
# The RIFF size field is 32 bits; stop well before it wraps.
MAX_DATA_BYTES = 0xFFFFFFFF - 1024
FILE_MODE = 0o600
FOLDER_MODE = 0o700

FileOpener = Callable[[Path], BinaryIO]

# Recordings this process is writing: in use whatever the platform's locks say.
_OPEN_RECORDINGS: set[Path] = set()


class RecordingInUseError(RuntimeError):
    """The recording is still being written by a running Care Voice."""


class RecordingDamagedError(ValueError):
    """The file cannot be made into a WAV (no header and no marker to rebuild one from)."""


def recordings_dir() -> Path:
    """The user's recordings folder (created private: recordings are health data)."""
    folder = paths.data_dir() / "recordings"
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(folder, FOLDER_MODE)
    return folder


def new_recording_path(folder: Path | None = None, prefix: str = "dictation") -> Path:
    """A fresh file name in `folder` (default: the recordings folder), by start time."""
    folder = folder or recordings_dir()
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{prefix}-{stamp}.wav"
    counter = 2
    while candidate.exists() or marker_path(candidate).exists():
        candidate = folder / f"{prefix}-{stamp}-{counter}.wav"
        counter += 1
    return candidate


def marker_path(wav: Path) -> Path:
    return wav.with_name(wav.name + MARKER_SUFFIX)


def unsaved_marker_path(wav: Path) -> Path:
    return wav.with_name(wav.name + UNSAVED_SUFFIX)


def keep_for_recovery(wav: Path) -> None:
    """Mark a finished recording whose text is not saved yet: the next start offers it
    (see the module's docstring). Raises OSError when the marker cannot be written."""
    started = _dt.datetime.fromtimestamp(wav.stat().st_mtime).astimezone()
    info = {"format": MARKER_FORMAT, "unsaved": True, "started": started.isoformat("T", "seconds")}
    atomic_write_text(unsaved_marker_path(wav), json.dumps(info, indent=1), FILE_MODE)


def release_recovery(wav: Path) -> None:
    """The recording's text is kept (saved as a note, typed elsewhere): offer it no more."""
    unsaved_marker_path(wav).unlink(missing_ok=True)


def wav_header(sample_rate: int, channels: int, data_bytes: int) -> bytes:
    """The 44-byte header of a 16-bit PCM WAV holding `data_bytes` of samples."""
    block_align = channels * SAMPLE_WIDTH
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + data_bytes, b"WAVE",
        b"fmt ", 16, 1, channels, sample_rate, sample_rate * block_align, block_align,
        SAMPLE_WIDTH * 8,
        b"data", data_bytes,
    )  # fmt: skip


def to_pcm16(samples: np.ndarray) -> bytes:
    """Float samples (-1..1, frames x channels or mono) as little-endian 16-bit PCM."""
    clipped = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)
    return np.round(clipped * 32767.0).astype("<i2").tobytes()


def _exclusive_create(path: Path) -> BinaryIO:
    # O_EXCL: never overwrite a recording; mode 0600 from the first byte on.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    return os.fdopen(fd, "r+b", buffering=0)


def _fsync_dir(folder: Path) -> None:
    # A new file's name survives power loss only once its folder is synced (POSIX).
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class WavWriter:
    """Appends 16-bit PCM to a new WAV file and keeps it valid on disk at every flush.

    Not thread-safe: one writer thread owns it. `open_file` (for tests) replaces how the
    file is created; it gets the path and returns a seekable binary file object.
    Raises OSError from the file system as it comes (ENOSPC when the disk is full): the
    caller decides; `close()` still leaves the file readable up to what reached it.
    """

    def __init__(
        self,
        path: Path,
        sample_rate: int,
        channels: int = 1,
        open_file: FileOpener | None = None,
        details: dict | None = None,
    ):
        self.path = Path(path)
        self.sample_rate = int(sample_rate)
        self.channels = int(channels)
        self.data_bytes = 0  # written to the file object
        self.flushed_bytes = 0  # covered by the header on disk
        self.flushes = 0
        self.closed = False
        self.path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        marker = {
            "format": MARKER_FORMAT,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
            "sample_width": SAMPLE_WIDTH,
            "started": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "pid": os.getpid(),
            **(details or {}),
        }
        # The file first (O_EXCL: it is ours, never an older recording's), then its marker.
        # A crash in between leaves a file of no audio without a marker: nothing is lost.
        self._file = (open_file or _exclusive_create)(self.path)
        try:
            _lock(self._file)
            self._file.write(wav_header(self.sample_rate, self.channels, 0))
            self._sync()
            atomic_write_text(marker_path(self.path), json.dumps(marker, indent=1), FILE_MODE)
            _fsync_dir(self.path.parent)
        except BaseException:
            self._file.close()
            marker_path(self.path).unlink(missing_ok=True)
            raise
        _OPEN_RECORDINGS.add(self.path.resolve())

    @property
    def frame_bytes(self) -> int:
        return self.channels * SAMPLE_WIDTH

    @property
    def duration_s(self) -> float:
        return self.data_bytes / (self.frame_bytes * self.sample_rate)

    @property
    def flushed_s(self) -> float:
        """Seconds of audio that a crash now could not lose."""
        return self.flushed_bytes / (self.frame_bytes * self.sample_rate)

    @property
    def full(self) -> bool:
        """True when the 4 GiB limit of WAV is close: the caller should stop."""
        return self.data_bytes >= MAX_DATA_BYTES - self.sample_rate * self.frame_bytes

    def write(self, samples: np.ndarray) -> None:
        """Append float samples (frames x channels, or mono)."""
        data = to_pcm16(samples)
        written = 0
        view = memoryview(data)
        try:
            while written < len(data):  # raw files may write part of a buffer
                count = self._file.write(view[written:])
                written += count if count is not None else len(data) - written
        finally:
            self.data_bytes += written

    def flush(self) -> None:
        """Make everything written so far durable and covered by the header."""
        # Data first, then the header that promises it: after a power cut the header
        # never claims samples the disk does not have.
        self._file.flush()
        os.fsync(self._file.fileno())
        size = self.data_bytes - self.data_bytes % self.frame_bytes
        self._write_sizes(size)
        self._sync()
        self.flushed_bytes = size
        self.flushes += 1

    def close(self) -> None:
        """Final flush, close, remove the marker. After a write error, keeps what is on disk.

        If the header cannot be brought up to date the marker stays, so `repair()` can do
        it later.
        """
        if self.closed:
            return
        self.closed = True
        try:
            try:
                self.flush()
            except OSError:
                # Typically ENOSPC. The header rewrite needs no new space: set it from
                # what the file really holds, rounded down to whole frames.
                self._fix_header_from_length()
        finally:
            self._file.close()
            _OPEN_RECORDINGS.discard(self.path.resolve())
        marker_path(self.path).unlink(missing_ok=True)

    def _fix_header_from_length(self) -> None:
        with contextlib.suppress(OSError):
            self._file.flush()
        end = self._file.seek(0, os.SEEK_END)
        size = max(0, end - HEADER_BYTES)
        size -= size % self.frame_bytes
        self._file.truncate(HEADER_BYTES + size)
        self._write_sizes(size)
        self._sync()
        self.data_bytes = self.flushed_bytes = size

    def _write_sizes(self, data_bytes: int) -> None:
        end = self._file.tell()
        self._file.seek(4)
        self._file.write(struct.pack("<I", 36 + data_bytes))
        self._file.seek(40)
        self._file.write(struct.pack("<I", data_bytes))
        self._file.seek(end)

    def _sync(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())


def _lock(handle) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


# --- after a crash -----------------------------------------------------------


@dataclass(frozen=True)
class UnfinishedRecording:
    """A recording whose writer never finished (a crash, kill -9, power cut)."""

    path: Path
    sample_rate: int
    channels: int
    started: str  # ISO time, from the marker
    header_s: float  # what the header promises (up to the last flush)
    on_disk_s: float  # what the file holds: what repair() will keep
    unsaved: bool = False  # a finished dictation never saved, not a crash's recording

    @property
    def marker(self) -> Path:
        return unsaved_marker_path(self.path) if self.unsaved else marker_path(self.path)


@dataclass(frozen=True)
class RepairedRecording:
    path: Path
    duration_s: float
    dropped_bytes: int  # a trailing partial frame, cut off


def find_unfinished_recordings(folder: Path | None = None) -> list[UnfinishedRecording]:
    """Recordings in `folder` (default: the recordings folder) left unfinished, oldest first.

    Recordings still being written by a running Care Voice are not listed.
    """
    folder = folder or recordings_dir()
    found = []
    markers = [(m, False) for m in sorted(folder.glob("*.wav" + MARKER_SUFFIX))]
    markers += [(m, True) for m in sorted(folder.glob("*.wav" + UNSAVED_SUFFIX))]
    seen: set[Path] = set()
    for marker, unsaved in markers:
        wav = marker.with_name(marker.name[: -len(UNSAVED_SUFFIX if unsaved else MARKER_SUFFIX)])
        info = _read_marker(marker)
        if not wav.is_file() or wav in seen or _in_use(wav, info):
            continue  # (a crash's marker wins over an unsaved one: repair it first)
        seen.add(wav)
        rate, channels = _format_of(wav, info)
        if rate is None:
            continue  # nothing to rebuild from: not ours to touch
        frame_rate_bytes = rate * channels * SAMPLE_WIDTH
        size = wav.stat().st_size
        found.append(
            UnfinishedRecording(
                path=wav,
                sample_rate=rate,
                channels=channels,
                started=str(info.get("started", "")),
                header_s=_header_data_bytes(wav) / frame_rate_bytes,
                on_disk_s=max(0, size - HEADER_BYTES) // (channels * SAMPLE_WIDTH) / rate,
                unsaved=unsaved,
            )
        )
    return sorted(found, key=lambda r: r.started)


def repair(path: Path) -> RepairedRecording:
    """Make an unfinished recording a valid WAV of everything on disk; remove its marker.

    Idempotent. Raises RecordingInUseError while a running Care Voice still writes it,
    RecordingDamagedError when there is no header and no marker to rebuild one from.
    """
    path = Path(path)
    marker = marker_path(path)
    info = _read_marker(marker)
    with open(path, "r+b") as handle:
        if path.resolve() in _OPEN_RECORDINGS or not _try_lock(handle, info):
            raise RecordingInUseError(f"{path.name} is still being recorded.")
        rate, channels = _format_of(path, info)
        if rate is None:
            raise RecordingDamagedError(
                f"{path.name} has no readable WAV header and no recording marker; "
                "Care Voice cannot tell how to play it."
            )
        frame = channels * SAMPLE_WIDTH
        size = handle.seek(0, os.SEEK_END)
        data = max(0, size - HEADER_BYTES)
        dropped = data % frame
        data -= dropped
        if not _has_our_header(path):
            # The crash came before the first header reached the disk.
            handle.seek(0)
            handle.write(wav_header(rate, channels, data))
        handle.truncate(HEADER_BYTES + data)
        handle.seek(4)
        handle.write(struct.pack("<I", 36 + data))
        handle.seek(40)
        handle.write(struct.pack("<I", data))
        handle.flush()
        os.fsync(handle.fileno())
    marker.unlink(missing_ok=True)
    return RepairedRecording(path, data / (frame * rate), dropped)


def _read_marker(marker: Path) -> dict:
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _has_our_header(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEADER_BYTES)
    except OSError:
        return False
    return (
        len(head) == HEADER_BYTES
        and head[0:4] == b"RIFF"
        and head[8:16] == b"WAVEfmt "
        and head[36:40] == b"data"
        and struct.unpack("<H", head[20:22])[0] == 1  # PCM
        and struct.unpack("<H", head[34:36])[0] == SAMPLE_WIDTH * 8
    )


def _format_of(path: Path, info: dict) -> tuple[int | None, int]:
    """(sample rate, channels) from the header, else from the marker; (None, 0) if neither."""
    if _has_our_header(path):
        with open(path, "rb") as handle:
            head = handle.read(HEADER_BYTES)
        channels, rate = struct.unpack("<HI", head[22:28])
        if channels and rate:
            return rate, channels
    try:
        rate, channels = int(info["sample_rate"]), int(info.get("channels", 1))
    except (KeyError, TypeError, ValueError):
        return None, 0
    return (rate, channels) if rate > 0 and channels > 0 else (None, 0)


def _header_data_bytes(path: Path) -> int:
    if not _has_our_header(path):
        return 0
    with open(path, "rb") as handle:
        handle.seek(40)
        return struct.unpack("<I", handle.read(4))[0]


def _try_lock(handle, info: dict) -> bool:
    """Take the writer's lock (held until `handle` closes); False while a writer holds it."""
    if fcntl is not None:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    return not _pid_alive(info.get("pid"))  # pragma: no cover - Windows


def _in_use(wav: Path, info: dict) -> bool:
    if wav.resolve() in _OPEN_RECORDINGS:
        return True
    try:
        with open(wav, "rb") as handle:
            return not _try_lock(handle, info)
    except OSError:
        return False


def _pid_alive(pid) -> bool:  # pragma: no cover - Windows
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True

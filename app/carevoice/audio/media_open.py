"""Opening a media file after plain checks, and what its headers say it holds.

Each way a file can fail to open (missing, a folder, unreadable, empty, not media,
damaged) becomes its own AudioError; FFmpeg alone would report most of them alike.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import av

from carevoice.audio.media_errors import audio_error, corrupt_error

# FFmpeg demuxers that "open" text and pictures; none of them carries sound.
_NOT_MEDIA_FORMATS = frozenset({"tty", "image2", "image2pipe", "lavfi"})


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


def probe_media(path: str | Path) -> MediaInfo:
    """Read a file's container, sound format and length; raises AudioError."""
    path = Path(path)
    with open_media(path) as container:
        return media_info(path, container)


def open_media(path: Path):
    """Open with PyAV after plain checks, so each failure gets its own message."""
    if not path.exists():
        raise audio_error("missing", path)
    if path.is_dir():
        raise audio_error("directory", path)
    if not path.is_file():  # a device or a pipe: FFmpeg could wait on it forever
        raise audio_error("not-media", path)
    try:
        size = path.stat().st_size
        with open(path, "rb"):  # FFmpeg reports a refused read less clearly
            pass
    except OSError as exc:
        raise audio_error("unreadable", path, exc.strerror) from None
    if size == 0:
        raise audio_error("empty", path)
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except FileNotFoundError:
        raise audio_error("missing", path) from None
    except IsADirectoryError:
        raise audio_error("directory", path) from None
    except PermissionError as exc:
        raise audio_error("unreadable", path, exc.strerror) from None
    except (av.error.FFmpegError, OSError, UnicodeDecodeError):
        declared = wav_declared_duration(path)
        raise (
            corrupt_error(path, declared) if declared else audio_error("not-media", path)
        ) from None
    # FFmpeg also opens subtitle and data files (random bytes can pass as LRC lyrics);
    # with neither sound nor picture they are not media, whatever their name says.
    format_name = container.format.name
    not_media = format_name in _NOT_MEDIA_FORMATS or format_name.endswith("_pipe")
    if not_media or not (container.streams.audio or container.streams.video):
        container.close()
        raise audio_error("not-media", path)
    return container


def media_info(path: Path, container) -> MediaInfo:
    """What an open container holds, from its headers."""
    audio = container.streams.audio[0] if container.streams.audio else None
    ctx = audio.codec_context if audio is not None else None
    return MediaInfo(
        path=str(path),
        duration_s=header_duration(path, container, audio),
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


def header_duration(path: Path, container, audio) -> float | None:
    """The sound track's length from headers; the container's, or an estimate, failing that."""
    if audio is not None and audio.duration and audio.time_base:
        return float(audio.duration * audio.time_base)
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    declared = wav_declared_duration(path)
    if declared is not None:
        return declared
    if container.bit_rate:
        return path.stat().st_size * 8 / container.bit_rate
    return None


def wav_declared_duration(path: Path) -> float | None:
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


def first_audio_stream(path: Path, container):
    """The sound track that is decoded; AudioError when there is none FFmpeg can decode."""
    if not container.streams.audio:
        raise audio_error("no-audio", path)
    stream = container.streams.audio[0]
    if stream.codec_context is None:  # FFmpeg has no decoder for this sound format
        raise audio_error("not-media", path)
    return stream

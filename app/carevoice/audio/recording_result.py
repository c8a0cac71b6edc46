"""How a recording ended: why it stopped, and the finished recording with its reason in words."""

from __future__ import annotations

import enum
import errno
from dataclasses import dataclass
from pathlib import Path

from carevoice.audio.wavfile import WavWriter
from carevoice.phrases import Phrase


class StopKind(enum.Enum):
    """Why a recording ended."""

    USER = "user"  # stop() was called
    DEVICE_LOST = "device-lost"
    DISK_FULL = "disk-full"
    WRITE_FAILED = "write-failed"
    TOO_LONG = "too-long"  # the WAV format's 4 GiB limit


@dataclass(frozen=True)
class RecordingResult:
    """A finished recording. `stopped_reason` is empty when the user stopped it."""

    path: Path
    duration_s: float
    sample_rate: int  # of the file: the microphone's own rate
    device: str
    stop_kind: StopKind
    stopped_reason: str  # plain words for the user when it stopped on its own
    overflows: int  # blocks the computer was too busy to take: short gaps in the audio


def write_failure(exc: OSError, writer: WavWriter) -> tuple[StopKind, str]:
    """Why a write to the recording failed, in plain words, and what of it is kept."""
    saved = Phrase(
        "Everything recorded until then ({seconds} s) is kept in {path}.",
        seconds=f"{writer.duration_s:.0f}",
        path=str(writer.path),
    )
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StopKind.DISK_FULL, Phrase(
            "The disk is full, so recording stopped. {saved}", saved=saved
        )
    return (
        StopKind.WRITE_FAILED,
        Phrase(
            "Care Voice could not write the recording ({error}), so recording stopped. {saved}",
            error=exc.strerror or str(exc),
            saved=saved,
        ),
    )


def too_long_message() -> str:
    return Phrase("The recording reached the longest a WAV file can hold, so recording stopped.")

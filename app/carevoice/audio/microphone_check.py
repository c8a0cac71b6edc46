"""Checking a microphone: a few seconds recorded to memory, and a verdict on their level."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from carevoice.audio.devices import MicrophoneError, find_input_device, lost_message
from carevoice.audio.input_stream import STALL_S, downmix, open_input_stream
from carevoice.audio.levels import SILENCE_DBFS, Level, to_dbfs


@dataclass(frozen=True)
class MicrophoneCheck:
    """A few seconds from the microphone and what they say about it.

    verdict: "ok", "silent" (nothing heard), "quiet", "loud" (clipping).
    `audio` (mono float32 at `sample_rate`) is for playing back to the user, with
    `carevoice.audio.playback.play_clip(Clip(audio, sample_rate, 0, audio.size))`.
    """

    device: str
    sample_rate: int
    audio: np.ndarray
    rms_dbfs: float  # of the loudest stretches (speech), not of the whole
    peak_dbfs: float
    verdict: str
    message: str


SILENT_PEAK_DBFS = -50.0
QUIET_RMS_DBFS = -40.0
CLIPPING_PEAK_DBFS = -0.5


def check_microphone(
    device: str | int | None = None,
    seconds: float = 3.0,
    on_level: Callable[[Level], None] | None = None,
) -> MicrophoneCheck:
    """Record `seconds` from the microphone (to memory) and judge the level.

    Blocks for about `seconds`; `on_level` gets each block's level as it arrives (on the
    audio thread: keep it quick). Raises MicrophoneError.
    """
    found = find_input_device(device)
    blocks: list[np.ndarray] = []
    wanted = round(seconds * found.default_sample_rate)
    have = 0
    done = threading.Event()

    def callback(indata, frames, time_info, status):
        nonlocal have
        if have >= wanted:
            return
        mono = downmix(indata).copy()
        blocks.append(mono)
        have += mono.size
        if on_level is not None:
            on_level(Level.of(mono))
        if have >= wanted:
            done.set()

    stream = open_input_stream(found, callback, done.set)
    try:
        done.wait(seconds + STALL_S)
    finally:
        stream.abort(ignore_errors=True)
        stream.close(ignore_errors=True)
    if have < wanted:
        raise MicrophoneError("failed", lost_message(found.name))
    audio = np.concatenate(blocks)[:wanted]
    return judge_microphone(found.name, found.default_sample_rate, audio)


def judge_microphone(name: str, rate: int, audio: np.ndarray) -> MicrophoneCheck:
    window = max(1, rate // 20)  # 50 ms
    usable = audio[: audio.size - audio.size % window].reshape(-1, window)
    rms = np.sqrt(np.mean(np.square(usable, dtype=np.float64), axis=1)) if usable.size else [0]
    loud_rms = to_dbfs(float(np.percentile(rms, 90)))
    peak = to_dbfs(float(np.max(np.abs(audio)))) if audio.size else SILENCE_DBFS
    if peak < SILENT_PEAK_DBFS:
        verdict, message = (
            "silent",
            (
                f'Care Voice heard nothing from "{name}". Check that the microphone is switched '
                "on and not muted, or choose another one."
            ),
        )
    elif peak >= CLIPPING_PEAK_DBFS:
        verdict, message = (
            "loud",
            (
                f'"{name}" is too loud: the sound is clipped. Turn the input volume down or move '
                "the microphone further away."
            ),
        )
    elif loud_rms < QUIET_RMS_DBFS:
        verdict, message = (
            "quiet",
            (f'"{name}" hears you only faintly. Move closer or turn the input volume up.'),
        )
    else:
        verdict, message = "ok", f'"{name}" works: Care Voice hears you clearly.'
    return MicrophoneCheck(name, rate, audio, loud_rms, peak, verdict, message)

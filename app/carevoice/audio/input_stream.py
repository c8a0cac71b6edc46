"""Opening a microphone as a PortAudio input stream, and making its blocks mono."""

from __future__ import annotations

import numpy as np

from carevoice.audio.devices import InputDevice, describe_open_error, load_sounddevice

BLOCK_S = 0.02  # one level reading per 20 ms block
STALL_S = 3.0  # no audio for this long from a running stream: the microphone is gone


def downmix(block: np.ndarray) -> np.ndarray:
    """Frames x channels to mono float32 (the average of the channels)."""
    if block.ndim == 1:
        return block.astype(np.float32, copy=False)
    if block.shape[1] == 1:
        return block[:, 0].astype(np.float32, copy=False)
    return block.mean(axis=1, dtype=np.float32)


def open_input_stream(device: InputDevice, callback, finished_callback=None, block_s=BLOCK_S):
    """An InputStream started on `device` at its default rate, mono if it allows, else
    its own channels (down-mixed by the reader). Raises MicrophoneError."""
    sd = load_sounddevice()
    rate = device.default_sample_rate
    tries = [1] if device.channels <= 1 else [1, min(device.channels, 2)]
    for attempt, channels in enumerate(tries):
        try:
            stream = sd.InputStream(
                device=device.index,
                samplerate=rate,
                channels=channels,
                dtype="float32",
                blocksize=max(1, round(rate * block_s)),
                callback=callback,
                finished_callback=finished_callback,
            )
        except sd.PortAudioError as exc:
            code = exc.args[1] if len(exc.args) > 1 else None
            if code == -9998 and attempt + 1 < len(tries):  # paInvalidChannelCount
                continue
            raise describe_open_error(exc, device) from None
        except ValueError as exc:
            raise describe_open_error(exc, device) from None
        try:
            stream.start()
        except sd.PortAudioError as exc:
            stream.close(ignore_errors=True)
            raise describe_open_error(exc, device) from None
        return stream
    raise AssertionError("unreachable")  # pragma: no cover

"""An armed microphone: kept open while a dictation may start, with the last half second
of sound in memory, so speech that starts as the key goes down is recorded from its
first sound.

Opening a PortAudio stream takes tens of milliseconds here and far more on some devices
(Bluetooth headsets), and the first word said in that time was lost. While armed, the
stream runs and its blocks go into a ring buffer of `PRE_ROLL_S` (memory only, never
written anywhere, overwritten as it goes). `hand_over` gives the buffer and then the
running stream to a recorder, with no gap; `take_back` returns it to the ring.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

import numpy as np

from carevoice.audio.devices import InputDevice, find_input_device
from carevoice.audio.input_stream import open_input_stream

PRE_ROLL_S = 0.5

BlockCallback = Callable[[np.ndarray, int, object, object], None]


class _NoStatus:
    input_overflow = False


class ArmedMicrophone:
    """A microphone stream kept open; its last `seconds` of sound kept in memory.

    Thread-safe. `arm()` raises MicrophoneError like a Recorder's start."""

    def __init__(self, device: str | int | None = None, seconds: float = PRE_ROLL_S):
        self.wanted_device = device
        self.seconds = seconds
        self.device: InputDevice | None = None
        self._lock = threading.Lock()
        self._ring: deque[np.ndarray] = deque()
        self._ring_frames = 0
        self._target: BlockCallback | None = None
        self._stream = None

    @property
    def armed(self) -> bool:
        return self._stream is not None

    def arm(self) -> None:
        if self._stream is not None:
            return
        self.device = find_input_device(self.wanted_device)
        self._stream = open_input_stream(self.device, self._callback)

    def disarm(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
            self._target = None
            self._ring.clear()
            self._ring_frames = 0
        if stream is not None:
            stream.stop(ignore_errors=True)
            stream.close(ignore_errors=True)

    def hand_over(self, callback: BlockCallback) -> None:
        """From now on the stream's blocks go to `callback` (PortAudio's signature),
        the pre-roll first, as one block."""
        with self._lock:
            if self._ring:
                block = np.concatenate(list(self._ring))
                callback(block, len(block), None, _NoStatus())
            self._ring.clear()
            self._ring_frames = 0
            self._target = callback

    def take_back(self) -> None:
        """The recording is over: blocks go to the ring again."""
        with self._lock:
            self._target = None

    def _callback(self, indata, frames, time_info, status) -> None:
        # PortAudio's thread: hand on, or keep the latest `seconds` and drop the rest.
        with self._lock:
            if self._target is not None:
                self._target(indata, frames, time_info, status)
                return
            self._ring.append(indata.copy())
            self._ring_frames += frames
            rate = self.device.default_sample_rate if self.device else 16000
            while self._ring and self._ring_frames - len(self._ring[0]) >= self.seconds * rate:
                self._ring_frames -= len(self._ring.popleft())

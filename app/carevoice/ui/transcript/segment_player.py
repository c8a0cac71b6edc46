"""Playing one segment of a recording at a time, off the GUI thread, reported as Qt signals.

Signals:
  started(int): the sound of this segment (its row) began playing
  finished(int): the request for this segment ended: played through, stopped, or failed
  failed(str): why the sound could not be played, in plain words
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from carevoice.audio.decode import AudioError
from carevoice.audio.playback import Clip, PlaybackError, RecordingAudio, play_clip
from carevoice.ui.runner import Task, relay, run_in_thread

log = logging.getLogger(__name__)

# What actually makes the sound; tests pass one that records the clip instead.
PlayFunction = Callable[[Clip, threading.Event], object]


class SegmentPlayer(QObject):
    """Plays [start_s, end_s) of one recording on a background thread.

    The recording is decoded once, on the first play, on that thread. A new play stops
    the one before; its thread waits for the old one to finish, so two never overlap
    and the GUI thread never waits. Call shutdown() before the player goes away.
    """

    started = Signal(int)
    finished = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        audio_path: str | Path | None,
        play: PlayFunction | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.audio = RecordingAudio(audio_path) if audio_path else None
        self._play = play or play_clip
        self._thread: Task | None = None  # the latest play's
        self._stop = threading.Event()
        self._playing: int | None = None  # row of the latest request, until it ends
        self._request = 0

    def has_audio(self) -> bool:
        return self.audio is not None

    def playing_row(self) -> int | None:
        """The row requested last, until its finished() arrives; None when silent."""
        return self._playing

    def play(self, row: int, start_s: float, end_s: float) -> None:
        if self.audio is None:
            raise RuntimeError("this SegmentPlayer has no recording; check has_audio() first")
        previous = self._thread
        self._stop.set()
        self._stop = threading.Event()
        self._playing = row
        self._request += 1
        request, stop = self._request, self._stop
        self._thread = run_in_thread(
            lambda: self._run(row, start_s, end_s, stop, previous),
            name=f"segment-playback-{row}",
            finished=lambda _: self._on_ended(row, request),
            parent=self,
        )
        self._thread.done.connect(self._thread.deleteLater)

    def stop(self) -> None:
        """Ask the current sound to stop; returns at once."""
        self._stop.set()

    def shutdown(self) -> None:
        """Stop and wait for the playback thread (at most one audio block)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.wait()
            self._thread = None
        self._playing = None

    def _on_ended(self, row: int, request: int) -> None:
        if request == self._request:
            self._playing = None
        self.finished.emit(row)

    # -- on the playback thread --------------------------------------------------------
    def _run(
        self,
        row: int,
        start_s: float,
        end_s: float,
        stop: threading.Event,
        previous: Task | None,
    ) -> None:
        audio = self.audio
        assert audio is not None, "play() checks there is a recording"
        if previous is not None:
            previous.wait()
        try:
            clip = audio.clip(start_s, end_s, stop)
            if clip is None or stop.is_set():
                return
            relay(self.started)(row)
            self._play(clip, stop)
        except PlaybackError as exc:
            relay(self.failed)(self.explain(exc))
        except AudioError as exc:
            relay(self.failed)(exc.message)
        except Exception:
            log.exception("Playing %s from %.2f s to %.2f s failed", audio.path, start_s, end_s)
            relay(self.failed)(
                self.tr(
                    "The sound could not be played because of an unexpected error; "
                    "the log has the details."
                )
            )

    def explain(self, error: PlaybackError) -> str:
        """The error in the interface language (the core's messages are English)."""
        texts = {
            "no-device": self.tr(
                "No sound output device was found; connect speakers or headphones, or check "
                "that this computer's sound is switched on, then try again."
            ),
            "no-portaudio": self.tr(
                "Sound cannot be played on this computer: the PortAudio sound library is "
                "not installed."
            ),
            "device-refused": self.tr(
                "Sound could not be played: the output device refused to start ({detail})."
            ),
            "device-failed": self.tr(
                "Sound playback stopped because the output device failed ({detail})."
            ),
        }
        text = texts.get(error.kind)
        return text.format(detail=error.detail) if text else error.message

"""What a place may ask of the window it lives in, typed: the `Shell` and `NoteTaking`.

Places keep the window as `self.shell` and use only what is named here; none reaches into
another place's widgets. `MainWindow` is the one Shell of the app; tests may pass another.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from carevoice.engine.transcriber import TranscribeOptions
    from carevoice.engine.transcript import Transcript
    from carevoice.gpu.context import GpuContext
    from carevoice.gpu.decision import DeviceDecision
    from carevoice.gpu.facts import GpuFacts
    from carevoice.notes.records import CareNote
    from carevoice.ui.runner import JobRunner
    from carevoice.ui.settings import AppSettings
    from carevoice.ui.startup import GpuCheck


class NoteTaking(Protocol):
    """Files a transcript as a care note (the Notes place is the one that does)."""

    def new_note_from_transcript(
        self,
        transcript: Transcript,
        audio_path: str | Path | None,
        source: str = "dictation",
        text: str | None = None,
        confirm: bool = False,
    ) -> CareNote | None:
        """Save `transcript` as a note of the resident chosen (asking if none is, or, with
        `confirm`, asking with the chosen one preselected) and show it; None when no note
        was made. `text`: the note's text when it is not the transcript's own (a
        dictation's, spoken commands carried out)."""
        ...

    def add_to_open_note(self, transcript: Transcript) -> CareNote | None:
        """Put `transcript`'s text into the open draft note, in the section under its
        cursor, and save it; None when no draft note is open."""
        ...

    def dictation_options(self) -> TranscribeOptions | None:
        """The options of a dictation about the resident chosen (their name and
        vocabulary); None when none is chosen or the notes cannot be read."""
        ...


class Shell(Protocol):
    """The window as its places see it."""

    settings: AppSettings
    runner: JobRunner
    gpu: GpuContext  # the process's GPU facts and failure (the runner's pool has it)
    gpu_check: GpuCheck
    facts: GpuFacts | None  # the latest GPU check's, None until it ends
    decision: DeviceDecision | None  # the device decision in force, None until then
    device_changed: SignalInstance  # (DeviceDecision): a new decision is in force

    @property
    def note_taking(self) -> NoteTaking: ...

    def show_place(self, name: str) -> None: ...

    def open_files(self) -> None: ...

    def open_folder(self) -> None: ...

    def open_transcript(
        self,
        transcript: Transcript,
        audio_path: Path | None = None,
        title: str = "",
        save: Callable[[Transcript], None] | None = None,
    ) -> object: ...

    def start_gpu_check(self, refresh: bool = False) -> None: ...

    def apply_settings(self, settings: AppSettings) -> None: ...

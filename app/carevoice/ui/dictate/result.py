"""The Dictate place's result: the text a dictation made, and the jobs that replace it."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar

from carevoice.audio.wavfile import (
    RecordingDamagedError,
    RecordingInUseError,
    UnfinishedRecording,
    find_unfinished_recordings,
    keep_for_recovery,
    release_recovery,
    repair,
)
from carevoice.engine.commands import dictated_text
from carevoice.engine.transcriber import TranscribeOptions
from carevoice.engine.transcript import Transcript
from carevoice.ui.dictate.jobs import RECOVER, RETRANSCRIBE, DictationJobs
from carevoice.ui.dictate.live_text import LiveText
from carevoice.ui.dictate.recovery import discard_recording
from carevoice.ui.i18n import say
from carevoice.ui.runner import Job

if TYPE_CHECKING:
    from carevoice.ui.shell import Shell

log = logging.getLogger(__name__)

RETRANSCRIBE_MODEL = "base"  # the larger model a finished dictation can be read again with


class DictateResult(QObject):
    """The result the Dictate place shows: a Transcript, its recording and the options it
    was made with; and what can be done with it: save it as a care note, open it, transcribe
    it again with a larger model, or replace it by a recovered interrupted recording.

    It writes the final text (`text`: spoken commands carried out, as the settings say)
    into the place's live text, and that text is the note's; it drives the place's job
    progress bar. The place refuses these actions while a dictation runs.

    Signals:
      said(str): something to tell the user, in the interface language
      changed(): the result, or whether a job runs, changed (the place shows its state)
      retranscribed(object): the larger model's Transcript replaced the result
      recovered(object): an interrupted recording was transcribed (its Transcript)
      job_failed(str): a re-transcription or recovery failed; why, in plain words
      note_saved(int): the result was saved as this care note
    """

    said = Signal(str)
    changed = Signal()
    retranscribed = Signal(object)
    recovered = Signal(object)
    job_failed = Signal(str)
    note_saved = Signal(int)

    def __init__(
        self,
        shell: Shell,
        live_text: LiveText,
        latency_label: QLabel,
        progress: QProgressBar,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.shell = shell
        self.live_text = live_text
        self.latency_label = latency_label
        self.progress = progress
        self.transcript: Transcript | None = None  # the result shown, once a dictation ends
        self.text = ""  # its text as shown and saved: spoken commands carried out
        self.audio_path: Path | None = None  # its recording
        self.options: TranscribeOptions | None = None  # what the result was made with
        self.saved_note_id: int | None = None
        self._kept_elsewhere = False  # typed into another window, or discarded
        self._result_number = 0  # counts results replaced, to tell a job's result is stale
        self._job_result_number = 0
        self.jobs = DictationJobs(shell.runner, self)
        self.jobs.progress.connect(self._on_job_progress)
        self.jobs.finished.connect(self._on_job_finished)
        self.jobs.failed.connect(self._on_job_failed)

    def busy(self) -> bool:
        """Whether a re-transcription or a recovery is running."""
        return self.jobs.busy()

    def show(self, transcript, audio_path: Path | None, utterances: tuple[str, ...] = ()) -> None:
        """Make this the result (a Transcript, or None when none could be made);
        `utterances`: a dictation's text cut at its pauses, for the spoken commands."""
        self.transcript, self.audio_path = transcript, audio_path
        self._result_number += 1  # a transcript window open on the old result keeps apart
        self.saved_note_id = None
        self._kept_elsewhere = False
        self._show_text(utterances)
        if self.unsaved() and audio_path is not None:
            # Offered at the next start if the window closes (or Care Voice dies) first.
            try:
                keep_for_recovery(audio_path)
            except OSError as exc:
                log.warning("could not mark %s for recovery: %s", audio_path, exc)
        self.changed.emit()

    def unsaved(self) -> bool:
        """Whether the result has text kept nowhere yet (not saved as a note, not typed
        into another window): closing the window asks about it."""
        return bool(self.transcript is not None and self.text.strip()) and (
            self.saved_note_id is None and not self._kept_elsewhere
        )

    def delivered(self, audio_path: Path) -> None:
        """The text of the recording at `audio_path` went elsewhere (typed into another
        window): nothing to ask or offer about it any more."""
        try:
            release_recovery(audio_path)
        except OSError as exc:
            log.warning("could not unmark %s: %s", audio_path, exc)
        if audio_path == self.audio_path:
            self._kept_elsewhere = True

    def discard(self) -> None:
        """Put the unsaved result's recording aside (the 'discarded' folder; nothing is
        deleted) and forget it: it is not offered at the next start."""
        path = self.audio_path
        if path is None:
            return
        recording = next(
            (r for r in find_unfinished_recordings(path.parent) if r.path == path), None
        )
        if recording is not None:
            discard_recording(recording)
        release_recovery(path)
        self._kept_elsewhere = True

    def _show_text(self, utterances: tuple[str, ...] = ()) -> None:
        if self.transcript is None:
            self.text = ""
            return
        self.text = dictated_text(self.transcript, utterances, self.shell.settings.spoken_commands)
        self.live_text.show_final(self.text)

    def forget(self) -> None:
        """A new dictation replaces the result (its recording stays on disk). Reading it
        again is cancelled; a recovery goes on, and opens in a window of its own."""
        self._result_number += 1
        if self.jobs.kind() == RETRANSCRIBE:
            self.jobs.cancel()
            self.progress.hide()
        self.transcript, self.audio_path, self.saved_note_id = None, None, None
        self.text = ""
        self.live_text.reset()
        self.latency_label.clear()

    def save_as_note(self):
        """Save the result as a care note of the resident the user confirms (the one
        selected in the Notes place comes preselected: never used unseen) and show it
        there. Returns the CareNote, or None when no note was made; the text then stays."""
        if self.transcript is None:
            return None
        note = self.shell.note_taking.new_note_from_transcript(
            self.transcript,
            self.audio_path,
            source="dictation",
            text=self.text,
            confirm=True,
        )
        if note is None:
            self.said.emit(self.tr("No note was made; the text stays here."))
            return None
        self.saved_note_id = note.id
        if self.audio_path is not None:
            try:
                release_recovery(self.audio_path)
            except OSError as exc:
                log.warning("could not unmark %s: %s", self.audio_path, exc)
        self.said.emit(self.tr("Saved as a care note."))
        self.changed.emit()
        self.note_saved.emit(note.id)
        self.shell.show_place("notes")
        return note

    def add_to_open_note(self):
        """Put the result into the note open in the Notes place, in the section under its
        cursor, and show it there. Returns the CareNote, or None (the text stays here)."""
        if self.transcript is None:
            return None
        note = self.shell.note_taking.add_to_open_note(self.transcript)
        if note is None:
            self.said.emit(self.tr("Open a draft note in Notes first; the text stays here."))
            return None
        self.saved_note_id = note.id
        self.said.emit(self.tr("Added to the open note."))
        self.changed.emit()
        self.note_saved.emit(note.id)
        self.shell.show_place("notes")
        return note

    def open_transcript(self):
        """Open the result in a transcript window (to read, correct, export, listen)."""
        if self.transcript is None:
            return None
        number = self._result_number
        return self.shell.open_transcript(
            self.transcript,
            self.audio_path,
            save=lambda corrected: self._take_corrections(number, corrected),
        )

    def _take_corrections(self, result_number: int, transcript: Transcript) -> None:
        """The transcript window's corrections become the result ("Save as note" saves
        them); ValueError, said in the window, when they can no longer be."""
        if result_number != self._result_number:
            raise ValueError(self.tr("A new dictation has replaced this one."))
        if self.saved_note_id is not None:
            raise ValueError(
                self.tr("This dictation is already a care note: correct it in the Notes place.")
            )
        self.transcript = transcript
        self._show_text()  # the corrected segments, their commands carried out again
        self.changed.emit()

    def retranscribe(self, current_options: Callable[[], TranscribeOptions]) -> Job | None:
        """Transcribe the saved recording again with the larger model, on the runner; the
        result replaces this one when done. Returns its Job."""
        if self.audio_path is None or self.jobs.busy():
            return None
        options = dataclasses.replace(self.options or current_options(), model=RETRANSCRIBE_MODEL)
        self.said.emit(
            self.tr("Transcribing the recording again with the {model} model…").format(
                model=RETRANSCRIBE_MODEL
            )
        )
        return self._submit(RETRANSCRIBE, self.audio_path, options)

    def recover(
        self, recording: UnfinishedRecording, current_options: Callable[[], TranscribeOptions]
    ) -> Job | None:
        """Repair an interrupted recording and transcribe it on the runner; it becomes the
        result when done. Returns its Job."""
        try:
            repaired = repair(recording.path)
        except RecordingInUseError:
            self.said.emit(self.tr("That recording is still being made by another Care Voice."))
            return None
        except (RecordingDamagedError, OSError) as exc:
            log.warning("could not repair %s: %s", recording.path, exc)
            self.said.emit(
                self.tr("The recording could not be recovered ({error}).").format(
                    error=getattr(exc, "strerror", None) or exc
                )
            )
            return None
        self.forget()
        options = current_options()
        self.options = options
        self.said.emit(
            self.tr("Recovered {seconds} s of audio; transcribing it…").format(
                seconds=f"{repaired.duration_s:.0f}"
            )
        )
        return self._submit(RECOVER, repaired.path, options)

    def close(self) -> None:
        """The window closes: what its runner still says of a job is ignored."""
        self.jobs.close()

    # -- jobs on the window's runner -----------------------------------------------------
    def _submit(self, kind: str, path: Path, options: TranscribeOptions) -> Job:
        job = self.jobs.submit(kind, path, options)
        self._job_result_number = self._result_number
        self._on_job_progress(-1.0)
        self.progress.show()
        self.changed.emit()
        return job

    def _on_job_progress(self, fraction: float) -> None:
        if fraction < 0:
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("Loading the model…"))
        else:
            self.progress.setFormat(self.tr("Transcribing… %p%"))
            self.progress.setValue(round(fraction * 100))

    def _on_job_finished(self, kind: str, transcript) -> None:
        self.progress.hide()
        path = Path(transcript.source) if transcript.source else self.audio_path
        if self._job_result_number != self._result_number:
            # A dictation began meanwhile and holds this place: the recovery opens apart.
            self.shell.open_transcript(transcript, path)
            self.said.emit(
                self.tr("The interrupted recording was transcribed; it opened in its own window.")
            )
            self.changed.emit()
            self.recovered.emit(transcript)
            return
        self.latency_label.clear()
        if kind == RETRANSCRIBE:
            done = self.tr("Transcribed again with the {model} model.").format(
                model=transcript.model
            )
        else:
            done = self.tr("The interrupted recording was recovered and transcribed.")
        self.said.emit(" ".join([done, *(say(w) for w in transcript.warnings)]))
        self.show(transcript, path)
        (self.retranscribed if kind == RETRANSCRIBE else self.recovered).emit(transcript)

    def _on_job_failed(self, _kind: str, message: str) -> None:
        self.progress.hide()
        self.said.emit(message)
        self.changed.emit()
        self.job_failed.emit(message)

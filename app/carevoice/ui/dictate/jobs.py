"""The Dictate place's file jobs (transcribe again, recover) on the window's shared runner."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from carevoice.engine.transcriber import TranscribeOptions
from carevoice.ui.runner import Job, JobRunner

RETRANSCRIBE = "retranscribe"  # a finished dictation, read again with a larger model
RECOVER = "recover"  # a recording a crash left unfinished, repaired


class DictationJobs(QObject):
    """One job at a time on the JobRunner every place shares: the place keeps its
    `Job | None` and what kind of job it is.

    Signals:
      progress(float): the fraction transcribed, 0..1; -1 while the model loads
      finished(str, object): the job's kind (RETRANSCRIBE, RECOVER) and its Transcript
      failed(str, str): the job's kind and why it failed (or was cancelled), in plain words
    """

    progress = Signal(float)
    finished = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, runner: JobRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.job: Job | None = None
        self._kind: str | None = None

    def busy(self) -> bool:
        return self.job is not None

    def kind(self) -> str | None:
        """RETRANSCRIBE or RECOVER while a job runs, else None."""
        return self._kind if self.job is not None else None

    def submit(self, kind: str, path: Path, options: TranscribeOptions) -> Job:
        if self.job is not None:
            raise RuntimeError("one dictation job at a time")
        job = self.runner.submit(Path(path), options, source_name=str(path))
        self.job, self._kind = job, kind
        job.stage.connect(lambda name, _detail: self._on_stage(job, name))
        job.progress.connect(lambda fraction, _eta_s: self._on_progress(job, fraction))
        job.finished.connect(lambda transcript: self._on_finished(job, transcript))
        job.failed.connect(lambda message: self._on_failed(job, message))
        return job

    def cancel(self) -> None:
        """Cancel the running job; nothing more is heard of it."""
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def close(self) -> None:
        """The window closes (the runner cancels every job): ignore what still comes."""
        self.job = None

    def _on_stage(self, job: Job, name: str) -> None:
        if job is self.job and name == "transcribing":
            self.progress.emit(0.0)

    def _on_progress(self, job: Job, fraction: float) -> None:
        if job is self.job:
            self.progress.emit(fraction)

    def _on_finished(self, job: Job, transcript) -> None:
        if job is not self.job:
            return
        self.job, kind = None, self._kind or ""
        if transcript.cancelled:
            self.failed.emit(kind, self.tr("The transcription was cancelled."))
        else:
            self.finished.emit(kind, transcript)

    def _on_failed(self, job: Job, message: str) -> None:
        if job is self.job:
            self.job, kind = None, self._kind or ""
            self.failed.emit(kind, message)

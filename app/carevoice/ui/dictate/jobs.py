"""The Dictate place's file jobs (transcribe again, recover) on the window's shared runner."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from carevoice.engine.transcriber import TranscribeOptions
from carevoice.ui.runner import TranscriptionRunner

RETRANSCRIBE = "retranscribe"  # a finished dictation, read again with a larger model
RECOVER = "recover"  # a recording a crash left unfinished, repaired


class DictationJobs(QObject):
    """One job at a time on the TranscriptionRunner, which every place shares; its
    signals are filtered down to that job.

    Signals:
      progress(float): the fraction transcribed, 0..1; -1 while the model loads
      finished(str, object): the job's kind (RETRANSCRIBE, RECOVER) and its Transcript
      failed(str, str): the job's kind and why it failed (or was cancelled), in plain words
    """

    progress = Signal(float)
    finished = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, runner: TranscriptionRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.job: tuple[str, str] | None = None  # (job id, kind) of the job running
        self._numbers = itertools.count(1)
        self._closed = False
        runner.stage.connect(self._on_stage)
        runner.progress.connect(self._on_progress)
        runner.finished.connect(self._on_finished)
        runner.failed.connect(self._on_failed)

    def busy(self) -> bool:
        return self.job is not None

    def kind(self) -> str | None:
        """RETRANSCRIBE or RECOVER while a job runs, else None."""
        return self.job[1] if self.job is not None else None

    def submit(self, kind: str, path: Path, options: TranscribeOptions) -> str:
        if self.job is not None:
            raise RuntimeError("one dictation job at a time")
        job_id = f"dictate/{kind}/{next(self._numbers)}"
        self.job = (job_id, kind)
        self.runner.submit(job_id, Path(path), options, source_name=str(path))
        return job_id

    def cancel(self) -> None:
        """Cancel the running job; nothing more is heard of it."""
        if self.job is not None:
            self.runner.cancel(self.job[0])
            self.job = None

    def close(self) -> None:
        """The window closes (the runner cancels every job): ignore what still comes."""
        self._closed = True
        self.job = None

    def _ours(self, job_id: str) -> str | None:
        """The job's kind when it is the one running here, else None."""
        if self._closed or self.job is None or self.job[0] != job_id:
            return None
        return self.job[1]

    @Slot(str, str, str)
    def _on_stage(self, job_id: str, name: str, _detail: str) -> None:
        if self._ours(job_id) and name == "transcribing":
            self.progress.emit(0.0)

    @Slot(str, float, object)
    def _on_progress(self, job_id: str, fraction: float, _eta_s) -> None:
        if self._ours(job_id):
            self.progress.emit(fraction)

    @Slot(str, object)
    def _on_finished(self, job_id: str, transcript) -> None:
        kind = self._ours(job_id)
        if kind is None:
            return
        self.job = None
        if transcript.cancelled:
            self.failed.emit(kind, self.tr("The transcription was cancelled."))
        else:
            self.finished.emit(kind, transcript)

    @Slot(str, str)
    def _on_failed(self, job_id: str, message: str) -> None:
        kind = self._ours(job_id)
        if kind is not None:
            self.job = None
            self.failed.emit(kind, message)

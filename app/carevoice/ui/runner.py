"""The one bridge between the core's streaming jobs and Qt: worker QThreads and signals.

Transcription jobs run on `workers` QThreads that share one engine ModelPool; every
event a job yields (stage, progress, segment, the finished Transcript, a failure)
arrives on the GUI thread as a signal carrying the job's id.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from carevoice.engine.pool import ModelPool
from carevoice.engine.transcriber import (
    Progress,
    SegmentReady,
    Stage,
    TranscribeOptions,
    TranscriptionJob,
    decide_for_job,
    fall_back_from_gpu,
)
from carevoice.phrases import Phrase
from carevoice.ui.i18n import say

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
_STOP = object()


@dataclass
class _Preload:
    options: TranscribeOptions


@dataclass
class _Submission:
    job_id: str
    source: str | Path | np.ndarray  # a path or a float32 numpy array
    options: TranscribeOptions
    source_name: str | None = None


class _Worker(QObject):
    """Lives on one QThread; takes jobs from the shared queue until told to stop."""

    def __init__(self, runner: TranscriptionRunner):
        super().__init__()
        self._runner = runner

    @Slot()
    def run(self) -> None:
        runner = self._runner
        while True:
            item = runner._queue.get()
            if item is _STOP:
                return
            runner._run_one(item)


class TranscriptionRunner(QObject):
    """Runs transcription jobs on a pool of QThreads.

    Signals (all carry the job id first):
      stage(str, str, str): job id, stage name, detail
      progress(str, float, object): job id, fraction 0..1, seconds remaining or None
      segment(str, object): job id, a Segment as soon as it is transcribed
      finished(str, object): job id, the Transcript (also for a cancelled job)
      failed(str, str): job id, what went wrong in plain words
    """

    stage = Signal(str, str, str)
    progress = Signal(str, float, object)
    segment = Signal(str, object)
    finished = Signal(str, object)
    failed = Signal(str, str)

    def __init__(self, workers: int = 2, pool: ModelPool | None = None, parent=None):
        super().__init__(parent)
        self.pool = pool or ModelPool(max_loaded=2, workers=max(1, workers))
        self._queue: queue.Queue = queue.Queue()
        self._jobs: dict[str, TranscriptionJob] = {}
        self._cancelled: set[str] = set()
        self._lock = threading.Lock()
        self._threads: list[tuple[QThread, _Worker]] = []
        for index in range(max(1, workers)):
            thread = QThread()
            thread.setObjectName(f"transcription-worker-{index}")
            worker = _Worker(self)
            worker.moveToThread(thread)
            thread.started.connect(worker.run)
            thread.start()
            self._threads.append((thread, worker))

    @property
    def worker_count(self) -> int:
        return len(self._threads)

    def submit(
        self, job_id: str, source, options: TranscribeOptions, source_name: str | None = None
    ) -> None:
        with self._lock:
            self._cancelled.discard(job_id)
        self._queue.put(_Submission(job_id, source, options, source_name))

    def preload(self, options: TranscribeOptions) -> None:
        """Load the model `options` would use on a worker, before the first job needs it.

        Loading holds Python's lock for up to ~0.2 s inside the tokenizer; done right after
        start-up, that pause does not land in the middle of the user's first job.
        """
        self._queue.put(_Preload(options))

    def cancel(self, job_id: str) -> None:
        """Cancel a queued job, or stop a running one at its next segment."""
        with self._lock:
            self._cancelled.add(job_id)
            job = self._jobs.get(job_id)
        if job is not None:
            job.cancel()

    def running_jobs(self) -> list[str]:
        with self._lock:
            return list(self._jobs)

    def shutdown(self) -> None:
        """Cancel everything, stop the threads and wait for them; safe to call twice."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not _STOP:
                self.failed.emit(item.job_id, self.tr("Cancelled because Care Voice was closing."))
        with self._lock:
            for job in self._jobs.values():
                job.cancel()
        for _ in self._threads:
            self._queue.put(_STOP)
        for thread, _worker in self._threads:
            thread.quit()
            thread.wait()
        self._threads.clear()

    # Runs on a worker thread.
    def _run_one(self, item: _Submission | _Preload) -> None:
        if isinstance(item, _Preload):
            self._preload(item.options)
            return
        job = TranscriptionJob(item.source, item.options, self.pool, item.source_name)
        with self._lock:
            if item.job_id in self._cancelled:
                self._cancelled.discard(item.job_id)
                self.failed.emit(item.job_id, self.tr("Cancelled."))
                return
            self._jobs[item.job_id] = job

        def on_event(event) -> None:
            if isinstance(event, Stage):
                self.stage.emit(item.job_id, event.name, event.detail)
            elif isinstance(event, Progress):
                self.progress.emit(item.job_id, event.fraction, event.eta_s)
            elif isinstance(event, SegmentReady):
                self.segment.emit(item.job_id, event.segment)

        try:
            transcript = job.run(on_event)
        except Exception as exc:  # every failure becomes a row message, never a dead thread
            log.warning("job %s failed: %s", item.job_id, exc, exc_info=True)
            self.failed.emit(item.job_id, _plain(exc))
        else:
            self.finished.emit(item.job_id, transcript)
        finally:
            with self._lock:
                self._jobs.pop(item.job_id, None)

    def _preload(self, options: TranscribeOptions) -> None:
        decision = None
        try:
            decision = decide_for_job(self.pool.gpu, options)
            if not decision.refused:
                with self.pool.lease(options.model_name(), decision.device, decision.compute_type):
                    pass
        except Exception as exc:  # a job will report the same problem in plain words
            log.warning("preloading the model failed", exc_info=True)
            if decision is not None:  # then jobs go to the CPU from the start
                fall_back_from_gpu(self.pool.gpu, exc, decision, options)


def _plain(exc: Exception) -> str:
    """The engine's own words where it has them, in the interface language (translate is
    thread-safe); otherwise the error and its kind."""
    from carevoice.audio.decode import AudioError
    from carevoice.engine.models import ModelNotFoundError
    from carevoice.engine.transcriber import TranscriptionError

    # The exception's first argument, not str(exc): that would be a plain copy of a
    # Phrase, which the translation could no longer find.
    said = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    if isinstance(exc, (AudioError, ModelNotFoundError, TranscriptionError)) and said.strip():
        return say(said)
    return say(
        Phrase(
            "Transcription failed: {error}. The log has the details.",
            error=str(exc).strip() or type(exc).__name__,
        )
    )

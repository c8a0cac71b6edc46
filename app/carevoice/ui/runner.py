"""The one bridge between the core's work and Qt: jobs, one-shot tasks and callbacks as signals.

- `JobRunner.submit(source, options) -> Job`: a transcription on the runner's worker
  QThreads (which share one engine ModelPool). The Job is the handle: its own signals
  carry the job's events, `cancel()` stops it. Whoever submitted it keeps it.
- `run_in_thread(fn) -> Task`: one function run once off the GUI thread (the GPU check,
  the microphone check, starting a dictation), its result or exception as a signal.
- `relay(signal)`: a callback for the core (which calls back on its own threads) that
  emits `signal`, and does nothing once the object that owns the signal is deleted.

Every signal of a Job or Task is emitted on the GUI thread: the worker hands each event
to the object through a queued private signal, so receivers may be plain functions.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, SignalInstance, Slot

from carevoice.audio.media_errors import AudioError
from carevoice.engine.models import ModelNotFoundError
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
from carevoice.gpu.context import LOADING
from carevoice.logs import log_bad_input
from carevoice.phrases import Phrase
from carevoice.ui.i18n import say

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
_STOP = object()


def relay(signal: SignalInstance) -> Callable[..., None]:
    """A callback that emits `signal` with its arguments, from any thread.

    Once the QObject that owns the signal is deleted (its window closed), emitting raises
    RuntimeError ("Internal C++ object already deleted"): nobody listens any more, so the
    callback does nothing. This is the one place that guard is written.
    """

    def emit(*args: Any) -> None:
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)

    return emit


class Job(QObject):
    """One transcription submitted to a JobRunner, and its events.

    Signals (on the GUI thread, in this order; a job ends with exactly one of the last two):
      stage(str, str): stage name ("decoding", "loading model", "transcribing", "done",
        "cancelled") and detail
      progress(float, object): fraction 0..1, seconds remaining or None
      segment(object): a Segment as soon as it is transcribed
      finished(object): the Transcript (also for a job cancelled while it ran: it keeps
        what was done; `transcript.cancelled` says so)
      failed(str): what went wrong, or that it was cancelled before it started, in plain
        words in the interface language
    """

    stage = Signal(str, str)
    progress = Signal(float, object)
    segment = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    _event = Signal(object)  # from the worker thread; re-emitted above on the GUI thread

    def __init__(
        self,
        source: str | Path | np.ndarray,
        options: TranscribeOptions,
        source_name: str | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.source = source
        self.options = options
        self.source_name = source_name
        self.done = False  # finished or failed has been emitted
        self._lock = threading.Lock()
        self._cancelled = False
        self._core: TranscriptionJob | None = None  # while it runs on a worker
        self._event.connect(self._dispatch)

    def cancel(self) -> None:
        """Stop the job: a queued one fails with "Cancelled.", a running one stops at its
        next segment and finishes with what it has. Safe from any thread, and twice."""
        with self._lock:
            self._cancelled = True
            core = self._core
        if core is not None:
            core.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    # -- on the worker thread ----------------------------------------------------------
    def _begin(self, core: TranscriptionJob) -> bool:
        """The worker takes the job up: False when it was cancelled while queued."""
        with self._lock:
            if self._cancelled:
                return False
            self._core = core
            return True

    def _end(self) -> None:
        with self._lock:
            self._core = None

    def _post(self, kind: str, *args: Any) -> None:
        relay(self._event)((kind, args))

    # -- on the GUI thread -------------------------------------------------------------
    @Slot(object)
    def _dispatch(self, event: tuple[str, tuple]) -> None:
        kind, args = event
        if self.done:
            return
        if kind in ("finished", "failed"):
            self.done = True
        getattr(self, kind).emit(*args)


class Task(QObject):
    """One function run once on its own thread (see `run_in_thread`).

    Signals (on the GUI thread):
      finished(object): what the function returned
      failed(object): the exception it raised (logged by the caller if it wants)
      done(): after either
    """

    finished = Signal(object)
    failed = Signal(object)
    done = Signal()
    _event = Signal(object)

    def __init__(self, fn: Callable[[], Any], name: str, parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._event.connect(self._dispatch)

    def start(self) -> Task:
        self._thread.start()
        return self

    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait (bounded by `timeout_s`) until the function returned; True if it did."""
        if self._thread.ident is not None:
            self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        post = relay(self._event)
        try:
            result = self._fn()
        except Exception as exc:  # every failure reaches the GUI as a signal
            post(("failed", exc))
        else:
            post(("finished", result))

    @Slot(object)
    def _dispatch(self, event: tuple[str, Any]) -> None:
        kind, value = event
        getattr(self, kind).emit(value)
        self.done.emit()


def run_in_thread(
    fn: Callable[[], Any],
    name: str = "carevoice-task",
    finished: Callable[[Any], object] | None = None,
    failed: Callable[[BaseException], object] | None = None,
    parent: QObject | None = None,
) -> Task:
    """Run `fn()` once on a new thread; `finished(result)` or `failed(exception)` is called
    on the GUI thread. They are connected before the thread starts, so a quick function's
    answer is never lost. Keep the Task (or give it a parent) until it is done."""
    task = Task(fn, name, parent)
    if finished is not None:
        task.finished.connect(finished)
    if failed is not None:
        task.failed.connect(failed)
    return task.start()


class _Preload:
    def __init__(self, options: TranscribeOptions):
        self.options = options


class _Worker(QObject):
    """Lives on one QThread; takes jobs from the shared queue until told to stop."""

    def __init__(self, runner: JobRunner):
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


class JobRunner(QObject):
    """Runs transcription jobs on a pool of QThreads that share one ModelPool.

    `submit` returns the job's handle (a Job); the runner keeps no ids and broadcasts
    nothing: each job's events reach only those who connected to that Job.
    """

    def __init__(self, workers: int = 2, pool: ModelPool | None = None, parent=None):
        super().__init__(parent)
        self.pool = pool or ModelPool(max_loaded=2, workers=max(1, workers))
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._jobs: set[Job] = set()  # queued or running; the runner keeps them alive
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
        self,
        source: str | Path | np.ndarray,
        options: TranscribeOptions,
        source_name: str | None = None,
    ) -> Job:
        """Queue a transcription of `source` (a path, or float32 16 kHz audio); its Job.

        Connect to the Job's signals right away (they arrive through the GUI thread's
        event loop, so none is missed)."""
        job = Job(source, options, source_name)
        with self._lock:
            self._jobs.add(job)
        self._queue.put(job)
        return job

    def preload(self, options: TranscribeOptions) -> None:
        """Load the model `options` would use on a worker, before the first job needs it.

        Loading holds Python's lock for up to ~0.2 s inside the tokenizer; done right after
        start-up, that pause does not land in the middle of the user's first job.
        """
        self._queue.put(_Preload(options))

    def shutdown(self) -> None:
        """Cancel everything, stop the threads and wait for them; safe to call twice."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, Job):
                item.cancel()
                item._post("failed", self.tr("Cancelled because Care Voice was closing."))
                with self._lock:
                    self._jobs.discard(item)
        with self._lock:
            jobs = list(self._jobs)
        for job in jobs:
            job.cancel()
        for _ in self._threads:
            self._queue.put(_STOP)
        for thread, _worker in self._threads:
            thread.quit()
            thread.wait()
        self._threads.clear()

    # -- on a worker thread ------------------------------------------------------------
    def _run_one(self, item: Job | _Preload) -> None:
        if isinstance(item, _Preload):
            self._preload(item.options)
            return
        job = item
        try:
            core = TranscriptionJob(job.source, job.options, self.pool, job.source_name)
            if not job._begin(core):
                job._post("failed", self.tr("Cancelled."))
                return
            try:
                transcript = core.run(lambda event: _post_event(job, event))
            finally:
                job._end()
        except (AudioError, ModelNotFoundError) as exc:  # a bad file, a model not installed
            log_bad_input(log, f"transcribing {job.source_name or job.source} failed", exc)
            job._post("failed", _plain(exc))
        except Exception as exc:  # every failure becomes the job's message, never a dead thread
            log.warning("a transcription failed: %s", exc, exc_info=True)
            job._post("failed", _plain(exc))
        else:
            job._post("finished", transcript)
        finally:
            with self._lock:
                self._jobs.discard(job)

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
                fall_back_from_gpu(self.pool.gpu, exc, decision, options, LOADING)


def _post_event(job: Job, event: object) -> None:
    if isinstance(event, Stage):
        job._post("stage", event.name, event.detail)
    elif isinstance(event, Progress):
        job._post("progress", event.fraction, event.eta_s)
    elif isinstance(event, SegmentReady):
        job._post("segment", event.segment)


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

"""One file transcribed by a worker (this process or a Ray actor), and what workers report.

Workers only compute: they return the Transcript, and the batch driver alone writes the
files and the manifest, so a worker killed mid-file can leave nothing half-written behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carevoice.engine.pool import ModelPool
from carevoice.engine.transcriber import TranscribeOptions, TranscriptionError, TranscriptionJob
from carevoice.engine.transcript import Transcript


@dataclass(frozen=True)
class BatchTask:
    """One input to transcribe: its content hash, where it is, and its output name."""

    digest: str
    path: Path
    output_base: str


@dataclass(frozen=True)
class WorkResult:
    """A worker's answer: the transcript, or why not (`fatal`: every other file would fail
    the same way, so the batch stops)."""

    transcript: Transcript | None
    error: str = ""
    fatal: bool = False


@dataclass(frozen=True)
class Started:
    task: BatchTask
    worker: str  # in words: "this process", "Ray actor 1234 on host"


@dataclass(frozen=True)
class Finished:
    task: BatchTask
    result: WorkResult


@dataclass(frozen=True)
class WorkerLost:
    """The worker died with the file unfinished; the file goes back in the queue."""

    task: BatchTask
    worker: str
    reason: str


WorkEvent = Started | Finished | WorkerLost


def transcribe_file(path: str | Path, options: TranscribeOptions, pool: ModelPool) -> WorkResult:
    """Transcribe one file with the engine, unchanged; errors come back as plain words."""
    from carevoice.audio.decode import AudioError
    from carevoice.engine.models import ModelNotFoundError

    try:
        return WorkResult(TranscriptionJob(Path(path), options, pool).run())
    except AudioError as exc:
        return WorkResult(None, str(exc).strip())
    except (ModelNotFoundError, TranscriptionError) as exc:
        return WorkResult(None, str(exc).strip(), fatal=True)


class LocalWorkers:
    """The files one after another in this process, on one warm ModelPool."""

    name = "this process"

    def __init__(self, options: TranscribeOptions, pool: ModelPool | None = None):
        self.options = options
        self.pool = pool or ModelPool(max_loaded=1, workers=1)
        self._stopped = False

    def run(self, tasks: list[BatchTask]):
        for task in tasks:
            if self._stopped:
                return
            yield Started(task, self.name)
            yield Finished(task, transcribe_file(task.path, self.options, self.pool))

    def stop(self) -> None:
        self._stopped = True

    def close(self) -> None:
        self.pool.clear()

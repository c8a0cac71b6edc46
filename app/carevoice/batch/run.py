"""The batch driver: plan from the manifest, hand the files to workers, write what comes back.

Only the driver writes: each transcript atomically under a name no other transcript has,
then the manifest, so an interrupted batch (a killed worker, Ctrl+C, a power cut) leaves
every file either finished and recorded, or to do again on the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from carevoice.audio.media_files import collect_media
from carevoice.batch.manifest import (
    DONE,
    FAILED,
    PENDING,
    RUNNING,
    Manifest,
    content_hash,
)
from carevoice.batch.outputs import any_transcript, free_base, outputs_exist
from carevoice.batch.work import BatchTask, Finished, Started, WorkerLost, WorkEvent
from carevoice.engine.transcript import Transcript
from carevoice.export import write_exports


class Workers(Protocol):
    """Runs tasks and reports on each (LocalWorkers here, RayWorkers on a cluster)."""

    def run(self, tasks: list[BatchTask]) -> Iterator[WorkEvent]: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class Planned:
    """What this run will do: `to_do` files, after skipping finished and duplicate ones."""

    to_do: int
    finished_before: int
    duplicates: int
    not_media: int


@dataclass(frozen=True)
class FileDone:
    task: BatchTask
    transcript: Transcript
    written: list[Path]


@dataclass(frozen=True)
class FileFailed:
    task: BatchTask | None  # None: the file could not even be read to hash it
    path: Path
    error: str


@dataclass(frozen=True)
class FileRetried:
    task: BatchTask
    reason: str


BatchEvent = Planned | Started | FileDone | FileFailed | FileRetried


@dataclass
class BatchSummary:
    done: int = 0
    failed: int = 0
    finished_before: int = 0
    duplicates: int = 0
    not_attempted: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.not_attempted == 0


def run_batch(
    inputs: Iterable[Path],
    output_dir: Path,
    formats: list[str],
    workers: Workers,
    on_event: Callable[[BatchEvent], None] = lambda _event: None,
) -> BatchSummary:
    """Transcribe the media files in `inputs` (folders walked) into `output_dir`."""
    files, not_media = collect_media([Path(p) for p in inputs])
    summary = BatchSummary()
    with Manifest.open(Path(output_dir)) as manifest:
        tasks = _plan(files, manifest, formats, summary, on_event)
        on_event(Planned(len(tasks), summary.finished_before, summary.duplicates, not_media))
        finished: set[str] = set()
        for event in workers.run(tasks):
            task = event.task
            entry = manifest.entries[task.digest]
            if isinstance(event, Started):
                manifest.set(
                    task.digest, state=RUNNING, attempts=entry.attempts + 1, worker=event.worker
                )
                on_event(event)
            elif isinstance(event, WorkerLost):
                manifest.set(task.digest, state=PENDING, error=event.reason)
                on_event(FileRetried(task, event.reason))
            elif isinstance(event, Finished):
                finished.add(task.digest)
                result = event.result
                if result.transcript is None:
                    manifest.set(task.digest, state=FAILED, error=result.error)
                    summary.failed += 1
                    summary.failures.append((task.path, result.error))
                    on_event(FileFailed(task, task.path, result.error))
                    if result.fatal:
                        workers.stop()
                        break
                    continue
                written = _write(manifest, task, result.transcript, formats)
                summary.done += 1
                on_event(FileDone(task, result.transcript, written))
        summary.not_attempted = sum(task.digest not in finished for task in tasks)
    return summary


def _plan(files, manifest: Manifest, formats, summary: BatchSummary, on_event) -> list[BatchTask]:
    tasks: list[BatchTask] = []
    seen: set[str] = set()
    for path in files:
        try:
            digest = content_hash(path)
        except OSError as exc:
            error = f"{path.name} could not be read: {exc.strerror or exc}"
            summary.failed += 1
            summary.failures.append((path, error))
            on_event(FileFailed(None, path, error))
            continue
        if digest in seen:  # the same recording twice in the archive: one transcript
            summary.duplicates += 1
            continue
        seen.add(digest)
        entry = manifest.entries.get(digest)
        if (
            entry is not None
            and entry.state == DONE
            and outputs_exist(manifest.folder, entry.output_base, formats)
        ):
            summary.finished_before += 1
            continue
        ours = entry is not None and entry.written
        stem = entry.output_base if entry is not None and entry.output_base else path.stem
        base = free_base(manifest.folder, stem, manifest.claimed_bases(), digest, ours)
        manifest.set(digest, source=str(path), state=PENDING, output_base=base, formats=formats)
        tasks.append(BatchTask(digest, path, base))
    return tasks


def _write(manifest: Manifest, task: BatchTask, transcript: Transcript, formats) -> list[Path]:
    entry = manifest.entries[task.digest]
    base, ours = entry.output_base, entry.written
    while True:
        if not ours and any_transcript(manifest.folder, base):
            # A transcript appeared under this name while the file was being transcribed
            # (another program, a copy): it is not ours, so it is left alone.
            base = free_base(manifest.folder, base, manifest.claimed_bases(), task.digest, False)
        # Recorded before writing: after a crash mid-write, these files are known to be ours.
        manifest.set(task.digest, output_base=base, written=True)
        try:
            # Files from before are replaced only when they are this input's own; any other
            # is never touched, even one created a moment ago (carevoice.output_names' rule).
            written = write_exports(transcript, formats, manifest.folder / base, replace=ours)
        except FileExistsError:
            continue
        manifest.set(task.digest, state=DONE, error="", formats=list(formats))
        return written

"""The Files queue: rows added, run on the window's runner, exported, and kept across restarts."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from carevoice.audio.decode import AudioError, probe_media
from carevoice.audio.media_files import collect_media
from carevoice.export import write_exports
from carevoice.logs import log_bad_input
from carevoice.output_names import OutputNames
from carevoice.queue_store import (
    CANCELLED,
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    QueueRow,
    QueueStore,
    QueueStoreError,
    resume_unfinished,
)
from carevoice.ui.files.queue_model import QueueModel
from carevoice.ui.runner import Job

if TYPE_CHECKING:
    from carevoice.ui.shell import Shell

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("txt", "srt")


class FilesQueue(QObject):
    """The queue of files to transcribe, run on the window's JobRunner.

    Each row has its own id (kept across restarts); each run of a row is its own Job, and
    the queue keeps row → Job for the run in force, so events from a cancelled or retried
    run never touch the row's new run. The rows live in `model`, which the Files place shows.

    Signals:
      paths_added(int, int): files added to the queue, files skipped
      row_status_changed(str, str): row id, its new status (queued, running, done, failed,
        cancelled; the words of carevoice.queue_store)
      job_progress(str, float, object): row id, fraction done 0..1, seconds remaining or None
      job_finished(str, object): row id, its Transcript (done, not cancelled)
      job_failed(str, str): row id, what went wrong in plain words
      said(str): something to tell the user, in the interface language
      already_queued(list): ids of the rows of files added again (not added twice)
    """

    paths_added = Signal(int, int)
    row_status_changed = Signal(str, str)
    job_progress = Signal(str, float, object)
    job_finished = Signal(str, object)
    job_failed = Signal(str, str)
    said = Signal(str)
    already_queued = Signal(list)

    def __init__(
        self, shell: Shell, store: QueueStore | None = None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.shell = shell
        self.store = store or QueueStore()
        self.model = QueueModel(self)
        self._jobs: dict[str, Job] = {}  # row id -> the Job of its current run
        self._closed = False
        # Exports of this session never replace a transcript (carevoice.output_names).
        self._names = OutputNames()

    # -- adding files ----------------------------------------------------------------
    def add_paths(self, paths: list[Path], again: bool = False) -> int:
        """Queue the audio and video files in `paths` (folders walked); returns how many.

        A file already in the queue is not added a second time: the user is told, and its
        row is the one to Retry. With `again` (the folder watch: a recording written anew
        under the same name), a finished row of it runs again in place.
        """
        files, skipped = collect_media([Path(p) for p in paths])
        queued = {row.path: row for row in self.model.rows()}
        rows, again_rows, duplicates = [], [], []
        for path in files:
            path = path.absolute()
            known = queued.get(str(path))
            if known is not None and again and not known.active:
                again_rows.append(known)
                continue
            if known is not None:
                if known not in duplicates:
                    duplicates.append(known)
                continue
            row = QueueRow(path=str(path))
            queued[row.path] = row
            rows.append(row)
        self.model.add_rows(rows)
        for row in [*rows, *again_rows]:
            self._start(row)
        self._save()
        self.said.emit(self._added_words(len(rows) + len(again_rows), skipped, duplicates))
        if duplicates:
            self.already_queued.emit([row.id for row in duplicates])
        self.paths_added.emit(len(rows) + len(again_rows), skipped + len(duplicates))
        return len(rows) + len(again_rows)

    def _added_words(self, added: int, skipped: int, duplicates: list[QueueRow]) -> str:
        parts = [self.tr("Added %n file(s)", "", added)] if added else [self.tr("No files added")]
        if skipped:
            parts.append(self.tr("skipped %n that are not audio or video", "", skipped))
        if len(duplicates) == 1:
            parts.append(
                self.tr("{name} is already queued (Retry runs it again)").format(
                    name=duplicates[0].name
                )
            )
        elif duplicates:
            parts.append(
                self.tr("%n are already queued (Retry runs them again)", "", len(duplicates))
            )
        return "; ".join(parts)

    # -- running ---------------------------------------------------------------------
    def _start(self, row: QueueRow, model: str | None = None) -> None:
        """(Re)run a row: read its length, then hand it to the runner as a new job."""
        options = self.shell.settings.transcribe_options()
        if model:
            options = dataclasses.replace(options, model=model)
        row.model = options.model_name()
        row.language = options.language or ""
        row.error, row.device, row.compute_type = "", "", ""
        row.set_transcript(None)
        self.model.clear_live(row.id)
        try:
            row.duration_s = probe_media(row.path).duration_s
        except AudioError as exc:
            # The engine would fail on the same check; say so now rather than after a queue.
            log_bad_input(log, f"{row.path} cannot be transcribed", exc)
            self._set_status(row, FAILED, str(exc).strip())
            self.job_failed.emit(row.id, row.error)
            return
        except Exception:  # an unexpected probe failure: let the engine have its say
            log.warning("could not probe %s", row.path, exc_info=True)
        self._set_status(row, QUEUED)
        job = self.shell.runner.submit(Path(row.path), options, source_name=row.path)
        self._jobs[row.id] = job
        row_id = row.id
        job.stage.connect(lambda name, _detail: self._on_stage(row_id, job, name))
        job.progress.connect(
            lambda fraction, eta_s: self._on_progress(row_id, job, fraction, eta_s)
        )
        job.finished.connect(lambda transcript: self._on_finished(row_id, job, transcript))
        job.failed.connect(lambda message: self._on_failed(row_id, job, message))

    def _row_for_job(self, row_id: str, job: Job) -> QueueRow | None:
        """The row, if `job` is its current run (not a cancelled or retried one's)."""
        if self._closed or self._jobs.get(row_id) is not job:
            return None
        return self.model.row_by_id(row_id)

    def _forget(self, row_id: str, job: Job) -> None:
        if self._jobs.get(row_id) is job:
            del self._jobs[row_id]

    def _set_status(self, row: QueueRow, status: str, error: str = "") -> None:
        changed = row.status != status
        row.status, row.error = status, error
        if status != RUNNING:
            self.model.clear_live(row.id)
        self.model.row_changed(row.id)
        if changed:
            self.row_status_changed.emit(row.id, status)

    def _on_stage(self, row_id: str, job: Job, name: str) -> None:
        row = self._row_for_job(row_id, job)
        if row is None or not row.active:
            return
        if name in ("decoding", "loading model", "transcribing"):
            self.model.live(row.id).stage = name
        self._set_status(row, RUNNING)

    def _on_progress(self, row_id: str, job: Job, fraction: float, eta_s) -> None:
        row = self._row_for_job(row_id, job)
        if row is None or not row.active:
            return
        live = self.model.live(row.id)
        live.stage, live.fraction, live.eta_s = "transcribing", fraction, eta_s
        self._set_status(row, RUNNING)
        self.job_progress.emit(row.id, fraction, eta_s)

    def _on_finished(self, row_id: str, job: Job, transcript) -> None:
        row = self._row_for_job(row_id, job)
        self._forget(row_id, job)
        if row is None or row.status == CANCELLED:  # a queued job's word for its cancel
            return
        if row.status == CANCELLED or transcript.cancelled:
            # Keep what was transcribed before the stop, so it can still be opened.
            row.set_transcript(transcript if transcript.segments else None)
            self._set_status(row, CANCELLED)
        else:
            row.model, row.device, row.compute_type = (
                transcript.model,
                transcript.device,
                transcript.compute_type,
            )
            row.language = transcript.language or row.language
            row.set_transcript(transcript)
            self._set_status(row, DONE)
            self._export(row, transcript)
            self.job_finished.emit(row.id, transcript)
        self._save()

    def _on_failed(self, row_id: str, job: Job, message: str) -> None:
        row = self._row_for_job(row_id, job)
        self._forget(row_id, job)
        if row is None or row.status == CANCELLED:  # a queued job's word for its cancel
            return
        self._set_status(row, FAILED, message)
        self._save()
        self.job_failed.emit(row.id, message)

    def _export(self, row: QueueRow, transcript) -> None:
        folder = self.shell.settings.output_folder
        if not folder:
            return
        try:
            outputs = self._names.write(
                transcript, list(EXPORT_FORMATS), Path(folder).expanduser(), Path(row.path).stem
            )
        except (OSError, ValueError) as exc:
            log.warning("could not export %s", row.path, exc_info=True)
            self.said.emit(
                self.tr("The transcript of {name} could not be saved in {folder}: {reason}").format(
                    name=row.name, folder=folder, reason=exc
                )
            )
            return
        row.exports = [str(path) for path in outputs.written]
        if outputs.named_apart:
            self.said.emit(
                self.tr(
                    "The transcript of {name} was saved as “{saved}”: “{wanted}” was taken."
                ).format(name=row.name, saved=outputs.name, wanted=outputs.wanted)
            )

    # -- one row ---------------------------------------------------------------------
    def cancel(self, row_id: str) -> None:
        """Stop a queued or running row; a running job stops at its next segment."""
        row = self.model.row_by_id(row_id)
        if row is None or not row.active:
            return
        job = self._jobs.get(row_id)
        if job is not None:  # a running one still finishes, with what it has
            job.cancel()
        self._set_status(row, CANCELLED)
        self._save()

    def retry(self, row_id: str, model: str | None = None) -> None:
        """Run a finished, failed or cancelled row again, with the settings now in force
        (and `model` instead of the default model, when given)."""
        row = self.model.row_by_id(row_id)
        if row is None or row.active:
            return
        self._start(row, model)
        self._save()

    def remove(self, row_id: str) -> None:
        """Take a row out of the queue, cancelling it first if it has not finished."""
        self.cancel(row_id)
        self.model.remove_row(row_id)
        self._save()

    def save_corrections(self, row_id: str, transcript) -> None:
        """Keep a row's transcript as corrected in its window: in the saved queue (what
        "Open transcript" shows next time) and in the files the queue wrote for it in the
        output folder (its own transcripts: written again, not named apart).

        Raises ValueError when the row is gone, OSError when something cannot be written.
        """
        row = self.model.row_by_id(row_id)
        if row is None:
            raise ValueError(self.tr("The file is no longer in the queue."))
        row.set_transcript(transcript)
        try:
            self.store.save(self.model.rows())
        except QueueStoreError as exc:
            raise OSError(str(exc)) from exc
        for path in map(Path, row.exports):
            if path.exists():  # one the user removed stays removed
                write_exports(transcript, [path.suffix.lstrip(".")], path.with_suffix(""))

    # -- the queue as a whole --------------------------------------------------------
    def rows(self) -> list[QueueRow]:
        return self.model.rows()

    def active_job_count(self) -> int:
        """Rows queued or running: what closing the window would interrupt."""
        return sum(row.active for row in self.model.rows())

    def shutdown(self) -> None:
        """Save the queue as it stands; unfinished rows run again at the next start.

        Called by the window before the runner cancels everything, so the cancellations
        that follow are not recorded as the rows' outcome.
        """
        if self._closed:
            return
        self._save()
        self._closed = True

    def restore(self) -> None:
        """Load the saved queue and run again the rows the last session left unfinished."""
        try:
            rows = self.store.load()
        except QueueStoreError as exc:
            self.said.emit(str(exc))
            return
        resumed = resume_unfinished(rows)
        self.model.add_rows(rows)
        for row in resumed:
            self._start(row)
        if resumed:
            self._save()
            self.said.emit(
                self.tr(
                    "%n file(s) that were not finished when Care Voice closed are queued again.",
                    "",
                    len(resumed),
                )
            )

    def _save(self) -> None:
        if self._closed:
            return
        try:
            self.store.save(self.model.rows())
        except QueueStoreError as exc:
            log.warning("could not save the queue: %s", exc)
            self.said.emit(str(exc))

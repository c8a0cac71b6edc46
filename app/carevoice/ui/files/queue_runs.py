"""Which runner job is the current run of each row in the Files queue."""

from __future__ import annotations

import itertools


class QueueRuns:
    """Job ids for the runs of queue rows: "<row id>/<n>", a new one for every run.

    A row's events come from its current run only, so a cancelled or retried run's late
    events are told apart from the row's new run.
    """

    def __init__(self) -> None:
        self._job_of_row: dict[str, str] = {}
        self._row_of_job: dict[str, str] = {}
        self._runs = itertools.count(1)

    def start(self, row_id: str) -> str:
        """A new run of the row: its job id, which from now on is the row's current run."""
        job_id = f"{row_id}/{next(self._runs)}"
        self._job_of_row[row_id] = job_id
        self._row_of_job[job_id] = row_id
        return job_id

    def job_of(self, row_id: str) -> str | None:
        """The row's current run, or None when it has none."""
        return self._job_of_row.get(row_id)

    def row_of(self, job_id: str) -> str | None:
        """The row this job is the current run of, or None (another place's job, an old run)."""
        row_id = self._row_of_job.get(job_id)
        if row_id is None or self._job_of_row.get(row_id) != job_id:
            return None
        return row_id

    def forget(self, job_id: str) -> None:
        """The job is over: it is no row's current run any more."""
        row_id = self._row_of_job.pop(job_id, None)
        if row_id is not None and self._job_of_row.get(row_id) == job_id:
            del self._job_of_row[row_id]

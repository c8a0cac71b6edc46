"""The Files queue on disk: its rows and finished transcripts, kept across restarts (no Qt).

One JSON file in Care Voice's private data folder, replaced atomically and readable only
by the user (0600), because file names and transcripts are health data. A transcript is
kept here rather than next to the recording, so "open transcript" works after a restart
without writing anything beside the user's files.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from carevoice import paths
from carevoice.engine.transcript import Transcript
from carevoice.export import to_json
from carevoice.fileio import atomic_write_text
from carevoice.phrases import from_data, to_data

log = logging.getLogger(__name__)

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
CANCELLED = "cancelled"
STATUSES = (QUEUED, RUNNING, DONE, FAILED, CANCELLED)
ACTIVE = frozenset({QUEUED, RUNNING})  # rows that still have work to do

FORMAT_VERSION = 1
FILE_NAME = "queue.json"


class QueueStoreError(Exception):
    """The saved queue could not be read or written; the message is plain words."""


@dataclass
class QueueRow:
    """One file in the queue: what it is, how far it got, and its transcript once done.

    `language` is "" when it is to be detected; `device` and `compute_type` are those the
    transcript was made with ("" until then); `transcript` is `Transcript.to_dict()` made
    JSON-safe, or None. `exports` are the transcript files the queue wrote for the row in
    the output folder: a correction of the transcript is written into them again.
    """

    path: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    status: str = QUEUED
    error: str = ""
    duration_s: float | None = None
    model: str = ""
    language: str = ""
    device: str = ""
    compute_type: str = ""
    transcript: dict | None = None
    exports: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def name(self) -> str:
        return Path(self.path).name

    def set_transcript(self, transcript: Transcript | None) -> None:
        # Through export.to_json, which turns a -inf log-probability into null: the
        # file stays standard JSON that any reader (and Transcript.from_dict) accepts.
        if transcript is None:
            self.transcript = None
            return
        saved = json.loads(to_json(transcript))
        # The warnings as made: phrases the window can say in the user's language.
        saved["warnings"] = list(transcript.warnings)
        self.transcript = saved

    def load_transcript(self) -> Transcript | None:
        """The stored transcript; QueueStoreError if it is there but cannot be read."""
        if self.transcript is None:
            return None
        try:
            return Transcript.from_dict(self.transcript)
        except (KeyError, TypeError, ValueError) as exc:
            raise QueueStoreError(
                f"The saved transcript of {self.name} could not be read ({exc})."
            ) from exc

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "duration_s": _finite_or_none(self.duration_s),
            "model": self.model,
            "language": self.language,
            "device": self.device,
            "compute_type": self.compute_type,
            "transcript": self.transcript,
            "exports": list(self.exports),
            # The transcript's warnings again, with their templates: after a restart they
            # are still translatable (the transcript itself holds their English text).
            "warning_phrases": [to_data(w) for w in (self.transcript or {}).get("warnings", ())],
        }

    @classmethod
    def from_dict(cls, data: dict) -> QueueRow:
        """A row from its saved form; ValueError when the essentials are missing or wrong."""
        if not isinstance(data, dict):
            raise ValueError("a row is not an object")
        path, row_id, status = data.get("path"), data.get("id"), data.get("status")
        if not isinstance(path, str) or not path or not isinstance(row_id, str) or not row_id:
            raise ValueError("a row has no path or id")
        if status not in STATUSES:
            raise ValueError(f"a row has an unknown status {status!r}")
        duration = data.get("duration_s")
        transcript = data.get("transcript")
        phrases = data.get("warning_phrases")
        if (
            isinstance(transcript, dict)
            and isinstance(phrases, list)
            and len(phrases) == len(transcript.get("warnings") or ())
        ):
            transcript["warnings"] = [from_data(item) for item in phrases]
        return cls(
            path=path,
            id=row_id,
            status=status,
            error=str(data.get("error") or ""),
            duration_s=_finite_or_none(duration),
            model=str(data.get("model") or ""),
            language=str(data.get("language") or ""),
            device=str(data.get("device") or ""),
            compute_type=str(data.get("compute_type") or ""),
            transcript=transcript if isinstance(transcript, dict) else None,
            exports=[p for p in data.get("exports") or () if isinstance(p, str) and p],
        )


def _finite_or_none(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def resume_unfinished(rows: list[QueueRow]) -> list[QueueRow]:
    """Put rows that were queued or running when the app stopped back to queued.

    A running job's partial work is gone with the process, so it starts again from the
    beginning. Returns the rows to submit again, in queue order.
    """
    resumed = [row for row in rows if row.active]
    for row in resumed:
        row.status = QUEUED
        row.error = ""
        row.transcript = None
    return resumed


class QueueStore:
    """Reads and writes the queue file (by default `queue.json` in the data folder)."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else paths.data_dir() / FILE_NAME

    def load(self) -> list[QueueRow]:
        """The saved rows; [] when there is no file yet.

        A file that cannot be read at all is moved aside (kept, not deleted: it may hold
        transcripts someone wants back) and QueueStoreError says so. Single rows that are
        damaged are left out and logged.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise QueueStoreError(
                f"The saved queue could not be read ({exc.strerror or exc})."
            ) from exc
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
                raise ValueError("no list of rows")
        except ValueError as exc:
            aside = self._move_aside()
            raise QueueStoreError(
                "The saved queue was damaged and could not be read; it was kept as "
                f"{aside.name if aside else self.path.name} and the queue starts empty."
            ) from exc
        rows, seen = [], set()
        for item in data["rows"]:
            try:
                row = QueueRow.from_dict(item)
            except ValueError as exc:
                log.warning("left a damaged queue row out: %s", exc)
                continue
            if row.id in seen:
                log.warning("left a duplicate queue row out: %s", row.id)
                continue
            seen.add(row.id)
            rows.append(row)
        return rows

    def save(self, rows: list[QueueRow]) -> Path:
        """Replace the file with `rows`, atomically; QueueStoreError when it cannot be written."""
        data = {"version": FORMAT_VERSION, "rows": [row.to_dict() for row in rows]}
        text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
        try:
            return atomic_write_text(self.path, text, mode=0o600)
        except OSError as exc:
            raise QueueStoreError(f"The queue could not be saved ({exc.strerror or exc}).") from exc

    def _move_aside(self) -> Path | None:
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
        except OSError:
            log.warning("could not move the damaged queue file aside", exc_info=True)
            return None
        log.warning("the damaged queue file was moved to %s", aside)
        return aside

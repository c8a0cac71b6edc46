"""The batch manifest: what each input (by content hash) became, kept in the output folder.

A second run over the same archive reads it to skip finished files and retry failed ones.
It is one JSON file replaced atomically after every change (0600: file names are health
data), and a lock file keeps two batches from writing to the same folder at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from carevoice.fileio import atomic_write_text

MANIFEST_NAME = "care-voice-batch.json"
LOCK_NAME = ".care-voice-batch.lock"
FORMAT_VERSION = 1

PENDING = "pending"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
STATES = (PENDING, RUNNING, DONE, FAILED)


class ManifestError(Exception):
    """The manifest could not be read, written or locked; the message is plain words."""


def content_hash(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """sha256 of the file's bytes: the same recording under another name is the same input."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Entry:
    """One input's record. `output_base` is the transcripts' name without suffix, in the
    output folder; `written` says files under that name are this input's own (so a rerun
    may replace them), `attempts` counts runs started, a worker killed mid-file included."""

    source: str
    state: str = PENDING
    output_base: str = ""
    formats: list[str] = field(default_factory=list)
    written: bool = False
    error: str = ""
    attempts: int = 0
    worker: str = ""
    updated: float = 0.0


class Manifest:
    """The entries of one output folder, keyed by content hash; `save()` after each change."""

    def __init__(self, folder: Path, entries: dict[str, Entry] | None = None):
        self.folder = folder
        self.entries: dict[str, Entry] = entries or {}
        self._lock_fd: int | None = None

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_NAME

    @classmethod
    def open(cls, folder: Path) -> Manifest:
        """Lock `folder` for this batch and read its manifest (empty if there is none)."""
        folder = Path(folder)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise ManifestError(f"The output folder {folder} could not be made: {exc}") from exc
        manifest = cls(folder)
        manifest._lock()
        try:
            manifest.entries = _read(manifest.path)
        except BaseException:
            manifest.close()
            raise
        return manifest

    def _lock(self) -> None:
        try:
            fd = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise ManifestError(f"The output folder {self.folder} is not writable: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ManifestError(
                f"Another batch is writing to {self.folder}; wait for it to finish."
            ) from None
        self._lock_fd = fd

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the lock
            self._lock_fd = None

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def set(self, digest: str, **changes) -> Entry:
        """Change one entry (made if new) and save the manifest at once."""
        entry = self.entries.get(digest) or Entry(source=changes.get("source", ""))
        for name, value in changes.items():
            setattr(entry, name, value)
        entry.updated = time.time()
        self.entries[digest] = entry
        self.save()
        return entry

    def save(self) -> None:
        data = {
            "format": FORMAT_VERSION,
            "entries": {digest: asdict(entry) for digest, entry in self.entries.items()},
        }
        try:
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:
            raise ManifestError(f"The manifest {self.path} could not be saved: {exc}") from exc

    def claimed_bases(self) -> dict[str, str]:
        """Output names already given to an input: name -> that input's hash."""
        return {e.output_base: d for d, e in self.entries.items() if e.output_base}


def _read(path: Path) -> dict[str, Entry]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"unknown format {data.get('format')!r}")
        known = set(Entry.__dataclass_fields__)
        return {
            digest: Entry(**{k: v for k, v in raw.items() if k in known})
            for digest, raw in data["entries"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(
            f"The manifest {path} could not be read ({exc}). Move it away to start the "
            "batch afresh; transcripts already in the folder are never overwritten."
        ) from exc

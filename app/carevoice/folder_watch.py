"""Watching a folder for new recordings: which files have stopped growing and are new (no Qt).

A recorder docked over USB, or a copy from a phone, writes a file for seconds or minutes;
transcribing it then would read half a recording. A file is ready once its size and
modification time have stayed the same for `settle_s` (seen over at least two looks), and
it is handed out once: the files handed out are remembered on disk (0600, they are names
of recordings), so a restart does not queue them again. A file that changes afterwards (a
new recording under an old name) is new again.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from carevoice import paths
from carevoice.audio.media_files import collect_media
from carevoice.fileio import atomic_write_text

log = logging.getLogger(__name__)

SEEN_FILE = "watched-files.json"

Stamp = tuple[int, int]  # (size in bytes, modification time in ns)


@dataclass
class _Candidate:
    stamp: Stamp
    since_s: float  # when it was first seen with this stamp


class FolderWatcher:
    """Looks at one folder (sub-folders too) when asked; says which recordings are ready.

    `look(now_s)` returns the paths that just became ready, oldest first; `growing` the
    ones still being written. Raises OSError when the folder is not there (a recorder
    undocked): the next look tries again.
    """

    def __init__(self, folder: Path, settle_s: float = 2.0, seen_path: Path | None = None):
        self.folder = Path(folder).absolute()
        self.settle_s = settle_s
        self.seen_path = seen_path or paths.data_dir() / SEEN_FILE
        self._candidates: dict[str, _Candidate] = {}
        self._seen = _load_seen(self.seen_path)

    @property
    def growing(self) -> list[str]:
        return sorted(self._candidates)

    def look(self, now_s: float) -> list[Path]:
        if not self.folder.is_dir():
            raise FileNotFoundError(f"{self.folder} is not there")
        files, _skipped = collect_media([self.folder])
        present: set[str] = set()
        ready: list[Path] = []
        for path in files:
            key = str(path)
            try:
                info = path.stat()
            except OSError:  # gone between the walk and now
                continue
            stamp = (info.st_size, info.st_mtime_ns)
            present.add(key)
            if self._seen.get(key) == stamp:
                continue
            candidate = self._candidates.get(key)
            if candidate is None or candidate.stamp != stamp:
                self._candidates[key] = _Candidate(stamp, now_s)
                continue
            if stamp[0] > 0 and now_s - candidate.since_s >= self.settle_s:
                del self._candidates[key]
                self._seen[key] = stamp
                ready.append(path)
        for key in set(self._candidates) - present:
            del self._candidates[key]  # deleted or renamed before it settled
        if ready:
            self._save_seen()
        return ready

    def _save_seen(self) -> None:
        data = {"format": 1, "files": {k: list(v) for k, v in self._seen.items()}}
        try:
            atomic_write_text(self.seen_path, json.dumps(data, ensure_ascii=False) + "\n")
        except OSError:
            # Not fatal: the worst case is a file queued again after a restart.
            log.warning("could not save %s", self.seen_path, exc_info=True)


def _load_seen(path: Path) -> dict[str, Stamp]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: (int(v[0]), int(v[1])) for k, v in data["files"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        log.warning("%s could not be read; watched files may be queued again", path)
        return {}

"""Edits kept on this computer while the notes server cannot be reached.

When a save to the server fails because the server is gone (network down, server
restarting), the edit goes into `data_dir()/offline-edits.json` (0600, replaced
atomically) before the caller is told, so it survives the app being closed or killed.
It is sent when the server answers again (NoteStore.send_offline_edits, also run each
time the store opens), against the version it was based on: a note changed on the
server meanwhile is a NoteConflict for the caregiver to settle, never overwritten.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from carevoice import paths

FILE_NAME = "offline-edits.json"


@dataclass
class OfflineEdit:
    server: str  # the store's location (URL without password)
    note_id: int
    expected_version: int  # the version the edit started from
    fields: dict[str, object] = field(default_factory=dict)  # update_note's text/title/tags
    kept_s: float = 0.0
    owner: str = ""  # the store that kept it: only its own later save may replace it


class OfflineEdits:
    """The file of edits waiting for the server. Safe to share between threads."""

    def __init__(self, path: Path | None = None):
        self.path = path or paths.data_dir() / FILE_NAME
        self._lock = threading.Lock()

    def keep(
        self, server: str, note_id: int, expected_version: int, fields: dict, owner: str = ""
    ) -> None:
        """Add an edit; a later edit of the same note adds to it (its fields win) and keeps
        the version the first one started from."""
        with self._lock:
            edits = self._read()
            for edit in edits:
                if (edit.server, edit.note_id) == (server, note_id):
                    edit.fields.update(fields)
                    edit.kept_s = time.time()
                    break
            else:
                edits.append(
                    OfflineEdit(server, note_id, expected_version, dict(fields), time.time(), owner)
                )
            self._write(edits)

    def pending(self, server: str) -> list[OfflineEdit]:
        with self._lock:
            return [e for e in self._read() if e.server == server]

    def waiting(self, server: str, note_id: int) -> OfflineEdit | None:
        return next((e for e in self.pending(server) if e.note_id == note_id), None)

    def forget(self, server: str, note_id: int, owner: str | None = None) -> None:
        """The edit reached the server (or its conflict was settled).

        With `owner`, only that store's edit: a save from another window of this computer
        did not carry it, so it stays kept.
        """
        with self._lock:
            edits = self._read()
            kept = [
                e
                for e in edits
                if (e.server, e.note_id) != (server, note_id)
                or (owner is not None and e.owner != owner)
            ]
            if len(kept) != len(edits):
                self._write(kept)

    def _read(self) -> list[OfflineEdit]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return [OfflineEdit(**item) for item in data.get("edits", [])]

    def _write(self, edits: list[OfflineEdit]) -> None:
        if not edits:
            self.path.unlink(missing_ok=True)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = json.dumps({"edits": [e.__dict__ for e in edits]}, ensure_ascii=False, indent=1)
        tmp = self.path.with_name(f".{self.path.name}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if sys.platform != "win32":
            os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

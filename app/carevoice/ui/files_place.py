"""The Files place: a queue of recordings and videos being transcribed (stub, being built)."""

from __future__ import annotations

from pathlib import Path

from carevoice.ui.placeholder import PlaceholderPlace


class FilesPlace(PlaceholderPlace):
    def __init__(self, window=None):
        super().__init__(self.tr("Files"), self.tr("Drop recordings or videos here."))
        self.window_ = window

    def add_paths(self, paths: list[Path]) -> None:
        pass

    def active_job_count(self) -> int:
        return 0

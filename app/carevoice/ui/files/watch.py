"""The Files place's folder watch: a timer that looks at the folder and says what is ready."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from carevoice.folder_watch import FolderWatcher


class FolderWatch(QObject):
    """Looks at the watched folder every `poll_ms` (polling, not inotify: it works the same
    on a recorder's USB drive and a network share, where change notices do not come).

    Signals:
      ready(list): paths of new recordings that stopped growing, each given once
      looked(): a look at the folder finished (tests wait on it; nothing else needs it)
      missing(str): the folder is not there (a recorder undocked); looks go on
    """

    ready = Signal(list)
    looked = Signal()
    missing = Signal(str)

    poll_ms = 1000
    settle_s = 2.0

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.watcher: FolderWatcher | None = None
        self._missing = False
        self._timer = QTimer(self)
        self._timer.setInterval(self.poll_ms)
        self._timer.timeout.connect(self.look)

    @property
    def folder(self) -> Path | None:
        return self.watcher.folder if self.watcher is not None else None

    def start(self, folder: Path) -> None:
        self.watcher = FolderWatcher(folder, settle_s=self.settle_s)
        self._missing = False
        self._timer.start()
        self.look()

    def stop(self) -> None:
        self._timer.stop()
        self.watcher = None

    def look(self) -> None:
        if self.watcher is None:
            return
        try:
            ready = self.watcher.look(time.monotonic())
        except OSError:
            if not self._missing:  # said once, not every second
                self._missing = True
                self.missing.emit(str(self.watcher.folder))
            ready = []
        else:
            self._missing = False
        if ready:
            self.ready.emit([str(p) for p in ready])
        self.looked.emit()

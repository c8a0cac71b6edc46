"""Reads the GPUs through NVML once a second on a thread of its own, for the GPU place."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

if TYPE_CHECKING:
    from carevoice.gpu.nvml import NvmlProbe

log = logging.getLogger(__name__)


class _PollWorker(QObject):
    """Lives on the poller's thread: owns the NvmlProbe and the timer that drives it."""

    snapshot_taken = Signal(object)
    failed = Signal(str)

    def __init__(self, interval_ms: int):
        super().__init__()
        self._interval_ms = interval_ms
        self._probe: NvmlProbe | None = None
        self._timer: QTimer | None = None

    @Slot()
    def begin(self) -> None:
        from carevoice.gpu.fake import FakeGpuError
        from carevoice.gpu.nvml import open_probe

        try:
            self._probe = open_probe()  # honours CAREVOICE_FAKE_GPU
        except FakeGpuError as exc:
            self.failed.emit(str(exc))
            return
        self._timer = QTimer(self)
        self._timer.setInterval(self._interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self.poll()

    @Slot()
    def poll(self) -> None:
        if self._probe is not None:
            self.snapshot_taken.emit(self._probe.snapshot())  # never raises

    @Slot()
    def end(self) -> None:
        # The timer must be stopped on the thread it runs on (Qt warns otherwise).
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._probe is not None:
            self._probe.close()
            self._probe = None


class NvmlPoller(QObject):
    """Takes a GpuSnapshot every `interval_ms` off the GUI thread, from start() to stop().

    Signals:
      snapshot_taken(object): a GpuSnapshot (state "ok", or why the GPUs cannot be read)
      failed(str): the probe could not be opened at all (a bad CAREVOICE_FAKE_GPU)
    """

    snapshot_taken = Signal(object)
    failed = Signal(str)
    _end_requested = Signal()

    def __init__(self, interval_ms: int = 1000, parent=None):
        super().__init__(parent)
        self._interval_ms = interval_ms
        self._thread: QThread | None = None
        self._worker: _PollWorker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = QThread()
        self._thread.setObjectName("nvml-poller")
        self._worker = _PollWorker(self._interval_ms)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.begin)
        self._worker.snapshot_taken.connect(self.snapshot_taken)
        self._worker.failed.connect(self.failed)
        # Blocking: stop() returns only after the timer is stopped and NVML is closed.
        self._end_requested.connect(self._worker.end, Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and join the thread; safe to call twice or before start()."""
        if self._thread is None:
            return
        if self._thread.isRunning():
            self._end_requested.emit()
            self._thread.quit()
            self._thread.wait()
        if self._worker is not None:
            self._end_requested.disconnect(self._worker.end)
        self._thread = None
        self._worker = None
        log.debug("NVML poller stopped")

"""Work done after the window is shown: heavy imports and the GPU decision, off the GUI thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

if TYPE_CHECKING:
    from carevoice.gpu.context import GpuContext

log = logging.getLogger(__name__)


class _Probe(QObject):
    done = Signal(object, object)  # GpuFacts, DeviceDecision
    failed = Signal(str)

    def __init__(self, gpu: GpuContext, preference: str, gpu_only: bool, refresh: bool):
        super().__init__()
        self._gpu = gpu
        self._preference, self._gpu_only, self._refresh = preference, gpu_only, refresh

    @Slot()
    def run(self) -> None:
        try:
            # The slow imports (faster-whisper pulls in ctranslate2, onnxruntime, PyAV)
            # happen here so the first transcription does not pay for them.
            import faster_whisper  # noqa: F401

            facts = self._gpu.facts(
                run_preflight=self._preference != "cpu",
                refresh=self._refresh,
                use_cache=not self._refresh,
            )
            decision = self._gpu.decide(self._preference, self._gpu_only, facts=facts)
        except Exception as exc:  # the app must come up even when the GPU check breaks
            log.exception("GPU check failed")
            self.failed.emit(f"The GPU check failed: {exc}")
        else:
            self.done.emit(facts, decision)


class GpuCheck(QObject):
    """Gathers the GpuContext's facts and decides, on its own QThread.

    Signals:
      decided(object, object): GpuFacts and DeviceDecision
      failed(str): the check itself broke (plain words)
    """

    decided = Signal(object, object)
    failed = Signal(str)

    def __init__(self, gpu: GpuContext, parent=None):
        super().__init__(parent)
        self.gpu = gpu
        self._thread: QThread | None = None
        self._probe: _Probe | None = None
        self._pending: tuple[str, bool, bool] | None = None

    def start(
        self, preference: str = "auto", gpu_only: bool = False, refresh: bool = False
    ) -> None:
        if self.running:
            # Settings changed while a check runs: check again with them when it ends.
            self._pending = (preference, gpu_only, refresh)
            return
        self._thread = QThread()
        self._thread.setObjectName("gpu-check")
        self._probe = _Probe(self.gpu, preference, gpu_only, refresh)
        self._probe.moveToThread(self._thread)
        self._thread.started.connect(self._probe.run)
        self._probe.done.connect(self._finish)
        self._probe.failed.connect(self._fail)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._probe = None

    @Slot(object, object)
    def _finish(self, facts, decision) -> None:
        self._stop_thread()
        self.decided.emit(facts, decision)
        self._start_pending()

    @Slot(str)
    def _fail(self, message: str) -> None:
        self._stop_thread()
        self.failed.emit(message)
        self._start_pending()

    def _start_pending(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.start(*pending)

    def wait(self) -> None:
        """Block until a running check ends (used when closing)."""
        self._pending = None
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

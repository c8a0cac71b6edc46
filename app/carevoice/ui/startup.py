"""Work done after the window is shown: heavy imports and the GPU decision, off the GUI thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from carevoice.ui.runner import Task, run_in_thread

if TYPE_CHECKING:
    from carevoice.gpu.context import GpuContext

log = logging.getLogger(__name__)


class GpuCheck(QObject):
    """Gathers the GpuContext's facts and decides, on its own thread (run_in_thread).

    Signals:
      decided(object, object): GpuFacts and DeviceDecision
      failed(str): the check itself broke (plain words, in the interface language)
    """

    decided = Signal(object, object)
    failed = Signal(str)

    def __init__(self, gpu: GpuContext, parent=None):
        super().__init__(parent)
        self.gpu = gpu
        self._task: Task | None = None
        self._pending: tuple[str, bool, bool] | None = None

    def start(
        self, preference: str = "auto", gpu_only: bool = False, refresh: bool = False
    ) -> None:
        if self.running:
            # Settings changed while a check runs: check again with them when it ends.
            self._pending = (preference, gpu_only, refresh)
            return

        def check():
            # The slow imports (faster-whisper pulls in ctranslate2, onnxruntime, PyAV)
            # happen here so the first transcription does not pay for them.
            import faster_whisper  # noqa: F401

            facts = self.gpu.facts(
                run_preflight=preference != "cpu", refresh=refresh, use_cache=not refresh
            )
            return facts, self.gpu.decide(preference, gpu_only, facts=facts)

        self._task = run_in_thread(
            check, name="gpu-check", finished=self._finish, failed=self._fail, parent=self
        )
        self._task.done.connect(self._task.deleteLater)

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running()

    def _finish(self, result) -> None:
        self._task = None
        self.decided.emit(*result)
        self._start_pending()

    def _fail(self, exc: BaseException) -> None:
        # The app must come up even when the GPU check breaks.
        log.error("GPU check failed", exc_info=exc)
        self._task = None
        self.failed.emit(self.tr("The GPU check failed: {error}").format(error=exc))
        self._start_pending()

    def _start_pending(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.start(*pending)

    def wait(self) -> None:
        """Block until a running check ends (used when closing)."""
        self._pending = None
        if self._task is not None:
            self._task.wait()

"""The window when a model fails on the GPU mid-session: the file still gets its transcript
(on the CPU), its row says CPU, and the status bar switches from GPU to the CPU fallback
with the reason. Recorded rtx4090 profile; the real tiny.en model on real speech."""

from __future__ import annotations

from carevoice.queue_store import DONE
from carevoice.ui.files.queue_model import DEVICE
from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from tests.failing_gpu import failing_gpu_pool
from tests.ui.files.test_files_place import JOB_TIMEOUT_MS, _drop, _text

CHECK_TIMEOUT_MS = 30_000


def test_a_gpu_failure_moves_the_window_to_the_cpu_and_says_why(qtbot, rtx4090, speech):
    runner = JobRunner(workers=1, pool=failing_gpu_pool())
    window = MainWindow(AppSettings(default_model="tiny.en", language="en"), runner=runner)
    qtbot.addWidget(window)
    window.confirm_close = lambda busy: True
    try:
        with qtbot.waitSignal(window.device_changed, timeout=CHECK_TIMEOUT_MS) as checked:
            window.start_gpu_check()
        assert checked.args[0].device == "cuda"
        assert window.device_button.text() == "GPU · NVIDIA GeForce RTX 4090 · float16"

        place = window.places["files"]
        with (
            qtbot.waitSignal(window.device_changed, timeout=JOB_TIMEOUT_MS) as changed,
            qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS) as finished,
        ):
            _drop(window, [speech["en"]])

        assert changed.args[0].device == "cpu"
        status = window.device_button.text()
        assert status.startswith("CPU · int8 — GPU not used: The GPU failed while transcribing")
        assert "libcublas.so.12" in window.device_button.toolTip()

        [row] = place.queue.rows()
        row_id, transcript = finished.args
        assert row.status == DONE and transcript.device == "cpu"
        assert "cpu" in _text(place, row_id, DEVICE).lower()
        assert "medication" in transcript.text
    finally:
        window.close()

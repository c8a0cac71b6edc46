"""A GPU that fails while a model runs, for tests: the recorded rtx4090 profile (its
preflight passed) and a stand-in for faster-whisper on CUDA that raises the real engine's
words; anything asked of the CPU is the real model."""

from __future__ import annotations

import json

from carevoice.engine.pool import ModelPool, load_whisper, make_gpu_context
from tests.conftest import DATA_DIR

# What ctranslate2 4.8.5 raised on the H200 (driver 580, CUDA 13, no cuBLAS 12).
H200_ERROR = json.loads((DATA_DIR / "gpu" / "h200-real" / "crosscheck.json").read_text())[
    "preflight"
]["error"]


class _FailsOnTheGpu:
    """faster-whisper's model (or batched pipeline) as if on CUDA: it loaded, answers its
    first `good_calls` transcribe calls, then raises `error` once `good_segments`
    segments of a call are out (0: at the first encode)."""

    def __init__(self, inner, error: str, good_segments: int, good_calls: int = 0):
        self._inner, self._error, self._good = inner, error, good_segments
        self._calls_left = good_calls

    def transcribe(self, audio, **options):
        if self._calls_left > 0:
            self._calls_left -= 1
            return self._inner.transcribe(audio, **options)
        if self._good == 0:
            raise RuntimeError(self._error)
        segments, info = self._inner.transcribe(audio, **options)

        def some_then_fail():
            for index, segment in enumerate(segments):
                if index == self._good:
                    break
                yield segment
            raise RuntimeError(self._error)

        return some_then_fail(), info


def use_working_rtx4090(monkeypatch) -> None:
    """A working RTX 4090 whose preflight passed (recorded profile), for the GpuContexts
    made from now on (each pool below has its own); see the conftest's `rtx4090` fixture."""
    monkeypatch.setenv("CAREVOICE_FAKE_GPU", "rtx4090")
    assert make_gpu_context().decide().device == "cuda"


def failing_gpu_pool(
    error: str = H200_ERROR, good_segments: int = 0, good_calls: int = 0
) -> ModelPool:
    def loader(info, device, compute_type, workers):
        if device == "cpu":
            return load_whisper(info, device, compute_type, workers)
        model, batched = load_whisper(info, "cpu", "int8", 1)
        return (
            _FailsOnTheGpu(model, error, good_segments, good_calls),
            _FailsOnTheGpu(batched, error, good_segments, good_calls),
        )

    return ModelPool(max_loaded=3, loader=loader)

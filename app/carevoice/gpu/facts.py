"""Gathers what the device decision needs: probe, kernels, verdict, libraries, preflight."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from carevoice.gpu.decision import DeviceDecision, decide_device, planned_cuda_compute_type

if TYPE_CHECKING:
    from carevoice.gpu.cudalibs import LibraryCheck
    from carevoice.gpu.fatbin import KernelArchs
    from carevoice.gpu.preflight import PreflightResult
    from carevoice.gpu.snapshot import GpuSnapshot
    from carevoice.gpu.verdict import CompatVerdict

log = logging.getLogger(__name__)


@dataclass
class GpuFacts:
    """Everything known about the GPU side, gathered once, for the decision and `doctor`."""

    snapshot: GpuSnapshot
    kernels: KernelArchs
    verdict: CompatVerdict | None
    libraries: list[LibraryCheck] = field(default_factory=list)
    preflight: PreflightResult | None = None
    engine_version: str = ""

    def decide(
        self, preference: str = "auto", gpu_only: bool = False, compute_type: str | None = None
    ) -> DeviceDecision:
        """The device decision for these facts and the user's settings."""
        return decide_device(
            preference,
            gpu_only,
            self.snapshot,
            self.verdict,
            self.libraries,
            self.preflight,
            compute_type,
            runtime_failure=gpu_runtime_failure(),
        )


_facts_lock = threading.Lock()
_cached_facts: dict[bool, GpuFacts] = {}
# Why a job's model failed on the GPU in this process, if one did: every later decision
# picks the CPU (or refuses, in GPU-only mode) until the user runs the GPU check again.
_runtime_failure: str | None = None
# Its own lock: gathering facts holds _facts_lock through a preflight (seconds), which a
# job reporting a failure must not wait for.
_failure_lock = threading.Lock()


_failure_listeners: list[Callable[[str], None]] = []


def add_gpu_failure_listener(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call `listener(reason)` (on the failing job's thread) whenever a GPU failure is
    noted, e.g. so the window can show the CPU fallback; returns the way to stop."""
    with _failure_lock:
        _failure_listeners.append(listener)

    def remove() -> None:
        with _failure_lock, contextlib.suppress(ValueError):
            _failure_listeners.remove(listener)

    return remove


def note_gpu_failure(reason: str) -> None:
    """Record that a model failed on the GPU at run time, in plain words."""
    global _runtime_failure
    with _failure_lock:
        _runtime_failure = reason
        listeners = list(_failure_listeners)
    for listener in listeners:
        try:
            listener(reason)
        except Exception:  # a listener's trouble must not fail the job that reports
            log.exception("a GPU failure listener failed")


def clear_gpu_failure() -> None:
    """Give the GPU another go (the GPU check was run again)."""
    global _runtime_failure
    with _failure_lock:
        _runtime_failure = None


def gpu_runtime_failure() -> str | None:
    return _runtime_failure


def note_if_gpu_failure(error: BaseException, device: str) -> str | None:
    """If `error` came from the GPU while a model ran on `device`, record it and return the
    plain reason; None otherwise (a bad file is no reason to leave the GPU)."""
    from carevoice.gpu.cuda_errors import gpu_failure_reason

    reason = gpu_failure_reason(error) if device == "cuda" else None
    if reason is not None:
        note_gpu_failure(reason)
    return reason


def gather_gpu_facts(
    run_preflight: bool = True, refresh: bool = False, use_cache: bool = True
) -> GpuFacts:
    """Probe the GPU, read the engine's kernels, check libraries, run the preflight.

    Kept for the life of the process unless `refresh` (which also forgets a GPU failure
    met at run time); `use_cache=False` also ignores the preflight's on-disk cache ("run
    the GPU check again").
    """
    if refresh:
        clear_gpu_failure()  # checking again is how the user gives the GPU another go
    with _facts_lock:
        if not refresh and run_preflight in _cached_facts:
            return _cached_facts[run_preflight]
        facts = _gather(run_preflight, use_cache)
        _cached_facts[run_preflight] = facts
        return facts


def _gather(run_preflight: bool, use_cache: bool) -> GpuFacts:
    from importlib.metadata import PackageNotFoundError, version

    from carevoice.gpu.cudalibs import check_cuda_libraries
    from carevoice.gpu.fatbin import engine_kernel_archs
    from carevoice.gpu.nvml import probe_gpus
    from carevoice.gpu.verdict import judge_compat

    try:
        engine_version = version("ctranslate2")
    except PackageNotFoundError:
        engine_version = "not installed"
    snapshot = probe_gpus()
    kernels = engine_kernel_archs()
    gpu = snapshot.gpus[0] if snapshot.gpus else None
    verdict = judge_compat(
        gpu.name if gpu else None,
        gpu.capability if gpu else None,
        snapshot.cuda_driver_version,
        kernels,
        engine_version,
    )
    facts = GpuFacts(snapshot, kernels, verdict, engine_version=engine_version)
    if gpu is None or not (verdict.runs_on_gpu or verdict.verdict.value == "unknown"):
        return facts
    facts.libraries = check_cuda_libraries(engine_version)
    if run_preflight and all(lib.found for lib in facts.libraries if lib.needed):
        facts.preflight = _run_preflight(facts, gpu, use_cache)
    return facts


def _run_preflight(facts: GpuFacts, gpu, use_cache: bool):
    from carevoice.engine.models import smallest_usable_model
    from carevoice.gpu.preflight import PreflightResult, run_preflight

    model = smallest_usable_model()
    if model is None:
        return PreflightResult.skipped("No usable model is installed to try the GPU with.")

    assert facts.verdict is not None, "_gather judges the GPU before its preflight"
    compute_type, _ = planned_cuda_compute_type(gpu.capability, facts.verdict.int8_supported)
    key_facts = {
        "driver": facts.snapshot.driver_version,
        "cuda": facts.snapshot.cuda_driver_version,
        "engine": facts.engine_version,
        "gpu": gpu.name,
        "uuid": gpu.uuid,
        "libraries": [lib.path for lib in facts.libraries],
        "compute_type": compute_type,
        "model": model.path,
    }
    return run_preflight(model.path, compute_type, key_facts=key_facts, use_cache=use_cache)

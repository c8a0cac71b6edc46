"""Gathers what the device decision needs: probe, kernels, verdict, libraries, preflight.

Stateless: `GpuContext` (gpu/context.py) keeps the facts for its process.
"""

from __future__ import annotations

import logging
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
        self,
        preference: str = "auto",
        gpu_only: bool = False,
        compute_type: str | None = None,
        runtime_failure: str | None = None,
    ) -> DeviceDecision:
        """The device decision for these facts, the user's settings and a failure met at
        run time (GpuContext.decide passes its own)."""
        return decide_device(
            preference,
            gpu_only,
            self.snapshot,
            self.verdict,
            self.libraries,
            self.preflight,
            compute_type,
            runtime_failure=runtime_failure,
        )


def gather_facts(
    run_preflight: bool = True,
    use_cache: bool = True,
    preflight_model: Callable[[], str | None] = lambda: None,
) -> GpuFacts:
    """Probe the GPU, read the engine's kernels, check libraries, run the preflight with
    the model `preflight_model()` names (GpuContext keeps the answer for its process)."""
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
        facts.preflight = _run_preflight(facts, gpu, use_cache, preflight_model())
    return facts


def _run_preflight(facts: GpuFacts, gpu, use_cache: bool, model_path: str | None):
    from carevoice.gpu.preflight import PreflightResult, run_preflight

    if model_path is None:
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
        "model": model_path,
    }
    return run_preflight(model_path, compute_type, key_facts=key_facts, use_cache=use_cache)

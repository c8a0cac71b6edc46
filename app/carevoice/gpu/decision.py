"""The device decision: the one place that chooses GPU or CPU and the compute type, and why.

`decide_device` is a pure function of facts (the GPU snapshot, the kernel verdict, which
CUDA libraries load, the preflight result, the user's setting). Everything that runs a
model asks it through `GpuContext.decide` (gpu/context.py), which gathers the facts once
per process and adds a failure met at run time; a job's own decision, and its fall-back to
the CPU, are `decide_for_job` and `fall_back_from_gpu` in engine/transcriber.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from carevoice.phrases import Phrase, joined

CPU_COMPUTE_TYPES = ("int8", "int8_float32", "float32")
CUDA_COMPUTE_TYPES = (
    "float16",
    "int8_float16",
    "int8",
    "int8_float32",
    "float32",
    "bfloat16",
    "int8_bfloat16",
)
# Pascal GP100 (6.0) and GP10B (6.2) have fast fp16; the consumer Pascal chips (6.1) run it
# at 1/64 rate, and Maxwell has none, so those get float32 (or int8 where the engine can).
_FAST_FP16 = {(6, 0), (6, 2)}


@dataclass(frozen=True)
class DeviceDecision:
    """Where models run and in which precision, with every reason that led there."""

    device: str  # "cuda" or "cpu"
    compute_type: str
    reasons: tuple[str, ...]
    gpu_name: str | None = None
    by_choice: bool = False  # the user asked for the CPU
    refused: bool = False  # GPU-only mode and the GPU cannot be used: nothing may run
    fallback_reason: str = ""  # why the GPU is not used, when it is not

    @property
    def gpu_acceleration(self) -> bool:
        return self.device == "cuda" and not self.refused

    @property
    def summary(self) -> str:
        """The status-bar line, e.g. "GPU · NVIDIA GeForce RTX 4090 · float16"."""
        if self.refused:
            return Phrase(
                "Not running — GPU only is on and the GPU cannot be used: {reason}",
                reason=self.fallback_reason,
            )
        if self.device == "cuda":
            return Phrase(
                "GPU · {gpu} · {compute_type}",
                gpu=self.gpu_name or Phrase("NVIDIA GPU"),
                compute_type=self.compute_type,
            )
        if self.by_choice:
            return Phrase(
                "CPU · {compute_type} — chosen in settings", compute_type=self.compute_type
            )
        return Phrase(
            "CPU · {compute_type} — GPU not used: {reason}",
            compute_type=self.compute_type,
            reason=self.fallback_reason,
        )

    def to_dict(self) -> dict:
        return {
            **asdict(self),
            "reasons": list(self.reasons),
            "gpu_acceleration": self.gpu_acceleration,
            "summary": self.summary,
        }


def planned_cuda_compute_type(
    capability: tuple[int, int] | None,
    int8_supported: bool = True,
    supported: tuple[str, ...] | list[str] | None = None,
    requested: str | None = None,
) -> tuple[str, str]:
    """The compute type to use on a GPU of `capability`, and why.

    float16 where the GPU has fast fp16 (Volta 7.0 and newer, GP100); float32 on older
    cards; int8 variants only when asked for and the engine allows them on this GPU
    (never int8 on 12.x with ctranslate2 < 4.7.0: CUBLAS_STATUS_NOT_SUPPORTED).
    """
    available = tuple(supported) if supported else CUDA_COMPUTE_TYPES
    if requested and requested not in ("auto", "default"):
        if requested.startswith("int8") and not int8_supported:
            fallback, why = planned_cuda_compute_type(capability, int8_supported, supported)
            return fallback, Phrase(
                "{requested} was asked for, but this engine cannot run int8 on this GPU; "
                "using {fallback}",
                requested=requested,
                fallback=fallback,
            )
        if requested in available:
            return requested, _as_set(requested)
        fallback, _ = planned_cuda_compute_type(capability, int8_supported, supported)
        return fallback, Phrase(
            "{requested} is not supported on this GPU; using {fallback}",
            requested=requested,
            fallback=fallback,
        )
    fast_fp16 = capability is not None and (capability >= (7, 0) or capability in _FAST_FP16)
    if fast_fp16 and "float16" in available:
        return "float16", Phrase("float16: this GPU has fast half-precision units")
    if capability == (6, 1) and int8_supported and "int8_float32" in available:
        return "int8_float32", Phrase(
            "int8_float32: this Pascal GPU is slow at float16 but fast at int8"
        )
    return "float32", Phrase("float32: this GPU has no fast half-precision units")


def _as_set(compute_type: str) -> Phrase:
    return Phrase("{compute_type} as set", compute_type=compute_type)


def _cpu_compute_type(requested: str | None) -> tuple[str, str]:
    if requested and requested not in ("auto", "default"):
        if requested in CPU_COMPUTE_TYPES:
            return requested, _as_set(requested)
        return "int8", Phrase(
            "{requested} does not run on the CPU; using int8", requested=requested
        )
    return "int8", Phrase("int8: the fastest CPU precision at the same accuracy")


def decide_device(
    preference: str,
    gpu_only: bool,
    snapshot,
    verdict,
    libraries,
    preflight,
    requested_compute_type: str | None = None,
    runtime_failure: str | None = None,
) -> DeviceDecision:
    """Choose the device from facts. `preference` is "auto", "cuda" or "cpu".

    `snapshot` is a GpuSnapshot, `verdict` a CompatVerdict (or None without a GPU),
    `libraries` a list of LibraryCheck, `preflight` a PreflightResult or None (not run),
    `runtime_failure` the sentence saying how a model failed on this GPU at run time
    (GpuContext.runtime_failure: "The GPU failed while loading the model: …").
    """
    reasons: list[str] = []
    gpu = snapshot.gpus[0] if snapshot is not None and snapshot.gpus else None
    gpu_name = gpu.name if gpu else None

    def on_cpu(why: str, by_choice: bool = False) -> DeviceDecision:
        compute_type, ct_reason = _cpu_compute_type(requested_compute_type)
        if gpu_only and not by_choice:
            return DeviceDecision(
                "cpu",
                compute_type,
                tuple(
                    reasons
                    + [why, Phrase("GPU only is on, so Care Voice will not fall back to the CPU.")]
                ),
                gpu_name,
                refused=True,
                fallback_reason=why,
            )
        return DeviceDecision(
            "cpu",
            compute_type,
            tuple(reasons + [why, ct_reason]),
            gpu_name,
            by_choice=by_choice,
            fallback_reason="" if by_choice else why,
        )

    if preference == "cpu":
        if gpu_only:
            reasons.append(Phrase("Settings say both 'CPU' and 'GPU only'; the CPU choice wins."))
        return on_cpu(Phrase("The CPU was chosen in settings."), by_choice=True)
    if gpu is None:
        message = getattr(snapshot, "message", "") or Phrase("No NVIDIA GPU was found.")
        return on_cpu(Phrase("No NVIDIA GPU found: {message}", message=message))
    reasons.append(
        Phrase(
            "GPU: {gpu} (compute capability {capability}).",
            gpu=gpu.name,
            capability=".".join(map(str, gpu.capability or ())) or Phrase("unknown"),
        )
    )
    if verdict is not None and not verdict.runs_on_gpu and verdict.verdict.value != "unknown":
        return on_cpu(joined(verdict.reason, verdict.fix))
    if verdict is not None and verdict.verdict.value == "unknown":
        reasons.append(
            Phrase(
                "The engine's kernels could not be checked ({reason}); the preflight decides.",
                reason=verdict.reason,
            )
        )
    elif verdict is not None:
        reasons.append(verdict.reason)
    missing = [lib for lib in libraries or () if lib.needed and not lib.found]
    if missing:
        lib = missing[0]
        return on_cpu(
            Phrase(
                "{filename} ({name}) is missing: the engine needs it to run on the GPU. "
                "Fix: {hint}",
                filename=lib.filename,
                name=lib.name,
                hint=lib.install_hint,
            )
        )
    if runtime_failure:
        # What a real job met outweighs a passing preflight (it ran a tiny model briefly).
        return on_cpu(runtime_failure)
    if preflight is None:
        return on_cpu(Phrase("The GPU check has not run yet."))
    if not preflight.ok:
        return on_cpu(Phrase("The GPU check failed: {message}", message=preflight.message))
    int8_ok = verdict.int8_supported if verdict is not None else True
    compute_type, ct_reason = planned_cuda_compute_type(
        gpu.capability, int8_ok, preflight.compute_types, requested_compute_type
    )
    if preflight.compute_type and compute_type != preflight.compute_type:
        reasons.append(
            Phrase(
                "The GPU check ran {tried}; {compute_type} is used.",
                tried=preflight.compute_type,
                compute_type=compute_type,
            )
        )
    reasons.append(
        Phrase(
            "The GPU check loaded a model and ran it ({seconds} s).",
            seconds=f"{preflight.seconds:.1f}",
        )
    )
    return DeviceDecision("cuda", compute_type, tuple(reasons + [ct_reason]), gpu_name)

"""Whether an NVIDIA GPU can run the installed CTranslate2 kernels, and why, in plain words."""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any

from carevoice.gpu.fatbin import KernelArchs, KernelEntry
from carevoice.phrases import Phrase

_NO_KERNEL_ERROR = "“no kernel image is available for execution on the device”"
_OLD_DRIVER_ERROR = "“CUDA driver version is insufficient for CUDA runtime version”"
_PTX_TOOLCHAIN_ERROR = "“the provided PTX was compiled with an unsupported toolchain”"

# Oldest driver (NVML's CUDA version, 12080 = 12.8) that can JIT-compile each PTX ISA version.
# 8.0 to 9.1 were checked on real drivers (docs/gpu-kernels.md); 7.x follows NVIDIA's PTX
# ISA release history (ISA 7.N arrived with CUDA 11.N).
_PTX_ISA_MIN_DRIVER_CUDA: dict[tuple[int, ...], int] = {
    **{(7, minor): 11000 + 10 * minor for minor in range(9)},
    (8, 0): 12000,
    (8, 1): 12010,
    (8, 2): 12020,
    (8, 3): 12030,
    (8, 4): 12040,
    (8, 5): 12050,
    (8, 6): 12070,
    (8, 7): 12080,
    (8, 8): 12090,
    (9, 0): 13000,
    (9, 1): 13010,
}


class Verdict(str, enum.Enum):
    NATIVE = "native"
    PTX_JIT = "ptx-jit"
    DRIVER_TOO_OLD = "driver-too-old"
    INCOMPATIBLE = "incompatible"
    UNKNOWN = "unknown"


@dataclasses.dataclass(frozen=True)
class CompatVerdict:
    """Can this GPU run this engine: the verdict, why, and what the user can do about it."""

    verdict: Verdict
    reason: str  # one or two plain sentences
    fix: str  # what the user should do; "" when nothing is needed
    kernel: str | None  # the entry that will run, e.g. "sm_86" or "compute_86"
    int8_supported: bool  # False on compute capability 12.x with CTranslate2 before 4.7.0
    cudnn_major_needed: int | None  # cuDNN the engine needs besides cuBLAS, None when none
    notes: tuple[str, ...]  # further plain-language facts, e.g. the first run is slow

    @property
    def runs_on_gpu(self) -> bool:
        return self.verdict in (Verdict.NATIVE, Verdict.PTX_JIT)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.update(
            verdict=self.verdict.value, notes=list(self.notes), runs_on_gpu=self.runs_on_gpu
        )
        return data


def min_driver_cuda_for_ptx(isa: tuple[int, int]) -> int | None:
    """The oldest driver CUDA version that compiles this PTX ISA (8.7 -> 12080), None if unknown."""
    return _PTX_ISA_MIN_DRIVER_CUDA.get(tuple(isa))


def format_cuda_version(version: int) -> str:
    """NVML's encoding for people: 12080 -> "12.8"."""
    return f"{version // 1000}.{version % 1000 // 10}"


def judge_compat(
    gpu_name: str | None,
    capability: tuple[int, int] | None,
    driver_cuda: int | None,
    archs: KernelArchs,
    engine_version: str,
) -> CompatVerdict:
    """Decide from facts alone (no I/O) whether and how this GPU runs the engine's kernels."""
    engine = f"CTranslate2 {engine_version}" if engine_version else "CTranslate2"
    version = _parse_version(engine_version)
    cudnn = _cudnn_major_needed(version)
    int8_ok = not (capability is not None and capability[0] == 12 and _older(version, (4, 7, 0)))

    def decide(verdict, reason, fix="", kernel=None, notes=()) -> CompatVerdict:
        if verdict is not Verdict.INCOMPATIBLE and capability is not None:
            notes = (*notes, *_engine_notes(engine, int8_ok, cudnn))
        return CompatVerdict(verdict, reason, fix, kernel, int8_ok, cudnn, tuple(notes))

    if capability is None:
        return decide(Verdict.UNKNOWN, Phrase("No NVIDIA GPU was found."))
    capability = (int(capability[0]), int(capability[1]))
    described = Phrase("(compute capability {capability})", capability=_dotted(capability))
    gpu = Phrase(
        "{gpu_name} {described}",
        gpu_name=gpu_name or Phrase("This NVIDIA GPU"),
        described=described,
    )
    if archs.status != "ok":
        return decide(
            Verdict.UNKNOWN,
            Phrase(
                "Care Voice could not tell which GPUs {engine} was built for: {reason}.",
                engine=engine,
                reason=archs.reason,
            ),
        )

    native = _best(e for e in archs.entries if e.kind == "sass" and _sass_runs_on(e, capability))
    ptx = _best(e for e in archs.entries if e.kind == "ptx" and _ptx_compiles_for(e, capability))
    if native is None and ptx is None:
        named = Phrase(
            "{gpu_name} {described}",
            gpu_name=gpu_name or Phrase("NVIDIA GPU"),
            described=described,
        )
        reason, fix = _incompatible(named, capability, archs, engine)
        return decide(Verdict.INCOMPATIBLE, reason, fix)

    kernel = native or ptx
    assert kernel is not None, "neither fits: returned INCOMPATIBLE above"
    runtime_floor = _runtime_driver_floor(version)
    if driver_cuda is not None and runtime_floor and driver_cuda < runtime_floor:
        # Minor-version compatibility: a CUDA 12.x engine runs on any driver for CUDA 12.0 or newer.
        needed = format_cuda_version(runtime_floor)
        return decide(
            Verdict.DRIVER_TOO_OLD,
            Phrase(
                "{gpu} has a driver for CUDA {have}, but {engine} needs one for CUDA "
                "{needed} or newer; otherwise CUDA stops with {error}.",
                gpu=gpu,
                have=format_cuda_version(driver_cuda),
                engine=engine,
                needed=needed,
                error=_OLD_DRIVER_ERROR,
            ),
            _update_driver(needed),
            kernel.name,
        )
    if native is not None:
        if native.capability == capability:
            reason = Phrase(
                "{gpu} runs {engine} natively with its {kernel} kernels.",
                gpu=gpu,
                engine=engine,
                kernel=native.name,
            )
        else:
            reason = Phrase(
                "{gpu} runs {engine} natively with its {kernel} kernels (built for {built_for}).",
                gpu=gpu,
                engine=engine,
                kernel=native.name,
                built_for=_dotted(native.capability),
            )
        return decide(Verdict.NATIVE, reason, kernel=native.name)
    assert ptx is not None, "no native kernel fits, so the PTX one does"
    verdict, reason, fix, notes = _ptx_outcome(gpu, ptx, driver_cuda, archs, engine)
    return decide(verdict, reason, fix, ptx.name, notes)


def _ptx_outcome(
    gpu: str, ptx: KernelEntry, driver_cuda: int | None, archs: KernelArchs, engine: str
) -> tuple[Verdict, str, str, tuple[str, ...]]:
    """Only PTX fits: the driver compiles it on first use, if it knows that PTX ISA version."""
    facts = dict(
        gpu=gpu,
        engine=engine,
        natives=f"({archs.sass_range})" if archs.sass else Phrase("(it ships only PTX)"),
        ptx=ptx.name,
    )
    slow = Phrase(
        "The first transcription is slow: the driver compiles the GPU kernels from PTX "
        "and keeps them in its cache for later runs."
    )
    isa = ptx.ptx_isa or (0, 0)
    needed = min_driver_cuda_for_ptx(isa)
    if needed is None:
        reason = Phrase(
            "{gpu} has no native kernels in {engine} {natives}; it will run through PTX {ptx}, "
            "compiled by the driver on first use.",
            **facts,
        )
        if isa < min(_PTX_ISA_MIN_DRIVER_CUDA):  # older than CUDA 11: every current driver
            return Verdict.PTX_JIT, reason, "", (slow,)
        unchecked = Phrase(
            "PTX ISA {isa} is newer than Care Voice knows, so it could not check that this "
            "driver can compile it; an older driver may refuse it.",
            isa=_dotted(isa),
        )
        return Verdict.PTX_JIT, reason, "", (slow, unchecked)
    wanted = format_cuda_version(needed)
    if driver_cuda is None:
        unchecked = Phrase(
            "The driver's CUDA version could not be read, so Care Voice could not check that "
            "it supports CUDA {wanted} or newer.",
            wanted=wanted,
        )
        reason = Phrase(
            "{gpu} has no native kernels in {engine} {natives}; it will run through PTX {ptx}, "
            "compiled by the driver on first use (needs a driver for CUDA {wanted} or newer).",
            wanted=wanted,
            **facts,
        )
        return Verdict.PTX_JIT, reason, "", (slow, unchecked)
    have = format_cuda_version(driver_cuda)
    if driver_cuda < needed:
        reason = Phrase(
            "{gpu} has no native kernels in {engine} {natives}; it can only run through PTX "
            "{ptx}, which needs a driver for CUDA {wanted} or newer, but this driver supports "
            "CUDA {have}; CUDA would stop with {error}.",
            wanted=wanted,
            have=have,
            error=_PTX_TOOLCHAIN_ERROR,
            **facts,
        )
        return Verdict.DRIVER_TOO_OLD, reason, _update_driver(wanted), ()
    reason = Phrase(
        "{gpu} has no native kernels in {engine} {natives}; it will run through PTX {ptx}, "
        "compiled by the driver on first use (driver CUDA {have} ≥ {wanted} needed: OK).",
        have=have,
        wanted=wanted,
        **facts,
    )
    return Verdict.PTX_JIT, reason, "", (slow,)


def _update_driver(cuda_version: str) -> Phrase:
    return Phrase(
        "Update the NVIDIA driver to one that supports CUDA {cuda_version} or newer.",
        cuda_version=cuda_version,
    )


def _dotted(pair) -> str:
    return f"{pair[0]}.{pair[1]}"


def _incompatible(gpu: str, capability, archs: KernelArchs, engine: str) -> tuple[str, str]:
    listed = ", ".join(filter(None, [archs.sass_range, *(f"PTX {n}" for n in _ptx_names(archs))]))
    # "a" kernels run on one exact capability only, so they say nothing about "too old".
    portable = [e.capability for e in archs.entries if e.variant != "a"]
    oldest = min(portable, default=None)
    if oldest is not None and capability < oldest:
        reason = Phrase(
            "Your {gpu} cannot run the installed {engine} kernels ({listed}): it is older than "
            "the oldest kernel, sm_{oldest}, so CUDA would stop with {error}.",
            gpu=gpu,
            engine=engine,
            listed=listed or "none",
            oldest=f"{oldest[0]}{oldest[1]}",
            error=_NO_KERNEL_ERROR,
        )
        fix = Phrase(
            "Use a GPU with compute capability {oldest} or newer, or transcribe on the CPU.",
            oldest=_dotted(oldest),
        )
        return reason, fix
    reason = Phrase(
        "Your {gpu} cannot run the installed {engine} kernels ({listed}): none of them is "
        "built for compute capability {capability}, so CUDA would stop with {error}.",
        gpu=gpu,
        engine=engine,
        listed=listed or "none",
        capability=_dotted(capability),
        error=_NO_KERNEL_ERROR,
    )
    fix = Phrase(
        "Install a CTranslate2 build that includes sm_{arch} kernels, or transcribe on the CPU.",
        arch=f"{capability[0]}{capability[1]}",
    )
    return reason, fix


def _ptx_names(archs: KernelArchs) -> list[str]:
    return list(
        dict.fromkeys(
            e.name for e in sorted(archs.entries, key=lambda e: e.sort_key) if e.kind == "ptx"
        )
    )


def _sass_runs_on(entry: KernelEntry, capability: tuple[int, int]) -> bool:
    if entry.variant == "a":
        return entry.capability == capability
    # Plain and "f" cubins both run on the same major with an equal or newer minor.
    return entry.capability[0] == capability[0] and entry.capability[1] <= capability[1]


def _ptx_compiles_for(entry: KernelEntry, capability: tuple[int, int]) -> bool:
    if entry.variant == "a":
        return entry.capability == capability
    if entry.variant == "f":
        return entry.capability[0] == capability[0] and entry.capability[1] <= capability[1]
    return entry.capability <= capability  # plain PTX compiles forward, across majors


def _best(entries) -> KernelEntry | None:
    """The entry CUDA picks: the newest architecture, the most specific variant."""
    return max(entries, key=lambda e: e.sort_key, default=None)


def _parse_version(text: str) -> tuple[int, int, int] | None:
    match = re.match(r"\s*(\d+)\.(\d+)(?:\.(\d+))?", text or "")
    if not match:
        return None
    return int(match[1]), int(match[2]), int(match[3] or 0)


def _older(version: tuple[int, int, int] | None, than: tuple[int, int, int]) -> bool:
    return version is not None and version < than


def _cudnn_major_needed(version: tuple[int, int, int] | None) -> int | None:
    # CTranslate2 4.5.0 moved to cuDNN 9; 4.6.3 (built with CUDA 12.8) needs cuBLAS only.
    if version is None or version >= (4, 6, 3):
        return None
    return 9 if version >= (4, 5, 0) else 8


def _runtime_driver_floor(version: tuple[int, int, int] | None) -> int | None:
    """The oldest driver for the CUDA runtime the engine is built with (4.x: CUDA 12, 3.x: 11)."""
    if version is None or version < (3, 0, 0):
        return None
    return 12000 if version >= (4, 0, 0) else 11000


def _engine_notes(engine: str, int8_ok: bool, cudnn: int | None) -> tuple[str, ...]:
    notes = []
    if not int8_ok:
        notes.append(
            Phrase(
                "{engine} cannot use int8 compute types on compute capability 12.x (cuBLAS "
                "answers CUBLAS_STATUS_NOT_SUPPORTED); float16 works, and CTranslate2 4.7.0 or "
                "newer fixes it.",
                engine=engine,
            )
        )
    if cudnn is not None:
        notes.append(
            Phrase(
                "{engine} also needs cuDNN {cudnn} to run on the GPU.", engine=engine, cudnn=cudnn
            )
        )
    return tuple(notes)

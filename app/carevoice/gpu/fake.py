"""Fake GPUs for tests and demos, chosen with CAREVOICE_FAKE_GPU (a profile name or a JSON file).

A profile is a recorded GpuSnapshot plus, optionally, the answers the CUDA library check
("cuda_libraries") and the GPU preflight ("preflight") give instead of probing. The
snapshot is served through FakeNvml, a stand-in for the pynvml module, so the real
NvmlProbe code reads it the way it reads a real GPU.
"""

from __future__ import annotations

import importlib.resources
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from carevoice.gpu.snapshot import GpuSnapshot

FAKE_ENV = "CAREVOICE_FAKE_GPU"
# Package data, read through importlib.resources like carevoice/resources.
PROFILE_DIR = Path(str(importlib.resources.files("carevoice.gpu") / "profiles"))
PROFILE_NAMES = ("rtx5070ti", "rtx4090", "h100", "h200", "gtx960", "none")

# NVML return codes (nvml.h) that each failed snapshot state stands for.
_INIT_ERROR = {"no-driver": 12, "driver-not-loaded": 9, "no-permission": 4, "error": 999}
_NOT_SUPPORTED = 3
_GPU_IS_LOST = 15


class FakeGpuError(ValueError):
    """CAREVOICE_FAKE_GPU names no profile, or the profile file cannot be read."""


@dataclass(frozen=True)
class FakeGpu:
    """A parsed fake-GPU profile."""

    name: str
    description: str
    recorded_from: str
    snapshot: GpuSnapshot
    cuda_libraries: dict[str, dict] | None = None  # by library name, e.g. "cuBLAS 12"
    preflight: dict | None = None  # a PreflightResult dict, "error" holding the engine's text
    path: Path | None = field(default=None, compare=False)

    def nvml(self) -> FakeNvml:
        """A pynvml stand-in answering from this profile's snapshot."""
        return FakeNvml(self.snapshot)


def _valid_names() -> str:
    return ", ".join(PROFILE_NAMES)


def load_profile(value: str) -> FakeGpu:
    """The profile named `value` (see PROFILE_NAMES) or stored in the JSON file `value`."""
    looks_like_path = os.sep in value or "/" in value or value.endswith(".json")
    if value in PROFILE_NAMES:
        path = PROFILE_DIR / f"{value}.json"
    elif looks_like_path:
        path = Path(value).expanduser()
    else:
        raise FakeGpuError(
            f"{FAKE_ENV}={value!r} is not a fake GPU profile. Use one of: "
            f"{_valid_names()}, or the path of a profile JSON file."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        snapshot = GpuSnapshot.from_dict(data["snapshot"])
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise FakeGpuError(
            f"{FAKE_ENV}={value!r}: cannot read the profile {path} ({exc}). "
            f"Built-in profiles: {_valid_names()}."
        ) from exc
    name = value if value in PROFILE_NAMES else path.stem
    snapshot.source = f"fake:{name}"
    return FakeGpu(
        name=name,
        description=str(data.get("description", "")),
        recorded_from=str(data.get("recorded_from", "")),
        snapshot=snapshot,
        cuda_libraries=data.get("cuda_libraries"),
        preflight=data.get("preflight"),
        path=path,
    )


def active_fake() -> FakeGpu | None:
    """The fake GPU chosen by CAREVOICE_FAKE_GPU, or None when it is unset or empty."""
    value = os.environ.get(FAKE_ENV, "").strip()
    return load_profile(value) if value else None


class FakeNvml:
    """The part of the pynvml module NvmlProbe uses, answering from a recorded snapshot.

    Errors are real pynvml exceptions (NVMLError_LibraryNotFound, ..._NotSupported), so
    the probe's error handling is exercised as it is against a real driver. `calls` counts
    each function call, for tests of how often the probe asks.
    """

    NVML_TEMPERATURE_GPU = 0

    def __init__(self, snapshot: GpuSnapshot):
        import pynvml

        self.NVMLError = pynvml.NVMLError
        self._snapshot = snapshot
        self._gpus = snapshot.gpus
        self.calls: dict[str, int] = {}
        self.initialised = 0

    def _error(self, code: int) -> Exception:
        return self.NVMLError(code)

    def _count(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    def _gpu(self, handle: Any, name: str, field_name: str | None = None):
        self._count(name)
        if self._snapshot.state == "gpu-lost":
            raise self._error(_GPU_IS_LOST)
        gpu = self._gpus[handle]
        if field_name is not None and (
            field_name in gpu.unsupported or getattr(gpu, field_name) is None
        ):
            raise self._error(_NOT_SUPPORTED)
        return gpu

    # -- system -----------------------------------------------------------------------

    def nvmlInit(self) -> None:
        self._count("nvmlInit")
        code = _INIT_ERROR.get(self._snapshot.state)
        if code is not None:
            raise self._error(code)
        self.initialised += 1

    def nvmlShutdown(self) -> None:
        self._count("nvmlShutdown")
        self.initialised -= 1

    def nvmlSystemGetDriverVersion(self) -> str:
        self._count("nvmlSystemGetDriverVersion")
        if self._snapshot.driver_version is None:
            raise self._error(_NOT_SUPPORTED)
        return self._snapshot.driver_version

    def nvmlSystemGetCudaDriverVersion(self) -> int:
        self._count("nvmlSystemGetCudaDriverVersion")
        if self._snapshot.cuda_driver_version is None:
            raise self._error(_NOT_SUPPORTED)
        return self._snapshot.cuda_driver_version

    def nvmlSystemGetProcessName(self, pid: int) -> str:
        self._count("nvmlSystemGetProcessName")
        for gpu in self._gpus:
            for proc in gpu.other_processes:
                if proc.pid == pid:
                    return proc.name
        raise self._error(6)  # NVML_ERROR_NOT_FOUND

    # -- devices ----------------------------------------------------------------------

    def nvmlDeviceGetCount(self) -> int:
        self._count("nvmlDeviceGetCount")
        return max(1, len(self._gpus)) if self._snapshot.state == "gpu-lost" else len(self._gpus)

    def nvmlDeviceGetHandleByIndex(self, index: int) -> int:
        self._gpu(index, "nvmlDeviceGetHandleByIndex")
        return index  # real handles are opaque too

    def nvmlDeviceGetName(self, handle: int) -> str:
        return self._gpu(handle, "nvmlDeviceGetName").name

    def nvmlDeviceGetUUID(self, handle: int) -> str:
        return self._gpu(handle, "nvmlDeviceGetUUID", "uuid").uuid

    def nvmlDeviceGetCudaComputeCapability(self, handle: int) -> tuple[int, int]:
        return self._gpu(handle, "nvmlDeviceGetCudaComputeCapability", "capability").capability

    def nvmlDeviceGetMemoryInfo(self, handle: int) -> SimpleNamespace:
        gpu = self._gpu(handle, "nvmlDeviceGetMemoryInfo", "memory_total_bytes")
        return SimpleNamespace(
            total=gpu.memory_total_bytes, used=gpu.memory_used_bytes, free=gpu.memory_free_bytes
        )

    def nvmlDeviceGetUtilizationRates(self, handle: int) -> SimpleNamespace:
        gpu = self._gpu(handle, "nvmlDeviceGetUtilizationRates", "utilization_pct")
        return SimpleNamespace(gpu=gpu.utilization_pct, memory=gpu.memory_utilization_pct or 0)

    def nvmlDeviceGetTemperatureV(self, handle: int, sensor: int) -> int:
        return self._gpu(handle, "nvmlDeviceGetTemperatureV", "temperature_c").temperature_c

    def nvmlDeviceGetTemperature(self, handle: int, sensor: int) -> int:
        return self._gpu(handle, "nvmlDeviceGetTemperature", "temperature_c").temperature_c

    def nvmlDeviceGetPowerUsage(self, handle: int) -> int:
        return round(self._gpu(handle, "nvmlDeviceGetPowerUsage", "power_w").power_w * 1000)

    def nvmlDeviceGetEnforcedPowerLimit(self, handle: int) -> int:
        gpu = self._gpu(handle, "nvmlDeviceGetEnforcedPowerLimit", "power_limit_w")
        return round(gpu.power_limit_w * 1000)

    def nvmlDeviceGetComputeRunningProcesses(self, handle: int) -> list[SimpleNamespace]:
        gpu = self._gpu(handle, "nvmlDeviceGetComputeRunningProcesses")
        if "other_processes" in gpu.unsupported:
            raise self._error(_NOT_SUPPORTED)
        procs = [
            SimpleNamespace(pid=p.pid, usedGpuMemory=p.used_memory_bytes)
            for p in gpu.other_processes
        ]
        if gpu.this_process_memory_bytes:  # the profile's own use is this test process
            procs.append(
                SimpleNamespace(pid=os.getpid(), usedGpuMemory=gpu.this_process_memory_bytes)
            )
        return procs

    def nvmlDeviceGetGraphicsRunningProcesses(self, handle: int) -> list[SimpleNamespace]:
        self._gpu(handle, "nvmlDeviceGetGraphicsRunningProcesses")
        return []

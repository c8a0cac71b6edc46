"""What the NVIDIA GPUs are doing right now, read through NVML, never raising."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from carevoice.gpu.snapshot import GpuInfo, GpuProcess, GpuSnapshot
from carevoice.phrases import Phrase

# NVML return codes from nvml.h. Errors are classified by code, not by pynvml class, so a
# stand-in module (carevoice.gpu.fake.FakeNvml) behaves exactly like the real one.
_UNINITIALIZED = 1
_NOT_SUPPORTED = 3
_NO_PERMISSION = 4
_DRIVER_NOT_LOADED = 9
_LIBRARY_NOT_FOUND = 12
_FUNCTION_NOT_FOUND = 13
_GPU_IS_LOST = 15
_NVML_TEMPERATURE_GPU = 0

_STATE_BY_CODE = {
    _LIBRARY_NOT_FOUND: "no-driver",
    _DRIVER_NOT_LOADED: "driver-not-loaded",
    _NO_PERMISSION: "no-permission",
    _GPU_IS_LOST: "gpu-lost",
}
# Errors that end the whole snapshot: after them no per-GPU answer can be trusted.
_FATAL_CODES = {_UNINITIALIZED, _DRIVER_NOT_LOADED, _LIBRARY_NOT_FOUND, _GPU_IS_LOST}

_MESSAGES = {
    "no-driver": Phrase("No NVIDIA driver is installed (the NVML library could not be found)."),
    "driver-not-loaded": Phrase(
        "The NVIDIA driver is installed but not running. Restarting "
        "the computer usually fixes this."
    ),
    "no-permission": Phrase(
        "Care Voice is not allowed to read the NVIDIA GPU (the driver denied permission)."
    ),
    "gpu-lost": Phrase(
        "The NVIDIA GPU stopped responding (the driver reports it lost). Restart the computer."
    ),
}


def _text(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _code(exc: BaseException) -> int | None:
    value = getattr(exc, "value", None)
    return value if isinstance(value, int) else None


def state_for_error(exc: BaseException) -> tuple[str, str]:
    """The snapshot state and plain message for an error raised by NVML."""
    code = _code(exc)
    state = "error" if code is None else _STATE_BY_CODE.get(code, "error")
    if state != "error":
        return state, _MESSAGES[state]
    if isinstance(exc, ImportError):
        return "error", Phrase("The NVML Python bindings (nvidia-ml-py) are not installed.")
    return "error", Phrase(
        "The NVIDIA driver reported an error: {error}.", error=str(exc) or type(exc).__name__
    )


@dataclass
class _Device:
    """A device handle and the facts about it that never change while NVML is open."""

    index: int
    handle: Any
    name: str
    uuid: str | None
    capability: tuple[int, int] | None
    unsupported: set[str] = field(default_factory=set)


class NvmlProbe:
    """Reads GPU state through NVML: initialised once, handles reused, never raises.

    `nvml` is the pynvml module (the default) or a stand-in with the same functions, such as
    carevoice.gpu.fake.FakeNvml. After a failure (no driver, GPU lost) NVML is tried again
    at most every `retry_s` seconds, so calling `snapshot()` every second stays cheap.
    """

    def __init__(self, nvml: Any = None, *, source: str = "nvml", retry_s: float = 5.0):
        self._nvml = nvml
        self._source = source
        self._retry_s = retry_s
        self._lock = threading.Lock()
        self._open = False
        self._failure: tuple[str, str] | None = None
        self._failed_at = 0.0
        self._devices: list[_Device] = []
        self._driver_version: str | None = None
        self._cuda_version: int | None = None
        self._ok_message = ""
        self._process_names: dict[int, str] = {}
        self._process_fns: dict[str, Any] = {}
        self._temperature_fn: Any = None

    # -- public -------------------------------------------------------------------------

    def snapshot(self) -> GpuSnapshot:
        """The GPUs now. Any NVML error becomes a state and a message, never an exception."""
        with self._lock:
            now = time.time()
            try:
                if not self._open:
                    recent = time.monotonic() - self._failed_at < self._retry_s
                    if self._failure is not None and recent:
                        return self._failed_snapshot(now)
                    self._start()
                gpus = [self._read_gpu(device) for device in self._devices]
            except Exception as exc:  # a broken driver must not take the app down
                self._stop()
                self._failure = state_for_error(exc)
                self._failed_at = time.monotonic()
                return self._failed_snapshot(now)
            return GpuSnapshot(
                "ok",
                self._ok_message,
                self._driver_version,
                self._cuda_version,
                gpus,
                self._source,
                now,
            )

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> NvmlProbe:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- opening and closing NVML -------------------------------------------------------

    def _module(self) -> Any:
        if self._nvml is None:
            import pynvml

            self._nvml = pynvml
        return self._nvml

    def _start(self) -> None:
        nvml = self._module()
        nvml.nvmlInit()
        self._open = True
        self._failure = None
        self._driver_version = self._optional(lambda: _text(nvml.nvmlSystemGetDriverVersion()))
        self._cuda_version = self._optional(nvml.nvmlSystemGetCudaDriverVersion)
        self._devices = []
        for index in range(nvml.nvmlDeviceGetCount()):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            cap = self._optional(lambda h=handle: nvml.nvmlDeviceGetCudaComputeCapability(h))
            uuid = self._optional(lambda h=handle: _text(nvml.nvmlDeviceGetUUID(h)))
            self._devices.append(
                _Device(
                    index,
                    handle,
                    _text(nvml.nvmlDeviceGetName(handle)),
                    uuid,
                    (int(cap[0]), int(cap[1])) if cap else None,
                )
            )
        self._ok_message = self._describe()
        self._process_fns = {
            kind: getattr(nvml, f"nvmlDeviceGet{kind.title()}RunningProcesses", None)
            for kind in ("compute", "graphics")
        }
        self._temperature_fn = getattr(nvml, "nvmlDeviceGetTemperatureV", None) or getattr(
            nvml, "nvmlDeviceGetTemperature", None
        )

    def _stop(self) -> None:
        if self._open:
            with contextlib.suppress(Exception):  # already gone; nothing left to release
                self._module().nvmlShutdown()
        self._open = False
        self._devices = []
        self._process_names.clear()

    def _failed_snapshot(self, now: float) -> GpuSnapshot:
        state, message = self._failure or ("error", Phrase("NVML could not be read."))
        return GpuSnapshot(state, message, None, None, [], self._source, now)

    def _describe(self) -> str:
        cuda = self._cuda_version
        version = self._driver_version or Phrase("unknown")
        if cuda:
            driver = Phrase(
                "driver {version} (CUDA {cuda})",
                version=version,
                cuda=f"{cuda // 1000}.{cuda % 1000 // 10}",
            )
        else:
            driver = Phrase("driver {version}", version=version)
        if not self._devices:
            return Phrase(
                "The NVIDIA driver is running ({driver}) but reports no GPUs.", driver=driver
            )
        names = ", ".join(d.name for d in self._devices)
        if len(self._devices) == 1:
            return Phrase("1 NVIDIA GPU: {names}; {driver}.", names=names, driver=driver)
        return Phrase(
            "{count} NVIDIA GPUs: {names}; {driver}.",
            count=len(self._devices),
            names=names,
            driver=driver,
        )

    # -- reading one GPU ----------------------------------------------------------------

    @staticmethod
    def _optional(read: Any) -> Any:
        """A system-wide fact that may be missing; fatal errors still propagate."""
        try:
            return read()
        except Exception as exc:
            if _code(exc) in _FATAL_CODES:
                raise
            return None

    def _field(self, device: _Device, names: tuple[str, ...], read: Any) -> Any:
        """Read one NVML value; NotSupported marks `names` unsupported and is not asked again."""
        if names[0] in device.unsupported:
            return None
        try:
            return read()
        except Exception as exc:
            code = _code(exc)
            if code in _FATAL_CODES:
                raise
            if code == _NOT_SUPPORTED:
                device.unsupported.update(names)
            return None  # a transient or permission error on one value: just not shown

    def _read_gpu(self, device: _Device) -> GpuInfo:
        nvml, handle = self._nvml, device.handle
        info = GpuInfo(device.index, device.name, device.uuid, device.capability)
        memory = self._field(
            device,
            ("memory_total_bytes", "memory_used_bytes", "memory_free_bytes"),
            lambda: nvml.nvmlDeviceGetMemoryInfo(handle),
        )
        if memory is not None:
            info.memory_total_bytes = int(memory.total)
            info.memory_used_bytes = int(memory.used)
            info.memory_free_bytes = int(memory.free)
        rates = self._field(
            device,
            ("utilization_pct", "memory_utilization_pct"),
            lambda: nvml.nvmlDeviceGetUtilizationRates(handle),
        )
        if rates is not None:
            info.utilization_pct = int(rates.gpu)
            info.memory_utilization_pct = int(rates.memory)
        info.temperature_c = self._field(
            device, ("temperature_c",), lambda: self._temperature(handle)
        )
        power_mw = self._field(device, ("power_w",), lambda: nvml.nvmlDeviceGetPowerUsage(handle))
        info.power_w = power_mw / 1000.0 if power_mw is not None else None
        limit_mw = self._field(
            device, ("power_limit_w",), lambda: nvml.nvmlDeviceGetEnforcedPowerLimit(handle)
        )
        info.power_limit_w = limit_mw / 1000.0 if limit_mw is not None else None
        processes = self._field(
            device,
            ("other_processes", "this_process_memory_bytes"),
            lambda: self._processes(handle),
        )
        if processes is not None:
            info.this_process_memory_bytes, info.other_processes = processes
        info.unsupported = sorted(device.unsupported)
        return info

    def _temperature(self, handle: Any) -> int:
        try:
            return int(self._temperature_fn(handle, _NVML_TEMPERATURE_GPU))
        except Exception as exc:
            legacy = getattr(self._nvml, "nvmlDeviceGetTemperature", None)
            # nvmlDeviceGetTemperatureV needs a driver from 2024 or later; older ones lack it.
            if _code(exc) != _FUNCTION_NOT_FOUND or legacy in (None, self._temperature_fn):
                raise
            self._temperature_fn = legacy
            return int(legacy(handle, _NVML_TEMPERATURE_GPU))

    def _running(self, kind: str, handle: Any) -> list[Any]:
        read = self._process_fns.get(kind)
        if read is None:
            return []
        try:
            return list(read(handle))
        except Exception as exc:
            # pynvml raises NVMLLibraryMismatchError when the driver lacks the _v3 call
            # (drivers before 510); the _v2 call reads the same fields there.
            if type(exc).__name__ != "NVMLLibraryMismatchError":
                raise
            name = {
                "compute": "nvmlDeviceGetComputeRunningProcesses_v2",
                "graphics": "nvmlDeviceGetGraphicsRunningProcesses_v2",
            }[kind]
            self._process_fns[kind] = getattr(self._nvml, name, None)
            return self._running(kind, handle)

    def _processes(self, handle: Any) -> tuple[int | None, list[GpuProcess]]:
        """(memory this process holds, the other processes). NVML reports host pids, so
        inside a container this process may not be recognised."""
        by_pid: dict[int, int | None] = {}
        for kind in ("compute", "graphics"):
            for proc in self._running(kind, handle):
                pid, used = int(proc.pid), proc.usedGpuMemory
                used = int(used) if used is not None else None
                if pid in by_pid:  # using both compute and graphics: listed twice, one total
                    seen = by_pid[pid]
                    used = seen if used is None else used if seen is None else max(seen, used)
                by_pid[pid] = used
        own_pid = os.getpid()
        mine = by_pid.pop(own_pid, 0)
        others = [
            GpuProcess(pid, self._process_name(pid), used) for pid, used in sorted(by_pid.items())
        ]
        return mine, others

    def _process_name(self, pid: int) -> str:
        name = self._process_names.get(pid)
        if name is None:
            try:
                name = _text(self._nvml.nvmlSystemGetProcessName(pid)) or f"pid {pid}"
            except Exception as exc:
                if _code(exc) in _FATAL_CODES:
                    raise
                name = f"pid {pid}"
            if len(self._process_names) > 256:
                self._process_names.clear()
            self._process_names[pid] = name
        return name


def open_probe() -> NvmlProbe:
    """A probe of this machine's GPUs, or of the fake named by CAREVOICE_FAKE_GPU.

    Raises carevoice.gpu.fake.FakeGpuError when that variable names no valid profile.
    """
    from carevoice.gpu.fake import active_fake

    fake = active_fake()
    if fake is not None:
        return NvmlProbe(fake.nvml(), source=f"fake:{fake.name}")
    return NvmlProbe()


def probe_gpus() -> GpuSnapshot:
    """One snapshot, opening and closing NVML; honours CAREVOICE_FAKE_GPU."""
    with open_probe() as probe:
        return probe.snapshot()

"""What NVML says about the GPUs at one moment, as plain data: made by the probe
(nvml.py) or by a fake profile (fake.py), shown by the GPU place and `doctor`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

STATES = ("ok", "no-driver", "driver-not-loaded", "no-permission", "gpu-lost", "error")


@dataclass
class GpuProcess:
    """Another program holding memory on a GPU; memory is None where the driver hides it."""

    pid: int
    name: str
    used_memory_bytes: int | None


@dataclass
class GpuInfo:
    """One GPU: identity, memory, load and who else is using it. None means not reported."""

    index: int
    name: str
    uuid: str | None = None
    capability: tuple[int, int] | None = None
    memory_total_bytes: int | None = None
    memory_used_bytes: int | None = None
    memory_free_bytes: int | None = None
    utilization_pct: int | None = None
    memory_utilization_pct: int | None = None
    temperature_c: int | None = None
    power_w: float | None = None
    power_limit_w: float | None = None
    this_process_memory_bytes: int | None = None
    other_processes: list[GpuProcess] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # field names this GPU does not report

    def to_dict(self) -> dict:
        data = asdict(self)
        data["capability"] = list(self.capability) if self.capability else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> GpuInfo:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        cap = values.get("capability")
        values["capability"] = (int(cap[0]), int(cap[1])) if cap else None
        values["other_processes"] = [GpuProcess(**p) for p in values.get("other_processes", [])]
        values["unsupported"] = list(values.get("unsupported", []))
        return cls(**values)


@dataclass
class GpuSnapshot:
    """The GPUs at one moment, or the plain-words reason they could not be read."""

    state: str  # one of STATES
    message: str
    driver_version: str | None = None
    cuda_driver_version: int | None = None  # 12080 means CUDA 12.8
    gpus: list[GpuInfo] = field(default_factory=list)
    source: str = "nvml"  # "nvml" or "fake:<profile>"
    taken_at: float = 0.0  # time.time()

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    def to_dict(self) -> dict:
        return {
            "state": self.state,
            "message": self.message,
            "driver_version": self.driver_version,
            "cuda_driver_version": self.cuda_driver_version,
            "gpus": [gpu.to_dict() for gpu in self.gpus],
            "source": self.source,
            "taken_at": self.taken_at,
        }

    @classmethod
    def from_dict(cls, data: dict) -> GpuSnapshot:
        return cls(
            state=data["state"],
            message=data.get("message", ""),
            driver_version=data.get("driver_version"),
            cuda_driver_version=data.get("cuda_driver_version"),
            gpus=[GpuInfo.from_dict(g) for g in data.get("gpus", [])],
            source=data.get("source", "nvml"),
            taken_at=float(data.get("taken_at", 0.0)),
        )

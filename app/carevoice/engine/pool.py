"""ModelPool: loads each (model, device, compute type) once and shares it between jobs."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carevoice.engine.models import ModelInfo, resolve_model, smallest_usable_model
from carevoice.gpu.context import GpuContext

PoolKey = tuple[str, str, str]  # (model path, device, compute type)


@dataclass
class LoadedModel:
    """A model in memory, with the batched pipeline built on it and what loading cost."""

    key: PoolKey
    info: ModelInfo
    model: Any  # faster_whisper.WhisperModel
    batched: Any  # faster_whisper.BatchedInferencePipeline
    load_s: float
    leases: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def device(self) -> str:
        return self.key[1]

    @property
    def compute_type(self) -> str:
        return self.key[2]


def load_whisper(info: ModelInfo, device: str, compute_type: str, workers: int) -> tuple[Any, Any]:
    """Build faster-whisper's model and batched pipeline; slow imports happen here, not at start."""
    if device == "cuda":
        from carevoice.gpu.cudalibs import make_pip_nvidia_libs_loadable

        make_pip_nvidia_libs_loadable()
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    # num_workers lets that many jobs decode on this one model at the same time. On the
    # CPU they would only share the same cores, and each extra worker duplicates buffers
    # (measured: +80 MB tiny.en, +190 MB base, and 5 % slower), so the CPU gets one; jobs
    # on other threads still run, taking turns inside the engine.
    num_workers = max(1, workers) if device == "cuda" else 1
    model = WhisperModel(
        info.path,
        device=device,
        compute_type=compute_type,
        num_workers=num_workers,
        local_files_only=True,
    )
    return model, BatchedInferencePipeline(model)


def make_gpu_context() -> GpuContext:
    """The process's GpuContext, whose preflight loads the smallest installed model and
    which keeps a GPU failure met at run time in the user's data folder (so the window,
    `care-voice doctor` and the next start agree); the app and each command make one and
    pass it to their ModelPool."""
    return GpuContext(preflight_model=_preflight_model_path, failure_file=_failure_file)


def _failure_file() -> Path:
    from carevoice.paths import data_dir

    return data_dir() / "gpu-failure.json"


def _preflight_model_path() -> str | None:
    model = smallest_usable_model()
    return model.path if model is not None else None


class ModelPool:
    """Thread-safe, lazily filled, least-recently-used cache of loaded models.

    At most `max_loaded` models stay in memory; a model in use by a job is never evicted.
    `load_counts` records how often each key was loaded, so reuse can be checked. `gpu` is
    the process's GpuContext: the jobs on this pool take their device decision from it
    (a new one when none is given).
    """

    def __init__(
        self,
        max_loaded: int = 2,
        workers: int = 2,
        loader: Callable[[ModelInfo, str, str, int], tuple[Any, Any]] = load_whisper,
        gpu: GpuContext | None = None,
    ):
        self.gpu = gpu or make_gpu_context()
        self.max_loaded = max(1, max_loaded)
        self.workers = workers
        self._loader = loader
        self._models: OrderedDict[PoolKey, LoadedModel] = OrderedDict()
        self._key_locks: dict[PoolKey, threading.Lock] = {}
        self._lock = threading.Lock()
        self.load_counts: dict[PoolKey, int] = {}

    def _key_lock(self, key: PoolKey) -> threading.Lock:
        with self._lock:
            return self._key_locks.setdefault(key, threading.Lock())

    def is_loaded(self, model: str, device: str, compute_type: str) -> bool:
        info = resolve_model(model)
        with self._lock:
            return (info.path, device, compute_type) in self._models

    @contextmanager
    def lease(self, model: str, device: str, compute_type: str) -> Iterator[LoadedModel]:
        """Borrow a loaded model for one job, loading it first if needed."""
        loaded = self._acquire(model, device, compute_type)
        try:
            yield loaded
        finally:
            with self._lock:
                loaded.leases -= 1
                self._evict_extra()

    def _acquire(self, model: str, device: str, compute_type: str) -> LoadedModel:
        info = resolve_model(model)
        key: PoolKey = (info.path, device, compute_type)
        # One lock per key: two jobs asking for the same model wait for one load.
        with self._key_lock(key):
            with self._lock:
                loaded = self._models.get(key)
                if loaded is not None:
                    self._models.move_to_end(key)
                    loaded.leases += 1
                    return loaded
            started = time.perf_counter()
            model_obj, batched = self._loader(info, device, compute_type, self.workers)
            loaded = LoadedModel(key, info, model_obj, batched, time.perf_counter() - started)
            with self._lock:
                self.load_counts[key] = self.load_counts.get(key, 0) + 1
                loaded.leases = 1
                self._models[key] = loaded
                self._evict_extra()
            return loaded

    def _evict_extra(self) -> None:
        # Caller holds self._lock. Oldest idle models go first.
        for key in list(self._models):
            if len(self._models) <= self.max_loaded:
                return
            if self._models[key].leases == 0:
                del self._models[key]

    def loaded_keys(self) -> list[PoolKey]:
        with self._lock:
            return list(self._models)

    def clear(self) -> None:
        with self._lock:
            for key in [k for k, m in self._models.items() if m.leases == 0]:
                del self._models[key]

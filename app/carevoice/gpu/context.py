"""GpuContext: what one process knows about its GPU, made once by the app or a command.

It holds the facts gathered once (probe, kernels, libraries, preflight), the failure a
model met on the GPU at run time, and who wants to hear of such a failure. The app and
each command make one and hand it to the ModelPool (`ModelPool(gpu=...)`), whose jobs
ask it for their device decision; nothing reads GPU state from module globals.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from carevoice.gpu.decision import DeviceDecision, decide_device
from carevoice.gpu.facts import GpuFacts, gather_facts
from carevoice.phrases import Phrase, from_data, to_data

log = logging.getLogger(__name__)

# The model the preflight loads: a path, or None when no usable model is installed. The
# engine knows its models; the gpu package is told, so it imports nothing from the engine.
PreflightModel = Callable[[], str | None]
# Where a run-time failure is kept for the other Care Voice processes (`doctor`, the next
# start): a path, asked each time (the user's cache folder can change, in tests).
FailureFile = Callable[[], Path]

LOADING = "loading"  # the model failed to load on the GPU (the app's preload, a job's start)
TRANSCRIBING = "transcribing"  # it loaded, then failed while it ran


def failure_sentence(reason: str, stage: str = TRANSCRIBING) -> Phrase:
    """What the decision says of a GPU failure met at run time."""
    if stage == LOADING:
        return Phrase("The GPU failed while loading the model: {reason}", reason=reason)
    return Phrase("The GPU failed while transcribing: {reason}", reason=reason)


class GpuContext:
    """The GPU facts, the run-time failure and its listeners of one process; thread-safe."""

    def __init__(
        self,
        preflight_model: PreflightModel | None = None,
        failure_file: FailureFile | None = None,
    ):
        self._preflight_model = preflight_model or (lambda: None)
        # With a file, a failure is one truth for every process on this machine state: the
        # window, `care-voice doctor`, the next start (until the GPU check runs again).
        self._failure_file = failure_file
        self._facts: dict[bool, GpuFacts] = {}
        self._facts_lock = threading.Lock()
        # Its own lock: gathering facts holds _facts_lock through a preflight (seconds),
        # which a job reporting a failure must not wait for.
        self._failure_lock = threading.Lock()
        self._failure: str | None = None
        self._listeners: list[Callable[[str], None]] = []

    # -- facts and the decision -----------------------------------------------------------
    def facts(
        self, run_preflight: bool = True, refresh: bool = False, use_cache: bool = True
    ) -> GpuFacts:
        """Probe the GPU, read the engine's kernels, check libraries, run the preflight.

        Kept for the life of the context unless `refresh` (which also forgets a failure met
        at run time: checking again is how the user gives the GPU another go);
        `use_cache=False` also ignores the preflight's on-disk cache.
        """
        if refresh:
            self.clear_failure()
        with self._facts_lock:
            if not refresh and run_preflight in self._facts:
                return self._facts[run_preflight]
            facts = gather_facts(run_preflight, use_cache, self._preflight_model)
            self._facts[run_preflight] = facts
        if not refresh:
            self._read_failure(facts)
        return facts

    def decide(
        self,
        preference: str = "auto",
        gpu_only: bool = False,
        compute_type: str | None = None,
        facts: GpuFacts | None = None,
    ) -> DeviceDecision:
        """The device decision: these facts (default: this context's, gathered once, with
        the preflight), the user's settings and any failure met at run time. Every place
        that shows or uses the device asks this, so they all say the same thing."""
        if preference == "cpu":  # no need to probe anything
            return decide_device("cpu", gpu_only, None, None, [], None, compute_type)
        facts = facts or self.facts()
        return facts.decide(preference, gpu_only, compute_type, runtime_failure=self._failure)

    def forget_facts(self) -> None:
        """Gather the facts again when next asked (e.g. a different fake GPU profile)."""
        with self._facts_lock:
            self._facts.clear()

    # -- the run-time failure -------------------------------------------------------------
    @property
    def runtime_failure(self) -> str | None:
        """The sentence saying how a model failed on the GPU at run time, if one did (here,
        or in another process on the same machine state): until the GPU check is run
        again, every decision picks the CPU (or refuses, in GPU-only mode)."""
        return self._failure

    def note_failure(self, reason: str, stage: str = TRANSCRIBING) -> None:
        """Record that a model failed on the GPU at run time (`reason` in plain words,
        `stage` LOADING or TRANSCRIBING), keep it for the other processes, and tell the
        listeners (on the calling thread)."""
        sentence = failure_sentence(reason, stage)
        with self._failure_lock:
            self._failure = sentence
            listeners = list(self._listeners)
        self._write_failure(sentence)
        for listener in listeners:
            try:
                listener(reason)
            except Exception:  # a listener's trouble must not fail the job that reports
                log.exception("a GPU failure listener failed")

    def note_if_failure(
        self, error: BaseException, device: str, stage: str = TRANSCRIBING
    ) -> str | None:
        """If `error` came from the GPU while a model ran on `device`, record it and return
        the plain reason; None otherwise (a bad file is no reason to leave the GPU)."""
        from carevoice.gpu.cuda_errors import gpu_failure_reason

        reason = gpu_failure_reason(error) if device == "cuda" else None
        if reason is not None:
            self.note_failure(reason, stage)
        return reason

    def clear_failure(self) -> None:
        """Give the GPU another go (the GPU check was run again), in every process."""
        with self._failure_lock:
            self._failure = None
        if self._failure_file is not None:
            with contextlib.suppress(OSError):
                self._failure_file().unlink(missing_ok=True)

    # -- the failure on disk --------------------------------------------------------------
    def _machine_key(self) -> str | None:
        """What the kept failure holds for: the preflight's key (driver, engine, GPU,
        libraries, model), so a changed machine forgets it."""
        for facts in (self._facts.get(True), self._facts.get(False)):
            if facts is not None and facts.preflight is not None and facts.preflight.key:
                return facts.preflight.key
        return None

    def _write_failure(self, sentence: Phrase) -> None:
        key = self._machine_key()
        if self._failure_file is None or key is None:
            return
        path = self._failure_file()
        record = {"machine": key, "failure": to_data(sentence)}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_text(json.dumps(record), encoding="utf-8")
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except OSError:
            log.warning("could not keep the GPU failure in %s", path, exc_info=True)

    def _read_failure(self, facts: GpuFacts) -> None:
        if self._failure_file is None or self._failure is not None:
            return
        key = facts.preflight.key if facts.preflight is not None else None
        try:
            record = json.loads(self._failure_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if key and isinstance(record, dict) and record.get("machine") == key:
            failure = from_data(record.get("failure", ""))
            with self._failure_lock:
                self._failure = failure or None

    def add_failure_listener(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call `listener(reason)` (on the failing job's thread) whenever a GPU failure is
        noted, e.g. so the window can show the CPU fallback; returns the way to stop."""
        with self._failure_lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._failure_lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

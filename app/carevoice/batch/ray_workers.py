"""Batch workers on Ray: actors that each keep one warm ModelPool, fed one file at a time.

Ray is optional (`pip install 'care-voice[cluster]'`). Each actor loads the model once and
transcribes with the engine unchanged; the driver keeps every actor busy with one file and
writes what comes back. When an actor dies mid-file (its process killed, its node lost),
the file goes back in the queue for another actor, and a fresh actor takes the dead one's
place, so nothing is lost and nothing is written twice.
"""

from __future__ import annotations

import os
import socket
from collections import deque
from dataclasses import dataclass
from typing import Any

from carevoice.batch.work import BatchTask, Finished, Started, WorkerLost, WorkResult
from carevoice.engine.transcriber import TranscribeOptions

INSTALL_HINT = (
    "--ray needs Ray, which is not installed here. Install Care Voice's cluster extra: "
    "pip install 'care-voice[cluster]' (in a checkout: .venv/bin/pip install -e '.[cluster]')."
)
# A file on which actors died this many times is failed, not retried for ever: it is
# more likely the file that kills them than bad luck.
MAX_DEATHS_PER_FILE = 2
# Environment the actors need to find the same models and stay off the model hub.
FORWARDED_ENV = ("CAREVOICE_HOME", "HF_HUB_OFFLINE", "CAREVOICE_FAKE_GPU")


class RayUnavailable(RuntimeError):
    """Ray is missing or could not start / connect; the message is plain words."""


def import_ray() -> Any:
    # Ray reports usage statistics to its makers unless told not to (on by default since
    # Ray 2.0): nothing about this machine's work may leave it.
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    try:
        import ray
    except ImportError:
        raise RayUnavailable(INSTALL_HINT) from None
    return ray


def start_local_ray(num_cpus: int | None = None, object_store_bytes: int | None = None) -> None:
    """Ray on this machine only: no dashboard, no usage report, the loopback address (to
    find its own address Ray would otherwise "connect" a UDP socket to a public one)."""
    import_ray().init(
        num_cpus=num_cpus,
        object_store_memory=object_store_bytes,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="WARNING",
        _node_ip_address="127.0.0.1",
    )


@dataclass(frozen=True)
class RaySetup:
    """Where and how wide: `address` None starts Ray on this machine; `actors` None means
    as many as the cluster's CPUs (or GPUs, with `gpus_per_actor`) allow."""

    address: str | None = None
    actors: int | None = None
    cpus_per_actor: float = 1.0
    gpus_per_actor: float = 0.0
    local_cpus: int | None = None  # for a local Ray: CPUs it may use (default: all)


class TranscribeActor:
    """One Ray worker process: a warm ModelPool and the engine (wrapped by ray.remote)."""

    def __init__(self, options: TranscribeOptions, env: dict[str, str]):
        os.environ.update(env)
        from carevoice.engine.pool import ModelPool

        self.options = options
        self.pool = ModelPool(max_loaded=1, workers=1)

    def describe(self) -> tuple[int, str]:
        return os.getpid(), socket.gethostname()

    def transcribe(self, path: str) -> WorkResult:
        from carevoice.batch.work import transcribe_file

        return transcribe_file(path, self.options, self.pool)

    def load_counts(self) -> list[int]:
        return list(self.pool.load_counts.values())


class RayWorkers:
    """Runs batch tasks on Ray actors; `started_ray` says whether this object started Ray."""

    def __init__(self, options: TranscribeOptions, setup: RaySetup):
        self.ray = import_ray()
        self.options = options
        self.setup = setup
        self.started_ray = False
        self.actors: list[Any] = []
        self.actor_names: dict[Any, str] = {}
        self.worker_pids: dict[str, int] = {}  # a worker's name -> its process id
        self._stopped = False
        self._connect()
        self._remote = self.ray.remote(
            num_cpus=setup.cpus_per_actor, num_gpus=setup.gpus_per_actor, max_restarts=0
        )(TranscribeActor)
        self.actor_count = setup.actors or self._fitting_actors()
        self._check_room()
        self.replacements_left = self.actor_count * MAX_DEATHS_PER_FILE

    def _connect(self) -> None:
        ray = self.ray
        if ray.is_initialized():  # an embedding program (or a test) already connected
            return
        try:
            if self.setup.address:
                ray.init(address=self.setup.address, log_to_driver=False, logging_level="WARNING")
            else:
                start_local_ray(self.setup.local_cpus)
        except Exception as exc:
            where = self.setup.address or "on this machine"
            raise RayUnavailable(f"Ray could not start {where}: {exc}") from exc
        self.started_ray = True

    def _fitting_actors(self) -> int:
        resources = self.ray.cluster_resources()
        if self.setup.gpus_per_actor > 0:
            fit = resources.get("GPU", 0) / self.setup.gpus_per_actor
        else:
            fit = resources.get("CPU", 1) / max(self.setup.cpus_per_actor, 0.01)
        return max(1, int(fit))

    def _check_room(self) -> None:
        """Refuse actors the cluster can never hold: Ray would wait for them for ever."""
        resources = self.ray.cluster_resources()
        for kind, each in (("CPU", self.setup.cpus_per_actor), ("GPU", self.setup.gpus_per_actor)):
            needed, there = self.actor_count * each, resources.get(kind, 0)
            if needed > there:
                self.close()
                raise RayUnavailable(
                    f"The Ray cluster has {there:g} {kind}(s) in all; {self.actor_count} "
                    f"actor(s) of {each:g} {kind} each need {needed:g}. Ask for fewer "
                    "actors (--actors) or less per actor."
                )

    def _new_actor(self) -> Any:
        env = {name: os.environ[name] for name in FORWARDED_ENV if name in os.environ}
        if self.setup.address:
            env.pop("CAREVOICE_HOME", None)  # another machine's home is its own
        actor = self._remote.remote(self.options, env)
        pid, host = self.ray.get(actor.describe.remote())
        self.actor_names[actor] = name = f"Ray actor {pid} on {host}"
        self.worker_pids[name] = pid
        self.actors.append(actor)
        return actor

    def run(self, tasks: list[BatchTask]):
        ray = self.ray
        from ray.exceptions import RayActorError

        queue = deque(tasks)
        idle = [self._new_actor() for _ in range(min(self.actor_count, len(tasks)))]
        in_flight: dict[Any, tuple[Any, BatchTask]] = {}
        deaths: dict[str, int] = {}
        while (queue and not self._stopped) or in_flight:
            while queue and idle and not self._stopped:
                actor, task = idle.pop(), queue.popleft()
                in_flight[actor.transcribe.remote(str(task.path))] = (actor, task)
                yield Started(task, self.actor_names[actor])
            if not in_flight:
                break
            [ready], _ = ray.wait(list(in_flight), num_returns=1)
            actor, task = in_flight.pop(ready)
            try:
                result = ray.get(ready)
            except RayActorError as exc:
                name = self.actor_names.pop(actor, "a Ray actor")
                self.actors.remove(actor)
                deaths[task.digest] = deaths.get(task.digest, 0) + 1
                reason = f"{name} stopped while transcribing {task.path.name}"
                if deaths[task.digest] >= MAX_DEATHS_PER_FILE:
                    error = f"{reason}, {deaths[task.digest]} times: the file is left out."
                    yield Finished(task, WorkResult(None, error))
                else:
                    yield WorkerLost(task, name, f"{reason}; it is tried again.")
                    queue.appendleft(task)
                if self.replacements_left > 0 and not self._stopped:
                    self.replacements_left -= 1
                    idle.append(self._new_actor())
                elif not self.actors and not idle:
                    error = f"Every Ray actor stopped ({exc.__class__.__name__})."
                    while queue:
                        yield Finished(queue.popleft(), WorkResult(None, error, fatal=True))
                continue
            except Exception as exc:  # the engine raised something unforeseen on the actor
                yield Finished(task, WorkResult(None, str(getattr(exc, "cause", exc) or exc)))
            else:
                yield Finished(task, result)
            idle.append(actor)

    def stop(self) -> None:
        self._stopped = True

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors.clear()
        if self.started_ray:
            self.ray.shutdown()

"""Batch on Ray: one small local cluster for the module (Ray's start-up is slow on 2 cores)."""

from __future__ import annotations

import os
import shutil
import signal

import pytest
import ray

from carevoice.batch.manifest import DONE, MANIFEST_NAME, Manifest
from carevoice.batch.ray_workers import RaySetup, RayWorkers, start_local_ray
from carevoice.batch.run import FileDone, FileRetried, run_batch
from carevoice.batch.work import Started
from carevoice.engine.transcriber import TranscribeOptions
from tests.speech import ENGLISH_NOTE, espeak, word_error_rate

OPTIONS = TranscribeOptions(language="en")
NOTES = {
    "morning.wav": ENGLISH_NOTE,
    "lunch.wav": "Missus Green had soup and bread for lunch and drank a glass of water.",
    "evening.wav": "Her son visited in the evening and they watched the news together.",
}


@pytest.fixture(scope="module")
def local_ray():
    start_local_ray(num_cpus=2, object_store_bytes=80 * 1024 * 1024)
    assert os.environ["RAY_USAGE_STATS_ENABLED"] == "0"  # nothing reported to Ray's makers
    yield
    ray.shutdown()


@pytest.fixture
def archive(tmp_path, speech):
    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(speech["en"], root / "morning.wav")
    for name, text in NOTES.items():
        if name != "morning.wav":
            espeak(text, root / name)
    return root


def test_two_actors_each_load_the_model_once_and_share_the_files(local_ray, archive, tmp_path):
    out = tmp_path / "out"
    workers = RayWorkers(OPTIONS, RaySetup(actors=2))
    events = []
    try:
        summary = run_batch([archive], out, ["txt"], workers, events.append)
        loads = [ray.get(actor.load_counts.remote()) for actor in workers.actors]
    finally:
        workers.close()
    assert not workers.started_ray  # it used the cluster it found, and left it running
    assert (summary.done, summary.failed) == (3, 0)
    assert loads == [[1], [1]]  # a warm pool per actor: one load each, whatever the files
    assert len({e.worker for e in events if isinstance(e, Started)}) == 2
    for name, text in NOTES.items():
        assert word_error_rate(text, (out / name).with_suffix(".txt").read_text()) < 0.35


def test_an_actor_killed_mid_file_has_its_file_done_elsewhere_once(local_ray, archive, tmp_path):
    out = tmp_path / "out"
    workers = RayWorkers(OPTIONS, RaySetup(actors=2))
    killed: list[str] = []
    events = []

    def kill_the_first_worker(event):
        events.append(event)
        if isinstance(event, Started) and not killed:
            killed.append(event.task.path.name)
            os.kill(workers.worker_pids[event.worker], signal.SIGKILL)

    try:
        summary = run_batch([archive], out, ["txt", "srt"], workers, kill_the_first_worker)
    finally:
        workers.close()

    assert (summary.done, summary.failed, summary.not_attempted) == (3, 0, 0)
    [retried] = [e for e in events if isinstance(e, FileRetried)]
    assert retried.task.path.name == killed[0]
    # Each file once: no "(2)" copies, and the killed one's text is whole.
    assert sorted(p.name for p in out.glob("*.txt")) == sorted(
        n.replace(".wav", ".txt") for n in NOTES
    )
    assert len([e for e in events if isinstance(e, FileDone)]) == 3
    redone = (out / killed[0]).with_suffix(".txt").read_text()
    assert word_error_rate(NOTES[killed[0]], redone) < 0.35
    with Manifest.open(out) as manifest:
        entries = {os.path.basename(e.source): e for e in manifest.entries.values()}
    assert all(e.state == DONE for e in entries.values())
    assert entries[killed[0]].attempts == 2
    assert (out / MANIFEST_NAME).is_file()

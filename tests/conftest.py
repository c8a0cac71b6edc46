"""Shared test set-up: offscreen Qt, a private Care Voice home, and no model hub."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

# Before anything imports Qt or huggingface_hub.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.pop("CAREVOICE_FAKE_GPU", None)

TESTS_DIR = Path(__file__).resolve().parent
DATA_DIR = TESTS_DIR / "data"


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("carevoice-cache")


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch, _session_cache):
    """Every test gets its own Care Voice home, so nothing touches the real profile.

    The cache (the assembled multilingual model) is shared by the session so it is built
    once; tests of the cache itself point CAREVOICE_HOME elsewhere.
    """
    home = tmp_path_factory.mktemp("carevoice-home")
    (home / "cache").symlink_to(_session_cache, target_is_directory=True)
    monkeypatch.setenv("CAREVOICE_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture(scope="session")
def speech(tmp_path_factory) -> dict[str, Path]:
    """Known-text speech files made once per test session by espeak-ng."""
    from tests.speech import ENGLISH_NOTE, GERMAN_NOTE, SPANISH_NOTE, espeak

    folder = tmp_path_factory.mktemp("speech")
    return {
        "en": espeak(ENGLISH_NOTE, folder / "english.wav"),
        "de": espeak(GERMAN_NOTE, folder / "german.wav", voice="de"),
        "es": espeak(SPANISH_NOTE, folder / "spanish.wav", voice="es"),
    }


@pytest.fixture(scope="session")
def shared_pool():
    """One real ModelPool for the session, so each model is loaded once across tests."""
    from carevoice.engine.pool import ModelPool

    return ModelPool(max_loaded=3, workers=2)


@pytest.fixture(autouse=True)
def _gpu_state_does_not_leak(request):
    """The session's shared pool keeps one GpuContext: a GPU failure noted, or a fake GPU
    seen, by one test must not steer the next test."""
    yield
    if "shared_pool" in request.fixturenames:
        gpu = request.getfixturevalue("shared_pool").gpu
        gpu.clear_failure()
        if os.environ.get("CAREVOICE_FAKE_GPU"):
            gpu.forget_facts()


@pytest.fixture
def rtx4090(monkeypatch):
    """A working RTX 4090 (recorded profile, preflight passed) for this test only: every
    GpuContext made in the test sees it (failing_gpu_pool() makes its own)."""
    from tests.failing_gpu import use_working_rtx4090

    use_working_rtx4090(monkeypatch)


# Threads a test may leave behind: tqdm's monitor (one per process, started by the first
# progress bar, e.g. faster-whisper's model download check; it ends itself when idle).
_ALLOWED_THREAD_CLASSES = ("TMonitor",)
# A thread that is stopping (a recorder closing its file) may take a moment to end.
_THREAD_GRACE_S = 2.0


def _started_during(before: set[threading.Thread]) -> list[threading.Thread]:
    return [
        t
        for t in threading.enumerate()
        if t not in before
        and t.is_alive()
        # A native thread (PortAudio's callback) that ran Python code: not ours to join.
        and not isinstance(t, threading._DummyThread)
        and type(t).__name__ not in _ALLOWED_THREAD_CLASSES
    ]


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail a test that leaves a Python thread running, daemon threads included: the
    recorder's writer, the live transcriber, the dictation and bridge threads are
    daemons, and one left running is a leak the app would have too."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + _THREAD_GRACE_S
    for thread in _started_during(before):
        thread.join(max(0.0, deadline - time.monotonic()))
    left = [f"{t.name} ({'daemon' if t.daemon else 'not daemon'})" for t in _started_during(before)]
    assert not left, f"threads left running after the test: {left}"


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the session (tests/pg_server.py), stopped at the end."""
    from tests.pg_server import PgServer

    server = PgServer.start_new()
    yield server
    server.close()


@pytest.fixture
def pg_database(pg_server):
    """The URL of a new, empty database on the session's server, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)

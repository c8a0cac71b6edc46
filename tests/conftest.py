"""Shared test set-up: offscreen Qt, a private Care Voice home, and no model hub."""

from __future__ import annotations

import os
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

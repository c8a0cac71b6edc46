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


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own Care Voice home, so nothing touches the real profile."""
    home = tmp_path_factory.mktemp("carevoice-home")
    monkeypatch.setenv("CAREVOICE_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR

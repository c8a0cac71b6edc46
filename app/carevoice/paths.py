"""Where Care Voice keeps its files on the user's machine (cache, data, logs, settings).

Everything lives under per-user folders created private (0700), because care notes and
recordings are health data. `CAREVOICE_HOME` moves all of it under one folder, which is
how tests and portable installs keep the real profile untouched.
"""

from __future__ import annotations

import importlib.resources
import os
import sys
from pathlib import Path

APP_DIR_NAME = "care-voice"


def _platform_base(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return root / "CareVoice" / kind
    if sys.platform == "darwin":
        lib = home / "Library"
        sub = {
            "cache": "Caches",
            "data": "Application Support",
            "logs": "Logs",
            "config": "Preferences",
        }[kind]
        return lib / sub / "CareVoice"
    env, default = {
        "cache": ("XDG_CACHE_HOME", home / ".cache"),
        "data": ("XDG_DATA_HOME", home / ".local" / "share"),
        "logs": ("XDG_STATE_HOME", home / ".local" / "state"),
        "config": ("XDG_CONFIG_HOME", home / ".config"),
    }[kind]
    base = Path(os.environ.get(env) or default) / APP_DIR_NAME
    return base / "logs" if kind == "logs" else base


def user_dir(kind: str) -> Path:
    """The folder for `kind` (cache, data, logs, config), created with mode 0700."""
    override = os.environ.get("CAREVOICE_HOME")
    path = Path(override) / kind if override else _platform_base(kind)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if sys.platform != "win32":
        os.chmod(path, 0o700)
    return path


def cache_dir() -> Path:
    return user_dir("cache")


def data_dir() -> Path:
    return user_dir("data")


def log_dir() -> Path:
    return user_dir("logs")


def config_dir() -> Path:
    return user_dir("config")


def resources_dir() -> Path:
    """The package's resources (icons, samples, translations): carevoice/resources, found
    through importlib.resources, so a checkout, an installed wheel and the PyInstaller
    bundle (which keeps them at carevoice/resources) all read the same place. Qt wants real
    file names; Care Voice is never imported from a zip, so the folder is a real one."""
    return Path(str(importlib.resources.files("carevoice") / "resources"))

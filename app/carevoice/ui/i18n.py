"""Where the interface translations (.ts sources, compiled .qm files) live."""

from __future__ import annotations

from pathlib import Path

from carevoice.paths import resources_dir

LANGUAGES = {"en": "English", "zh_TW": "繁體中文（台灣）"}


def translations_dir() -> Path:
    """resources/translations in a checkout, or its copy inside a PyInstaller bundle."""
    return resources_dir() / "translations"

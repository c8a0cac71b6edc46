"""Where the interface translations (.ts sources, compiled .qm files) live."""

from __future__ import annotations

import sys
from pathlib import Path

LANGUAGES = {"en": "English", "zh_TW": "繁體中文（台灣）"}


def translations_dir() -> Path:
    """resources/translations in a checkout, or its copy inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "translations"
    return Path(__file__).resolve().parents[3] / "resources" / "translations"

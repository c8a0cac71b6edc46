"""Where the interface translations (.ts sources, compiled .qm files) live."""

from __future__ import annotations

from pathlib import Path

from carevoice.paths import resources_dir

LANGUAGES = {"en": "English", "zh_TW": "繁體中文（台灣）"}


def translations_dir() -> Path:
    """carevoice/resources/translations, in a checkout, a wheel or the bundle."""
    return resources_dir() / "translations"


def say(text: str) -> str:
    """A sentence from the core (a carevoice.phrases.Phrase) in the interface's language;
    any other text as it is."""
    from PySide6.QtCore import QCoreApplication

    from carevoice.phrases import TRANSLATION_CONTEXT, render

    translate = QCoreApplication.translate
    return render(text, lambda template: translate(TRANSLATION_CONTEXT, template))

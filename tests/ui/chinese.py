"""The interface in Traditional Chinese for a test: the .ts as it is now, compiled and
installed with Qt's own zh_TW translation (tests/ui/conftest.py's `chinese` fixture)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from carevoice.ui import i18n
from carevoice.ui.app import install_translator

TS = i18n.translations_dir() / "carevoice_zh_TW.ts"
ENGLISH_TS = i18n.translations_dir() / "carevoice_en.ts"  # the English plural forms
QT_TOOLS = Path(sys.executable).parent  # pyside6-lupdate and -lrelease live beside python


def qt_tool(name: str) -> str:
    found = QT_TOOLS / name
    return str(found) if found.exists() else shutil.which(name) or name


def install_chinese(qapp, folder: Path, monkeypatch) -> list:
    """Compile the .ts into `folder`, point the app there and install the translators."""
    qm = folder / "carevoice_zh_TW.qm"
    subprocess.run(
        [qt_tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)],
        check=True,
        timeout=60,
    )
    monkeypatch.setattr(i18n, "translations_dir", lambda: folder)
    return install_translator(qapp, "zh_TW")


def install_english_plurals(qapp, folder: Path):
    """Compile the English plurals (.ts as it is now) into `folder` and install them, as
    the app does for its English interface; returns the translator."""
    from PySide6.QtCore import QTranslator

    qm = folder / "carevoice_en.qm"
    subprocess.run(
        [qt_tool("pyside6-lrelease"), "-silent", str(ENGLISH_TS), "-qm", str(qm)],
        check=True,
        timeout=60,
    )
    translator = QTranslator(qapp)
    assert translator.load(str(qm)), qm
    qapp.installTranslator(translator)
    return translator

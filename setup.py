"""Builds the interface translations into the wheel: every .ts under
carevoice/resources/translations is compiled to its .qm by Qt's lrelease (from the
PySide6-Essentials that pyproject.toml's build-system requires), so an installed wheel
loads the zh_TW interface without the checkout's build step. Everything else about the
package is in pyproject.toml."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TRANSLATIONS = Path("carevoice") / "resources" / "translations"


def lrelease() -> str:
    spec = importlib.util.find_spec("PySide6")
    if spec and spec.origin:
        tool = Path(spec.origin).parent / "lrelease"
        if tool.is_file():
            return str(tool)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise SystemExit("setup.py: Qt's lrelease (PySide6-Essentials) is needed to build the .qm")
    return found


class BuildPyWithTranslations(build_py):
    """build_py, then lrelease for each translation (into the source tree when editable)."""

    def run(self) -> None:
        super().run()
        source = Path("app") / TRANSLATIONS
        target = source if self.editable_mode else Path(self.build_lib) / TRANSLATIONS
        target.mkdir(parents=True, exist_ok=True)
        for ts in sorted(source.glob("*.ts")):
            qm = target / f"{ts.stem}.qm"
            subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
            if not qm.is_file():
                raise SystemExit(f"setup.py: lrelease did not write {qm}")


setup(cmdclass={"build_py": BuildPyWithTranslations})

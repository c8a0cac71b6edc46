"""The core (engine, audio, gpu, notes) stays free of Qt, so it runs headless and in tests."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "app" / "carevoice"
CORE = (
    "engine",
    "audio",
    "batch",
    "gpu",
    "notes",
    "desktop",
    "export",
    "paths",
    "fileio",
    "folder_watch",
    "logs",
    "queue_store",
)
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "qtpy")


def _core_modules() -> list[Path]:
    found = []
    for name in CORE:
        path = PACKAGE / name
        if path.is_dir():
            found += sorted(path.rglob("*.py"))
        elif path.with_suffix(".py").is_file():
            found.append(path.with_suffix(".py"))
    return found


def test_the_core_has_modules_to_check():
    assert len(_core_modules()) >= 10


@pytest.mark.parametrize("module", _core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_does_not_import_qt(module: Path):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in QT_MODULES, f"{module.name} imports {name}"


def test_importing_the_whole_core_loads_no_qt():
    # Catches Qt arriving indirectly, through a helper module outside the core.
    modules = [
        "carevoice." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in _core_modules()
        if p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

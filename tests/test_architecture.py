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


# -- the import graph: who imports whom, function-local imports included -----------------


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:` (never run, so no loop)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)):
                        lines.add(sub.lineno)
    return lines


def _import_graph() -> dict[str, set[str]]:
    """carevoice module -> the carevoice modules it imports anywhere in the file."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_only(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or node.lineno in skip:
                continue
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from a import b`: b is a module of its own, or a name in a.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base
                    for alias in node.names
                ]
            graph[name] |= {t for t in targets if t in files and t != name}
    return graph


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_sees_function_local_imports():
    graph = _import_graph()
    assert len(graph) >= 100
    # ui/runner.py imports these inside _plain(): a graph without them would miss loops.
    assert "carevoice.audio.decode" in graph["carevoice.ui.runner"]


def test_loops_are_found_when_there_are_some():
    assert _loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _loops({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back_through_others():
    loops = _loops(_import_graph())
    assert not loops, "import loops (function-local imports count):\n" + "\n".join(
        " <-> ".join(group) for group in loops
    )


def test_the_gpu_package_imports_nothing_from_the_engine():
    # The engine asks the gpu package for its device; the other way round would be a loop
    # between packages (GpuContext is handed in instead).
    graph = _import_graph()
    for name, imports in graph.items():
        if name == "carevoice.gpu" or name.startswith("carevoice.gpu."):
            engine = sorted(i for i in imports if i.startswith("carevoice.engine"))
            assert not engine, f"{name} imports {engine}"


SHELL = {"__init__", "app", "crash", "i18n", "main_window", "runner", "settings"}
SHELL |= {"settings_dialog", "shell", "startup", "screenshots", "whisper_languages"}
SHELL |= {"remote"}  # `care-voice dictate --toggle` reaching the open window
SHELL |= {"file_dialogs"}  # the file dialogs every place uses, and the window's own state
SHELL |= {"dates"}  # how every place writes a date (the C locale falls back to ISO)
SHELL |= {"about", "keyboard"}  # Help → About; the keys every place shares


def test_the_top_of_ui_holds_only_the_shell_and_each_place_has_its_folder():
    top = {p.stem for p in (PACKAGE / "ui").glob("*.py")}
    assert top <= SHELL, f"not the shell, belongs in a place's folder: {sorted(top - SHELL)}"
    places = {p.name for p in (PACKAGE / "ui").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"dictate", "files", "transcript", "notes", "gpu"} <= places

"""What the Care Voice bundle carries beyond PyInstaller's own analysis, and where it goes.

packaging/care-voice.spec calls these; they live in a module so tests can check them
without a build. Destinations are relative to the bundle's `_internal/` (sys._MEIPASS),
except the desktop files, which go beside the executable.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.carevoice.CareVoice"
ICON_NAME = "care-voice"

# Imported somewhere in the dependency tree but never used by the app: leaving them out
# keeps the bundle smaller and its start faster.
EXCLUDES = [
    "tkinter",
    "_tkinter",
    "IPython",
    "matplotlib",
    "pytest",
    "jiwer",
    "PIL",
    "torch",
    "tensorflow",
]


def resource_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """Translations (*.qm), icons and the self-test sample, at carevoice/resources in the
    bundle: where importlib.resources finds them in an installed package too."""
    package = root / "app"
    resources = package / "carevoice" / "resources"
    found: list[tuple[str, str]] = []
    for qm in sorted((resources / "translations").glob("*.qm")):
        found.append((str(qm), "carevoice/resources/translations"))
    for path in sorted((resources / "icons").rglob("*")):
        if path.is_file() and path.suffix in (".svg", ".png"):
            found.append((str(path), path.parent.relative_to(package).as_posix()))
    for path in sorted((resources / "samples").glob("*")):
        if path.suffix in (".wav", ".txt"):
            found.append((str(path), "carevoice/resources/samples"))
    return found


@contextlib.contextmanager
def _private_home(folder: Path) -> Iterator[None]:
    """Point Care Voice's user folders at `folder` for a moment (the build is not a user)."""
    before = os.environ.get("CAREVOICE_HOME")
    os.environ["CAREVOICE_HOME"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("CAREVOICE_HOME", None)
        else:
            os.environ["CAREVOICE_HOME"] = before


def assemble_base_model(work: Path) -> Path:
    """Join the multilingual base model in the build folder and check its size and sha256.

    Uses the app's own assembly (carevoice.engine.models), then hashes the result again:
    a bundle must never ship a model that differs from BASE_MODEL.
    """
    from carevoice.engine.models import BASE_MODEL, assemble_split_model, sha256_of

    with _private_home(work / "carevoice-home"):
        folder = assemble_split_model(BASE_MODEL)
    model_bin = folder / "model.bin"
    size, digest = model_bin.stat().st_size, sha256_of(model_bin)
    if size != BASE_MODEL.size_bytes or digest != BASE_MODEL.sha256:
        raise SystemExit(
            f"care-voice.spec: the assembled base model is {size:,} bytes with sha256 {digest}; "
            f"expected {BASE_MODEL.size_bytes:,} bytes with sha256 {BASE_MODEL.sha256}."
        )
    return folder


def model_datas(assembled: Path) -> list[tuple[str, str]]:
    """The assembled model's files, for models/whisper-base (not the cache's marker file)."""
    from carevoice.engine.bundled import BUNDLE_MODELS_FOLDER, model_folder_name
    from carevoice.engine.models import BASE_MODEL

    target = f"{BUNDLE_MODELS_FOLDER}/{model_folder_name(BASE_MODEL.name)}"
    names = (*BASE_MODEL.side_files, "model.bin")
    return [(str(assembled / name), target) for name in names]


def cuda_binaries(search_paths: list[str] | None = None) -> list[tuple[str, str]]:
    """pip's CUDA libraries the engine needs, when the build environment has them.

    Each goes to nvidia/<package>/lib, the layout carevoice.gpu.cudalibs looks for under
    sys._MEIPASS; without them the bundle runs on the CPU and `doctor` says what is missing.
    """
    from carevoice.gpu.cudalibs import (
        installed_engine_version,
        needed_libraries,
        pip_nvidia_lib_dirs,
    )

    found: list[tuple[str, str]] = []
    dirs = pip_nvidia_lib_dirs(search_paths, platform="linux")
    for library in needed_libraries(installed_engine_version()):
        for filename in library.linux_files:
            for folder, _source in dirs:
                if (folder / filename).is_file():
                    found.append((str(folder / filename), bundle_lib_dir(folder)))
                    break
    return found


def bundle_lib_dir(folder: Path) -> str:
    """site-packages/nvidia/cublas/lib -> nvidia/cublas/lib."""
    return f"nvidia/{folder.parent.name}/{folder.name}"


def desktop_files(root: Path = ROOT) -> list[tuple[Path, str]]:
    """Linux desktop integration, as (source, path inside the bundle folder)."""
    icons = root / "app" / "carevoice" / "resources" / "icons"
    files = [
        (LINUX / f"{APP_ID}.desktop", f"share/applications/{APP_ID}.desktop"),
        (LINUX / f"{APP_ID}.metainfo.xml", f"share/metainfo/{APP_ID}.metainfo.xml"),
        (icons / f"{ICON_NAME}.svg", f"share/icons/hicolor/scalable/apps/{ICON_NAME}.svg"),
        (LINUX / "install-desktop-entry", "install-desktop-entry"),
    ]
    for png in sorted((icons / "hicolor").glob(f"*/apps/{ICON_NAME}.png")):
        files.append((png, f"share/icons/{png.relative_to(icons).as_posix()}"))
    return files


def install_desktop_files(bundle_dir: Path, root: Path = ROOT) -> None:
    """Copy the desktop integration files into a finished bundle folder."""
    for source, relative in desktop_files(root):
        target = bundle_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)

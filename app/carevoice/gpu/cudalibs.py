"""The CUDA libraries the engine loads at run time: make pip's copies loadable, and check them.

ctranslate2 opens cuBLAS (and, in 4.4-4.6.2, cuDNN) with dlopen/LoadLibrary when it first
needs them. pip's nvidia-* wheels put those libraries in site-packages/nvidia/*/lib (bin on
Windows), where the system loader never looks; preloading them by full path makes the
later load by name find the copy already in the process.
"""

from __future__ import annotations

import ctypes
import os
import re
import shlex
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CudaLibrary:
    """A library the engine needs: its files in load order, and the pip package with them."""

    name: str
    linux_files: tuple[str, ...]  # dependencies first; the last one is what the engine opens
    windows_files: tuple[str, ...]
    pip_requirement: str

    def files(self, platform: str | None = None) -> tuple[str, ...]:
        windows = (platform or sys.platform) == "win32"
        return self.windows_files if windows else self.linux_files

    def filename(self, platform: str | None = None) -> str:
        return self.files(platform)[-1]


CUBLAS_12 = CudaLibrary(
    "cuBLAS 12",
    ("libcublasLt.so.12", "libcublas.so.12"),
    ("cublasLt64_12.dll", "cublas64_12.dll"),
    "nvidia-cublas-cu12",
)
# 8.9.7.29 is the last cuDNN 8 wheel for CUDA 12 on PyPI.
CUDNN_8 = CudaLibrary(
    "cuDNN 8", ("libcudnn.so.8",), ("cudnn64_8.dll",), "nvidia-cudnn-cu12==8.9.7.29"
)
CUDNN_9 = CudaLibrary("cuDNN 9", ("libcudnn.so.9",), ("cudnn64_9.dll",), "nvidia-cudnn-cu12>=9,<10")
KNOWN_LIBRARIES = (CUBLAS_12, CUDNN_8, CUDNN_9)


@dataclass
class LibraryCheck:
    """Whether one library the engine needs can be loaded, from where, and how to install it."""

    name: str  # "cuBLAS 12"
    filename: str  # "libcublas.so.12" / "cublas64_12.dll"
    needed: bool
    found: bool
    path: str | None
    source: str | None  # "system", "pip" or "bundle"
    error: str | None
    install_hint: str  # the exact command that installs it

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> LibraryCheck:
        fields: dict[str, Any] = {k: data.get(k) for k in cls.__dataclass_fields__}
        return cls(**fields)


def installed_engine_version() -> str | None:
    """The installed ctranslate2 version, read without importing it."""
    try:
        return version("ctranslate2")
    except PackageNotFoundError:
        return None


def needed_libraries(engine_version: str | None) -> list[CudaLibrary]:
    """What ctranslate2 `engine_version` loads for CUDA (see docs/gpu-kernels.md).

    cuBLAS 12 always; cuDNN 8 for 4.4.x, cuDNN 9 for 4.5.0-4.6.2 (their Whisper
    convolutions used cuDNN); 4.6.3 and later need cuBLAS only.
    """
    match = re.match(r"\s*(\d+)\.(\d+)(?:\.(\d+))?", engine_version or "")
    if not match:
        return [CUBLAS_12]
    parts = (int(match[1]), int(match[2]), int(match[3] or 0))
    if parts < (4, 5, 0):
        return [CUBLAS_12, CUDNN_8]
    if parts <= (4, 6, 2):
        return [CUBLAS_12, CUDNN_9]
    return [CUBLAS_12]


def install_hint(library: CudaLibrary) -> str:
    """The exact command that installs `library` for this app's Python."""
    if getattr(sys, "frozen", False):
        return (
            f"reinstall Care Voice with its GPU libraries (this build looks for "
            f"{library.filename()} in its nvidia folder), or install {library.name} for "
            "CUDA 12 system-wide"
        )
    args = [sys.executable, "-m", "pip", "install", library.pip_requirement]
    return subprocess.list2cmdline(args) if sys.platform == "win32" else shlex.join(args)


def library_for(filename: str) -> CudaLibrary | None:
    """The known library a file such as "libcublas.so.12" or "cudnn64_9.dll" belongs to."""
    for library in KNOWN_LIBRARIES:
        if filename in library.linux_files + library.windows_files:
            return library
    return None


# -- making pip's libraries loadable --------------------------------------------------------

_lock = threading.Lock()
_preloaded: dict[str, tuple[str, str]] = {}  # file name -> (path, source)
_made_loadable: list[str] = []  # what the caller is told, in order
_keep_alive: list[object] = []  # CDLL handles and DLL-directory cookies must not be collected


def pip_nvidia_lib_dirs(
    search_paths: list[str] | None = None, platform: str | None = None
) -> list[tuple[Path, str]]:
    """(folder, source) for each nvidia/*/lib (nvidia/*/bin on Windows) folder found.

    Searches a PyInstaller bundle (sys._MEIPASS, source "bundle") first, then every
    sys.path entry (source "pip"), or `search_paths` when given.
    """
    sub = "bin" if (platform or sys.platform) == "win32" else "lib"
    roots: list[tuple[str, str]] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append((bundle, "bundle"))
    roots += [
        (entry, "pip") for entry in (sys.path if search_paths is None else search_paths) if entry
    ]
    found: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for root, source in roots:
        nvidia = Path(root) / "nvidia"
        if not nvidia.is_dir():
            continue
        for folder in sorted(nvidia.glob(f"*/{sub}")):
            key = os.path.normcase(str(folder.resolve()))
            if folder.is_dir() and key not in seen:
                seen.add(key)
                source_here = "bundle" if bundle and _inside(folder, bundle) else source
                found.append((folder, source_here))
    return found


def _inside(path: Path, root: str) -> bool:
    try:
        path.resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True


def make_pip_nvidia_libs_loadable(
    filenames: list[str] | None = None, *, search_paths: list[str] | None = None
) -> list[str]:
    """Make pip's (or the bundle's) CUDA libraries loadable by name; call before ctranslate2
    touches CUDA. Idempotent. Returns every folder and file made loadable so far.

    Linux: preloads `filenames` (default: what the installed engine needs, dependencies
    first, e.g. libcublasLt.so.12 then libcublas.so.12) with RTLD_GLOBAL, so ctranslate2's
    later dlopen("libcublas.so.12") finds them by soname. Windows: adds each nvidia/*/bin to
    the DLL search (os.add_dll_directory and PATH, because ctranslate2 calls LoadLibrary
    without the flags that honour add_dll_directory) and preloads the same files. A file
    that fails to load is skipped; check_cuda_libraries reports why.
    """
    if filenames is None:
        filenames = [f for lib in needed_libraries(installed_engine_version()) for f in lib.files()]
    with _lock:
        dirs = pip_nvidia_lib_dirs(search_paths)
        if sys.platform == "win32":
            _add_windows_dirs(dirs)
        for filename in filenames:
            if filename in _preloaded:
                continue
            for folder, source in dirs:
                path = folder / filename
                if not path.is_file():
                    continue
                try:
                    _keep_alive.append(ctypes.CDLL(str(path), mode=_global_mode()))
                except OSError:
                    break  # a broken copy; the check reports the loader's error
                _preloaded[filename] = (str(path), source)
                _made_loadable.append(str(path))
                break
        return list(_made_loadable)


def _global_mode() -> int:
    return getattr(os, "RTLD_GLOBAL", 0) | getattr(os, "RTLD_NOW", 0)


def _add_windows_dirs(dirs: list[tuple[Path, str]]) -> None:
    path_entries = os.environ.get("PATH", "").split(os.pathsep)
    for folder, _source in dirs:
        text = str(folder)
        if text in _made_loadable:
            continue
        try:
            _keep_alive.append(os.add_dll_directory(text))  # type: ignore[attr-defined]
        except OSError:
            continue
        if text not in path_entries:
            os.environ["PATH"] = text + os.pathsep + os.environ.get("PATH", "")
        _made_loadable.append(text)


def _loaded_path(filename: str, handle: ctypes.CDLL) -> str | None:
    """Where the loader found `filename`."""
    if sys.platform == "win32":
        buffer = ctypes.create_unicode_buffer(32768)
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        length = kernel32.GetModuleFileNameW(ctypes.c_void_p(handle._handle), buffer, 32768)
        return buffer.value if length else None
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip()
                # libcublas.so.12 is a link; the map shows libcublas.so.12.8.4.1
                if os.path.basename(path).startswith(filename):
                    return path
    except OSError:
        pass
    return None


# -- checking -----------------------------------------------------------------------------


def check_cuda_libraries(engine_version: str | None = None) -> list[LibraryCheck]:
    """Whether each library ctranslate2 `engine_version` needs can be loaded, and from where.

    pip's (or the bundle's) copies are made loadable first, then the system search is
    tried. With CAREVOICE_FAKE_GPU set, the profile's "cuda_libraries" answer is used.
    """
    from carevoice.gpu.fake import active_fake

    if engine_version is None:
        engine_version = installed_engine_version()
    libraries = needed_libraries(engine_version)
    fake = active_fake()
    if fake is not None and fake.cuda_libraries is not None:
        return [_fake_check(lib, fake.cuda_libraries.get(lib.name, {})) for lib in libraries]
    make_pip_nvidia_libs_loadable([f for lib in libraries for f in lib.files()])
    return [_check(lib) for lib in libraries]


def _fake_check(library: CudaLibrary, answer: dict) -> LibraryCheck:
    found = bool(answer.get("found", False))
    source = answer.get("source") if found else None
    return LibraryCheck(
        library.name,
        library.filename(),
        True,
        found,
        _platform_path(library, answer.get("path"), source),
        source,
        answer.get("error"),
        install_hint(library),
    )


def _platform_path(library: CudaLibrary, recorded: str | None, source: str | None) -> str | None:
    """The recorded path where it is this platform's file; otherwise where this platform
    would have it (a profile recorded on Windows names a .dll, which Linux never loads)."""
    filename = library.filename()
    if recorded is None or recorded.replace("\\", "/").rsplit("/", 1)[-1] == filename:
        return recorded
    windows = sys.platform == "win32"
    if source == "pip":
        import sysconfig

        package = library.pip_requirement.removeprefix("nvidia-").rsplit("-cu", 1)[0]
        folder = Path(sysconfig.get_paths()["purelib"]) / "nvidia" / package
        return str(folder / ("bin" if windows else "lib") / filename)
    system = Path("C:/Windows/System32") if windows else Path("/usr/lib/x86_64-linux-gnu")
    return str(system / filename)


def _check(library: CudaLibrary) -> LibraryCheck:
    filename = library.filename()
    hint = install_hint(library)
    if filename in _preloaded:
        path, source = _preloaded[filename]
        return LibraryCheck(library.name, filename, True, True, path, source, None, hint)
    try:
        if sys.platform == "win32":
            # winmode=0: the classic LoadLibrary search, which includes PATH, as the engine uses.
            handle = ctypes.CDLL(filename, winmode=0)
        else:
            handle = ctypes.CDLL(filename, mode=_global_mode())
    except OSError as exc:
        error = str(exc)
    else:
        _keep_alive.append(handle)
        return LibraryCheck(
            library.name, filename, True, True, _loaded_path(filename, handle), "system", None, hint
        )
    for folder, source in pip_nvidia_lib_dirs():
        candidate = folder / filename
        if candidate.is_file():  # pip has it, but it does not load (wrong architecture, deps)
            try:
                ctypes.CDLL(str(candidate), mode=_global_mode())
            except OSError as exc:
                error = str(exc)
            return LibraryCheck(
                library.name, filename, True, False, str(candidate), source, error, hint
            )
    return LibraryCheck(library.name, filename, True, False, None, None, error, hint)

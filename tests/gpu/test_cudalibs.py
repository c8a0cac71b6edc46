"""Finding and loading the CUDA libraries the engine needs, from pip, a bundle or the system."""

from __future__ import annotations

import ctypes
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from carevoice.gpu import cudalibs
from carevoice.gpu.cudalibs import (
    CUBLAS_12,
    CUDNN_8,
    CUDNN_9,
    LibraryCheck,
    check_cuda_libraries,
    install_hint,
    library_for,
    make_pip_nvidia_libs_loadable,
    needed_libraries,
    pip_nvidia_lib_dirs,
)
from carevoice.gpu.fake import FAKE_ENV

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Linux loader and pip's lib/ layout"
)


@pytest.fixture
def fresh_state(monkeypatch):
    """Forget what earlier tests preloaded, so each test sees a first call."""
    monkeypatch.setattr(cudalibs, "_preloaded", {})
    monkeypatch.setattr(cudalibs, "_made_loadable", [])
    monkeypatch.setattr(cudalibs, "_keep_alive", [])


def pip_tree(root: Path, files: dict[str, str], sub: str = "lib") -> Path:
    """A site-packages folder with nvidia/<package>/<sub>/<file> for each file."""
    site = root / "site-packages"
    (site / "nvidia").mkdir(parents=True, exist_ok=True)
    (site / "nvidia" / "__init__.py").write_text("")
    for filename, package in files.items():
        folder = site / "nvidia" / package / sub
        folder.mkdir(parents=True, exist_ok=True)
        (folder / filename).write_bytes(b"")
    return site


def cublas_is_installed() -> bool:
    try:
        ctypes.CDLL("libcublas.so.12")
    except OSError:
        return False
    return True


# -- which libraries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "engine, expected",
    [
        ("4.4.0", [CUBLAS_12, CUDNN_8]),
        ("4.5.0", [CUBLAS_12, CUDNN_9]),
        ("4.6.0", [CUBLAS_12, CUDNN_9]),
        ("4.6.2", [CUBLAS_12, CUDNN_9]),
        ("4.6.3", [CUBLAS_12]),
        ("4.8.5", [CUBLAS_12]),
        ("4.8.5.dev1", [CUBLAS_12]),
        ("4.10.0", [CUBLAS_12]),
        ("not installed", [CUBLAS_12]),
        (None, [CUBLAS_12]),
    ],
)
def test_needed_libraries_follow_the_engine_version(engine, expected):
    assert needed_libraries(engine) == expected


def test_file_names_per_platform():
    assert CUBLAS_12.files("linux") == ("libcublasLt.so.12", "libcublas.so.12")
    assert CUBLAS_12.filename("win32") == "cublas64_12.dll"
    assert CUDNN_8.filename("linux") == "libcudnn.so.8"
    assert CUDNN_9.filename("win32") == "cudnn64_9.dll"
    assert library_for("cudnn64_9.dll") is CUDNN_9
    assert library_for("libcublasLt.so.12") is CUBLAS_12
    assert library_for("libfoo.so.1") is None


def test_install_hint_is_this_pythons_pip():
    hint = install_hint(CUBLAS_12)
    if sys.platform != "win32":
        assert shlex.split(hint) == [sys.executable, "-m", "pip", "install", "nvidia-cublas-cu12"]
        # The version range must survive the shell.
        assert shlex.split(install_hint(CUDNN_9))[-1] == "nvidia-cudnn-cu12>=9,<10"
    assert "nvidia-cublas-cu12" in hint


def test_install_hint_in_a_bundle_has_no_pip(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    hint = install_hint(CUBLAS_12)
    assert "pip" not in hint and "reinstall Care Voice" in hint
    assert CUBLAS_12.filename() in hint


def test_library_check_survives_json():
    check = LibraryCheck(
        "cuBLAS 12",
        "libcublas.so.12",
        True,
        False,
        None,
        None,
        "gone",
        "pip install nvidia-cublas-cu12",
    )
    assert LibraryCheck.from_dict(json.loads(json.dumps(check.to_dict()))) == check


# -- finding pip's folders ------------------------------------------------------------------


def test_pip_layout_is_found(tmp_path):
    site = pip_tree(tmp_path, {"libcublas.so.12": "cublas", "libcudnn.so.9": "cudnn"})
    (site / "nvidia" / "cuda_runtime").mkdir()  # no lib/ inside: not a library folder
    other = tmp_path / "empty-site"
    other.mkdir()
    found = pip_nvidia_lib_dirs([str(other), str(site), str(site)], platform="linux")
    assert found == [
        (site / "nvidia" / "cublas" / "lib", "pip"),
        (site / "nvidia" / "cudnn" / "lib", "pip"),
    ]


def test_windows_layout_uses_bin(tmp_path):
    site = pip_tree(tmp_path, {"cublas64_12.dll": "cublas"}, sub="bin")
    assert pip_nvidia_lib_dirs([str(site)], platform="win32") == [
        (site / "nvidia" / "cublas" / "bin", "pip")
    ]
    assert pip_nvidia_lib_dirs([str(site)], platform="linux") == []


def test_a_pyinstaller_bundle_comes_first(tmp_path, monkeypatch):
    bundle = pip_tree(tmp_path / "bundle", {"libcublas.so.12": "cublas"})
    site = pip_tree(tmp_path / "venv", {"libcublas.so.12": "cublas"})
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    found = pip_nvidia_lib_dirs([str(site), str(bundle)], platform="linux")
    assert found == [
        (bundle / "nvidia" / "cublas" / "lib", "bundle"),
        (site / "nvidia" / "cublas" / "lib", "pip"),
    ]


# -- preloading -----------------------------------------------------------------------------


def test_cublaslt_is_preloaded_before_cublas_globally_and_once(tmp_path, monkeypatch, fresh_state):
    site = pip_tree(tmp_path, {"libcublas.so.12": "cublas", "libcublasLt.so.12": "cublas"})
    opened = []
    monkeypatch.setattr(
        cudalibs.ctypes,
        "CDLL",
        lambda path, mode=0: opened.append((Path(path).name, mode)) or object(),
    )
    monkeypatch.setattr(cudalibs.sys, "platform", "linux")
    first = make_pip_nvidia_libs_loadable(list(CUBLAS_12.files("linux")), search_paths=[str(site)])
    again = make_pip_nvidia_libs_loadable(list(CUBLAS_12.files("linux")), search_paths=[str(site)])
    folder = site / "nvidia" / "cublas" / "lib"
    assert first == again == [str(folder / "libcublasLt.so.12"), str(folder / "libcublas.so.12")]
    assert [name for name, _ in opened] == ["libcublasLt.so.12", "libcublas.so.12"]
    assert all(mode & os.RTLD_GLOBAL for _, mode in opened)


@linux_only
def test_a_broken_pip_copy_is_reported_not_fatal(tmp_path, monkeypatch, fresh_state):
    if cublas_is_installed():
        pytest.skip("a real libcublas.so.12 would be found first")
    site = pip_tree(tmp_path, {"libcublas.so.12": "cublas"})  # an empty file: not an ELF
    monkeypatch.syspath_prepend(str(site))
    assert make_pip_nvidia_libs_loadable(["libcublas.so.12"]) == []
    [check] = check_cuda_libraries("4.8.5")
    assert not check.found
    assert check.path == str(site / "nvidia" / "cublas" / "lib" / "libcublas.so.12")
    assert check.source == "pip"
    assert "too short" in check.error or "ELF" in check.error


@linux_only
def test_a_real_library_in_the_pip_layout_is_loaded_by_path(tmp_path):
    # Any real ELF shared library stands in for cuBLAS: what is tested is that the pip
    # folder is found and the file is loaded from it, in a child so this process stays clean.
    libs = glob.glob(
        os.path.join(os.path.dirname(__import__("ctranslate2").__file__) + ".libs", "libgomp*.so*")
    )
    if not libs:
        pytest.skip("no small shared library to stand in for cuBLAS")
    site = pip_tree(tmp_path, {})
    folder = site / "nvidia" / "cublas" / "lib"
    folder.mkdir(parents=True)
    for name in CUBLAS_12.linux_files:
        shutil.copy(libs[0], folder / name)
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(site)!r})\n"
        "from carevoice.gpu import cudalibs\n"
        "loaded = cudalibs.make_pip_nvidia_libs_loadable()\n"
        "again = cudalibs.make_pip_nvidia_libs_loadable()\n"
        "checks = [c.to_dict() for c in cudalibs.check_cuda_libraries('4.8.5')]\n"
        "maps = open('/proc/self/maps').read()\n"
        "print(json.dumps({'loaded': loaded, 'again': again, 'checks': checks,\n"
        f"                  'mapped': {str(folder / 'libcublas.so.12')!r} in maps}}))\n"
    )
    env = {**os.environ}
    env.pop(FAKE_ENV, None)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    expected = [str(folder / "libcublasLt.so.12"), str(folder / "libcublas.so.12")]
    assert answer["loaded"] == answer["again"] == expected
    assert answer["mapped"]
    [check] = answer["checks"]
    assert (check["found"], check["source"], check["path"]) == (True, "pip", expected[1])


# -- checking on this machine and with fakes --------------------------------------------------


@linux_only
def test_missing_cublas_on_this_machine_says_how_to_install_it(fresh_state):
    if cublas_is_installed():
        pytest.skip("libcublas.so.12 is installed here")
    [check] = check_cuda_libraries("4.8.5")
    assert (check.name, check.filename, check.needed) == ("cuBLAS 12", "libcublas.so.12", True)
    assert check.found is False and check.path is None and check.source is None
    assert "libcublas.so.12" in check.error
    assert "nvidia-cublas-cu12" in check.install_hint
    assert sys.executable in check.install_hint


@linux_only
def test_an_old_engine_also_needs_cudnn(fresh_state):
    checks = check_cuda_libraries("4.5.1")
    assert [c.filename for c in checks] == ["libcublas.so.12", "libcudnn.so.9"]
    if not any(c.found for c in checks):
        assert "nvidia-cudnn-cu12>=9,<10" in checks[1].install_hint


def test_fake_profile_answers_for_the_libraries(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "rtx5070ti")
    [check] = check_cuda_libraries("4.8.5")
    assert check.found and check.source == "pip"
    # The profile was recorded on Windows (cublas64_12.dll); each platform names its own file.
    own = "cublas64_12.dll" if sys.platform == "win32" else "libcublas.so.12"
    assert check.path.endswith(own) and check.filename == own
    assert ("AppData" in check.path) == (sys.platform == "win32")
    monkeypatch.setenv(FAKE_ENV, "h100")
    [check] = check_cuda_libraries("4.8.5")
    assert not check.found and check.source is None
    assert "cannot open shared object file" in check.error
    assert "nvidia-cublas-cu12" in check.install_hint


def test_fake_profile_without_an_answer_lists_missing_libraries(monkeypatch):
    monkeypatch.setenv(FAKE_ENV, "rtx4090")
    checks = check_cuda_libraries("4.4.0")  # the profile knows cuBLAS only
    assert [(c.name, c.found) for c in checks] == [("cuBLAS 12", True), ("cuDNN 8", False)]

"""The PyInstaller bundle, built once per session as a user builds it, then used as a user would.

The build runs `packaging/build-bundle` into a temporary folder (about a minute on two
cores), moves the result elsewhere (a copied folder must not point back at its build),
and runs it offline (`unshare -n`) with this machine's Python, the checkout's code and
Debian's PortAudio hidden, as on a Debian machine that never had Python. Its size and
build time are printed in pytest's terminal summary and written to build/bundle-report.txt.
CAREVOICE_TEST_BUNDLE=dist/care-voice tests an existing bundle instead of building one.

The first half needs no build: the packaging files themselves.
"""

from __future__ import annotations

import configparser
import functools
import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from carevoice import __version__
from carevoice.engine import bundled
from tests.speech import ENGLISH_NOTE, word_error_rate

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICONS = ROOT / "app" / "carevoice" / "resources" / "icons"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
APP_ID = "io.carevoice.CareVoice"
REPORT = ROOT / "build" / "bundle-report.txt"
EXISTING_BUNDLE_ENV = "CAREVOICE_TEST_BUNDLE"
MAX_BUNDLE_MB = 1200  # about 760 MB today; a sudden jump means something big crept in


def _load_bundle_contents():
    path = PACKAGING / "bundle_contents.py"
    spec = importlib.util.spec_from_file_location("bundle_contents", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contents = _load_bundle_contents()


# ============================================================ the packaging files, no build


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_the_icon_exists_as_svg_and_png_at_every_usual_size():
    assert (ICONS / "care-voice.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in ICON_SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "care-voice.png"
        assert _png_size(png) == (size, size)


def test_the_desktop_file_names_the_icon_and_the_command():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "Care Voice"
    # %F: "Open with Care Voice" hands it the files, which open queued in Files.
    assert desktop["Exec"] == "care-voice %F" and desktop["Icon"] == contents.ICON_NAME
    # Concrete types (desktop files take no audio/* globs), the ones PyAV reads.
    types = desktop["MimeType"].rstrip(";").split(";")
    assert "*" not in desktop["MimeType"] and len(types) == len(set(types))
    assert {"audio/mpeg", "audio/x-wav", "audio/ogg", "audio/flac", "audio/mp4"} <= set(types)
    assert {"video/mp4", "video/x-matroska", "video/quicktime", "video/webm"} <= set(types)
    assert all(t.split("/")[0] in ("audio", "video") for t in types)
    # The desktop file id is the AppStream id, and the one the app tells the desktop.
    from carevoice.ui.app import APP_ID as APP_DESKTOP_ID

    assert APP_DESKTOP_ID == APP_ID
    # Qt's X11 windows carry WM_CLASS (argv[0], applicationName); desktops match the class.
    assert desktop["StartupWMClass"] == "Care Voice"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def _releases() -> list[tuple[str, str]]:
    tree = ElementTree.parse(LINUX / f"{APP_ID}.metainfo.xml")
    return [(r.get("version"), r.get("date")) for r in tree.getroot().iter("release")]


def test_the_appstream_metadata_is_valid_and_launches_the_desktop_file():
    root = ElementTree.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("provides/binary").text == "care-voice"
    if shutil.which("appstreamcli"):
        result = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_version_is_the_same_in_the_changelog_and_the_appstream_release():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert released, "CHANGELOG.md has no '## [X.Y.Z] - YYYY-MM-DD' release heading"
    assert "## [Unreleased]" in changelog
    assert released[0][0] == __version__
    assert _releases()[0] == released[0]


def test_the_bundle_carries_the_resources_the_app_looks_for():
    app = ROOT / "app"
    datas = {
        (Path(src).relative_to(app).as_posix(), dest) for src, dest in contents.resource_datas(ROOT)
    }
    res = "carevoice/resources"
    assert (f"{res}/samples/care-note-en.wav", f"{res}/samples") in datas
    assert (f"{res}/samples/care-note-en.txt", f"{res}/samples") in datas
    assert (f"{res}/icons/care-voice.svg", f"{res}/icons") in datas
    for size in ICON_SIZES:
        folder = f"{res}/icons/hicolor/{size}x{size}/apps"
        assert (f"{folder}/care-voice.png", folder) in datas
    for qm in (app / res / "translations").glob("*.qm"):
        assert (qm.relative_to(app).as_posix(), f"{res}/translations") in datas
    # importlib.resources finds them there inside a bundle, as in an installed package.
    assert {d for _, d in datas} <= {
        f"{res}/translations",
        f"{res}/samples",
        f"{res}/icons",
    } | {f"{res}/icons/hicolor/{s}x{s}/apps" for s in ICON_SIZES}


def test_pip_cuda_libraries_land_where_the_app_looks_inside_a_bundle(tmp_path, monkeypatch):
    # A build environment with pip's cuBLAS: the spec collects it to nvidia/cublas/lib ...
    from carevoice.gpu import cudalibs

    site = tmp_path / "site-packages"
    lib = site / "nvidia" / "cublas" / "lib"
    lib.mkdir(parents=True)
    for name in ("libcublasLt.so.12", "libcublas.so.12", "libnvblas.so.12"):
        (lib / name).write_bytes(b"\x7fELF")
    collected = contents.cuda_binaries(search_paths=[str(site)])
    assert collected == [
        (str(lib / "libcublasLt.so.12"), "nvidia/cublas/lib"),
        (str(lib / "libcublas.so.12"), "nvidia/cublas/lib"),
    ]
    # ... and the frozen app finds them there, as the bundle's own.
    meipass = tmp_path / "bundle" / "_internal"
    for source, destination in collected:
        (meipass / destination).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, meipass / destination)
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)
    found = cudalibs.pip_nvidia_lib_dirs(search_paths=[], platform="linux")
    assert found == [(meipass / "nvidia" / "cublas" / "lib", "bundle")]


def test_prebuilt_models_are_found_only_where_the_bundle_says(tmp_path, monkeypatch):
    monkeypatch.delenv(bundled.BUNDLED_MODELS_ENV, raising=False)
    assert bundled.prebuilt_model_dir("base") is None
    folder = tmp_path / bundled.model_folder_name("base")
    folder.mkdir()
    monkeypatch.setenv(bundled.BUNDLED_MODELS_ENV, str(tmp_path))
    assert bundled.prebuilt_model_dir("base") is None  # no model.bin: not a model
    (folder / "model.bin").write_bytes(b"x")
    assert bundled.prebuilt_model_dir("base") == folder


def test_the_runtime_hook_uses_the_apps_names():
    # The hook cannot import carevoice (it runs first); its literals must match the app's.
    hook = (PACKAGING / "hooks" / "rthook_carevoice.py").read_text(encoding="utf-8")
    assert (
        f'os.environ["{bundled.BUNDLED_MODELS_ENV}"] = '
        f'os.path.join(bundle, "{bundled.BUNDLE_MODELS_FOLDER}")'
    ) in hook
    model_targets = {dest for _, dest in contents.model_datas(Path("/assembled"))}
    assert model_targets == {f"{bundled.BUNDLE_MODELS_FOLDER}/whisper-base"}


# ============================================================ building the bundle, once


@dataclass
class Bundle:
    folder: Path
    build_s: float | None
    size_mb: float

    @property
    def exe(self) -> Path:
        return self.folder / "care-voice"

    @property
    def internal(self) -> Path:
        return self.folder / "_internal"


class _BundleSummary:
    """A pytest plugin registered by the fixture: the bundle's numbers in the CI log."""

    def __init__(self, lines: list[str]):
        self.lines = lines

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.section("Care Voice bundle")
        for line in self.lines:
            terminalreporter.write_line(line)


def _folder_mb(folder: Path) -> float:
    total = sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_symlink())
    return total / 1e6


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, request) -> Bundle:
    existing = os.environ.get(EXISTING_BUNDLE_ENV)
    work = None
    spec_notes: list[str] = []
    if existing:
        folder, build_s = Path(existing).resolve(), None
    else:
        work = tmp_path_factory.mktemp("bundle")
        started = time.perf_counter()
        result = subprocess.run(
            [
                str(PACKAGING / "build-bundle"),
                "--no-setup",
                "--dist",
                str(work / "dist"),
                "--work",
                str(work / "work"),
            ],
            env={**os.environ, "PYTHON": sys.executable},
            capture_output=True,
            text=True,
            timeout=1500,
        )
        build_s = time.perf_counter() - started
        assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
        spec_notes = [
            line for line in result.stdout.splitlines() if line.startswith("care-voice.spec:")
        ]
        # Somewhere else, as when copied to another machine: nothing may point back here.
        folder = work / "elsewhere" / "care-voice"
        folder.parent.mkdir()
        os.rename(work / "dist" / "care-voice", folder)
        shutil.rmtree(work / "work")
    size_mb = _folder_mb(folder)
    lines = [
        f"bundle: {folder}",
        f"size: {size_mb:.0f} MB ({sum(1 for _ in folder.rglob('*'))} files)",
        f"build time: {build_s:.0f} s" if build_s is not None else "build time: not built here",
        f"version: {__version__}",
        *spec_notes,
    ]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    request.config.pluginmanager.register(_BundleSummary(lines), "carevoice-bundle-summary")
    yield Bundle(folder, build_s, size_mb)
    if work is not None:
        shutil.rmtree(work, ignore_errors=True)


# ============================================================ running it as a user would


@functools.cache
def _isolation(with_mounts: bool) -> list[str]:
    """The unshare command that cuts the network (and gives a private mount table)."""
    flags = ["-n", "-m"] if with_mounts else ["-n"]
    for command in (["unshare", *flags], ["unshare", "-r", *flags]):
        if (
            shutil.which("unshare")
            and subprocess.run([*command, "true"], capture_output=True).returncode == 0
        ):
            return command
    pytest.skip("unshare cannot make a network namespace here (needs root or user namespaces)")


def _hidden_paths(bundle: Bundle) -> tuple[list[str], list[str]]:
    """What a Debian machine without Python would not have: folders, and PortAudio's file."""
    minor = f"python3.{sys.version_info.minor}"
    folders = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        "/usr/lib/python3",
        f"/usr/lib/{minor}",
        f"/usr/local/lib/{minor}",
        str(ROOT / "app"),
    }
    hf_home = Path(os.environ.get("HF_HOME") or Path.home() / ".cache" / "huggingface")
    folders.add(str(hf_home))
    hidden = sorted(f for f in folders if Path(f).is_dir() and not bundle.folder.is_relative_to(f))
    # Debian's PortAudio, and the loader cache that lets ctypes.util.find_library name it.
    patterns = ("usr/lib/*/libportaudio.so*", "usr/lib/libportaudio.so*")
    portaudio = sorted({str(p.resolve()) for pattern in patterns for p in Path("/").glob(pattern)})
    files = [*portaudio, "/etc/ld.so.cache"]
    return hidden, [f for f in files if Path(f).is_file()]


def _offline_command(bundle: Bundle, args: list[str], without_python: bool) -> list[str]:
    command = [str(bundle.exe), *map(str, args)]
    if not without_python:
        return [*_isolation(False), *command]
    folders, files = _hidden_paths(bundle)
    script = ["set -e"]
    script += [f"mount -t tmpfs -o size=1m carevoice-hidden {shlex.quote(f)}" for f in folders]
    script += [f"mount --bind /dev/null {shlex.quote(f)}" for f in files]
    script.append(
        f"if [ -e {shlex.quote(sys.executable)} ]; then "
        "echo 'test set-up: Python is still visible' >&2; exit 97; fi"
    )
    script.append('exec "$@"')
    return [*_isolation(True), "sh", "-c", "\n".join(script), "sh", *command]


def run_bundle(
    bundle: Bundle,
    *args,
    home: Path,
    without_python: bool = False,
    env_extra: dict | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess:
    """Run the bundle with the network cut, a fresh user profile, and no Python from here."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CAREVOICE_", "HF_"))
    }
    env.update(CAREVOICE_HOME=str(home), HOME=str(home), **(env_extra or {}))
    return subprocess.run(
        _offline_command(bundle, list(args), without_python),
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_the_bundle_is_a_one_folder_app_of_reasonable_size(bundle):
    assert bundle.exe.is_file() and os.access(bundle.exe, os.X_OK)
    assert bundle.size_mb < MAX_BUNDLE_MB, f"the bundle grew to {bundle.size_mb:.0f} MB"


def test_the_bundle_the_app_and_doctor_report_the_same_version(bundle, tmp_path):
    # carevoice.__version__ is the one source; each of these reads it its own way.
    expected = f"Care Voice {__version__}"
    app = subprocess.run(
        [sys.executable, "-m", "carevoice", "--version"], capture_output=True, text=True, timeout=60
    )
    assert app.stdout.strip() == expected, app.stderr
    frozen = run_bundle(bundle, "--version", home=tmp_path)
    assert frozen.stdout.strip() == expected, frozen.stderr
    report = json.loads(run_bundle(bundle, "doctor", "--json", home=tmp_path).stdout)
    assert report["system"]["care_voice"] == __version__
    text = run_bundle(bundle, "doctor", home=tmp_path).stdout
    assert text.startswith(f"{expected} — ")


def test_doctor_in_the_bundle_reports_what_the_bundle_carries(bundle, tmp_path):
    result = run_bundle(bundle, "doctor", "--json", home=tmp_path)
    assert result.returncode in (0, 1), result.stdout + result.stderr  # GPU or CPU, not "cannot"
    report = json.loads(result.stdout)
    assert report["system"]["frozen"] is True
    assert report["system"]["faster_whisper"] == version("faster-whisper")
    assert report["system"]["ctranslate2"] == version("ctranslate2")
    kernels = report["engine_kernels"]
    assert kernels["status"] == "ok", kernels
    assert Path(kernels["path"]).is_relative_to(bundle.internal)
    assert "sm_86" in kernels["sass"] and kernels["ptx"]
    models = {m["name"]: m for m in report["models"]}
    for name in ("tiny.en", "base"):
        assert models[name]["usable"], models[name]
        assert Path(models[name]["path"]).is_relative_to(bundle.internal), models[name]
    assert not (tmp_path / "cache" / "models").exists(), "the bundle used the user's cache"


def test_the_bundle_carries_qt_plugins_translations_and_assets(bundle):
    qt = bundle.internal / "PySide6" / "Qt"
    for plugin in (
        "platforms/libqoffscreen.so",
        "platforms/libqxcb.so",
        "imageformats/libqsvg.so",
        "imageformats/libqjpeg.so",
        "iconengines/libqsvgicon.so",
    ):
        assert (qt / "plugins" / plugin).is_file(), plugin
    assert (qt / "translations" / "qtbase_zh_TW.qm").is_file()
    resources = bundle.internal / "carevoice" / "resources"
    for qm in (ROOT / "app" / "carevoice" / "resources" / "translations").glob("*.qm"):
        assert (resources / "translations" / qm.name).is_file()
    assert (bundle.internal / "faster_whisper" / "assets" / "silero_vad_v6.onnx").is_file()
    assert (bundle.internal / "libportaudio.so.2").is_file()
    assert list((bundle.internal / "ctranslate2.libs").glob("libctranslate2*.so*"))
    base = bundle.internal / "models" / "whisper-base"
    assert sorted(p.name for p in base.iterdir()) == sorted(
        ["config.json", "model.bin", "tokenizer.json", "vocabulary.txt"]
    )
    assert (resources / "samples" / "care-note-en.wav").is_file()


def test_self_test_passes_offline_on_a_machine_without_python(bundle, tmp_path):
    result = run_bundle(bundle, "--self-test", home=tmp_path, without_python=True)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Care Voice {__version__} self-test (bundle {bundle.folder})"
    checks = [line for line in lines if line[:6] in ("PASS  ", "FAIL  ")]
    assert len(checks) == 7 and all(line.startswith("PASS  ") for line in checks), lines
    portaudio = next(line for line in checks if "PortAudio" in line)
    assert str(bundle.internal / "libportaudio.so.2") in portaudio  # not Debian's copy
    for model in ("tiny.en", "base"):
        line = next(line for line in checks if line.startswith(f"PASS  model {model}:"))
        assert str(bundle.internal) in line


def test_transcribe_works_offline_on_a_machine_without_python(bundle, tmp_path, speech):
    note = tmp_path / "visit note.wav"
    shutil.copy(speech["en"], note)
    out = tmp_path / "out"
    result = run_bundle(
        bundle,
        "transcribe",
        note,
        "--language",
        "en",
        "--format",
        "txt,json",
        "--output-dir",
        out,
        home=tmp_path / "home",
        without_python=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    text = (out / "visit note.txt").read_text(encoding="utf-8")
    assert word_error_rate(ENGLISH_NOTE, text) <= 0.15, text
    data = json.loads((out / "visit note.json").read_text(encoding="utf-8"))
    assert data["model"] == "tiny.en" and data["device"] in ("cpu", "cuda")


def test_gpu_libraries_in_the_bundle_are_the_ones_it_reports(bundle, tmp_path):
    # A recorded H100 without its library and preflight answers: the bundle looks for real.
    profile = json.loads((ROOT / "app/carevoice/gpu/profiles/h100.json").read_text())
    profile.pop("cuda_libraries")
    profile.pop("preflight")
    fake = tmp_path / "h100-real-libraries.json"
    fake.write_text(json.dumps(profile))
    result = run_bundle(
        bundle,
        "doctor",
        "--json",
        home=tmp_path / "home",
        env_extra={"CAREVOICE_FAKE_GPU": str(fake)},
    )
    report = json.loads(result.stdout)
    cublas = next(lib for lib in report["libraries"] if lib["name"] == "cuBLAS 12")
    if contents.cuda_binaries():  # this build environment has pip's cuBLAS: it was carried
        assert cublas["found"] and cublas["source"] == "bundle", cublas
        assert Path(cublas["path"]).is_relative_to(bundle.internal / "nvidia" / "cublas" / "lib")
        # The preflight re-entered the bundle's executable (no `python -m` in a bundle).
        assert report["preflight"]["status"] in ("ok", "failed"), report["preflight"]
    elif not cublas["found"]:
        assert "reinstall Care Voice with its GPU libraries" in cublas["install_hint"]


# ------------------------------------------------------------ the window


def _wait_for_start(log: Path, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.is_file() and f"Care Voice {__version__} starting" in log.read_text("utf-8"):
            return
        if process.poll() is not None:
            return
        time.sleep(0.2)
    raise AssertionError(f"no 'starting' line in {log} after {timeout} s")


@dataclass
class WindowRun:
    stderr: str
    log: str
    x11: dict[str, str]  # xprop answers for the main window, under Xvfb


def _start_window(
    bundle: Bundle, home: Path, env_extra: dict, x11_display: str | None
) -> WindowRun:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAREVOICE_", "QT_"))}
    env.update(CAREVOICE_HOME=str(home), **env_extra)
    process = subprocess.Popen(
        [*_isolation(False), str(bundle.exe)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    x11 = {}
    try:
        log = home / "logs" / "care-voice.log"
        _wait_for_start(log, process)
        time.sleep(3)  # the window is shown and the GPU check has run: still up?
        assert process.poll() is None, f"exited with {process.returncode}: {process.stderr.read()}"
        if x11_display:
            x11 = _main_window_properties(x11_display)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGTERM, (process.returncode, stderr)
    return WindowRun(stderr, log.read_text("utf-8"), x11)


def _main_window_properties(display: str) -> dict[str, str]:
    env = {**os.environ, "DISPLAY": display}
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], capture_output=True, text=True, env=env
    ).stdout
    match = re.search(r'^\s*(0x[0-9a-f]+) "Care Voice": \("[^"]*" "Care Voice"\)', tree, re.M)
    assert match, tree
    props = {}
    for name, length in (("WM_CLASS", []), ("_NET_WM_ICON", ["-len", "16"])):
        answer = subprocess.run(
            ["xprop", "-id", match[1], *length, name], capture_output=True, text=True, env=env
        ).stdout
        props[name] = answer.strip()
    return props


def _assert_clean(run: WindowRun, allowed: tuple[str, ...] = ()) -> None:
    problems = [line for line in run.stderr.splitlines() if line.strip() and line not in allowed]
    assert not problems, run.stderr
    assert "Traceback" not in run.log and " ERROR " not in run.log, run.log


def test_the_window_starts_offscreen_offline_and_stays_up(bundle, tmp_path):
    run = _start_window(bundle, tmp_path, {"QT_QPA_PLATFORM": "offscreen"}, None)
    # The offscreen platform's own notice when the window sets its size hints.
    _assert_clean(run, allowed=("This plugin does not support propagateSizeHints()",))


@pytest.fixture(scope="module")
def x11_window(bundle, tmp_path_factory) -> WindowRun:
    if not (shutil.which("Xvfb") and shutil.which("xwininfo") and shutil.which("xprop")):
        pytest.skip("needs Xvfb, xwininfo and xprop (scripts/setup --dev installs Xvfb)")
    from tests.desktop.x11 import xvfb

    with xvfb("1280x800x24") as display:
        yield _start_window(
            bundle,
            tmp_path_factory.mktemp("x11-home"),
            {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display},
            display,
        )


def test_the_window_starts_under_x11_with_the_desktop_files_window_class(x11_window):
    _assert_clean(x11_window)
    assert x11_window.x11["WM_CLASS"] == 'WM_CLASS(STRING) = "care-voice", "Care Voice"'


def test_the_window_shows_the_app_icon(x11_window):
    assert x11_window.x11["_NET_WM_ICON"].startswith("_NET_WM_ICON(CARDINAL) ="), (
        "the main window has no icon: ui/app.py must call app.setWindowIcon(...)"
    )


# ------------------------------------------------------------ the desktop entry


def test_install_desktop_entry_points_the_menu_at_this_bundle(bundle, tmp_path):
    data = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(tmp_path)}
    script = bundle.folder / "install-desktop-entry"
    result = subprocess.run([str(script)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    desktop = data / "applications" / f"{APP_ID}.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(desktop, encoding="utf-8")
    assert entry["Desktop Entry"]["Exec"] == f'"{bundle.exe}" %F'
    assert entry["Desktop Entry"]["TryExec"] == str(bundle.exe)
    for size in ICON_SIZES:
        assert _png_size(
            data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "care-voice.png"
        ) == (size, size)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "care-voice.svg").is_file()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(desktop)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout
    removed = subprocess.run([str(script), "--remove"], capture_output=True, text=True, env=env)
    assert removed.returncode == 0, removed.stderr
    assert not [p for p in data.rglob("*care-voice*") if p.is_file()]

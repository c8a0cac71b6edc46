"""The wheel, as `pip install .` gives it: built from this checkout, installed non-editably
into a fresh virtual environment (no system site-packages; dependencies at the versions
this .venv holds, from the pip cache), and used from outside the checkout: `--self-test`,
`transcribe` on the sample, and the window offscreen in Traditional Chinese with its icon.

It runs in CI with the rest of the suite (about a minute and a half on two cores); the
installed copy must find every resource through the package, never through the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = "carevoice/resources"


def _run(args, cwd: Path, env: dict[str, str], timeout: float = 300):
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # setuptools builds in the checkout's build/lib and never removes what is stale there:
    # a module deleted from app/ would still ship. Start the build from nothing.
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            out,
            ROOT,
        ],
        cwd=out,
        env=dict(os.environ),
    )
    (found,) = out.glob("care_voice-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh venv holding the wheel; its care-voice, and an environment outside the checkout."""
    where = tmp_path_factory.mktemp("installed")
    venv = where / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=where, env=dict(os.environ))
    # The versions this .venv was tested with, as constraints (not the checkout itself).
    frozen = _run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        cwd=where,
        env=dict(os.environ),
    ).stdout
    pins = [line for line in frozen.splitlines() if line and not line.startswith("care-voice")]
    (where / "constraints.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    _run(
        [
            venv / "bin" / "python",
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            where / "constraints.txt",
            wheel,
        ],
        cwd=where,
        env=env,
        timeout=600,
    )
    env.update(
        CAREVOICE_HOME=str(where / "home"),
        HF_HUB_OFFLINE="1",
        QT_QPA_PLATFORM="offscreen",
        CAREVOICE_FAKE_GPU="none",
    )
    return venv, env


def test_the_wheel_carries_every_resource_and_the_built_translation(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (
        f"{RESOURCES}/translations/carevoice_zh_TW.qm",
        f"{RESOURCES}/icons/care-voice.svg",
        f"{RESOURCES}/icons/hicolor/256x256/apps/care-voice.png",
        f"{RESOURCES}/samples/care-note-en.wav",
        f"{RESOURCES}/samples/care-note-en.txt",
        "carevoice/gpu/profiles/rtx5070ti.json",
    ):
        assert path in names, path
    metadata = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        .decode()
    )
    assert "License-Expression: LicenseRef-Proprietary" in metadata
    assert 'Requires-Dist: nvidia-cublas-cu12<13,>=12.4; extra == "cuda"' in metadata


def test_the_installed_wheel_passes_its_self_test_outside_the_checkout(installed, tmp_path):
    venv, env = installed
    where = _run(
        [venv / "bin" / "python", "-c", "import carevoice, sys; print(carevoice.__file__)"],
        cwd=tmp_path,
        env=env,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the installed copy, not the checkout
    result = _run([venv / "bin" / "care-voice", "--self-test"], cwd=tmp_path, env=env)
    assert "FAIL" not in result.stdout, result.stdout


def test_the_installed_wheel_transcribes_the_sample(installed, tmp_path):
    from tests.speech import word_error_rate

    venv, env = installed
    sample = ROOT / "app" / RESOURCES / "samples" / "care-note-en.wav"
    audio = tmp_path / "note.wav"
    audio.write_bytes(sample.read_bytes())
    _run(
        [venv / "bin" / "care-voice", "transcribe", audio, "--language", "en"],
        cwd=tmp_path,
        env=env,
    )
    text = (tmp_path / "note.txt").read_text(encoding="utf-8")
    expected = sample.with_suffix(".txt").read_text(encoding="utf-8")
    assert word_error_rate(expected, text) <= 0.15, text


WINDOW_CHECK = """
import sys
from PySide6.QtWidgets import QApplication
from carevoice.ui.app import install_translator, window_icon
from carevoice.ui.main_window import MainWindow
from carevoice.ui.settings import AppSettings
app = QApplication(sys.argv[:1])
app.setWindowIcon(window_icon())
assert not app.windowIcon().isNull(), "no window icon"
settings = AppSettings.load()
settings.interface_language = "zh_TW"
ours = [t for t in install_translator(app, "zh_TW") if t.filePath().endswith("carevoice_zh_TW.qm")]
assert ours, "the zh_TW translation did not load"
window = MainWindow(settings)
window.show()
app.processEvents()
print(window.windowTitle())
print(ours[0].filePath())
window.close()
"""


def test_the_installed_wheel_opens_the_window_in_traditional_chinese(installed, tmp_path):
    venv, env = installed
    result = _run([venv / "bin" / "python", "-c", WINDOW_CHECK], cwd=tmp_path, env=env)
    title, qm = result.stdout.strip().splitlines()[-2:]
    assert Path(qm).is_relative_to(venv), qm
    assert title, result.stdout

"""One truth about the GPU (#13.5): with the fake RTX 5070 Ti (its recorded preflight passed)
the app's model preload fails on this machine, which has no CUDA driver. The banner, the
GPU panel, the status bar, the copied report and `care-voice doctor` must then all say
the same thing, from one decision, with this platform's own paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from carevoice import __version__

CHECK_TIMEOUT_MS = 120_000  # the first check imports faster-whisper; the preload loads tiny.en
LOADING = "The GPU failed while loading the model: "


def _preload_failed(window, qtbot, monkeypatch):
    """Start as the app does (check, then preload the model) and wait until the decision
    moved to the CPU because the preload failed on the "GPU"."""
    monkeypatch.setenv("CAREVOICE_FAKE_GPU", "rtx5070ti")
    window.preload_model = True
    with qtbot.waitSignal(
        window.device_changed,
        timeout=CHECK_TIMEOUT_MS,
        check_params_cb=lambda decision: decision.device == "cpu",
    ) as moved:
        window.start_gpu_check()
    return moved.args[0]


def test_banner_panel_and_status_bar_say_the_preload_failed(window, qtbot, monkeypatch):
    decision = _preload_failed(window, qtbot, monkeypatch)
    place = window.gpu_place
    status = window.device_button.text()
    assert status.startswith("CPU · int8 — GPU not used: " + LOADING), status
    assert "while transcribing" not in status  # nothing was being transcribed
    assert "CUDA driver" in status or "NVIDIA driver" in status
    assert place.banner_title.text() == "The GPU is not used"
    assert decision.fallback_reason in place.banner_text()
    assert place.decision_label.text() == status
    # The check's own answer stays visible, with what happened since: no bare "ok".
    preflight = place.preflight_label.text()
    assert preflight.startswith("ok: ")
    assert "Since then: " + LOADING in preflight


def test_the_copied_report_is_the_windows_decision(window, qtbot, monkeypatch):
    decision = _preload_failed(window, qtbot, monkeypatch)
    place = window.gpu_place
    window.show_place("gpu")
    qtbot.mouseClick(place.copy_button, Qt.MouseButton.LeftButton)
    report = QGuiApplication.clipboard().text()
    first_line = report.splitlines()[0]
    assert first_line == f"Care Voice {__version__} — {decision.summary}"
    assert "Decision: cpu (int8)" in report and "Decision: cuda" not in report
    assert "Since then: " + LOADING in report
    assert place.action_note.text() == "The doctor report is on the clipboard."


def test_the_cublas_line_names_this_platforms_file(window, qtbot, monkeypatch):
    _preload_failed(window, qtbot, monkeypatch)
    place = window.gpu_place
    shown = place.libraries_label.text() + place.libraries_label.toolTip()
    if sys.platform != "win32":
        assert "libcublas.so.12" in shown
        assert ".dll" not in shown and "C:\\" not in shown and "AppData" not in shown
    qtbot.mouseClick(place.copy_button, Qt.MouseButton.LeftButton)
    report = QGuiApplication.clipboard().text()
    [line] = [line for line in report.splitlines() if line.strip().startswith("libcublas")]
    assert "/nvidia/cublas/lib/libcublas.so.12" in line, line


def test_doctor_says_what_the_window_says(window, qtbot, monkeypatch):
    decision = _preload_failed(window, qtbot, monkeypatch)
    result = subprocess.run(
        [sys.executable, "-m", "carevoice", "doctor", "--json"],
        capture_output=True,
        text=True,
        env=dict(os.environ),  # the same Care Voice home and the same fake GPU
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr  # 1: running on the CPU
    health = json.loads(result.stdout)["health"]
    assert health["summary"] == decision.summary == window.device_button.text()
    # Checking again gives the GPU another go, in the window and for doctor alike.
    recheck = subprocess.run(
        [sys.executable, "-m", "carevoice", "doctor", "--json", "--recheck"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert recheck.returncode == 0, recheck.stdout + recheck.stderr

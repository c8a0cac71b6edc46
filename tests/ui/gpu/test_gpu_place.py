"""The GPU place, driven through every fake GPU profile, its poller, charts and buttons."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from carevoice import paths
from carevoice.ui.gpu.nvml_poller import NvmlPoller
from carevoice.ui.gpu.sparkline import Sparkline
from carevoice.ui.settings import AppSettings

CHECK_TIMEOUT_MS = 60_000  # the first check imports faster-whisper


@pytest.fixture
def fake_gpu(monkeypatch):
    def use(profile: str) -> None:
        monkeypatch.setenv("CAREVOICE_FAKE_GPU", profile)

    return use


@pytest.fixture
def place(window):
    return window.places["gpu"]


def check(window, qtbot, refresh: bool = True):
    """Run the GPU check and wait for the window to take its decision."""
    with qtbot.waitSignal(window.device_changed, timeout=CHECK_TIMEOUT_MS) as blocker:
        window.start_gpu_check(refresh=refresh)
    return blocker.args[0]


def test_before_the_check_the_place_says_it_is_checking(place):
    assert place.decision_label.text() == "Checking the GPU…"
    assert place.banner_text() == ""
    assert not place.copy_button.isEnabled()


def test_gtx960_shows_a_red_banner_with_the_verdicts_reason_and_fix(window, place, qtbot, fake_gpu):
    fake_gpu("gtx960")
    check(window, qtbot)
    text = place.banner_text()
    assert place.banner.property("level") == "error"
    assert "Your NVIDIA GeForce GTX 960 (compute capability 5.2) cannot run" in text
    assert "Fix: Use a GPU with compute capability 5.3 or newer" in text
    assert "runs on the CPU (int8)" in text
    assert place.verdict_label.property("verdict") == "incompatible"
    assert place.cards[0].capability_label.text() == "5.2"
    assert place.preflight_label.text() == "Not run: the engine cannot run on this GPU."
    assert place.decision_label.text().startswith("CPU · int8 — GPU not used: Your NVIDIA")


def test_rtx5070ti_runs_through_ptx_with_an_amber_first_run_note(window, place, qtbot, fake_gpu):
    fake_gpu("rtx5070ti")
    check(window, qtbot)
    card = place.cards[0]
    assert card.name_label.text() == "NVIDIA GeForce RTX 5070 Ti"
    assert card.capability_label.text() == "12.0"
    assert card.driver_label.text() == "576.88 (CUDA 12.9)"
    assert card.memory_label.text() == "1.4 / 15.9 GiB"
    assert card.utilization_label.text() == "3 %"
    assert card.temperature_label.text() == "38 °C"
    assert card.power_label.text() == "25 W of 300 W"
    assert place.banner.property("level") == "warning"
    assert "The first transcription is slow" in place.banner_text()
    assert place.verdict_label.property("verdict") == "ptx-jit"
    assert "compute_86" in place.verdict_label.text()
    assert "Native (SASS): sm_53" in place.kernels_label.text()
    assert "PTX: compute_86 (ISA 8.7)" in place.kernels_label.text()
    # Recorded on Windows; on this Linux machine the line names Linux's own file.
    assert "libcublas.so.12" in place.libraries_label.toolTip()
    assert ".dll" not in place.libraries_label.toolTip() + place.libraries_label.text()
    assert "found (pip)" in place.libraries_label.text()
    assert place.preflight_label.text().startswith("ok: The GPU loaded a model")
    assert "float16" in place.preflight_label.text()
    assert place.decision_label.text() == "GPU · NVIDIA GeForce RTX 5070 Ti · float16"
    assert "• The GPU check loaded a model and ran it" in place.reasons_label.text()


def test_rtx4090_runs_natively_without_a_banner(window, place, qtbot, fake_gpu):
    fake_gpu("rtx4090")
    decision = check(window, qtbot)
    assert decision.summary == "GPU · NVIDIA GeForce RTX 4090 · float16"
    assert place.banner.isHidden()
    assert place.banner_text() == ""
    assert place.verdict_label.property("verdict") == "native"
    assert "natively with its sm_86 kernels" in place.verdict_label.text()
    assert place.cards[0].memory_label.text() == "0.6 / 24.0 GiB"
    assert place.cards[0].share_label.text() == "0 MiB"
    assert place.decision_label.text() == "GPU · NVIDIA GeForce RTX 4090 · float16"


@pytest.mark.parametrize(
    ("profile", "name"), [("h100", "NVIDIA H100 80GB HBM3"), ("h200", "NVIDIA H200")]
)
def test_hopper_without_cublas_falls_back_to_the_cpu_and_says_how_to_fix_it(
    window, place, qtbot, fake_gpu, profile, name
):
    fake_gpu(profile)
    check(window, qtbot)
    text = place.banner_text()
    assert place.banner.property("level") == "warning"
    assert "The GPU is not used" in text
    assert "libcublas.so.12 (cuBLAS 12) is missing" in text
    assert "-m pip install nvidia-cublas-cu12" in text
    assert place.cards[0].name_label.text() == name
    assert place.cards[0].capability_label.text() == "9.0"
    assert "libcublas.so.12 (cuBLAS 12): missing" in place.libraries_label.text()
    assert "pip install nvidia-cublas-cu12" in place.libraries_label.text()
    assert place.verdict_label.property("verdict") == "ptx-jit"
    assert place.decision_label.text().startswith("CPU · int8 — GPU not used: libcublas.so.12")


def test_without_a_driver_it_says_no_nvidia_gpu_and_why_the_cpu_runs(
    window, place, qtbot, fake_gpu
):
    fake_gpu("none")
    check(window, qtbot)
    text = place.banner_text()
    assert text.startswith("No NVIDIA GPU found")
    assert "No NVIDIA driver is installed" in text
    assert "Transcription runs on the CPU (int8)." in text
    assert place.banner.property("level") == "info"
    assert place.cards == {}
    assert place.no_gpu_label.text().startswith("No NVIDIA GPU found: No NVIDIA driver")
    assert place.preflight_label.text() == "Not run: there is no NVIDIA GPU to check."
    assert place.libraries_label.text().startswith("Not checked")


def test_running_the_check_again_reads_the_gpu_afresh(window, place, qtbot, fake_gpu):
    fake_gpu("rtx4090")
    check(window, qtbot, refresh=False)
    assert place.banner.isHidden()
    fake_gpu("gtx960")
    with qtbot.waitSignal(window.device_changed, timeout=CHECK_TIMEOUT_MS):
        place.recheck_button.click()
        assert not place.recheck_button.isEnabled()
    assert place.recheck_button.isEnabled()
    assert place.banner.property("level") == "error"
    assert place.cards[0].name_label.text() == "NVIDIA GeForce GTX 960"


# -- #13.8: "Run the GPU check again" says it is checking, then what changed ----------------
CHECKED_AT = r"Checked at \d\d:\d\d — "


def _click_check_again(window, place, qtbot) -> dict:
    seen = {}
    with qtbot.waitSignal(window.device_changed, timeout=CHECK_TIMEOUT_MS):
        qtbot.mouseClick(place.recheck_button, Qt.MouseButton.LeftButton)
        seen = {
            "enabled": place.recheck_button.isEnabled(),
            "button": place.recheck_button.text(),
            "note": place.action_note.text(),
        }
    return seen


def test_check_again_says_it_is_checking_then_that_nothing_changed(window, place, qtbot, fake_gpu):
    fake_gpu("rtx4090")
    check(window, qtbot, refresh=False)
    assert place.action_note.text() == ""  # the check at start says nothing there

    while_running = _click_check_again(window, place, qtbot)

    assert while_running == {
        "enabled": False,
        "button": "Checking…",
        "note": "Checking the GPU…",
    }
    assert place.recheck_button.isEnabled()
    assert place.recheck_button.text() == "Run the GPU check again"
    assert re.fullmatch(CHECKED_AT + "nothing changed.", place.action_note.text()), (
        place.action_note.text()
    )


def test_check_again_names_what_changed(window, place, qtbot, fake_gpu):
    fake_gpu("rtx4090")
    check(window, qtbot, refresh=False)
    fake_gpu("gtx960")  # another card in the machine, as after a swap

    _click_check_again(window, place, qtbot)

    note = place.action_note.text()
    assert re.match(CHECKED_AT + "changed: ", note), note
    assert "the GPUs" in note and "the warning" in note
    assert "the decision (GPU · NVIDIA GeForce RTX 4090 · float16 → CPU · int8" in note
    assert "nothing changed" not in note


# Showing a window on the offscreen platform (the tests' QPA) always prints this warning.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_poller_feeds_the_cards_and_charts_every_second(window, place, qtbot, fake_gpu):
    fake_gpu("rtx4090")
    with qtbot.waitSignal(place.poller.snapshot_taken, timeout=10_000) as first:
        window.show()
        window.show_place("gpu")
    assert place.poller.running
    snapshot = first.args[0]
    assert snapshot.ok and snapshot.source == "fake:rtx4090"
    card = place.cards[0]
    assert card.memory_label.text() == "0.6 / 24.0 GiB"
    assert card.utilization_chart.values() == [0.0]
    assert card.memory_chart.values() == [629145600.0]
    assert card.memory_chart.maximum == 25757220864
    with qtbot.waitSignal(place.poller.snapshot_taken, timeout=5_000):
        pass  # the timer's next tick
    assert len(card.utilization_chart.values()) == 2
    window.close()
    assert not place.poller.running


def test_the_poller_reports_a_missing_driver_and_a_bad_profile(qtbot, fake_gpu):
    fake_gpu("none")
    poller = NvmlPoller(1000)
    with qtbot.waitSignal(poller.snapshot_taken, timeout=10_000) as blocker:
        poller.start()
    poller.stop()
    poller.stop()  # twice is harmless
    assert blocker.args[0].state == "no-driver"

    fake_gpu("gtx9600")
    poller = NvmlPoller(1000)
    with qtbot.waitSignal(poller.failed, timeout=10_000) as blocker:
        poller.start()
    poller.stop()
    assert "gtx9600" in blocker.args[0]


def test_copy_puts_the_doctor_report_on_the_clipboard(window, place, qtbot, fake_gpu):
    fake_gpu("rtx5070ti")
    check(window, qtbot)
    QGuiApplication.clipboard().clear()
    place.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert "Decision: cuda (float16)" in text
    assert "NVIDIA GeForce RTX 5070 Ti, compute capability 12.0" in text
    assert place.action_note.text() == "The doctor report is on the clipboard."


def test_gpu_only_is_saved_and_refuses_a_gpu_that_cannot_run(window, place, qtbot, fake_gpu):
    fake_gpu("gtx960")
    check(window, qtbot)
    assert window.device_button.text().startswith("CPU · int8 — GPU not used")
    with qtbot.waitSignal(window.device_changed, timeout=CHECK_TIMEOUT_MS) as blocker:
        place.gpu_only.click()
    assert blocker.args[0].refused
    assert AppSettings.load().gpu_only is True
    assert window.device_button.text().startswith(
        "Not running — GPU only is on and the GPU cannot be used: Your NVIDIA GeForce GTX 960"
    )
    assert place.banner.property("level") == "error"
    assert "nothing is transcribed" in place.banner_text()
    with qtbot.waitSignal(window.device_changed, timeout=CHECK_TIMEOUT_MS):
        place.gpu_only.click()
    assert AppSettings.load().gpu_only is False
    assert window.device_button.text().startswith("CPU · int8 — GPU not used")


def test_open_the_log_folder_asks_the_desktop_for_it(place, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(place, "open_url", lambda url: opened.append(url) or True)
    place.logs_button.click()
    assert [url.toLocalFile() for url in opened] == [str(paths.log_dir())]
    monkeypatch.setattr(place, "open_url", lambda url: False)
    place.logs_button.click()
    assert place.action_note.text().startswith("Could not open")


def test_the_sparkline_keeps_five_minutes_and_skips_missing_values(qtbot):
    chart = Sparkline(maximum=100.0, window_s=300.0)
    qtbot.addWidget(chart)
    chart.add(10, at_s=0.0)
    chart.add(None, at_s=1.0)
    chart.add(20, at_s=200.0)
    assert chart.values() == [10.0, 20.0]
    chart.add(30, at_s=301.0)
    assert chart.values() == [20.0, 30.0]
    chart.resize(200, 40)
    image = chart.grab().toImage()  # paints without error, with and without points
    assert image.width() == 200
    chart.clear()
    assert chart.values() == []
    chart.grab()

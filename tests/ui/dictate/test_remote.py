"""`care-voice dictate --toggle --type` from a desktop shortcut: the open (minimised)
Care Voice dictates, and the text arrives in the application that had the focus."""

from __future__ import annotations

import subprocess
import sys

import pytest

from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from tests.audio.pulse import virtual_microphone_or_skip
from tests.desktop.x11 import TargetApp, xvfb
from tests.speech import MAX_LIVE_WER, espeak, word_error_rate
from tests.ui.dialogs import SHOWS_A_WINDOW

pytestmark = pytest.mark.qt_log_ignore(*SHOWS_A_WINDOW)
SENTENCE = "Blood pressure was normal and she slept well."


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


@pytest.fixture(scope="module")
def display():
    with xvfb() as name:
        yield name


def first_word_kept(text: str) -> bool:
    """A word stands before "pressure": the first word was not lost. tiny.en's guess for
    it varies ("Blood", "Love" once primed with the spoken commands' words)."""
    words = [w.strip(".,").lower() for w in text.split()]
    return "pressure" in words[1:3]


def toggle(*words: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "carevoice", "dictate", "--toggle", *words],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_toggle_from_a_shortcut_dictates_into_the_focused_application(
    vmic, display, qtbot, shared_pool, tmp_path
):
    window = MainWindow(
        AppSettings(default_model="tiny.en", language="en"),
        runner=JobRunner(workers=1, pool=shared_pool),
    )
    qtbot.addWidget(window)
    window.confirm_close = lambda busy: True
    window.showMinimized()  # Care Voice is out of the way; the care-plan system has the focus
    target = TargetApp(tmp_path)
    speech = espeak(SENTENCE, tmp_path / "bp.wav")
    place = window.places["dictate"]
    try:
        assert window.remote.start()
        with qtbot.waitSignal(place.recording.recording_started, timeout=30_000):
            started = toggle("--type")
        assert started.returncode == 0, started.stderr
        qtbot.waitUntil(place.recording.session.dictation.live.ready.is_set, timeout=120_000)
        player = vmic.play(speech)
        qtbot.waitUntil(lambda: player.poll() is not None, timeout=30_000)
        with qtbot.waitSignal(window.remote.typed, timeout=120_000) as typed:
            stopped = toggle()
        assert stopped.returncode == 0, stopped.stderr
        assert typed.args[0] == 'Typed into "Care plan".'
        arrived = target.wait_for(place.result.transcript.text)
        assert word_error_rate(SENTENCE, arrived) <= MAX_LIVE_WER, arrived
        assert first_word_kept(arrived), arrived
        assert place.live_text.toPlainText().strip(), "the text also stays in Care Voice"
    finally:
        target.close()
        window.close()
    assert "not running" in toggle().stderr  # the window closed: nobody listens


@pytest.mark.parametrize("mode", ["hold", "toggle"])
def test_the_global_shortcut_works_while_care_voice_is_minimised(
    vmic, display, qtbot, shared_pool, tmp_path, mode
):
    """Hold-to-talk: key down, speak, key up; toggle: press, speak, press. The keys are
    pressed with xdotool (XTEST) while the Tk window has the focus."""
    import shutil

    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is missing (scripts/setup --dev)")
    window = MainWindow(
        AppSettings(default_model="tiny.en", language="en"),
        runner=JobRunner(workers=1, pool=shared_pool),
    )
    qtbot.addWidget(window)
    window.confirm_close = lambda busy: True
    window.showMinimized()
    target = TargetApp(tmp_path)
    speech = espeak(SENTENCE, tmp_path / "bp.wav")
    place = window.places["dictate"]

    def keys(*action: str) -> None:
        subprocess.run(["xdotool", *action, "ctrl+alt+space"], check=True, timeout=10)

    try:
        assert window.remote.start_shortcut("Ctrl+Alt+Space", mode)
        with qtbot.waitSignal(place.recording.recording_started, timeout=30_000):
            keys("keydown") if mode == "hold" else keys("key")
        qtbot.waitUntil(place.recording.session.dictation.live.ready.is_set, timeout=120_000)
        player = vmic.play(speech)
        qtbot.waitUntil(lambda: player.poll() is not None, timeout=30_000)
        assert place.recording.state == "recording", "holding the keys must keep it recording"
        with qtbot.waitSignal(window.remote.typed, timeout=120_000) as typed:
            keys("keyup") if mode == "hold" else keys("key")
        assert typed.args[0] == 'Typed into "Care plan".'
        arrived = target.wait_for(place.result.transcript.text)
        assert word_error_rate(SENTENCE, arrived) <= MAX_LIVE_WER, arrived
        assert first_word_kept(arrived), arrived
    finally:
        target.close()
        window.close()


def test_on_a_wayland_desktop_the_shortcut_says_it_reaches_xwayland_windows_only(
    display, qtbot, shared_pool, monkeypatch
):
    """Xvfb stands in for XWayland: the keys are grabbed, and the Dictate place says
    plainly what they, and the typing, cannot reach."""
    window = MainWindow(
        AppSettings(dictation_preroll=False), runner=JobRunner(workers=1, pool=shared_pool)
    )
    qtbot.addWidget(window)
    place = window.places["dictate"]
    try:
        with qtbot.assertNotEmitted(window.remote.typed, wait=100):
            assert window.remote.start_shortcut("Ctrl+Alt+Space", "toggle")  # plain X11
        with qtbot.waitSignal(window.remote.typed, timeout=5_000) as said:
            window.remote.close_shortcut()
            monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
            assert window.remote.start_shortcut("Ctrl+Alt+Space", "toggle")
        assert "Wayland desktop" in said.args[0] and "XWayland" in said.args[0]
        qtbot.waitUntil(lambda: "needs X11 or XWayland" in place.status_line.text())
    finally:
        window.close()


@pytest.fixture
def wayland(monkeypatch):
    """A Wayland desktop with no DISPLAY, so no XWayland to fall back on: only the portal
    (the fake one, on a private bus, in "hold" mode: it answers BindShortcuts when told,
    as a desktop would once the user confirmed) can bind the shortcut."""
    from tests.desktop.portal import fake_portal, private_bus

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    with private_bus() as address, fake_portal(address, "hold") as portal:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield portal


def wayland_window(qtbot, shared_pool) -> MainWindow:
    window = MainWindow(
        AppSettings(default_model="tiny.en", language="en", dictation_preroll=False),
        runner=JobRunner(workers=1, pool=shared_pool),
    )
    qtbot.addWidget(window)
    window.confirm_close = lambda busy: True
    return window


def test_on_wayland_the_window_does_not_wait_for_the_desktop_and_the_shortcut_dictates(
    vmic, wayland, qtbot, shared_pool
):
    """start_shortcut returns while the desktop still holds its answer, the GUI runs
    meanwhile; once bound, Activated starts a dictation and Deactivated stops it (hold)."""
    from PySide6.QtCore import QTimer

    window = wayland_window(qtbot, shared_pool)
    recording = window.places["dictate"].recording
    timer = QTimer()
    timer.setInterval(10)
    try:
        with qtbot.assertNotEmitted(window.remote.typed):
            assert window.remote.start_shortcut("Ctrl+Alt+Space", "hold")
        assert not wayland.asked()["answered"], "start_shortcut returned before the answer"
        qtbot.waitUntil(lambda: wayland.asked()["trigger"] == "CTRL+ALT+space", timeout=5_000)
        with qtbot.waitSignal(timer.timeout, timeout=2_000):  # the GUI thread is free
            timer.start()
        timer.stop()
        assert not wayland.asked()["answered"], "the desktop still holds its answer"
        with qtbot.waitSignal(window.remote.typed, timeout=10_000) as said:
            wayland.answer(0)
        assert "the desktop's global shortcuts" in said.args[0]
        assert recording.state == "idle"
        with qtbot.waitSignal(recording.recording_started, timeout=30_000):
            wayland.press()
        qtbot.waitUntil(lambda: recording.state == "recording", timeout=30_000)
        wayland.release()
        qtbot.waitUntil(lambda: recording.state == "idle", timeout=120_000)
    finally:
        window.close()
    assert wayland.asked()["closed"] == 1, "closing the window closes the portal session"


def test_on_wayland_a_refusal_after_the_desktop_held_its_answer_is_said(
    wayland, qtbot, shared_pool
):
    window = wayland_window(qtbot, shared_pool)
    place = window.places["dictate"]
    try:
        assert window.remote.start_shortcut("Ctrl+Alt+Space", "toggle")
        qtbot.waitUntil(lambda: wayland.asked()["trigger"] == "CTRL+ALT+space", timeout=5_000)
        with qtbot.waitSignal(window.remote.typed, timeout=10_000) as said:
            wayland.answer(2)
        assert said.args[0] == "The desktop could not set up the shortcut (it answered 2)."
        qtbot.waitUntil(lambda: "could not set up the shortcut" in place.status_line.text())
    finally:
        window.close()


def test_closing_the_window_while_the_desktop_holds_its_answer_is_prompt(
    wayland, qtbot, shared_pool
):
    import threading
    import time

    window = wayland_window(qtbot, shared_pool)
    assert window.remote.start_shortcut("Ctrl+Alt+Space", "toggle")
    qtbot.waitUntil(lambda: wayland.asked()["trigger"] == "CTRL+ALT+space", timeout=5_000)
    started = time.monotonic()
    with qtbot.assertNotEmitted(window.remote.typed, wait=100):
        window.close()
    took = time.monotonic() - started
    assert took < 1.5, took
    assert not [t for t in threading.enumerate() if t.name == "carevoice-portal-shortcut"]
    assert wayland.asked()["closed"] == 1, "the session it had opened is closed"

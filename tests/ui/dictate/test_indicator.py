"""The tray icon / floating indicator: Care Voice seen from outside its window."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication

from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from tests.audio.pulse import virtual_microphone_or_skip
from tests.speech import espeak
from tests.ui.dialogs import SHOWS_A_WINDOW

pytestmark = pytest.mark.qt_log_ignore(*SHOWS_A_WINDOW)


def toggle(*words: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "carevoice", "dictate", "--toggle", *words],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_the_indicator_follows_a_toggled_dictation_while_minimised(qtbot, shared_pool, tmp_path):
    with virtual_microphone_or_skip() as vmic:
        window = MainWindow(
            AppSettings(default_model="tiny.en", language="en"),
            runner=JobRunner(workers=1, pool=shared_pool),
        )
        qtbot.addWidget(window)
        window.confirm_close = lambda busy: True
        window.show()
        qtbot.waitExposed(window)
        indicator = window.presence.indicator
        label = indicator.label
        assert not indicator.isVisible(), "the window is in sight: no indicator"
        window.showMinimized()
        place = window.places["dictate"]
        speech = espeak("The resident slept well.", tmp_path / "s.wav")
        try:
            assert window.remote.start()
            with qtbot.waitSignal(place.recording.recording_started, timeout=30_000):
                assert toggle().returncode == 0
            qtbot.waitUntil(indicator.isVisible, timeout=10_000)
            assert label.text() == "Listening…"
            qtbot.waitUntil(place.recording.session.dictation.live.ready.is_set, timeout=120_000)
            with qtbot.waitSignal(indicator.meter.levels_shown, timeout=10_000):
                player = vmic.play(speech)
            qtbot.waitUntil(lambda: player.poll() is not None, timeout=30_000)
            assert indicator.meter.loudest_dbfs > -60, "the meter moved with the speech"
            with qtbot.waitSignal(place.recording.state_changed, timeout=30_000) as changed:
                assert toggle().returncode == 0
            assert changed.args == ["stopping"]
            assert label.text() == "Transcribing…"
            with qtbot.waitSignal(place.recording.dictation_finished, timeout=120_000):
                pass
            assert label.text() == "Care Voice: not dictating"
            if window.presence.tray is not None:
                assert not indicator.isVisible(), "idle with a tray: the tray icon is enough"
        finally:
            window.close()


def test_closing_with_keep_in_tray_keeps_care_voice_running(qtbot, shared_pool):
    window = MainWindow(
        AppSettings(close_to_tray=True), runner=JobRunner(workers=1, pool=shared_pool)
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    closed_app = []
    QApplication.instance().lastWindowClosed.connect(lambda: closed_app.append(True))
    assert not window.close(), "the close is refused: the window only hides"
    assert not window.isVisible()
    assert window.presence.tray is not None or window.presence.indicator.isVisible()
    assert not closed_app, "Qt was not told the last window closed: the app keeps running"
    window.presence.show_window()
    assert window.isVisible()
    window.presence.menu.actions()[2].trigger()  # Quit
    assert not window.isVisible()
    window.presence.close()


def test_closing_without_keep_in_tray_closes(qtbot, shared_pool):
    window = MainWindow(AppSettings(), runner=JobRunner(workers=1, pool=shared_pool))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.close()
    assert not window.presence.indicator.isVisible()

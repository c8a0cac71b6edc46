"""The main window: its places, the device in the status bar, drag and drop, closing."""

from __future__ import annotations

from carevoice.ui.main_window import PLACES


def test_the_window_has_four_places_and_a_title(window):
    assert window.windowTitle() == "Care Voice"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Dictate",
        "Files",
        "Notes",
        "GPU",
    ]
    assert list(window.places) == list(PLACES)


def test_the_status_bar_shows_the_decision_and_opens_the_gpu_place(window, qtbot):
    assert "Checking" in window.device_button.text()
    with qtbot.waitSignal(window.device_changed, timeout=60_000) as blocker:
        window.start_gpu_check()
    decision = blocker.args[0]
    assert decision.device == "cpu"
    assert window.device_button.text().startswith("CPU · int8 — GPU not used: No NVIDIA GPU")
    window.show_place("files")
    window.device_button.click()
    assert window.current_place() == "gpu"


def test_the_default_model_is_loaded_once_the_device_is_known(qtbot):
    from carevoice.ui.main_window import MainWindow
    from carevoice.ui.runner import JobRunner
    from carevoice.ui.settings import AppSettings

    runner = JobRunner(workers=1)  # a fresh pool: nothing loaded yet
    window = MainWindow(AppSettings(default_model="tiny.en"), runner=runner)
    qtbot.addWidget(window)
    window.preload_model = True
    try:
        with qtbot.waitSignal(window.device_changed, timeout=60_000):
            window.start_gpu_check()
        assert not runner.pool.loaded_keys()
        qtbot.waitUntil(lambda: runner.pool.is_loaded("tiny.en", "cpu", "int8"), timeout=60_000)
    finally:
        window.close()

"""Qt test fixtures: a main window per test, and a check that no QThread is left running."""

from __future__ import annotations

import traceback

import pytest
from PySide6.QtCore import QThread

_started_at: dict[int, str] = {}
_original_start = QThread.start


def _recording_start(self, *args, **kwargs):
    # Remember where each QThread was started, to name the culprit when one leaks.
    _started_at[id(self)] = "".join(traceback.format_stack(limit=8)[:-1])
    self._carevoice_tracked = True
    _tracked.append(self)
    return _original_start(self, *args, **kwargs)


_tracked: list[QThread] = []


@pytest.fixture(autouse=True)
def no_qthread_left_running():
    QThread.start = _recording_start
    _tracked.clear()
    yield
    QThread.start = _original_start
    leaked = []
    for thread in _tracked:
        try:
            running = thread.isRunning()
        except RuntimeError:  # the C++ object is already gone: it stopped
            continue
        if running:
            leaked.append(
                f"{thread.objectName() or 'QThread'} started at:\n"
                f"{_started_at.get(id(thread), '?')}"
            )
    _tracked.clear()
    assert not leaked, "QThreads left running:\n" + "\n".join(leaked)
    # Python threads, daemons too: tests/conftest.py's no_thread_left_running.


@pytest.fixture(scope="session", autouse=True)
def english_plurals(qapp, tmp_path_factory):
    """English's own plural forms ("1 file", "2 files"), installed as the app does; the
    zh_TW translators of the `chinese` fixture go on top of them."""
    from tests.ui.chinese import install_english_plurals

    translator = install_english_plurals(qapp, tmp_path_factory.mktemp("english"))
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def window(qtbot):
    """The real main window, closed (jobs cancelled, threads joined) after the test."""
    from carevoice.ui.main_window import MainWindow
    from carevoice.ui.settings import AppSettings

    win = MainWindow(AppSettings())
    qtbot.addWidget(win)
    win.confirm_close = lambda busy: True
    yield win
    win.close()


@pytest.fixture
def chinese(qapp, tmp_path, monkeypatch):
    """Care Voice's and Qt's zh_TW translators installed, compiled from the .ts as it is now."""
    from PySide6.QtCore import QLocale

    from tests.ui.chinese import install_chinese

    folder = tmp_path / "translations"
    folder.mkdir()
    system_locale = QLocale()
    installed = install_chinese(qapp, folder, monkeypatch)
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(system_locale)  # install_translator made zh_TW the default

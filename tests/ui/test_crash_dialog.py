"""An unexpected error on any thread shows a dialog naming what happened and the log file."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from carevoice.logs import setup_logging
from carevoice.ui.crash import install_crash_dialog

pytestmark = [
    # pytest-qt would otherwise take sys.excepthook for itself and fail the test.
    pytest.mark.qt_no_exception_capture,
    # Qt 6's offscreen platform plugin warns on every dialog it shows; nothing is wrong.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def crash_dialogs() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "crashDialog" and w.isVisible()
    ]


@pytest.fixture
def crash_dialog(qapp):
    """The crash dialog installed with the real rotating log; hooks and logging put back."""
    hooks = sys.excepthook, threading.excepthook
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    log_path = setup_logging()
    reporter = install_crash_dialog(log_path)
    yield reporter, log_path
    sys.excepthook, threading.excepthook = hooks
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for box in crash_dialogs():
        box.close()


def wait_for_dialog(qtbot) -> QMessageBox:
    qtbot.waitUntil(lambda: len(crash_dialogs()) == 1, timeout=5_000)
    return crash_dialogs()[0]


def assert_reported(box: QMessageBox, log_path, error: BaseException, where: str) -> None:
    """The dialog says where and what, and names the log; the log has the traceback."""
    assert box.icon() == QMessageBox.Icon.Critical
    assert f"Something went wrong in {where}: {error}" in box.text()
    assert str(log_path) in box.text()
    what = f"{type(error).__name__}: {error}"
    assert what in box.detailedText() and "Traceback" in box.detailedText()
    logged = log_path.read_text(encoding="utf-8")
    assert f"Unexpected error in {where}" in logged
    assert what in logged and "Traceback" in logged


def test_an_error_in_a_timer_callback(crash_dialog, qtbot):
    reporter, log_path = crash_dialog

    error = ValueError("the timer broke")

    def tick():
        raise error

    QTimer.singleShot(0, tick)
    box = wait_for_dialog(qtbot)
    assert_reported(box, log_path, error, "the main window")
    assert reporter.shown == ["Something went wrong in the main window: the timer broke"]


class _Emitter(QObject):
    poke = Signal()


def test_an_error_in_a_qt_slot(crash_dialog, qtbot):
    _reporter, log_path = crash_dialog
    emitter = _Emitter()

    error = KeyError("resident 12")

    def slot():
        raise error

    emitter.poke.connect(slot)
    emitter.poke.emit()
    box = wait_for_dialog(qtbot)
    assert_reported(box, log_path, error, "the main window")


def test_an_error_in_a_background_thread(crash_dialog, qtbot):
    _reporter, log_path = crash_dialog

    error = RuntimeError("the worker broke")

    def work():
        raise error

    thread = threading.Thread(target=work, name="export-worker")
    thread.start()
    thread.join()
    box = wait_for_dialog(qtbot)
    assert_reported(box, log_path, error, "a background task (export-worker)")

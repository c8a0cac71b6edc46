"""Unexpected errors on any thread end in a dialog that says what happened and where the log is."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("carevoice.crash")


class _CrashReporter(QObject):
    """Receives errors from any thread and shows them on the GUI thread.

    Signals:
      report(str, str): summary, traceback text
    """

    report = Signal(str, str)

    def __init__(self, log_path: Path):
        super().__init__()
        self.log_path = log_path
        self.shown: list[str] = []
        self.dialogs: list[QMessageBox] = []  # an unparented box lives only while referenced
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        self.shown.append(summary)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Care Voice",
            f"{summary}\n\nCare Voice is still running; what you had is kept. "
            f"The details are in the log:\n{self.log_path}",
        )
        box.setDetailedText(details)
        box.setObjectName("crashDialog")
        if QApplication.platformName() == "offscreen":
            self.dialogs.append(box)
            box.finished.connect(lambda _result, box=box: self.dialogs.remove(box))
            box.show()  # tests inspect it without blocking
        else:
            box.exec()


_reporter: _CrashReporter | None = None


def install_crash_dialog(log_path: Path) -> _CrashReporter:
    global _reporter
    _reporter = _CrashReporter(log_path)

    def on_error(exc_type, exc, tb, where: str) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("Unexpected error in %s:\n%s", where, details)
        _reporter.report.emit(f"Something went wrong in {where}: {exc}", details)

    sys.excepthook = lambda t, e, tb: on_error(t, e, tb, "the main window")
    threading.excepthook = lambda args: on_error(
        args.exc_type,
        args.exc_value,
        args.exc_traceback,
        f"a background task ({args.thread.name if args.thread else 'thread'})",
    )
    return _reporter

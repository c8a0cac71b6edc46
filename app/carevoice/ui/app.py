"""Starts the desktop app: a Qt application and the main window."""

from __future__ import annotations

import sys


def run_app(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Care Voice")
    window = QMainWindow()
    window.setWindowTitle("Care Voice")
    # The full window arrives with the desktop-app issue; until then the command line
    # (`care-voice transcribe`) does the work and this says so.
    label = QLabel(
        "Care Voice\n\nThe desktop window is being built.\n"
        "Use `care-voice transcribe FILE` meanwhile."
    )
    label.setMargin(40)
    window.setCentralWidget(label)
    window.resize(640, 400)
    window.show()
    return app.exec()

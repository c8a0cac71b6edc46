"""Starts the desktop app: logging, crash dialog, translation, window, then the GPU check."""

from __future__ import annotations

import logging
import os
import sys
from typing import cast

log = logging.getLogger(__name__)


def install_translator(app, language: str):
    """Load Care Voice's and Qt's own translations for `language` (e.g. zh_TW)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from carevoice.ui.i18n import translations_dir

    if language in ("", "en"):
        # English needs a translation too, for its plurals only: "%n file(s)" is written
        # "1 file" and "2 files" by carevoice_en (scripts/build-translations).
        english = QTranslator(app)
        if english.load("carevoice_en", str(translations_dir())):
            app.installTranslator(english)
            return [english]
        return []
    installed = []
    locale = QLocale(language)
    # Dates and numbers follow the interface language, not a C.UTF-8 system locale.
    QLocale.setDefault(locale)
    ours = QTranslator(app)
    if ours.load(locale, "carevoice", "_", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    qt_base = QTranslator(app)
    if qt_base.load(
        locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    return installed


def window_icon():
    """The app's icon, from the package's resources (a checkout, a wheel or the bundle)."""
    from PySide6.QtGui import QIcon

    from carevoice.paths import resources_dir

    return QIcon(str(resources_dir() / "icons" / "care-voice.svg"))


# The desktop file id, the same as the AppStream id (packaging/linux/).
APP_ID = "io.carevoice.CareVoice"


def run_app(
    argv: list[str] | None = None, files: list | None = None, log_level: int | None = None
) -> int:
    """The window; `files` are queued in Files once it shows (`care-voice FILE...`)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from carevoice import __version__
    from carevoice.logs import setup_logging
    from carevoice.ui.crash import install_crash_dialog
    from carevoice.ui.main_window import MainWindow
    from carevoice.ui.settings import AppSettings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    log_path = setup_logging(log_level if log_level is not None else logging.INFO)
    log.info("Care Voice %s starting", __version__)
    # cast: instance() is typed as QCoreApplication; the one Care Voice makes is this.
    app = cast("QApplication", QApplication.instance() or QApplication(argv or sys.argv[:1]))
    app.setApplicationName("Care Voice")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(window_icon())
    settings = AppSettings.load()
    install_translator(app, settings.interface_language)
    install_crash_dialog(log_path)
    window = MainWindow(settings)
    window.preload_model = True
    window.remote.start()  # care-voice dictate --toggle
    window.remote.start_shortcut(settings.dictation_shortcut, settings.dictation_shortcut_mode)
    from carevoice.ui.file_dialogs import wants_maximized

    if wants_maximized():
        window.showMaximized()
    else:
        window.show()
    # After the first paint: heavy imports and the GPU check run off the GUI thread.
    QTimer.singleShot(0, window.start_gpu_check)
    if files:
        window.add_paths(list(files))
    return app.exec()

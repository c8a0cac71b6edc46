"""The main window: four places (Dictate, Files, Notes, GPU) and the device in the status bar.

Signals:
  device_changed(object): the DeviceDecision now in force
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from carevoice.ui.file_dialogs import ask_media, restore_geometry, save_geometry
from carevoice.ui.i18n import say
from carevoice.ui.remote import RemoteControl
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from carevoice.ui.startup import GpuCheck

if TYPE_CHECKING:
    from carevoice.gpu.decision import DeviceDecision
    from carevoice.gpu.facts import GpuFacts
    from carevoice.ui.shell import NoteTaking

PLACES = ("dictate", "files", "notes", "gpu")
# The smallest the window may be made: every place fits it, in English and in Chinese
# (tests/ui/test_layout.py), so a 1024x768 screen with its panels still shows everything.
MIN_WIDTH, MIN_HEIGHT = 900, 600


class ElidedButton(QPushButton):
    """A flat button whose long text is cut with "…" to fit; text() stays whole."""

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.width() - 16
        option.text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)

    def minimumSizeHint(self):  # noqa: N802
        hint = super().minimumSizeHint()
        hint.setWidth(80)  # never widen the window to fit a long reason
        return hint


class MainWindow(QMainWindow):
    device_changed = Signal(object)
    gpu_failed = Signal(str)  # emitted on the thread where a model failed on the GPU

    def __init__(self, settings: AppSettings | None = None, runner: JobRunner | None = None):
        super().__init__()
        self.settings = settings or AppSettings.load()
        self.runner = runner or JobRunner(workers=self.settings.workers, parent=self)
        # The process's GpuContext (the runner's pool has it): every GPU fact and decision
        # the window, its places and its jobs show or use comes from it.
        self.gpu = self.runner.pool.gpu
        self.decision: DeviceDecision | None = None
        self.facts: GpuFacts | None = None
        self.preload_model = False  # the app sets it; tests load models when they need them
        self._shown_once = False
        self.gpu_check = GpuCheck(self.gpu, self)
        self.gpu_check.decided.connect(self._on_gpu_decided)
        self.gpu_check.failed.connect(self._on_gpu_check_failed)
        # A model that failed on the GPU (a file job or a dictation, on their threads)
        # changed the decision: show the CPU fallback.
        self.gpu_failed.connect(self._on_gpu_failed)
        self._forget_gpu_listener = self.gpu.add_failure_listener(self.gpu_failed.emit)

        self.setWindowTitle("Care Voice")
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.resize(1100, 720)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)

        self.nav = QListWidget()
        self.nav.setObjectName("places")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.places: dict[str, QWidget] = {}  # name -> place, in the order of the list
        self._build_places()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.device_button = ElidedButton(self.tr("Checking the GPU…"))
        self.device_button.setObjectName("deviceStatus")
        self.device_button.setFlat(True)
        self.device_button.setToolTip(self.tr("Open the GPU place"))
        self.device_button.clicked.connect(lambda: self.show_place("gpu"))
        self.statusBar().addWidget(self.device_button, 1)
        self._build_actions()
        self.show_place("files")
        restore_geometry(self)  # last run's size and place, if still on a screen

    # -- places ----------------------------------------------------------------------
    def _build_places(self) -> None:
        from carevoice.ui.dictate.place import DictatePlace
        from carevoice.ui.files.place import FilesPlace
        from carevoice.ui.gpu.place import GpuPlace
        from carevoice.ui.notes.place import NotesPlace

        titles = {
            "dictate": self.tr("Dictate"),
            "files": self.tr("Files"),
            "notes": self.tr("Notes"),
            "gpu": self.tr("GPU"),
        }
        # Each place gets the window as its Shell (ui/shell.py) and nothing of the others.
        self.dictate_place = DictatePlace(self)
        self.files_place = FilesPlace(self)
        self.notes_place = NotesPlace(self)
        self.gpu_place = GpuPlace(self)
        # `care-voice dictate --toggle`: listening starts with the app (run_app), not here,
        # so test windows do not take the user's socket.
        self.remote = RemoteControl(self, parent=self)
        from carevoice.ui.dictate.indicator import DesktopPresence

        # The tray icon and the floating indicator: dictation seen from outside the window.
        self.quitting = False  # Quit from the tray menu: close even with "keep in the tray"
        self.presence = DesktopPresence(self, parent=self)
        built = {
            "dictate": self.dictate_place,
            "files": self.files_place,
            "notes": self.notes_place,
            "gpu": self.gpu_place,
        }
        for name in PLACES:
            widget = built[name]
            widget.setObjectName(f"{name}Place")
            self.places[name] = widget
            self.stack.addWidget(widget)
            self.nav.addItem(titles[name])

    @property
    def note_taking(self) -> NoteTaking:
        """Where a finished dictation is filed as a care note: the Notes place."""
        return self.notes_place

    def show_place(self, name: str) -> None:
        self.nav.setCurrentRow(PLACES.index(name))

    def current_place(self) -> str:
        return PLACES[self.stack.currentIndex()]

    def _build_actions(self) -> None:
        open_action = QAction(self.tr("Open…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.open_files)
        self.addAction(open_action)
        self.open_action = open_action
        # A folder: every recording and video in it (and its subfolders) is queued.
        self.open_folder_action = QAction(self.tr("Add folder…"), self)
        self.open_folder_action.triggered.connect(self.open_folder)
        settings_action = QAction(self.tr("Settings…"), self)
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.triggered.connect(self.open_settings)
        self.addAction(settings_action)
        self.settings_action = settings_action
        quit_action = QAction(self.tr("&Quit"), self, objectName="quitAction")
        # Ctrl+Q spelled out: StandardKey.Quit is empty on some platform themes.
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.quit)
        self.addAction(quit_action)
        self.quit_action = quit_action
        menu = self.menuBar().addMenu(self.tr("&File"))
        menu.addAction(open_action)
        menu.addAction(self.open_folder_action)
        menu.addAction(settings_action)
        menu.addSeparator()
        menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = help_menu.addAction(self.tr("&About Care Voice"), self.show_about)
        # Ctrl+1…4: the places, in the order of the list.
        self.place_shortcuts = []
        for number, name in enumerate(PLACES, start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda name=name: self.show_place(name))
            self.place_shortcuts.append(shortcut)
        # F9 records or stops from anywhere in the window, whichever place is showing.
        self.dictate_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F9), self)
        self.dictate_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.dictate_shortcut.activated.connect(self.toggle_dictation)

    def quit(self) -> bool:
        """File → Quit (Ctrl+Q): close for good, even with "keep in the tray", asking
        first as closing does; False when the user chose to stay."""
        self.quitting = True
        closed = self.close()
        if not closed:
            self.quitting = False
        return closed

    def show_about(self) -> None:
        from carevoice.ui.about import AboutDialog

        AboutDialog(self).exec()

    def toggle_dictation(self) -> None:
        """Start or stop dictating (F9), showing the Dictate place."""
        self.show_place("dictate")
        self.dictate_place.recording.toggle_recording()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.presence.update_visibility()
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # After the first paint, so a crash's leftovers never delay the window.
            QTimer.singleShot(0, self, self.check_unfinished_recordings)

    def check_unfinished_recordings(self) -> int:
        """Offer to recover recordings a crash left unfinished (in the Dictate place)."""
        found = self.dictate_place.check_unfinished()
        if found:
            self.show_place("dictate")
        return found

    # -- GPU decision ----------------------------------------------------------------
    def start_gpu_check(self, refresh: bool = False) -> None:
        self.gpu_check.start(self.settings.device, self.settings.gpu_only, refresh)

    def _on_gpu_decided(self, facts, decision) -> None:
        self.facts, self.decision = facts, decision
        self.device_button.setText(say(decision.summary))
        self.device_button.setToolTip("\n".join(say(reason) for reason in decision.reasons))
        self.device_changed.emit(decision)
        if self.preload_model:
            self.runner.preload(self.settings.transcribe_options())

    @Slot(str)
    def _on_gpu_failed(self, _reason: str) -> None:
        self.start_gpu_check()  # the facts are kept; the decision now includes the failure

    def _on_gpu_check_failed(self, message: str) -> None:
        self.device_button.setText(self.tr("CPU · int8 — GPU not checked: ") + message)

    # -- files -----------------------------------------------------------------------
    def open_files(self) -> None:
        """Ask for recordings, videos or folders (Ctrl+O) and queue them in Files."""
        paths = ask_media(self)
        if paths:
            self.add_paths(paths)

    def open_folder(self) -> None:
        """Ask for a folder and queue every recording and video in it."""
        paths = ask_media(self, folders=True)
        if paths:
            self.add_paths(paths)

    def add_paths(self, paths: list[Path]) -> None:
        self.files_place.queue.add_paths(paths)
        self.show_place("files")

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def open_transcript(
        self, transcript, audio_path: Path | None = None, title: str = "", save=None
    ):
        """Show a transcript in its own window (kept open beside the main window).

        `save(transcript)` keeps its corrections (see TranscriptView); closing a window
        with corrections it did not keep (no `save`, or it failed) asks first.
        """
        from carevoice.ui.transcript.view import TranscriptView

        view = TranscriptView(transcript, audio_path, save=save, ask_before_discarding=True)
        view.setWindowTitle(
            title
            or self.tr("Transcript — %s")
            % (Path(transcript.source).name if transcript.source else "")
        )
        view.resize(800, 600)
        view.show()
        self._transcript_windows = [
            w for w in getattr(self, "_transcript_windows", []) if w.isVisible()
        ] + [view]
        return view

    # -- settings --------------------------------------------------------------------
    def open_settings(self) -> None:
        from carevoice.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        try:
            if dialog.exec():
                self.apply_settings(dialog.result_settings())
                if dialog.notes_moved:
                    self.notes_place.reopen_store()
        finally:
            # Gone once answered: dialogs kept as the window's children piled up, and after
            # two the next window built in the process crashed (PySide6 6.12, segfault).
            dialog.deleteLater()

    def apply_settings(self, settings: AppSettings) -> None:
        changed_device = (settings.device, settings.gpu_only) != (
            self.settings.device,
            self.settings.gpu_only,
        )
        changed_shortcut = (settings.dictation_shortcut, settings.dictation_shortcut_mode) != (
            self.settings.dictation_shortcut,
            self.settings.dictation_shortcut_mode,
        )
        self.settings = settings
        settings.save()
        self.notes_place.set_sign_out_minutes(settings.sign_out_minutes)
        if changed_shortcut and self.remote.shortcut_wanted:
            # Keys another application holds are said in the Dictate place.
            self.remote.start_shortcut(
                settings.dictation_shortcut, settings.dictation_shortcut_mode
            )
        elif self.remote.shortcut_wanted:
            self.remote.update_arming()  # the pre-roll setting may have changed
        if changed_device:
            self.start_gpu_check()

    # -- closing ---------------------------------------------------------------------
    def busy_jobs(self) -> int:
        return self.files_place.queue.active_job_count()

    def confirm_close(self, busy: int) -> bool:
        """Ask before closing loses something: `busy` transcriptions (they start again
        next time), then a dictation not saved as a note (Save as note / Discard /
        Cancel). True to close."""
        if busy and not self._confirm_jobs(busy):
            return False
        return self.dictate_place.may_close()

    def _confirm_jobs(self, busy: int) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Jobs are running"),
            self.tr(
                "%n transcription(s) are not finished. Quit now? They start again the next "
                "time Care Voice opens.",
                "",
                busy,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("jobsRunning")
        return box.exec() == QMessageBox.StandardButton.Yes

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and hasattr(self, "presence"):
            self.presence.update_visibility()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.settings.close_to_tray and not self.quitting:
            event.ignore()  # Care Voice keeps running: the tray (or the indicator) shows it
            self.presence.hide_to_tray()
            return
        busy = self.busy_jobs()
        if (busy or self.dictate_place.has_unsaved_text()) and not self.confirm_close(busy):
            event.ignore()
            return
        # A transcript window with corrections kept nowhere may ask; its No keeps all open.
        for view in getattr(self, "_transcript_windows", []):
            if view.isVisible() and not view.close():
                event.ignore()
                return
        for place in (self.dictate_place, self.files_place, self.notes_place, self.gpu_place):
            place.shutdown()
        self.remote.close()
        self.presence.close()
        self._forget_gpu_listener()
        self.runner.shutdown()
        self.gpu_check.wait()
        save_geometry(self)
        event.accept()

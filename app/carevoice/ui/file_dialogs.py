"""The app's file dialogs: they open in the folder last used (else Home) and remember it;
and the main window's size and place, kept across runs.

Both are kept in `window.ini` in Care Voice's private config folder, beside the
settings. The window's place is saved as a plain rectangle and a maximised flag rather
than Qt's opaque saveGeometry() bytes, so restoring can check it against the screens
there are now: a window saved on a monitor since unplugged comes back on the primary
screen, never off-screen. The dialogs are QFileDialog objects with names, not the static
helpers, so a test can find the one that is open and answer it as a user would.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from carevoice import paths
from carevoice.audio.media_files import MEDIA_EXTENSIONS

LAST_FOLDER_KEY = "dialogs/last_folder"


def window_state() -> QSettings:
    """Where the window's own state lives: its size and place, the last folder used."""
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def last_folder() -> Path:
    """The folder a file dialog last ended in, while it still exists; else Home."""
    saved = window_state().value(LAST_FOLDER_KEY, "")
    folder = Path(str(saved)) if saved else None
    return folder if folder is not None and folder.is_dir() else Path.home()


def remember_folder(path: Path) -> None:
    folder = path if path.is_dir() else path.parent
    state = window_state()
    state.setValue(LAST_FOLDER_KEY, str(folder))
    state.sync()


RECT_KEY = "window/rect"
MAXIMIZED_KEY = "window/maximized"
_VISIBLE_PX = 100  # at least this much of the title bar must be on some screen


def save_geometry(window: QWidget) -> None:
    """Remember the window's normal (not maximised) rectangle and whether it is maximised."""
    state = window_state()
    rect = window.normalGeometry() if window.isMaximized() else window.geometry()
    if rect.isValid():
        state.setValue(RECT_KEY, rect)
    state.setValue(MAXIMIZED_KEY, window.isMaximized())
    state.sync()


def restore_geometry(window: QWidget) -> bool:
    """Put the window where it was last time, if that place is still on a screen (else it
    keeps its size, fitted to the primary screen, centred there). Returns whether the saved
    place was used. Call before show(); show maximised when `wants_maximized()`."""
    saved = window_state().value(RECT_KEY)
    if not isinstance(saved, QRect) or not saved.isValid():
        return False
    if _on_a_screen(saved):
        window.setGeometry(saved)
        return True
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return False
    room = screen.availableGeometry()
    rect = QRect(saved)
    rect.setWidth(min(rect.width(), room.width()))
    rect.setHeight(min(rect.height(), room.height()))
    rect.moveCenter(room.center())
    # A window wider than the screen (its minimum size) keeps its title bar on it.
    rect.moveTopLeft(QPoint(max(rect.left(), room.left()), max(rect.top(), room.top())))
    window.setGeometry(rect)
    return False


def wants_maximized() -> bool:
    return str(window_state().value(MAXIMIZED_KEY, "false")).lower() == "true"


def _on_a_screen(rect: QRect) -> bool:
    title_bar = QRect(rect.x(), rect.y(), rect.width(), 30)
    for screen in QGuiApplication.screens():
        seen = title_bar.intersected(screen.availableGeometry())
        if seen.width() >= min(_VISIBLE_PX, rect.width()) and seen.height() > 0:
            return True
    return False


def ask_save_path(
    parent: QWidget | None, title: str, file_name: str, name_filter: str, object_name: str
) -> Path | None:
    """Ask where to write `file_name` (suggested in the last folder); None if cancelled."""
    dialog = QFileDialog(parent, title, str(last_folder() / file_name), name_filter)
    dialog.setObjectName(object_name)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = Path(file_name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    path = Path(dialog.selectedFiles()[0])
    remember_folder(path)
    return path


class MediaDialog(QFileDialog):
    """Open recordings or videos, or folders of them: a folder chosen with Open is taken
    whole (a double-click still goes into it). Audio and video are shown by default, with
    "All files" to choose from. With `folders`, it asks for a folder only.

    After exec(), `chosen` holds the paths picked (files or folders).
    """

    def __init__(self, parent: QWidget | None, folders: bool = False):
        super().__init__(parent)
        self.setDirectory(str(last_folder()))
        # Qt's own dialog: a platform one cannot offer files and folders in one choice.
        self.setOption(QFileDialog.Option.DontUseNativeDialog)
        if folders:
            self.setObjectName("openMediaFolder")
            self.setWindowTitle(self.tr("Add a folder of recordings or videos"))
            self.setFileMode(QFileDialog.FileMode.Directory)
            self.setOption(QFileDialog.Option.ShowDirsOnly)
        else:
            self.setObjectName("openMedia")
            self.setWindowTitle(self.tr("Open recordings or videos"))
            self.setFileMode(QFileDialog.FileMode.ExistingFiles)
            patterns = " ".join(f"*{ext}" for ext in sorted(MEDIA_EXTENSIONS))
            self.setNameFilters(
                [
                    self.tr("Audio and video ({patterns})").format(patterns=patterns),
                    self.tr("All files (*)"),
                ]
            )
        self.chosen: list[Path] = []

    def accept(self) -> None:
        selected = [Path(name) for name in self.selectedFiles()]
        if selected and all(path.exists() for path in selected):
            self.chosen = selected
            remember_folder(selected[0] if selected[0].is_dir() else selected[0].parent)
            self.done(QFileDialog.DialogCode.Accepted)
            return
        super().accept()


def ask_media(parent: QWidget | None, folders: bool = False) -> list[Path]:
    """The recordings, videos or folders the user picks ([] if cancelled)."""
    dialog = MediaDialog(parent, folders)
    return dialog.chosen if dialog.exec() else []

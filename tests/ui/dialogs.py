"""Answering the app's modal dialogs as a user would: find the open one, type, press Enter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

# Qt's offscreen platform says these whenever a dialog opens; nothing is wrong.
OPENS_A_DIALOG = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)
# ...and these when a window or the floating dictation indicator is shown.
SHOWS_A_WINDOW = OPENS_A_DIALOG[:2]

_TRIES = 3000  # polls 10 ms apart: a dialog that never opens stops the polling after 30 s


def answer_file_dialog(qtbot, name: str, path: Path | None) -> list:
    """When the file dialog named `name` opens, type `path` as its file name and press
    Enter (None: press Escape). Returns a list that gets the dialog once it was answered."""
    answered: list = []

    def poll(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name:
            if tries < _TRIES:
                QTimer.singleShot(10, lambda: poll(tries + 1))
            else:
                _give_up()
            return
        answered.append(dialog)
        if path is None:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            return
        # Typed whole, as pasted: typed key by key, the name box's completer pops up and
        # takes the Enter for itself. Then the dialog's accept button (Save, Open, Add).
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        edit.setText(str(path))
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        accept = next(
            b
            for b in buttons.buttons()
            if buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
        )
        qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, poll)
    return answered


def answer_message_box(qtbot, name: str, button) -> list:
    """When the message box named `name` opens, click `button` (a StandardButton)."""
    answered: list = []

    def poll(tries: int = 0) -> None:
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != name:
            if tries < _TRIES:
                QTimer.singleShot(10, lambda: poll(tries + 1))
            else:
                _give_up()
            return
        answered.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, poll)
    return answered


def _give_up() -> None:
    # Another dialog than the one expected is open: close it, so the test fails on what
    # it then finds instead of waiting for ever.
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        dialog.reject()


def when_open(name: str, act) -> list:
    """When the dialog named `name` opens, call `act(dialog)` (which answers it)."""
    answered: list = []

    def poll(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name:
            if tries < _TRIES:
                QTimer.singleShot(10, lambda: poll(tries + 1))
            else:
                _give_up()
            return
        answered.append(dialog)
        try:
            act(dialog)
        except BaseException as exc:  # a failed check inside: close it, fail the test
            answered.append(exc)
            dialog.reject()

    QTimer.singleShot(0, poll)
    return answered

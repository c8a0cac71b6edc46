"""The window's desktop habits: Ctrl+1…4, File → Quit (Ctrl+Q), Help → About, and its
size and place remembered across runs."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QTextBrowser

from carevoice import __version__, licences
from carevoice.ui.main_window import PLACES, MainWindow
from carevoice.ui.settings import AppSettings
from tests.ui.dialogs import OPENS_A_DIALOG, answer_message_box, when_open

pytestmark = [pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)]


def active(qtbot, window: MainWindow) -> MainWindow:
    """Shown and the active window: window shortcuts need that."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_ctrl_1_to_4_switch_places(window, qtbot):
    active(qtbot, window)
    for number, name in reversed(list(enumerate(PLACES, start=1))):
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_place() == name
        assert window.nav.currentItem().isSelected() or window.nav.currentRow() == number - 1


def test_ctrl_q_asks_like_closing_when_jobs_run_and_quits_even_into_the_tray(qtbot, monkeypatch):
    window = MainWindow(AppSettings(close_to_tray=True))
    qtbot.addWidget(window)
    try:
        quit_asking_first(qtbot, monkeypatch, window)
    finally:
        monkeypatch.setattr(window, "busy_jobs", lambda: 0)
        window.quit()  # closed for good whatever failed (its threads joined)


def quit_asking_first(qtbot, monkeypatch, window: MainWindow) -> None:
    active(qtbot, window)
    assert "Ctrl+Q" in window.quit_action.shortcut().toString()
    assert window.quit_action in window.menuBar().actions()[0].menu().actions()
    # A transcription is running (the count the Files place gives).
    monkeypatch.setattr(window, "busy_jobs", lambda: 1)
    asked = answer_message_box(qtbot, "jobsRunning", QMessageBox.StandardButton.No)
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert asked and "not finished" in asked[0]
    assert window.isVisible() and not window.quitting  # No: it stays, as closing does

    active(qtbot, window)  # the box took the focus; it comes back to the window
    asked = answer_message_box(qtbot, "jobsRunning", QMessageBox.StandardButton.Yes)
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert asked
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not window.presence.in_tray  # quit, not hidden into the tray


def test_help_about_shows_the_version_and_licences_from_installed_metadata(window, qtbot):
    active(qtbot, window)
    help_menu = window.menuBar().actions()[-1].menu()
    assert window.about_action in help_menu.actions()
    seen: list[str] = []
    opened = when_open(
        "aboutDialog",
        lambda dialog: (
            seen.append(dialog.findChild(QTextBrowser, "aboutText").toPlainText()),
            dialog.reject(),
        ),
    )
    window.about_action.trigger()  # what clicking Help → About does
    assert opened and not any(isinstance(x, BaseException) for x in opened)
    text = seen[0]
    assert __version__ in text
    assert "Whisper tiny.en" in text and "Whisper base" in text and "OpenAI" in text
    faster_whisper = metadata.metadata("faster-whisper")
    assert licences.licence_of(faster_whisper) == "MIT"
    pyside = next(c for c in licences.libraries() if c.name == "PySide6")
    assert "LGPL" in pyside.licence and pyside.version == metadata.version(pyside.note)
    for component in licences.libraries():
        if component.version:
            assert f"{component.name}" in text and component.licence in text


def test_a_licence_is_read_from_the_expression_the_field_or_the_classifiers():
    from email.message import Message

    def meta(**fields) -> Message:
        message = Message()
        for key, value in fields.items():
            for one in value if isinstance(value, list) else [value]:
                message[key.replace("_", "-")] = one
        return message

    assert licences.licence_of(meta(License_Expression="Apache-2.0")) == "Apache-2.0"
    assert licences.licence_of(meta(License="MIT")) == "MIT"
    whole_text = "Copyright (c) someone\n\nPermission is hereby granted, free of charge..."
    assert (
        licences.licence_of(
            meta(License=whole_text, Classifier=["License :: OSI Approved :: MIT License"])
        )
        == "MIT License"
    )
    assert licences.licence_of(meta()) == licences.UNKNOWN


def test_the_window_comes_back_where_it_was_left(qtbot):
    first = MainWindow(AppSettings())
    qtbot.addWidget(first)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    least = first.minimumSize().expandedTo(first.minimumSizeHint())  # no smaller than allowed
    wanted = QRect(screen.x() + 20, screen.y() + 30, least.width() + 40, least.height() + 30)
    first.setGeometry(wanted)
    first.show()
    qtbot.waitExposed(first)
    first.close()

    second = MainWindow(AppSettings())
    qtbot.addWidget(second)
    assert second.geometry().size() == wanted.size()
    assert second.geometry().topLeft() == wanted.topLeft()
    second.close()


def test_a_window_saved_on_a_screen_now_gone_opens_on_the_primary_screen(qtbot):
    from carevoice.ui.file_dialogs import RECT_KEY, window_state

    state = window_state()
    state.setValue(RECT_KEY, QRect(40_000, 30_000, 700, 500))  # a monitor since unplugged
    state.sync()
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.contains(window.geometry().topLeft())
    window.close()

"""The keys of a desktop app in the places: Tab reaches the Files toolbar, Enter opens a
transcript, the Menu key and Shift+F10 open a list's context menu, Tab leaves the note
body (Ctrl+Tab types a tab). Every key is pressed on the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QToolButton

from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from carevoice.ui.transcript.view import TranscriptView
from tests.ui.dialogs import OPENS_A_DIALOG

pytestmark = [pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)]

MENU_KEYS = [
    pytest.param(Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier, id="menu-key"),
    pytest.param(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier, id="shift-f10"),
]


def active(qtbot, window: MainWindow, place: str) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_place(place)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the focus is, as the keyboard does."""
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, key, modifier)


def menu_texts_after(qtbot, key, modifier) -> list[str]:
    """Press the key; the texts of the context menu it opened (then closed with Escape)."""
    seen: list[list[str]] = []

    def poll(tries: int = 0) -> None:
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, QMenu):
            if tries < 500:
                QTimer.singleShot(10, lambda: poll(tries + 1))
            return
        seen.append([a.text() for a in popup.actions() if not a.isSeparator()])
        QTest.keyClick(popup, Qt.Key.Key_Escape)

    QTimer.singleShot(0, poll)
    press(qtbot, key, modifier)
    qtbot.waitUntil(lambda: bool(seen) or QApplication.activePopupWidget() is None, timeout=6000)
    assert seen, "no context menu opened"
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    return seen[0]


def focus_back(qtbot, widget) -> None:
    """A closed menu hands the focus back to the window (offscreen: once activated)."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_tab_reaches_the_files_toolbar(window, qtbot):
    active(qtbot, window, "files")
    place = window.places["files"]
    window.nav.setFocus()
    reached = []
    for _ in range(8):
        press(qtbot, Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if QApplication.focusWidget() is place.table:
            break
    buttons = [w.defaultAction() for w in reached if isinstance(w, QToolButton)]
    assert place.add_action in buttons and place.watch_action in buttons, reached
    assert reached[-1] is place.table  # and on to the queue


@pytest.fixture
def files_window(qtbot, shared_pool):
    window = MainWindow(
        AppSettings(default_model="tiny.en", language="en"),
        runner=JobRunner(workers=1, pool=shared_pool),
    )
    qtbot.addWidget(window)
    yield window
    for view in QApplication.topLevelWidgets():
        if isinstance(view, TranscriptView):
            view.close()
    window.close()


@pytest.mark.parametrize(("key", "modifier"), MENU_KEYS)
def test_enter_opens_a_transcript_and_the_menu_keys_open_the_row_menu(
    files_window, qtbot, speech, key, modifier
):
    window = files_window
    active(qtbot, window, "files")
    place = window.places["files"]
    with qtbot.waitSignal(place.queue.job_finished, timeout=120_000):
        window.add_paths([speech["en"]])
    table = place.table
    table.setFocus()
    rect = table.visualRect(place.model.index(0, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    texts = menu_texts_after(qtbot, key, modifier)
    assert "Open transcript" in texts and "Remove" in texts

    focus_back(qtbot, table)
    press(qtbot, Qt.Key.Key_Return)
    views = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, TranscriptView) and w.isVisible()
    ]
    assert len(views) == 1  # opened, and once
    assert "english.wav" in views[0].windowTitle()


@pytest.mark.parametrize(("key", "modifier"), MENU_KEYS)
def test_the_menu_keys_open_the_menu_of_the_focused_note(window, qtbot, key, modifier):
    active(qtbot, window, "notes")
    notes = window.places["notes"]
    notes.residents.ask_name = lambda title, current: "Mrs. Tan"  # the name typed
    qtbot.mouseClick(notes.residents.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(notes.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: notes.notes_list.count() == 1)
    notes.notes_list.setFocus()
    texts = menu_texts_after(qtbot, key, modifier)
    assert texts == ["Export", "Print…", "Copy"]


def test_tab_in_the_note_body_moves_on_and_ctrl_tab_types_a_tab(window, qtbot):
    active(qtbot, window, "notes")
    notes = window.places["notes"]
    notes.residents.ask_name = lambda title, current: "Mr. Lee"
    qtbot.mouseClick(notes.residents.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(notes.new_button, Qt.MouseButton.LeftButton)
    body = notes.editor.text_edit
    body.setFocus()
    qtbot.waitUntil(body.hasFocus)
    qtbot.keyClicks(body, "BP")
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(body, "130/80")
    assert body.toPlainText() == "BP\t130/80"
    assert body.hasFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert not body.hasFocus()  # moved on
    assert body.toPlainText() == "BP\t130/80"

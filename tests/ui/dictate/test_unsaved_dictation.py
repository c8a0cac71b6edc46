"""A dictation not saved as a note is never lost with the window: closing asks (Save as
note / Discard / Cancel), and a window closed without asking (Care Voice killed) offers the
recording at the next start, as the recovery of a crash's recording does. Real speech into
the real microphone path (PulseAudio's virtual microphone), tiny.en, real dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from carevoice.audio.wavfile import find_unfinished_recordings, unsaved_marker_path
from carevoice.notes.store import NoteStore
from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from tests.audio.pulse import virtual_microphone_or_skip
from tests.ui.dialogs import OPENS_A_DIALOG, when_open

pytestmark = pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


@pytest.fixture
def make_window(qtbot, shared_pool):
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(
            AppSettings(default_model="tiny.en", language="en"),
            runner=JobRunner(workers=1, pool=shared_pool),
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.confirm_close = lambda busy: True  # a failed test: close, asking nothing
            window.close()


def dictate(qtbot, window: MainWindow, vmic, wav) -> None:
    place = window.places["dictate"]
    with qtbot.waitSignal(place.recording.recording_started, timeout=10_000):
        QTest.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(place.recording.session.dictation.live.ready.is_set, timeout=120_000)
    player = vmic.play(wav)
    try:
        qtbot.waitUntil(lambda: player.poll() is not None, timeout=30_000)
    finally:
        player.kill()
        player.wait(5)
    with qtbot.waitSignal(place.recording.dictation_finished, timeout=120_000):
        qtbot.mouseClick(place.record_button, Qt.MouseButton.LeftButton)
    assert place.result.transcript is not None and place.result.transcript.text.strip()


def answer_unsaved(qtbot, label: str) -> list:
    """Click the button of the "Dictation not saved" box whose text is `label`."""

    def click(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text().replace("&", "") == label]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    return when_open("unsavedDictation", click)


def test_closing_asks_and_a_window_closed_without_saving_offers_it_at_the_next_start(
    make_window, vmic, speech, qtbot
):
    window = make_window()
    dictate(qtbot, window, vmic, speech["en"])
    wav = window.places["dictate"].result.audio_path
    assert unsaved_marker_path(wav).exists()

    # Care Voice killed now: the next start offers the recording, saying what it is.
    next_start = make_window()
    banner = next_start.places["dictate"].banner
    qtbot.waitUntil(banner.isVisible)
    assert banner.current().path == wav and banner.current().unsaved
    assert "not saved as a note" in banner.label.text()
    assert next_start.current_place() == "dictate"
    next_start.close()

    # Closing asks; Cancel keeps the window and the text.
    asked = answer_unsaved(qtbot, "Cancel")
    assert not window.close()
    assert asked and window.isVisible()

    # Save as note: saved for the resident chosen, then the window closes.
    notes = window.places["notes"]
    notes.residents.ask_name = lambda title, current: "Mrs Chen"
    window.show_place("notes")
    qtbot.mouseClick(notes.residents.add_button, Qt.MouseButton.LeftButton)
    window.show_place("dictate")
    asked = answer_unsaved(qtbot, "Save as care note")
    # Then the resident dialog, with the one selected in Notes preselected: OK confirms.
    confirmed = when_open(
        "residentPicker",
        lambda picker: qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton),
    )
    with qtbot.waitSignal(window.places["dictate"].result.note_saved) as saved:
        assert window.close()
    assert asked and confirmed and not window.isVisible()
    with NoteStore() as store:
        assert store.get_note(saved.args[0]).text.strip()
    assert not unsaved_marker_path(wav).exists()
    assert find_unfinished_recordings() == []  # saved: nothing to offer any more


def test_discard_puts_the_recording_aside_and_it_is_not_offered_again(
    make_window, vmic, speech, qtbot
):
    window = make_window()
    dictate(qtbot, window, vmic, speech["en"])
    wav = window.places["dictate"].result.audio_path
    asked = answer_unsaved(qtbot, "Discard")
    assert window.close()
    assert asked and not wav.exists()
    assert (wav.parent / "discarded" / wav.name).exists()  # nothing deleted
    assert find_unfinished_recordings() == []

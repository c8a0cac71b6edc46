"""Issue #13.1: corrections made in a transcript window are kept, or it asks first.

A Files row's transcript is corrected in its window by typing into a segment: the
correction is in the queue when the window is opened again (after a restart too) and in
the output folder's exports. A transcript window with nowhere to keep its corrections
asks before closing, and so does the main window that would close it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from carevoice.export import parse_srt, write_exports
from carevoice.queue_store import DONE, QueueRow, QueueStore
from carevoice.ui.main_window import MainWindow
from carevoice.ui.settings import AppSettings
from carevoice.ui.transcript.model import TEXT
from carevoice.ui.transcript.view import TranscriptView
from tests.notes.transcripts import make_transcript
from tests.ui.dialogs import OPENS_A_DIALOG, answer_message_box, when_open

pytestmark = [pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)]

SAID = ["Gave Metformin 500 mg.", "Blood pressure normal."]


@pytest.fixture
def make_window(qtbot):
    windows = []

    def make(settings: AppSettings) -> MainWindow:
        win = MainWindow(settings)
        qtbot.addWidget(win)
        win.confirm_close = lambda busy: True
        windows.append(win)
        return win

    yield make
    for win in windows:
        for view in getattr(win, "_transcript_windows", []):
            view.confirm_discard = lambda: True
        win.close()


def edit_segment(qtbot, view: TranscriptView, row: int, text: str) -> None:
    """Double-click the segment's text, type over it, press Enter."""
    index = view.model.index(row, TEXT)
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = view.table.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def open_row(qtbot, win: MainWindow) -> TranscriptView:
    place = win.places["files"]
    [row] = place.queue.rows()
    place.select_row(row.id)
    place.open_transcript_action.trigger()
    view = win._transcript_windows[-1]
    qtbot.waitExposed(view)
    return view


def test_a_files_correction_is_saved_and_there_when_opened_again(make_window, qtbot, tmp_path):
    recording = tmp_path / "round.wav"
    recording.write_bytes(b"")
    out = tmp_path / "out"
    out.mkdir()
    heard = make_transcript(SAID)
    # As the queue left it: done, its TXT and SRT written in the output folder, and a
    # transcript of another recording there that must stay as it is.
    exports = write_exports(heard, ["txt", "srt"], out / "round")
    row = QueueRow(path=str(recording), status=DONE, model="tiny.en", language="en")
    row.set_transcript(heard)
    row.exports = [str(p) for p in exports]
    QueueStore().save([row])
    other = write_exports(heard, ["txt"], out / "round (2)")[0]
    settings = AppSettings(default_model="tiny.en", language="en", output_folder=str(out))

    win = make_window(settings)
    view = open_row(qtbot, win)
    with qtbot.waitSignal(view.saved):
        edit_segment(qtbot, view, 0, "Gave Metoprolol 500 mg.")
    assert view.message.text() == "Correction saved."
    assert "Metoprolol" in (out / "round.txt").read_text(encoding="utf-8")
    cues = parse_srt((out / "round.srt").read_text(encoding="utf-8"))
    assert cues[0] == (0.0, 1.5, "Gave Metoprolol 500 mg.")
    assert "Metformin" in other.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["round (2).txt", "round.srt", "round.txt"]
    view.close()  # nothing to ask: it is saved
    assert not view.isVisible()

    again = open_row(qtbot, win)
    assert again.model.index(0, TEXT).data() == "Gave Metoprolol 500 mg."
    assert win.close()

    after_restart = open_row(qtbot, make_window(settings))
    assert after_restart.transcript().segments[0].text == "Gave Metoprolol 500 mg."
    assert after_restart.transcript().segments[1].text.strip() == "Blood pressure normal."


def test_a_window_with_corrections_kept_nowhere_asks_before_closing(window, qtbot):
    view = window.open_transcript(make_transcript(SAID))  # as a recovered recording opens
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.edited):
        edit_segment(qtbot, view, 0, "Gave Metoprolol 500 mg.")

    asked = answer_message_box(qtbot, "discardCorrections", QMessageBox.StandardButton.Cancel)
    assert not view.close()
    assert asked and view.isVisible()
    # Closing the main window would close it too: it asks, and Cancel keeps both open.
    asked = answer_message_box(qtbot, "discardCorrections", QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert asked and view.isVisible()

    asked = answer_message_box(qtbot, "discardCorrections", QMessageBox.StandardButton.Discard)
    assert view.close()
    assert asked and not view.isVisible()


def test_corrections_of_a_dictation_are_what_its_note_saves(window, qtbot, tmp_path):
    dictate = window.places["dictate"]
    window.show_place("dictate")
    dictate.result.show(make_transcript(SAID), None)
    qtbot.mouseClick(dictate.open_button, Qt.MouseButton.LeftButton)
    view = window._transcript_windows[-1]
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.saved):
        edit_segment(qtbot, view, 0, "Gave Metoprolol 500 mg.")
    assert dictate.result.transcript.text.startswith("Gave Metoprolol 500 mg.")

    notes = window.places["notes"]
    notes.residents.ask_name = lambda title, current: "Margaret Green"
    window.show_place("notes")
    notes.residents.add_button.click()
    window.show_place("dictate")
    # She is preselected in the resident dialog; OK confirms (#13.2).
    confirmed = when_open(
        "residentPicker",
        lambda picker: qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton),
    )
    qtbot.mouseClick(dictate.save_button, Qt.MouseButton.LeftButton)
    assert confirmed
    assert notes.editor.text().startswith("Gave Metoprolol 500 mg.")

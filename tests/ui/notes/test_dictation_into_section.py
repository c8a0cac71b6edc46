"""Dictating into the section of a template note that has the cursor, as a carer would:
put the cursor in a section, dictate (F9), "Add to open note". The end-to-end test speaks
espeak-ng English into the private PulseAudio microphone (tests/audio/pulse.py), heard by
the real tiny.en model, flags a section, signs the note, adds an addendum and reads its
History and the audit log; the nurse then signs in and sees the fall first in the
handover. Real SQLite, real widgets driven by clicks and keys; waits on signals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit, QTableWidget

from carevoice.notes.store import NoteStore
from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from tests.audio.pulse import virtual_microphone_or_skip
from tests.notes.transcripts import make_transcript
from tests.speech import ENGLISH_NOTE, MAX_LIVE_WER, word_error_rate
from tests.ui.dialogs import OPENS_A_DIALOG
from tests.ui.notes.test_record_place import sign_in

pytestmark = [pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)]

LEFT = Qt.MouseButton.LeftButton
MODEL_TIMEOUT_MS = 120_000
SPEECH_TIMEOUT_MS = 30_000
MOBILITY = 3  # Wellbeing, Nutrition and fluids, Personal care, Mobility, ...


@pytest.fixture
def team():
    with NoteStore() as store:
        manager = store.add_staff("Mei Chen", "manager", "4711")
        store.add_staff("Ana Silva", "carer", "2468", by=manager)
        store.add_staff("Bo Lin", "nurse", "1357", by=manager)
        store.add_resident("Margaret Green", "Room 12")


def daily_care_note(qtbot, window: MainWindow):
    """Ana signs in and makes a daily care note for Room 12 with New note; its editor."""
    window.show_place("notes")
    place = window.places["notes"]
    place.store()
    sign_in(qtbot, place, "Ana Silva", "2468")
    place.residents.select(place.store().find_resident("Room 12").id)
    box = place.record.template_box
    box.setCurrentIndex(box.findText("Daily care note"))
    with qtbot.waitSignal(place.note_created):
        qtbot.mouseClick(place.new_button, LEFT)
    return place


def cursor_to_mobility(qtbot, editor) -> None:
    """To the Mobility heading's line with the keys: each empty section is its heading
    and a blank line."""
    editor.text_edit.setFocus()
    QTest.keyClick(editor.text_edit, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(2 * MOBILITY):
        QTest.keyClick(editor.text_edit, Qt.Key.Key_Down)
    assert editor.text_edit.textCursor().block().text() == "## Mobility"


def section_texts(note_id: int) -> list[str]:
    with NoteStore() as store:
        return [s.text for s in store.get_note(note_id).sections]


def test_add_to_open_note_fills_the_section_under_the_cursor(qtbot, window, team):
    place = daily_care_note(qtbot, window)
    editor = place.editor
    note_id = editor.note_id()
    cursor_to_mobility(qtbot, editor)

    dictate = window.places["dictate"]
    dictate.result.show(make_transcript(["Walked to lunch with a frame."]), None)
    assert dictate.add_button.isEnabled()
    with qtbot.waitSignal(dictate.result.note_saved) as saved:
        qtbot.mouseClick(dictate.add_button, LEFT)
    assert saved.args == [note_id] and window.current_place() == "notes"
    texts = section_texts(note_id)
    assert texts[MOBILITY] == "Walked to lunch with a frame."
    assert texts[:MOBILITY] == ["", "", ""] and not any(texts[MOBILITY + 1 :])

    # The next dictation goes on from there; "next section" moves on to Medication.
    dictate.result.show(make_transcript(["No falls.", "Next section.", "Paracetamol at 8."]), None)
    with qtbot.waitSignal(dictate.result.note_saved):
        qtbot.mouseClick(dictate.add_button, LEFT)
    texts = section_texts(note_id)
    assert texts[MOBILITY] == "Walked to lunch with a frame. No falls."
    assert texts[MOBILITY + 1] == "Paracetamol at 8."

    # One undo step takes the last dictation out again (and that is saved too).
    with qtbot.waitSignal(editor.saved, timeout=5000):
        QTest.keyClick(editor.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert section_texts(note_id)[MOBILITY : MOBILITY + 2] == [
        "Walked to lunch with a frame.",
        "",
    ]

    # A signed note takes no dictation: said, nothing changed, the text stays in Dictate.
    with qtbot.waitSignal(editor.signed):
        qtbot.mouseClick(editor.sign_button, LEFT)
    dictate.result.show(make_transcript(["Too late."]), None)
    qtbot.mouseClick(dictate.add_button, LEFT)
    assert "Open a draft note" in dictate.status_line.text()
    assert "Too late" not in " ".join(section_texts(note_id))


@pytest.fixture(scope="module")
def vmic():
    with virtual_microphone_or_skip() as mic:
        yield mic


@pytest.fixture
def speaking_window(qtbot, shared_pool):
    """The main window on the session's model pool, in English with tiny.en."""
    runner = JobRunner(workers=1, pool=shared_pool)
    win = MainWindow(AppSettings(default_model="tiny.en", language="en"), runner=runner)
    qtbot.addWidget(win)
    win.confirm_close = lambda busy: True
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    win.close()


def test_a_carer_dictates_into_a_section_signs_adds_an_addendum_and_reads_the_history(
    vmic, speech, speaking_window, qtbot, team
):
    window = speaking_window
    place = daily_care_note(qtbot, window)
    editor = place.editor
    note_id = editor.note_id()
    cursor_to_mobility(qtbot, editor)

    # F9 from the Notes place: the Dictate place records from the virtual microphone.
    dictate = window.places["dictate"]
    with qtbot.waitSignal(dictate.recording.recording_started, timeout=10_000):
        QTest.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(dictate.recording.session.dictation.live.ready.is_set, timeout=MODEL_TIMEOUT_MS)
    player = vmic.play(speech["en"])
    try:
        qtbot.waitUntil(lambda: player.poll() is not None, timeout=SPEECH_TIMEOUT_MS)
    finally:
        player.kill()
        player.wait(5)
    assert window.current_place() == "dictate"
    finishing = qtbot.waitSignal(dictate.recording.dictation_finished, timeout=MODEL_TIMEOUT_MS)
    with finishing as finished:
        qtbot.mouseClick(dictate.record_button, LEFT)
    heard = finished.args[0].text
    assert word_error_rate(ENGLISH_NOTE, heard) <= MAX_LIVE_WER, heard

    with qtbot.waitSignal(dictate.result.note_saved):
        qtbot.mouseClick(dictate.add_button, LEFT)
    texts = section_texts(note_id)
    assert word_error_rate(ENGLISH_NOTE, texts[MOBILITY]) <= MAX_LIVE_WER, texts
    assert not any(t for i, t in enumerate(texts) if i != MOBILITY), texts

    # Ana flags the Mobility section, signs; then a correction as an addendum.
    qtbot.keyClicks(editor.flags_edit, "fall@Mobility")
    with qtbot.waitSignal(editor.signed):
        qtbot.mouseClick(editor.sign_button, LEFT)
    assert editor.text_edit.isReadOnly()
    qtbot.mouseClick(editor.addendum_button, LEFT)
    addendum = place.record.addendum_dialog
    qtbot.waitUntil(addendum.isVisible)
    qtbot.keyClicks(addendum.findChild(QPlainTextEdit, "addendumText"), "She used her frame.")
    box = addendum.findChild(QDialogButtonBox)
    with qtbot.waitSignal(place.record.note_added):
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), LEFT)

    # The History of the note, in the window: made, dictated into, signed, its addendum.
    place.open_note(note_id)
    qtbot.mouseClick(editor.history_button, LEFT)
    table = place.record.history_dialog.findChild(QTableWidget, "historyTable")
    rows = [
        (table.item(row, 1).text(), table.item(row, 2).text()) for row in range(table.rowCount())
    ]
    assert rows[0] == ("Ana Silva", "created")
    for what in ("edited", "signed"):
        assert ("Ana Silva", what) in rows, rows
    assert any(who == "Ana Silva" and what.startswith("addendum") for who, what in rows), rows

    with NoteStore() as store:
        assert store.verify_audit().ok
        (addendum_note,) = store.addenda(note_id)
        log = [(e.staff_name, e.action, e.note_id) for e in store.audit_entries()]
    assert addendum_note.text == "She used her frame." and addendum_note.author == "Ana Silva"
    for entry in (
        ("Ana Silva", "created", note_id),
        ("Ana Silva", "edited", note_id),
        ("Ana Silva", "signed", note_id),
    ):
        assert entry in log, log
    assert any(who == "Ana Silva" and what == "addendum" for who, what, _ in log)

    # The nurse takes over and opens the handover: Room 12's fall comes first.
    qtbot.mouseClick(place.record.switch_button, LEFT)
    sign_in(qtbot, place, "Bo Lin", "1357")
    qtbot.mouseClick(place.record.handover_button, LEFT)
    handover = place.record.handover_dialog
    qtbot.waitUntil(handover.isVisible)
    text = handover.view.toPlainText()
    assert "Margaret Green" in text and "fall@Mobility" in text, text
    assert text.index("fall@Mobility") < text.index("She used her frame."), text

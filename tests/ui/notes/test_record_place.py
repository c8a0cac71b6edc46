"""The team record in the Notes place, driven as a user would: a carer signs in, writes a
daily care note whose dictation moves on with "next section", flags a section, signs it;
the nurse signs in and sees it in the handover. Real store, real widgets, clicks and keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit, QTableWidget

from carevoice.notes.store import NoteStore
from tests.notes.transcripts import make_transcript

# Dialogs open on the offscreen platform, which cannot pass size hints to a window manager.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def team():
    with NoteStore() as store:
        manager = store.add_staff("Mei Chen", "manager", "4711")
        store.add_staff("Ana Silva", "carer", "2468", by=manager)
        store.add_staff("Bo Lin", "nurse", "1357", by=manager)
        store.add_resident("Margaret Green", "Room 12")


def asked(qtbot, place):
    """The sign-in dialog, once it is on screen."""
    qtbot.waitUntil(
        lambda: place.record.sign_in_dialog is not None and place.record.sign_in_dialog.isVisible()
    )
    return place.record.sign_in_dialog


def sign_in(qtbot, place, name: str, pin: str):
    dialog = asked(qtbot, place)
    dialog.who.setCurrentIndex(dialog.who.findData(name))
    dialog.pin.clear()
    qtbot.keyClicks(dialog.pin, pin)
    with qtbot.waitSignal(dialog.finished, timeout=5000, raising=False):
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    return dialog


def test_carer_writes_flags_and_signs_then_the_nurse_sees_it_in_the_handover(qtbot, window, team):
    window.show_place("notes")
    place = window.places["notes"]
    place.store()  # the first use (showing the place, in the app) opens the notes
    # Who is working: asked at once. A wrong PIN is refused and the dialog stays.
    dialog = asked(qtbot, place)
    dialog.who.setCurrentIndex(dialog.who.findData("Ana Silva"))
    qtbot.keyClicks(dialog.pin, "0000")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.message.text()
    sign_in(qtbot, place, "Ana Silva", "2468")
    assert place.record.by().name == "Ana Silva"
    assert "Ana Silva" in place.record.who_label.text()

    # A daily care note from a dictation that says "next section" between the parts.
    place.residents.select(place.store().find_resident("Room 12").id)
    place.record.template_box.setCurrentIndex(place.record.template_box.findData(1))
    transcript = make_transcript(
        [
            "Cheerful this morning.",
            "Next section.",
            "Drank three cups of tea.",
            "Next section.",
            "Showered with help.",
            "Next section.",
            "Slipped by the bed, no injury.",
        ]
    )
    note = place.new_note_from_transcript(transcript, None)
    assert note is not None and note.author == "Ana Silva"
    assert note.sections[3].heading == "Mobility"
    assert note.sections[3].text == "Slipped by the bed, no injury."
    editor = place.editor
    assert "## Mobility\nSlipped by the bed" in editor.text_edit.toPlainText()
    assert editor.status_label.text().startswith("Draft")
    assert "Draft" in place.notes_list.item(0).text()

    # Flag the Mobility section, then sign.
    qtbot.keyClicks(editor.flags_edit, "fall@Mobility")
    with qtbot.waitSignal(editor.signed, timeout=5000):
        qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    assert editor.text_edit.isReadOnly() and not editor.sign_button.isEnabled()
    assert "Signed by Ana Silva" in editor.status_label.text()
    with NoteStore() as store:
        saved = store.get_note(note.id)
    assert saved.is_signed and [f.label for f in saved.flags] == ["fall@Mobility"]

    # The nurse takes over and opens the handover: the fall comes first.
    qtbot.mouseClick(place.record.switch_button, Qt.MouseButton.LeftButton)
    sign_in(qtbot, place, "Bo Lin", "1357")
    assert place.record.by().name == "Bo Lin"
    qtbot.mouseClick(place.record.handover_button, Qt.MouseButton.LeftButton)
    handover = place.record.handover_dialog
    qtbot.waitUntil(handover.isVisible)
    text = handover.view.toPlainText()
    assert "Margaret Green" in text
    assert text.index("fall@Mobility") < text.index("Drank three cups")  # flagged first
    with NoteStore() as store:
        assert store.verify_audit().ok
        who_did = [(e.staff_name, e.action) for e in store.history(note.id)]
    assert ("Ana Silva", "created") in who_did and ("Ana Silva", "signed") in who_did
    assert ("Bo Lin", "viewed") in who_did


def test_the_history_and_an_addendum_from_the_editor(qtbot, window, team):
    window.show_place("notes")
    place = window.places["notes"]
    place.store()  # the first use (showing the place, in the app) opens the notes
    sign_in(qtbot, place, "Ana Silva", "2468")
    place.residents.select(place.store().find_resident("Room 12").id)
    note = place.new_note()
    qtbot.keyClicks(place.editor.text_edit, "Gave 500 mg paracetamol.")
    with qtbot.waitSignal(place.editor.signed, timeout=5000):
        qtbot.mouseClick(place.editor.sign_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(place.editor.addendum_button, Qt.MouseButton.LeftButton)
    addendum = place.record.addendum_dialog
    qtbot.waitUntil(addendum.isVisible)
    qtbot.keyClicks(addendum.findChild(QPlainTextEdit, "addendumText"), "It was 250 mg.")
    box = addendum.findChild(QDialogButtonBox)
    with qtbot.waitSignal(place.record.note_added, timeout=5000):
        qtbot.mouseClick(
            box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    with NoteStore() as store:
        (added,) = store.addenda(note.id)
    assert added.text == "It was 250 mg." and added.author == "Ana Silva"
    place.open_note(note.id)
    qtbot.mouseClick(place.editor.history_button, Qt.MouseButton.LeftButton)
    table = place.record.history_dialog.findChild(QTableWidget, "historyTable")
    actions = [table.item(row, 2).text() for row in range(table.rowCount())]
    assert actions[:2] == ["created", "edited"] and "signed" in actions

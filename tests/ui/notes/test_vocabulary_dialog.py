"""A resident's vocabulary, edited from the Notes place, on a real database.

What the dialog saves is read back through a second NoteStore (the app's next start)
and through the options a dictation about the resident would use.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from carevoice.notes.store import NoteStore
from carevoice.ui.notes.vocabulary_dialog import VocabularyDialog

# Qt's offscreen platform says this whenever a top-level window (the dialog) is shown.
shows_a_window = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def place(window):
    notes = window.places["notes"]
    window.show_place("notes")
    return notes


def saved_terms(resident_id: int) -> list[tuple[str, str]]:
    with NoteStore() as store:
        return [(t.term, t.kind) for t in store.terms(resident_id, include_global=False)]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_in(widget, text: str) -> None:
    """Type `text` through the input method, as a Chinese one commits a phrase (QTest
    keyClicks aborts on characters outside Latin-1)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@shows_a_window
def test_a_residents_terms_are_added_and_removed(place, qtbot):
    margaret = place.residents.add_resident("Margaret Green").id
    bob = place.residents.add_resident("Bob Smith").id
    place.residents.select(margaret)
    click(qtbot, place.residents.vocabulary_button)
    dialog = place.residents.vocabulary_dialog
    assert isinstance(dialog, VocabularyDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Vocabulary — Margaret Green"
    assert dialog.shown_terms() == []
    assert not dialog.add_button.isEnabled() and not dialog.remove_button.isEnabled()

    qtbot.keyClicks(dialog.term_edit, "Donepezil")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("medication"))
    with qtbot.waitSignal(dialog.terms_changed):
        click(qtbot, dialog.add_button)
    qtbot.keyClicks(dialog.term_edit, "Siobhan")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("name"))
    with qtbot.waitSignal(dialog.terms_changed):
        qtbot.keyClick(dialog.term_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter added the term; it did not close the dialog
    assert dialog.shown_terms() == [("Donepezil", "Medication"), ("Siobhan", "Name")]
    assert dialog.term_edit.text() == ""
    assert saved_terms(margaret) == [("Donepezil", "medication"), ("Siobhan", "name")]
    assert saved_terms(bob) == []
    vocabulary = place.transcribe_options().vocabulary
    assert {"Margaret Green", "Donepezil", "Siobhan"} <= set(vocabulary)

    # The same term again, in other letters, is refused in words.
    qtbot.keyClicks(dialog.term_edit, "DONEPEZIL")
    with qtbot.assertNotEmitted(dialog.terms_changed):
        click(qtbot, dialog.add_button)
    assert dialog.message.text() == "Donepezil is already in the list."
    assert len(saved_terms(margaret)) == 2

    dialog.table.selectRow(0)
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.terms_changed):
        click(qtbot, dialog.remove_button)
    assert dialog.shown_terms() == [("Siobhan", "Name")]
    assert dialog.message.text() == ""
    assert saved_terms(margaret) == [("Siobhan", "name")]
    assert "Donepezil" not in place.transcribe_options().vocabulary

    with qtbot.waitSignal(dialog.finished):
        dialog.reject()  # the Close button, or Esc
    assert place.residents.vocabulary_dialog is None
    place.residents.select(bob)
    assert "Siobhan" not in place.transcribe_options().vocabulary


@shows_a_window
def test_several_terms_typed_or_pasted_at_once_are_split_as_everywhere_else(place, qtbot):
    """Issue #14: the dialog reads a list as `--vocabulary` and the settings file do
    (engine.vocabulary.parse_terms): 、，； , ; and line breaks alike."""
    margaret = place.residents.add_resident("Margaret Green").id
    place.residents.select(margaret)
    click(qtbot, place.residents.vocabulary_button)
    dialog = place.residents.vocabulary_dialog
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("medication"))

    type_in(dialog.term_edit, "甲，乙、")  # as a Chinese input method commits it
    qtbot.keyClicks(dialog.term_edit, "Donepezil; Memantine ,")
    with qtbot.waitSignal(dialog.terms_changed):
        click(qtbot, dialog.add_button)
    assert dialog.shown_terms() == [
        ("Donepezil", "Medication"),
        ("Memantine", "Medication"),
        ("乙", "Medication"),
        ("甲", "Medication"),
    ]
    assert dialog.term_edit.text() == ""

    # A list copied from elsewhere, one a line: the new ones are added, a repeat is named.
    QApplication.clipboard().setText("Aricept\r\ndonepezil\n丙；\n")
    qtbot.keyClick(dialog.term_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(dialog.terms_changed):
        qtbot.keyClick(dialog.term_edit, Qt.Key.Key_Return)
    assert sorted(saved_terms(margaret)) == sorted(
        (term, "medication") for term in ("甲", "乙", "丙", "Donepezil", "Memantine", "Aricept")
    )
    assert dialog.message.text() == "Donepezil is already in the list."
    assert dialog.term_edit.text() == ""
    assert {"甲", "乙", "丙", "Aricept"} <= set(place.transcribe_options().vocabulary)

    # Only repeats: nothing changes, and the text stays to be corrected.
    type_in(dialog.term_edit, "甲")
    qtbot.keyClicks(dialog.term_edit, ", ARICEPT")
    with qtbot.assertNotEmitted(dialog.terms_changed):
        click(qtbot, dialog.add_button)
    assert dialog.message.text() == "甲, Aricept are already in the list."
    assert dialog.term_edit.text() == "甲, ARICEPT"
    dialog.reject()


def test_vocabulary_needs_a_selected_resident(place):
    place.residents.add_resident("Margaret Green")
    assert place.residents.vocabulary_button.isEnabled()
    place.residents.select(None)  # "All residents"
    assert not place.residents.vocabulary_button.isEnabled()
    assert place.residents.edit_vocabulary() is None

"""A note saved on another workstation while it is edited here: the dialog, and each answer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from carevoice.notes.store import NoteStore
from carevoice.ui.notes.editor import AUTOSAVE_MS, SAVED, NoteEditor

# The offscreen platform says so whenever a dialog is shown; it is harmless.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def stores():
    """This workstation's store and another's, on the same notes."""
    with NoteStore(editor="Ana") as here, NoteStore(here.location, editor="Bo") as there:
        yield here, there


@pytest.fixture
def editor(qtbot, stores):
    widget = NoteEditor(lambda: stores[0])
    qtbot.addWidget(widget)
    widget.show()
    return widget


def conflict(qtbot, editor, stores, typed: str):
    """Open a note, have Bo save it elsewhere, type here: the dialog opens at the autosave."""
    here, there = stores
    note = here.create_note(text="Ate breakfast.", title="Morning")
    editor.show_note(note)
    there.update_note(note.id, text="Ate a full breakfast.", expected_version=note.version)
    with qtbot.waitSignal(editor.conflict_raised, timeout=AUTOSAVE_MS + 3000):
        editor.text_edit.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClicks(editor.text_edit, typed)
    dialog = editor.conflict_dialog
    assert dialog is not None and dialog.isVisible()
    assert "changed by Bo at" in dialog.question.text()
    assert dialog.their_text.toPlainText() == "Ate a full breakfast."
    assert here.get_note(note.id).text == "Ate a full breakfast."  # nothing overwritten
    return note, dialog


def test_keep_yours_saves_this_version_over_theirs(qtbot, editor, stores):
    note, dialog = conflict(qtbot, editor, stores, " Pills taken.")
    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(dialog.keep_yours, Qt.MouseButton.LeftButton)
    saved = stores[1].get_note(note.id)
    assert (saved.text, saved.updated_by) == ("Ate breakfast. Pills taken.", "Ana")
    assert saved.version == 3
    assert editor.save_state() == SAVED and not dialog.isVisible()


def test_take_theirs_shows_their_version(qtbot, editor, stores):
    note, dialog = conflict(qtbot, editor, stores, " Pills taken.")
    qtbot.mouseClick(dialog.take_theirs, Qt.MouseButton.LeftButton)
    assert editor.text() == "Ate a full breakfast."
    assert stores[1].get_note(note.id).text == "Ate a full breakfast."
    assert editor.save_state() == SAVED


def test_keep_both_saves_yours_as_a_new_note_and_leaves_theirs(qtbot, editor, stores):
    note, dialog = conflict(qtbot, editor, stores, " Pills taken.")
    with qtbot.waitSignal(editor.copy_saved) as copied:
        qtbot.mouseClick(dialog.keep_both, Qt.MouseButton.LeftButton)
    copy = stores[1].get_note(copied.args[0])
    assert (copy.text, copy.title) == ("Ate breakfast. Pills taken.", "Morning (copy)")
    assert stores[1].get_note(note.id).text == "Ate a full breakfast."
    assert editor.note_id() == copy.id and editor.text() == copy.text


def test_closing_with_the_question_unanswered_loses_nothing(qtbot, editor, stores):
    note, _dialog = conflict(qtbot, editor, stores, " Pills taken.")
    editor.shutdown()
    texts = sorted(n.text for n in stores[1].list_notes())
    assert texts == ["Ate a full breakfast.", "Ate breakfast. Pills taken."]

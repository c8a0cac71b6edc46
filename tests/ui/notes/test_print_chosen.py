"""Issue #13.8: "No notes to print" while a note is chosen in the list but not open. When
someone else signs in, the editor closes the note (its edits were the last person's), yet
the list still shows it chosen: Print… (and Copy) act on that note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carevoice.notes.store import NoteStore
from tests.notes.transcripts import make_transcript
from tests.ui.dialogs import OPENS_A_DIALOG, answer_file_dialog
from tests.ui.notes.test_corrections import exported_text
from tests.ui.notes.test_record_place import asked, sign_in

pytestmark = [pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)]


@pytest.fixture
def team():
    with NoteStore() as store:
        manager = store.add_staff("Mei Chen", "manager", "4711")
        store.add_staff("Ana Silva", "carer", "2468", by=manager)
        store.add_staff("Bo Lin", "nurse", "1357", by=manager)
        store.add_resident("Margaret Green", "Room 12")


def test_print_prints_the_note_chosen_in_the_list_when_none_is_open(qtbot, window, team, tmp_path):
    window.show_place("notes")
    place = window.places["notes"]
    place.store()
    sign_in(qtbot, place, "Ana Silva", "2468")
    place.residents.select(place.store().find_resident("Room 12").id)
    note = place.new_note_from_transcript(make_transcript(["Slept well after tea."]), None)
    assert note is not None and place.notes_list.current_note_id() == note.id

    # The nurse takes over: the note is closed in the editor, still chosen in the list.
    qtbot.mouseClick(place.record.switch_button, Qt.MouseButton.LeftButton)
    asked(qtbot, place)
    sign_in(qtbot, place, "Bo Lin", "1357")
    assert place.editor.note() is None
    assert place.notes_list.current_note_id() == note.id
    assert place.output.print_note_action.isEnabled()

    # No printer here: it asks where to write the PDF; the chosen note is in it.
    answered = answer_file_dialog(qtbot, "printToFile", tmp_path / "printed")
    qtbot.mouseClick(place.output.print_button, Qt.MouseButton.LeftButton)
    assert place.status_line.text() != "There are no notes to print."
    assert answered
    assert "Slept well after tea." in exported_text(tmp_path / "printed.pdf")

    QApplication.clipboard().clear()
    qtbot.mouseClick(place.output.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "Slept well after tea."

"""Issue #13.2: saving a dictation as a note picks the resident on purpose.

With no resident selected in the Notes place, saving asks: nothing is preselected, OK
stays disabled until a resident is chosen, the list filters as you type, and "New
resident…" adds one in the same dialog. With one selected there, a dictation saved from
the Dictate place still asks, that resident preselected and said, for the user to confirm.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from carevoice.notes.store import NoteStore
from tests.notes.transcripts import make_transcript
from tests.ui.dialogs import OPENS_A_DIALOG, when_open

pytestmark = [pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)]


@pytest.fixture
def place(window):
    notes = window.places["notes"]
    window.show_place("notes")
    store = notes.store()
    for name in ("Margaret Green", "Bob Smith", "Mary Tan"):
        store.add_resident(name)
    notes.residents.reload()
    notes.residents.select(None)  # "All residents": the note's resident must be asked
    return notes


def shown(picker) -> list[str]:
    return [
        picker.list.item(r).text()
        for r in range(picker.list.count())
        if not picker.list.item(r).isHidden()
    ]


def test_nothing_is_preselected_ok_waits_and_typing_filters(place, qtbot):
    seen = {}

    def choose(picker):
        seen["selected"] = [i.text() for i in picker.list.selectedItems()]
        seen["ok_at_first"] = picker.ok_button.isEnabled()
        qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)  # Enter alone chooses nobody
        seen["still_open"] = picker.isVisible()
        qtbot.keyClicks(picker.filter_edit, "ma")
        seen["filtered"] = shown(picker)
        qtbot.keyClicks(picker.filter_edit, "ry")
        item = picker.list.findItems("Mary Tan", Qt.MatchFlag.MatchExactly)[0]
        rect = picker.list.visualItemRect(item)
        qtbot.mouseClick(picker.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        seen["ok_after"] = picker.ok_button.isEnabled()
        qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)

    answered = when_open("residentPicker", choose)
    note = place.new_note_from_transcript(make_transcript(["Slept well."]), None)
    assert answered and not [a for a in answered if isinstance(a, BaseException)], answered
    assert seen == {
        "selected": [],
        "ok_at_first": False,
        "still_open": True,
        "filtered": ["Margaret Green", "Mary Tan"],
        "ok_after": True,
    }
    assert note is not None
    with NoteStore() as store:
        assert store.get_note(note.id).resident_name == "Mary Tan"


def test_a_new_resident_is_added_in_the_same_dialog(place, qtbot):
    def name_them(ask):
        field = ask.findChild(QLineEdit)
        assert field.text() == "Lin"  # what was typed in the filter, to start with
        qtbot.keyClick(field, Qt.Key.Key_End)  # the name comes selected
        qtbot.keyClicks(field, " Mei-hua")
        buttons = ask.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    def add_new(picker):
        qtbot.keyClicks(picker.filter_edit, "Lin")
        assert shown(picker) == []
        named = when_open("newResidentName", name_them)
        qtbot.mouseClick(picker.new_button, Qt.MouseButton.LeftButton)
        assert named and not isinstance(named[-1], BaseException), named
        assert [i.text() for i in picker.list.selectedItems()] == ["Lin Mei-hua"]
        qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)

    answered = when_open("residentPicker", add_new)
    note = place.new_note_from_transcript(make_transcript(["Ate well."]), None)
    assert not [a for a in answered if isinstance(a, BaseException)], answered
    assert note is not None and note.resident_name == "Lin Mei-hua"


def test_cancel_saves_nothing(place, qtbot):
    def cancel(picker):
        cancel_button = picker.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)

    when_open("residentPicker", cancel)
    assert place.new_note_from_transcript(make_transcript(["Ate well."]), None) is None
    with NoteStore() as store:
        assert store.count_notes() == 0


def _save_dictation(window, qtbot, words: list[str]) -> None:
    """A finished dictation in the Dictate place (as the recorder leaves one); then the
    user presses "Save as care note" there."""
    dictate = window.places["dictate"]
    window.show_place("dictate")
    dictate.result.show(make_transcript(words), None)
    assert dictate.save_button.isEnabled()
    qtbot.mouseClick(dictate.save_button, Qt.MouseButton.LeftButton)


def test_the_resident_selected_in_notes_is_preselected_to_confirm_not_used_unseen(
    place, window, qtbot
):
    # #13.2: Bob was selected in the Notes place earlier; the dictation is saved from the
    # Dictate place, where that selection is out of sight. The dialog asks, Bob preselected.
    bob = place.store().find_resident("Bob Smith").id
    place.residents.select(bob)
    seen = {}

    def confirm(picker):
        seen["selected"] = [i.text() for i in picker.list.selectedItems()]
        seen["said"] = picker.preselected_label.text()
        seen["ok"] = picker.ok_button.isEnabled()
        qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)

    answered = when_open("residentPicker", confirm)
    _save_dictation(window, qtbot, ["Took her tablets."])
    assert answered and not [a for a in answered if isinstance(a, BaseException)], answered
    assert seen["selected"] == ["Bob Smith"] and seen["ok"]
    assert "Bob Smith is selected in Notes" in seen["said"]
    with NoteStore() as store:
        [note] = store.list_notes()
        assert note.resident_name == "Bob Smith"

    # Another time the user sees it is the wrong resident and picks the right one.
    def choose_mary(picker):
        item = picker.list.findItems("Mary Tan", Qt.MatchFlag.MatchExactly)[0]
        rect = picker.list.visualItemRect(item)
        qtbot.mouseClick(picker.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)

    place.residents.select(bob)
    answered = when_open("residentPicker", choose_mary)
    _save_dictation(window, qtbot, ["Walked to the garden."])
    assert answered and not [a for a in answered if isinstance(a, BaseException)], answered
    with NoteStore() as store:
        names = {n.text: n.resident_name for n in store.list_notes()}
    assert names["Walked to the garden."] == "Mary Tan"

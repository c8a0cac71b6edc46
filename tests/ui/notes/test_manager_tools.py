"""The manager's Staff dialog and template editor in the Notes place, driven as a user
would (clicks and keys on the real widgets, the real SQLite store): only a manager opens
them, others see why not; every change is in the audit log, which still verifies."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from carevoice.notes.store import NoteStore
from tests.ui.notes.test_record_place import sign_in

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def team():
    with NoteStore() as store:
        manager = store.add_staff("Mei Chen", "manager", "4711")
        store.add_staff("Ana Silva", "carer", "2468", by=manager)
        store.add_resident("Margaret Green", "Room 12")


def notes(window):
    window.show_place("notes")
    place = window.places["notes"]
    place.store()
    return place


def actions():
    with NoteStore() as store:
        assert store.verify_audit().ok
        return [(e.staff_name, e.action, e.details) for e in store.audit_entries()]


def test_a_carer_sees_the_manager_tools_disabled_with_the_reason(qtbot, window, team):
    place = notes(window)
    record = place.record
    assert not record.staff_button.isEnabled()
    assert "Sign in as a manager" in record.staff_button.toolTip()
    sign_in(qtbot, place, "Ana Silva", "2468")
    for button in (record.staff_button, record.templates_button):
        assert not button.isEnabled()
        assert button.toolTip() == "Only a manager can change staff and templates."
    qtbot.mouseClick(record.switch_button, LEFT)
    sign_in(qtbot, place, "Mei Chen", "4711")
    assert record.staff_button.isEnabled() and record.templates_button.isEnabled()


def test_a_manager_adds_staff_changes_a_role_disables_and_sets_a_pin(qtbot, window, team):
    place = notes(window)
    sign_in(qtbot, place, "Mei Chen", "4711")
    qtbot.mouseClick(place.record.staff_button, LEFT)
    dialog = place.record.staff_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.table.rowCount() == 2

    # Two PINs that differ are refused, nothing is added.
    qtbot.keyClicks(dialog.add_name, "Bo Lin")
    dialog.add_role.setCurrentIndex(dialog.add_role.findData("nurse"))
    qtbot.keyClicks(dialog.add_pin, "1357")
    qtbot.keyClicks(dialog.add_pin_again, "1358")
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert "not the same" in dialog.message.text() and dialog.table.rowCount() == 2
    dialog.add_pin_again.clear()
    qtbot.keyClicks(dialog.add_pin_again, "1357")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.add_button, LEFT)
    assert dialog.table.rowCount() == 3 and dialog.selected().name == "Bo Lin"

    # Ana becomes a nurse, then is disabled; a new PIN for Bo.
    dialog.table.selectRow(0)
    assert dialog.selected().name == "Ana Silva"
    dialog.role_box.setCurrentIndex(dialog.role_box.findData("nurse"))
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.role_button, LEFT)
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.active_button, LEFT)
    assert dialog.table.item(0, 2).text() == "disabled"
    assert dialog.active_button.text() == "Enable"
    dialog.table.selectRow(1)
    assert dialog.selected().name == "Bo Lin"
    qtbot.keyClicks(dialog.new_pin, "9999")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.pin_button, LEFT)
    assert dialog.new_pin.text() == ""

    # The last active manager cannot be disabled: said, and nothing changed.
    dialog.table.selectRow(2)
    assert dialog.selected().name == "Mei Chen"
    qtbot.mouseClick(dialog.active_button, LEFT)
    assert "at least one active manager" in dialog.message.text()

    with NoteStore() as store:
        assert store.find_staff("Bo Lin").role == "nurse"
        ana = store.find_staff("Ana Silva")
        assert (ana.role, ana.active) == ("nurse", False)
        assert store.sign_in("Bo Lin", "9999").name == "Bo Lin"
    done = [(who, what) for who, what, _ in actions()]
    assert done.count(("Mei Chen", "staff-changed")) == 3
    assert ("Mei Chen", "staff-added") in done
    assert not any("9999" in str(details) for _, _, details in actions())


def test_the_first_manager_is_made_in_the_window_then_everyone_signs_in(qtbot, window):
    place = notes(window)
    record = place.record
    assert record.staff_button.isEnabled()  # the single user may do everything
    qtbot.mouseClick(record.staff_button, LEFT)
    dialog = record.staff_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.add_role.currentData() == "manager"
    qtbot.keyClicks(dialog.add_name, "Mei Chen")
    qtbot.keyClicks(dialog.add_pin, "4711")
    qtbot.keyClicks(dialog.add_pin_again, "4711")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.add_button, LEFT)
    with qtbot.waitSignal(dialog.finished):
        dialog.reject()
    assert not record.staff_button.isEnabled()  # nobody is signed in now
    sign_in(qtbot, place, "Mei Chen", "4711")
    assert record.by().name == "Mei Chen" and record.staff_button.isEnabled()


def test_a_manager_makes_and_changes_a_template_and_old_notes_keep_theirs(qtbot, window, team):
    place = notes(window)
    sign_in(qtbot, place, "Mei Chen", "4711")
    record = place.record
    qtbot.mouseClick(record.templates_button, LEFT)
    editor = record.template_editor
    qtbot.waitUntil(editor.isVisible)
    assert editor.name_edit.text() == "Daily care note"
    assert editor.headings()[0] == "Wellbeing"

    # A new template with three sections, the last moved up.
    qtbot.mouseClick(editor.new_button, LEFT)
    assert editor.chosen() is None and editor.headings() == []
    qtbot.keyClicks(editor.name_edit, "Wound care")
    for heading in ("Site", "Dressing", "Pain"):
        editor.heading_edit.clear()
        qtbot.keyClicks(editor.heading_edit, heading)
        qtbot.mouseClick(editor.add_button, LEFT)
    qtbot.mouseClick(editor.up_button, LEFT)
    assert editor.headings() == ["Site", "Pain", "Dressing"]
    with qtbot.waitSignal(record.templates_changed):
        qtbot.mouseClick(editor.save_button, LEFT)
    wound = record.template_box.findText("Wound care")
    assert wound >= 0  # offered for new notes at once

    # A note made with it, then the template's section renamed and one removed.
    record.template_box.setCurrentIndex(wound)
    place.residents.select(place.store().find_resident("Room 12").id)
    note = place.new_note()
    assert [s.heading for s in note.sections] == ["Site", "Pain", "Dressing"]
    editor.sections.setCurrentRow(1)
    editor.heading_edit.clear()
    qtbot.keyClicks(editor.heading_edit, "Pain score")
    qtbot.mouseClick(editor.rename_button, LEFT)
    editor.sections.setCurrentRow(2)
    qtbot.mouseClick(editor.remove_button, LEFT)
    with qtbot.waitSignal(record.templates_changed):
        qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.headings() == ["Site", "Pain score"]

    # Two sections with one heading are refused, in words; nothing saved.
    editor.heading_edit.clear()
    qtbot.keyClicks(editor.heading_edit, "site")
    qtbot.mouseClick(editor.add_button, LEFT)
    qtbot.mouseClick(editor.save_button, LEFT)
    assert "same heading" in editor.message.text()

    with NoteStore() as store:
        assert store.template("Wound care").headings == ("Site", "Pain score")
        assert [s.heading for s in store.get_note(note.id).sections] == [
            "Site",
            "Pain",
            "Dressing",
        ]
    changes = [d for who, what, d in actions() if what == "template-changed"]
    assert len(changes) == 2 and all(who == "Mei Chen" for who, what, _ in actions()[-3:])
    assert changes[-1]["sections"] == ["Site", "Pain score"]

    # Retired: no longer offered for new notes, still in the editor to offer again.
    editor.sections.setCurrentRow(2)
    qtbot.mouseClick(editor.remove_button, LEFT)
    qtbot.keyClick(editor.active_box, Qt.Key.Key_Space)
    with qtbot.waitSignal(record.templates_changed):
        qtbot.mouseClick(editor.save_button, LEFT)
    assert record.template_box.findText("Wound care") == -1
    assert editor.chooser.currentText() == "Wound care (retired)"
    assert not editor.active_box.isChecked()
    assert actions()[-1][2]["active"] is False
    qtbot.keyClick(editor.active_box, Qt.Key.Key_Space)
    with qtbot.waitSignal(record.templates_changed):
        qtbot.mouseClick(editor.save_button, LEFT)
    assert record.template_box.findText("Wound care") >= 0

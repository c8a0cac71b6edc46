"""Backup and restore from the Notes place, on the real notes database: what is backed up
is what a fresh store reads back after a restore; a wrong file or a "no" changes nothing."""

from __future__ import annotations

import stat

from PySide6.QtGui import QTextCursor

from carevoice.notes.backup import BEFORE_RESTORE, check_backup
from carevoice.notes.store import NoteStore
from tests.notes.transcripts import make_transcript
from tests.ui.notes.test_notes_place import add_resident, commit_text


def _everything() -> list[tuple[str, str | None]]:
    """Every note's text and resident as a fresh store (the app's next start) reads them."""
    with NoteStore() as store:
        names = {r.id: r.name for r in store.residents()}
        return sorted((n.text, names.get(n.resident_id)) for n in store.list_notes())


def test_a_backup_holds_every_note_and_the_unsaved_edit_and_restores_them(window, qtbot, tmp_path):
    place = window.places["notes"]
    window.show_place("notes")
    add_resident(place, "Margaret Green")
    place.new_note_from_transcript(make_transcript(["Slept well."]), None)
    add_resident(place, "陳美玲")
    place.new_note_from_transcript(make_transcript(["她的血壓正常。"]), None)
    place.editor.text_edit.moveCursor(QTextCursor.MoveOperation.End)
    commit_text(place.editor.text_edit, "晚餐吃完了。")  # not saved yet: the backup saves it
    assert ("她的血壓正常。", "陳美玲") in _everything()

    place.backup.ask_backup_path = lambda suggested: tmp_path
    with qtbot.waitSignal(place.backup.said) as said:
        place.backup.back_up_action.trigger()
    [backup] = tmp_path.glob("care-voice-notes-*.carevoice-backup")
    assert said.args[0] == f"Backed up 2 notes to {backup}."
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    before = _everything()
    assert ("她的血壓正常。晚餐吃完了。", "陳美玲") in before  # the edit was saved first
    assert check_backup(backup).notes == 2

    # Later: a note added, one changed; then the backup is restored.
    place.new_note_from_transcript(make_transcript(["Fell in the garden."]), None)
    with NoteStore() as store:
        first = store.list_notes()[-1]
        store.save_text(first.id, "Changed after the backup.")
    place.refresh()
    questions = []
    place.backup.ask_restore_path = lambda: backup
    place.backup.confirm_restore = lambda question: questions.append(question) or True
    with qtbot.waitSignal(place.backup.restored):
        place.backup.restore_action.trigger()

    assert questions == [
        f"This replaces the 3 notes on this computer with the 2 notes and 2 residents "
        f"in {backup}. The notes from now are kept in a copy first."
    ]
    assert _everything() == before
    assert place.status_line.text().startswith(f"Restored 2 notes and 2 residents from {backup}")
    assert place.editor.note() is None
    with NoteStore() as store:  # the list shows the selected resident's restored notes
        theirs = [n.id for n in store.list_notes() if n.resident_id == place.selected_resident_id()]
    assert place.notes_list.note_ids() == theirs and len(theirs) == 1
    safety = NoteStore().path.parent / BEFORE_RESTORE
    assert check_backup(safety).notes == 3  # the notes it replaced


def test_a_file_that_is_not_a_backup_or_a_no_changes_nothing(window, qtbot, tmp_path):
    place = window.places["notes"]
    window.show_place("notes")
    add_resident(place, "Ann Lee")
    place.new_note_from_transcript(make_transcript(["Ate breakfast."]), None)
    before = _everything()

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("Ate breakfast.", encoding="utf-8")
    place.backup.ask_restore_path = lambda: not_a_backup
    place.backup.confirm_restore = lambda question: True
    with qtbot.assertNotEmitted(place.backup.restored):
        place.backup.restore_action.trigger()
    assert (
        place.status_line.text()
        == f"Nothing was restored: {not_a_backup} is not a Care Voice backup."
    )
    assert _everything() == before

    place.backup.ask_backup_path = lambda suggested: tmp_path / "b.carevoice-backup"
    place.backup.back_up_action.trigger()
    # One note: English's singular, from Qt's %n plurals (#13.8).
    assert place.status_line.text() == f"Backed up 1 note to {tmp_path / 'b.carevoice-backup'}."
    place.new_note_from_transcript(make_transcript(["Walked to the garden."]), None)
    after = _everything()
    place.backup.ask_restore_path = lambda: tmp_path / "b.carevoice-backup"
    place.backup.confirm_restore = lambda question: False
    with qtbot.assertNotEmitted(place.backup.restored):
        place.backup.restore_action.trigger()
    assert place.status_line.text() == "Nothing was restored; the notes are as they were."
    assert _everything() == after and len(after) == 2

    place.backup.ask_backup_path = lambda suggested: tmp_path / "no such folder" / "x"
    place.backup.back_up_action.trigger()
    assert place.status_line.text().startswith("No backup was made: ")

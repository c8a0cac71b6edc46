"""The notes server goes away while a note is being typed: kept here, saved when it is back."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from carevoice.notes.store import NoteStore
from carevoice.ui.notes.editor import AUTOSAVE_MS, FAILED, RETRY_MS, SAVED, NoteEditor


@pytest.fixture
def server_store(pg_server, pg_database):
    with NoteStore(pg_database, editor="Ana") as store:
        yield store
    if not (pg_server.data / "postmaster.pid").exists():  # a failed test left it stopped
        pg_server.start()


def test_typing_while_the_server_is_gone_is_kept_and_saved_when_it_returns(
    qtbot, pg_server, server_store
):
    editor = NoteEditor(lambda: server_store)
    qtbot.addWidget(editor)
    note = server_store.create_note(text="Ate breakfast.")
    editor.show_note(note)
    pg_server.stop("immediate")
    with qtbot.waitSignal(
        editor.save_state_changed,
        timeout=AUTOSAVE_MS + 5000,
        check_params_cb=lambda state: state == FAILED,
    ):
        editor.text_edit.moveCursor(QTextCursor.MoveOperation.End)
        qtbot.keyClicks(editor.text_edit, " Pills taken.")
    assert "kept on this computer" in editor.state_label.text()
    (kept,) = server_store.offline.pending(server_store.location)
    assert kept.fields == {"text": "Ate breakfast. Pills taken."}

    pg_server.start()
    with qtbot.waitSignal(editor.saved, timeout=RETRY_MS + 10000):
        pass  # the retry timer finds the server back, untouched by the user
    assert editor.save_state() == SAVED and "server" in editor.state_label.text()
    with NoteStore(server_store.location) as other:
        assert other.get_note(note.id).text == "Ate breakfast. Pills taken."
    assert server_store.offline.pending(server_store.location) == []

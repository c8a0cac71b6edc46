"""Settings › Notes server, on a real PostgreSQL server (tests/pg_server.py): the window's
notes move there on OK, only once it answers; the password goes to the private libpq file."""

from __future__ import annotations

import json
import stat
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from carevoice import paths
from carevoice.notes import location
from carevoice.notes.store import NoteStore
from carevoice.ui.settings_dialog import SettingsDialog
from tests.pg_server import PASSWORD_ROLE
from tests.ui.dialogs import when_open

# Qt's offscreen platform says this whenever a top-level window (the dialog) is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _fill(qtbot, dialog: SettingsDialog, host: str, database: str, user: str, password=""):
    group = dialog.notes_server_group
    group.where_combo.setCurrentIndex(group.where_combo.findData("server"))
    for edit, text in (
        (group.host_edit, host),
        (group.database_edit, database),
        (group.user_edit, user),
        (group.password_edit, password),
    ):
        edit.clear()
        qtbot.keyClicks(edit, text)


def _ok(qtbot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _settings_file() -> dict | None:
    path = paths.config_dir() / location.SETTINGS_NAME
    return json.loads(path.read_text()) if path.exists() else None


def test_ok_moves_the_notes_to_a_server_that_answers_and_back(window, qtbot, pg_database):
    server, _ = location.parse(pg_database)
    with NoteStore(pg_database) as store:
        store.create_note(text="血壓正常。", title="On the server")
    with NoteStore() as local:
        local.create_note(text="Slept well.", title="On this computer")
    notes = window.places["notes"]
    notes.store()  # the first use (showing the place, in the app) opens the notes
    assert notes.notes_list.titles() == ["On this computer"]
    seen: dict = {}

    def unreachable_then_right(dialog: SettingsDialog) -> None:
        group = dialog.notes_server_group
        assert group.where_combo.currentData() == "local" and not group.host_edit.isVisible()
        _fill(qtbot, dialog, "/nonexistent", server.database, server.user)
        assert group.host_edit.isVisible() and group.password_edit.isVisible()
        _ok(qtbot, dialog)
        seen["message"] = group.message.text()
        seen["open"] = dialog.isVisible()
        seen["file"] = _settings_file()
        _fill(qtbot, dialog, server.host, server.database, server.user)
        _ok(qtbot, dialog)

    answered = when_open("settingsDialog", unreachable_then_right)
    window.open_settings()
    assert answered
    # The server did not answer: said plainly, the dialog stayed, nothing was changed.
    assert seen["open"] and seen["file"] is None
    assert seen["message"].startswith("The notes stay where they were.")
    assert "cannot be reached" in seen["message"]
    # It did: the notes are read from it, and the choice is kept (no password in it).
    assert _settings_file() == {"url": server.url}
    assert location.configured() == server.url
    assert notes.notes_list.titles() == ["On the server"]
    assert QApplication.activeModalWidget() is None

    def back_to_the_file(dialog: SettingsDialog) -> None:
        group = dialog.notes_server_group
        assert group.where_combo.currentData() == "server"
        assert group.host_edit.text() == server.host and group.user_edit.text() == server.user
        group.where_combo.setCurrentIndex(group.where_combo.findData("local"))
        _ok(qtbot, dialog)

    when_open("settingsDialog", back_to_the_file)
    window.open_settings()
    assert _settings_file() is None
    assert notes.notes_list.titles() == ["On this computer"]


def test_a_typed_password_goes_to_the_private_password_file_only(window, qtbot, pg_server):
    pg_server.sql(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD 'ward:4-night'")
    url = pg_server.create_database()
    server, _ = location.parse(url)
    try:
        pg_server.sql(f"ALTER DATABASE {server.database} OWNER TO {PASSWORD_ROLE}")
        window.places["notes"].store()
        seen: dict = {}

        def wrong_then_right(dialog: SettingsDialog) -> None:
            group = dialog.notes_server_group
            _fill(qtbot, dialog, server.host, server.database, PASSWORD_ROLE)
            _ok(qtbot, dialog)  # no password anywhere yet: refused
            seen["without"] = group.message.text()
            _fill(qtbot, dialog, server.host, server.database, PASSWORD_ROLE, "ward:4-night")
            _ok(qtbot, dialog)

        when_open("settingsDialog", wrong_then_right)
        window.open_settings()
        assert seen["without"].startswith("The notes stay where they were.")
        saved = _settings_file()
        assert saved is not None and "ward" not in json.dumps(saved)
        assert saved["url"].startswith(f"postgresql://{PASSWORD_ROLE}@")
        passfile = location.password_file()
        assert passfile.read_text().endswith(f":{server.database}:{PASSWORD_ROLE}:ward\\:4-night\n")
        if sys.platform != "win32":  # libpq refuses a password file others can read
            assert stat.S_IMODE(passfile.stat().st_mode) == 0o600
        assert window.places["notes"].store().server == location.parse(saved["url"])[0]
    finally:
        window.places["notes"].shutdown()
        pg_server.drop_database(url)
        pg_server.sql(f"DROP ROLE IF EXISTS {PASSWORD_ROLE}")

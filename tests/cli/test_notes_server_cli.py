"""`care-voice notes --database URL` and `care-voice notes server`: notes on PostgreSQL."""

from __future__ import annotations

import json

from carevoice import paths
from carevoice.notes import location
from carevoice.notes.store import NoteStore
from tests.cli.test_notes_cli import _plain, care_voice


def test_database_option_uses_the_server_for_one_command(pg_database, tmp_path):
    with NoteStore(pg_database) as store:
        store.create_note(text="血壓正常，在伺服器上。", title="Server note")
    with NoteStore() as local:
        local.create_note(text="Only on this computer.", title="Local note")
    on_server = care_voice("--database", pg_database, "search", "血壓")
    _plain(on_server)
    assert on_server.returncode == 0 and "Server note" in on_server.stdout
    assert "Local note" in care_voice("list").stdout  # the default is still the file
    backup = tmp_path / "server.carevoice-backup"
    made = care_voice("--database", pg_database, "backup", backup)
    assert made.returncode == 0, made.stderr
    restored = care_voice("restore", backup, "--yes")  # the server's notes into the file
    assert restored.returncode == 0, restored.stderr
    assert "Server note" in care_voice("list").stdout


def test_server_sets_the_default_and_local_goes_back(pg_database):
    chosen = care_voice("server", pg_database)
    _plain(chosen)
    assert chosen.returncode == 0 and "0 notes there" in chosen.stdout
    settings = json.loads((paths.config_dir() / location.SETTINGS_NAME).read_text())
    assert settings["url"] == location.parse(pg_database)[0].url
    assert care_voice("server").stdout.strip() == settings["url"]
    care_voice("residents", "--add", "Ann Lee")
    with NoteStore(pg_database) as store:
        assert [r.name for r in store.residents()] == ["Ann Lee"]
    assert care_voice("server", "--local").returncode == 0
    assert "Ann Lee" not in care_voice("residents").stdout


def test_a_server_that_cannot_be_reached_is_a_plain_message(pg_server):
    url = pg_server.url("notes").replace(str(pg_server.socket_dir), "/nonexistent")
    result = care_voice("--database", url, "list")
    _plain(result)
    assert result.returncode == 1 and "cannot be reached" in result.stderr
    assert not (paths.config_dir() / location.SETTINGS_NAME).exists()

"""FolderWatcher: which recordings in a watched folder are ready, and each only once."""

from __future__ import annotations

import os
import stat

from carevoice.folder_watch import FolderWatcher


def _watcher(tmp_path, folder):
    return FolderWatcher(folder, settle_s=2.0, seen_path=tmp_path / "seen.json")


def test_a_file_is_ready_once_it_has_not_changed_for_the_settle_time(tmp_path):
    folder = tmp_path / "recorder"
    (folder / "day1").mkdir(parents=True)
    watcher = _watcher(tmp_path, folder)
    recording = folder / "day1" / "a.wav"
    recording.write_bytes(b"x" * 10)
    (folder / "notes.txt").write_text("not a recording")
    (folder / "empty.wav").write_bytes(b"")

    assert watcher.look(0.0) == []  # first sight: it may still be growing
    with recording.open("ab") as handle:
        handle.write(b"y")
    assert watcher.look(1.5) == []  # it grew
    assert watcher.look(3.0) == []  # unchanged for 1.5 s only
    assert watcher.look(3.6) == [recording]  # unchanged for 2.1 s, sub-folders too
    assert watcher.look(10.0) == []  # handed out once; the empty file never
    assert watcher.growing == [str(folder / "empty.wav")]
    assert stat.S_IMODE((tmp_path / "seen.json").stat().st_mode) == 0o600


def test_files_handed_out_are_not_handed_out_again_after_a_restart_unless_they_change(tmp_path):
    folder = tmp_path / "recorder"
    folder.mkdir()
    recording = folder / "a.wav"
    recording.write_bytes(b"x" * 10)
    first = _watcher(tmp_path, folder)
    first.look(0.0)
    assert first.look(5.0) == [recording]

    again = _watcher(tmp_path, folder)  # the app opened again
    assert again.look(0.0) == [] and again.look(9.0) == []

    recording.write_bytes(b"a new recording under the old name")
    os.utime(recording, ns=(0, 1))
    again.look(10.0)
    assert again.look(13.0) == [recording]


def test_a_file_removed_before_it_settles_is_forgotten(tmp_path):
    folder = tmp_path / "recorder"
    folder.mkdir()
    watcher = _watcher(tmp_path, folder)
    (folder / "a.wav").write_bytes(b"x")
    watcher.look(0.0)
    (folder / "a.wav").unlink()
    assert watcher.look(5.0) == [] and watcher.growing == []

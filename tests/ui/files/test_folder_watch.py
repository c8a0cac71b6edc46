"""The Files place watching a folder: recordings written there while the app runs are
transcribed once each, not while they are still being written, and after a restart too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carevoice.queue_store import DONE
from carevoice.ui.files.watch import FolderWatch
from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from tests.speech import ENGLISH_NOTE, word_error_rate

JOB_TIMEOUT_MS = 120_000


@pytest.fixture
def make_window(qtbot, shared_pool, monkeypatch):
    """Main windows on the session's model pool, their watch looking every 50 ms."""
    monkeypatch.setattr(FolderWatch, "poll_ms", 50)
    monkeypatch.setattr(FolderWatch, "settle_s", 0.3)
    windows = []

    def make(settings: AppSettings) -> MainWindow:
        win = MainWindow(settings, runner=JobRunner(workers=1, pool=shared_pool))
        qtbot.addWidget(win)
        win.confirm_close = lambda busy: True
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()


def _looks(qtbot, watch: FolderWatch, count: int) -> None:
    for _ in range(count):
        with qtbot.waitSignal(watch.looked, timeout=5000):
            pass


def test_recordings_written_into_the_watched_folder_are_transcribed_once_each(
    make_window, qtbot, speech, tmp_path
):
    folder = tmp_path / "recorder"
    folder.mkdir()
    out = tmp_path / "transcripts"
    settings = AppSettings(default_model="tiny.en", language="en", output_folder=str(out))
    win = make_window(settings)
    place = win.places["files"]
    place.ask_folder = lambda start: str(folder)
    place.watch_action.trigger()
    assert not place.watch_line.isHidden() and str(folder) in place.watch_line.text()

    # A recorder writing: the file grows at every look, so it is not queued yet.
    recording = speech["en"].read_bytes()
    growing = folder / "ward round.wav"
    step = len(recording) // 4
    pieces = [recording[i : i + step] for i in range(0, len(recording), step)]
    with qtbot.assertNotEmitted(place.queue.paths_added):
        for piece in pieces[:-1]:
            with growing.open("ab") as handle:
                handle.write(piece)
            _looks(qtbot, place.watch, 1)
    with (
        qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS) as finished,
        growing.open("ab") as handle,
    ):
        handle.write(b"".join(pieces[-1:]))
    row_id, transcript = finished.args
    assert word_error_rate(ENGLISH_NOTE, transcript.text) <= 0.15  # the whole recording
    assert (out / "ward round.txt").is_file()  # the output folder of Settings

    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS):
        shutil.copy(speech["en"], folder / "handover.wav")
    _looks(qtbot, place.watch, 3)
    assert sorted(Path(r.path).name for r in place.queue.rows()) == [
        "handover.wav",
        "ward round.wav",
    ]

    # Closed and opened again: still watching, nothing queued twice, new files queued.
    assert win.close()
    again = make_window(AppSettings.load())
    place = again.places["files"]
    assert place.watch.folder == folder
    assert str(folder) in place.watch_line.text()
    with qtbot.assertNotEmitted(place.queue.paths_added):
        _looks(qtbot, place.watch, 8)  # well past the settle time
    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS):
        shutil.copy(speech["en"], folder / "night.wav")
    names = sorted(Path(r.path).name for r in place.queue.rows())
    assert names == ["handover.wav", "night.wav", "ward round.wav"]
    assert all(row.status == DONE for row in place.queue.rows())

    # A recording written anew under a name already done runs again in its own row: no
    # second row of the same file (#13.8).
    [handover] = [r for r in place.queue.rows() if r.name == "handover.wav"]
    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS) as rerun:
        shutil.copy(speech["en"], folder / "handover.wav")  # a new modification time
    assert rerun.args[0] == handover.id
    assert sorted(Path(r.path).name for r in place.queue.rows()) == names

    place.stop_watch_action.trigger()
    assert place.watch.folder is None and place.watch_line.isHidden()
    assert AppSettings.load().watch_folder == ""


def test_a_watched_folder_that_goes_away_is_said_once_and_found_again(
    make_window, qtbot, speech, tmp_path
):
    folder = tmp_path / "usb"
    folder.mkdir()
    win = make_window(AppSettings(default_model="tiny.en", language="en"))
    place = win.places["files"]
    place.watch_folder(folder)
    folder.rmdir()  # undocked
    with qtbot.waitSignal(place.watch.missing, timeout=5000):
        pass
    assert "is not there" in place.status_line.text()
    with qtbot.assertNotEmitted(place.watch.missing):
        _looks(qtbot, place.watch, 3)
    folder.mkdir()  # docked again, with a recording on it
    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS):
        shutil.copy(speech["en"], folder / "visit.wav")

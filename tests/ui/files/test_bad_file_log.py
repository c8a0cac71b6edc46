"""Issue #13.8: an ordinary bad file (not audio) writes one line at WARNING in the log and
its traceback only at DEBUG, in the window: as it is added to Files, and when a job (a
dictation's recording read again, a file changed after it was queued) meets it."""

from __future__ import annotations

import logging
from pathlib import Path

from carevoice.engine.transcriber import TranscribeOptions
from carevoice.queue_store import FAILED
from tests.ui.files.test_files_place import _drop


def _not_audio(path: Path) -> Path:
    path.write_text("Room 4: slept well.\n", encoding="utf-8")
    return path


def _one_warning_line_and_a_debug_traceback(caplog, bad: Path) -> None:
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    [warning] = warnings
    assert str(bad) in warning.getMessage()
    assert "not an audio or video file" in warning.getMessage()
    assert warning.exc_info is None and "\n" not in warning.getMessage()
    traced = [r for r in caplog.records if r.levelno == logging.DEBUG and r.exc_info]
    assert len(traced) == 1 and str(bad) in traced[0].getMessage()


def test_a_bad_file_dropped_in_files_logs_one_line(window, qtbot, tmp_path, caplog):
    bad = _not_audio(tmp_path / "handover.wav")
    place = window.places["files"]
    with (
        caplog.at_level(logging.DEBUG, logger="carevoice"),
        qtbot.waitSignal(place.queue.job_failed),
    ):
        _drop(window, [bad])  # dragged from a file manager onto the window
    assert place.queue.rows()[0].status == FAILED
    _one_warning_line_and_a_debug_traceback(caplog, bad)


def test_a_job_on_a_bad_file_logs_one_line(window, qtbot, tmp_path, caplog):
    bad = _not_audio(tmp_path / "recording.wav")
    with caplog.at_level(logging.DEBUG, logger="carevoice"):
        job = window.runner.submit(bad, TranscribeOptions(model="tiny.en"))
        with qtbot.waitSignal(job.failed, timeout=60_000) as failed:
            pass
    assert "not an audio or video file" in failed.args[0]
    _one_warning_line_and_a_debug_traceback(caplog, bad)

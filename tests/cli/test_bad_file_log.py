"""Issue #13.8: an ordinary bad file (not audio) writes one line at WARNING in the log and
its traceback only at DEBUG, on the command line (the window: tests/ui/files/).
"""

from __future__ import annotations

import logging

from carevoice.cli.main import main


def test_a_file_that_is_not_audio_logs_one_warning_line_and_the_traceback_at_debug(
    tmp_path, caplog, capsys
):
    bad = tmp_path / "handover.wav"
    bad.write_text("Room 4: slept well.\n", encoding="utf-8")
    with caplog.at_level(logging.DEBUG):
        assert main(["transcribe", str(bad), "--model", "tiny.en"]) == 1
    assert "not an audio or video file" in capsys.readouterr().err

    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    [warning] = warnings
    assert str(bad) in warning.getMessage() and "not an audio or video file" in (
        warning.getMessage()
    )
    assert warning.exc_info is None and "\n" not in warning.getMessage()
    traced = [r for r in caplog.records if r.levelno == logging.DEBUG and r.exc_info]
    assert len(traced) == 1 and str(bad) in traced[0].getMessage()

"""The Files place: drop recordings on the window, watch the queue transcribe them for real.

Every test runs tiny.en on espeak-ng speech through the window's runner, with one model
pool for the session so the model loads once.
"""

from __future__ import annotations

import re
import shutil
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from carevoice.queue_store import CANCELLED, DONE, FAILED, QUEUED, QueueStore
from carevoice.ui.files.queue_model import DEVICE, DURATION, LANGUAGE, MODEL, REMAINING, STATUS
from carevoice.ui.main_window import MainWindow
from carevoice.ui.runner import JobRunner
from carevoice.ui.settings import AppSettings
from carevoice.ui.transcript.view import TranscriptView
from tests.speech import ENGLISH_NOTE, long_speech, word_error_rate

JOB_TIMEOUT_MS = 120_000
# Qt's offscreen platform says this whenever a top-level window (a transcript) is shown.
shows_a_window = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _english() -> AppSettings:
    return AppSettings(default_model="tiny.en", language="en")


@pytest.fixture
def make_window(qtbot, shared_pool):
    """Builds main windows that share the session's model pool; closes them all afterwards."""
    windows = []

    def make(settings: AppSettings | None = None) -> MainWindow:
        runner = JobRunner(workers=1, pool=shared_pool)
        win = MainWindow(settings or _english(), runner=runner)
        qtbot.addWidget(win)
        win.confirm_close = lambda busy: True
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.close()


def _drop(window: MainWindow, paths: list[Path]) -> None:
    """Drag `paths` onto the middle of the window and let go, as a file manager would."""
    mime = QMimeData()  # kept in a local until both events are handled: Qt does not own it
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(window.rect().center())
    enter_args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:  # PySide6 6.12 takes a QPointF (a QPoint is deprecated there); 6.11 a QPoint
        enter = QDragEnterEvent(pos, *enter_args)
    except TypeError:
        enter = QDragEnterEvent(pos.toPoint(), *enter_args)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def _text(place, row_id: str, column: int) -> str:
    return place.model.index(place.model.position(row_id), column).data()


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(source, target))


@shows_a_window
def test_a_dropped_recording_is_transcribed_exported_and_opens(
    make_window, qtbot, speech, tmp_path
):
    out = tmp_path / "transcripts"
    win = make_window(AppSettings(default_model="tiny.en", language="en", output_folder=str(out)))
    place = win.places["files"]
    win.show_place("gpu")
    seen = []  # the row's status and time remaining at each progress update
    place.queue.job_progress.connect(
        lambda row_id, fraction, eta: seen.append(
            (_text(place, row_id, STATUS), _text(place, row_id, REMAINING), eta)
        )
    )

    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS) as finished:
        _drop(win, [speech["en"]])
        assert win.current_place() == "files"
        assert place.queue.active_job_count() == 1

    [row] = place.queue.rows()
    row_id, transcript = finished.args
    assert row_id == row.id and row.status == DONE
    assert "medication" in transcript.text and "breakfast" in transcript.text
    assert word_error_rate(ENGLISH_NOTE, transcript.text) <= 0.15
    assert place.queue.active_job_count() == 0
    # Progress came before done, with a time remaining, and the row said how far it was.
    assert seen, "no progress update before the job finished"
    status, remaining, eta = seen[0]
    assert re.fullmatch(r"transcribing \d+ %", status)
    assert eta is not None and remaining
    assert [_text(place, row.id, c) for c in (STATUS, DURATION, MODEL, LANGUAGE, DEVICE)] == [
        "done",
        "0:08",
        "tiny.en",
        "en",
        "CPU · int8",
    ]
    assert _text(place, row.id, REMAINING) == ""
    assert place.status_line.text() == "Added 1 file"
    # Exported because an output folder is set: TXT and SRT named after the recording.
    assert "breakfast" in (out / "english.txt").read_text(encoding="utf-8")
    assert (out / "english.srt").read_text(encoding="utf-8").startswith("1\n00:00:00,000 --> ")
    if sys.platform != "win32":  # transcripts are health data: the user's eyes only
        for name in ("english.txt", "english.srt"):
            assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name

    place.select_row(row.id)
    assert place.open_transcript_action.isEnabled()
    place.open_transcript_action.trigger()
    view = win._transcript_windows[-1]
    assert isinstance(view, TranscriptView) and view.isVisible()
    assert view.windowTitle() == "Transcript — english.wav"

    opened = []
    place.open_url = opened.append
    place.show_file_action.trigger()
    assert opened == [QUrl.fromLocalFile(str(speech["en"].parent))]


def test_a_dropped_folder_adds_its_recordings_and_says_what_it_skipped(
    make_window, qtbot, speech, tmp_path
):
    folder = tmp_path / "ward"
    _copy(speech["en"], folder / "monday.wav")
    _copy(speech["en"], folder / "tuesday" / "evening.WAV")
    (folder / "handover.txt").write_text("not a recording", encoding="utf-8")
    win = make_window()
    place = win.places["files"]

    with qtbot.waitSignal(place.queue.paths_added) as added:
        _drop(win, [folder])

    assert added.args == [2, 1]
    assert [row.name for row in place.queue.rows()] == ["monday.wav", "evening.WAV"]
    assert place.status_line.text() == "Added 2 files; skipped 1 that is not audio or video"
    qtbot.waitUntil(
        lambda: all(row.status == DONE for row in place.queue.rows()), timeout=JOB_TIMEOUT_MS
    )
    # A file already in the queue is not queued twice.
    _drop(win, [folder / "monday.wav", folder / "monday.wav"])
    assert len(place.queue.rows()) == 2
    assert place.status_line.text() == (
        "No files added; monday.wav is already queued (Retry runs it again)"
    )


def test_cancelling_a_running_job_lets_the_next_one_run(make_window, qtbot, speech, tmp_path):
    long_file, _text_spoken = long_speech(tmp_path / "long.wav", repeats=1, workdir=tmp_path)
    short_file = _copy(speech["en"], tmp_path / "short.wav")
    win = make_window()
    place = win.places["files"]
    statuses, at_progress = [], []
    place.queue.row_status_changed.connect(lambda row_id, status: statuses.append((row_id, status)))

    def cancel_on_first_progress(row_id, _fraction, _eta):
        # In the slot, not after a wait: the job must still be running when it is cancelled.
        if not at_progress:
            at_progress.append((_text(place, row_id, STATUS), _text(place, row_id, REMAINING)))
            place.select_row(row_id)
            place.cancel_action.trigger()

    place.queue.job_progress.connect(cancel_on_first_progress)
    _drop(win, [long_file, short_file])
    long_row, short_row = place.queue.rows()
    assert _text(place, long_row.id, DURATION) == "0:52"

    qtbot.waitUntil(lambda: short_row.status == DONE, timeout=JOB_TIMEOUT_MS)

    assert long_row.status == CANCELLED and _text(place, long_row.id, STATUS) == "cancelled"
    status, remaining = at_progress[0]
    assert re.fullmatch(r"transcribing \d+ %", status) and status != "transcribing 100 %"
    assert re.fullmatch(r"about \d+ (s|min)|under a second", remaining)
    long_statuses = [s for row_id, s in statuses if row_id == long_row.id]
    assert long_statuses[-1] == CANCELLED and DONE not in long_statuses
    assert (short_row.id, DONE) in statuses
    assert "breakfast" in short_row.load_transcript().text
    assert place.queue.active_job_count() == 0


def test_a_file_that_is_not_audio_fails_in_plain_words_and_the_next_one_runs(
    make_window, qtbot, speech, tmp_path
):
    bad = tmp_path / "handover.wav"
    bad.write_text("Room 4: slept well.\n", encoding="utf-8")
    good = _copy(speech["en"], tmp_path / "good.wav")
    win = make_window()
    place = win.places["files"]

    # The bad file fails as it is added; the good one is transcribed after it.
    with (
        qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS),
        qtbot.waitSignal(place.queue.job_failed) as failed,
    ):
        _drop(win, [bad, good])

    bad_row, good_row = place.queue.rows()
    message = (
        'The file "handover.wav" is not an audio or video file Care Voice can read. '
        "It may be damaged or incomplete."
    )
    assert failed.args == [bad_row.id, message]
    assert (bad_row.status, good_row.status) == (FAILED, DONE)
    assert _text(place, bad_row.id, STATUS) == f"failed: {message}"
    assert place.model.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole) == message

    place.select_row(bad_row.id)
    assert place.details.text() == message
    enabled = {a.text(): a.isEnabled() for a in place.row_actions}
    assert enabled == {
        "Cancel": False,
        "Retry": True,
        "Remove": True,
        "Open transcript": False,
        "Show file": True,
    }
    assert place.table.actions() == place.row_actions  # the right-click menu

    # Fixed on disk, then retried: it runs.
    _copy(speech["en"], bad)
    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS) as finished:
        place.retry_action.trigger()
    assert finished.args[0] == bad_row.id and bad_row.status == DONE and not bad_row.error

    place.select_row(good_row.id)
    place.remove_action.trigger()
    assert [row.id for row in place.queue.rows()] == [bad_row.id]
    assert [row.id for row in QueueStore().load()] == [bad_row.id]


def test_a_model_that_is_not_installed_fails_its_row_and_the_app_goes_on(
    make_window, qtbot, speech, tmp_path
):
    win = make_window(AppSettings(default_model="no-such-model", language="en"))
    place = win.places["files"]

    with qtbot.waitSignal(place.queue.job_failed, timeout=JOB_TIMEOUT_MS) as failed:
        _drop(win, [speech["en"]])

    [row] = place.queue.rows()
    assert failed.args[1].startswith("There is no usable model called 'no-such-model'.")
    assert row.status == FAILED and _text(place, row.id, MODEL) == "no-such-model"

    win.settings = _english()  # the user picks a model that exists, and retries
    place.select_row(row.id)
    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS):
        place.retry_action.trigger()
    assert row.status == DONE and _text(place, row.id, MODEL) == "tiny.en"


@shows_a_window
def test_the_queue_survives_a_restart(make_window, qtbot, speech, tmp_path):
    first, second = (_copy(speech["en"], tmp_path / f"{n}.wav") for n in ("first", "second"))
    win = make_window()
    place = win.places["files"]
    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS) as finished:
        _drop(win, [first])
    done_id, transcript = finished.args
    _drop(win, [second])  # still waiting when the window closes
    asked = []
    win.confirm_close = lambda busy: asked.append(busy) or len(asked) > 1

    assert not win.close()  # "no" keeps the window and its job
    assert place.queue.active_job_count() == 1
    assert win.close()
    assert asked == [1, 1]

    again = make_window()
    place = again.places["files"]
    done_row, resumed = place.queue.rows()
    assert (done_row.id, done_row.path) == (done_id, str(first))
    assert _text(place, done_row.id, STATUS) == "done"
    assert (resumed.path, resumed.status) == (str(second), QUEUED)
    assert _text(place, resumed.id, STATUS) == "queued"
    assert (
        place.status_line.text()
        == "1 file that was not finished when Care Voice closed is queued again."
    )

    view = place.open_transcript(done_row.id)
    assert isinstance(view, TranscriptView)
    assert place.queue.rows()[0].load_transcript().text == transcript.text

    qtbot.waitUntil(lambda: resumed.status == DONE, timeout=JOB_TIMEOUT_MS)
    assert "breakfast" in resumed.load_transcript().text
    assert [row.status for row in QueueStore().load()] == [DONE, DONE]


@shows_a_window
def test_an_english_only_model_on_mandarin_offers_the_multilingual_model(
    chinese, make_window, qtbot, tmp_path
):
    """Issue #13.7: 繁體中文 interface, language Automatic, tiny.en, Mandarin speech."""
    from tests.speech import REAL_MANDARIN_TRADITIONAL, character_error_rate, real_speech

    recording = _copy(real_speech("mandarin"), tmp_path / "visit.wav")
    win = make_window(AppSettings(default_model="tiny.en", language="", interface_language="zh_TW"))
    win.show()
    qtbot.waitExposed(win)
    place = win.places["files"]
    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS) as finished:
        _drop(win, [recording])
    [row] = place.queue.rows()
    assert finished.args[1].model == "tiny.en"
    place.select_row(row.id)
    button = place.better_model_button
    assert button.isVisible()
    assert button.text() == "改用 base 重新轉錄（支援所有語言）"
    assert "tiny.en 只懂英語" in place.details.text()

    with qtbot.waitSignal(place.queue.job_finished, timeout=JOB_TIMEOUT_MS) as again:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    transcript = again.args[1]
    assert transcript.model == "base" and transcript.language == "zh"
    assert transcript.suggested_model is None
    assert character_error_rate(REAL_MANDARIN_TRADITIONAL, transcript.text) <= 0.35
    place.select_row(row.id)
    assert not button.isVisible()
    assert _text(place, row.id, MODEL) == "base"


@shows_a_window
def test_exports_of_two_recordings_with_one_name_never_replace_a_transcript(
    make_window, qtbot, speech, tmp_path
):
    """Measured before: the second ward/english.wav's export replaced the first's, and a
    transcript already in the output folder was replaced without a word."""
    out = tmp_path / "transcripts"
    out.mkdir()
    (out / "english.txt").write_text("corrected by hand", encoding="utf-8")
    first = _copy(speech["en"], tmp_path / "ward-a" / "english.wav")
    second = _copy(speech["en"], tmp_path / "ward-b" / "english.wav")
    win = make_window(AppSettings(default_model="tiny.en", language="en", output_folder=str(out)))
    place = win.places["files"]
    said = []
    place.queue.said.connect(said.append)
    finished = []
    place.queue.job_finished.connect(lambda row_id, _transcript: finished.append(row_id))
    with qtbot.waitSignal(
        place.queue.job_finished,
        timeout=2 * JOB_TIMEOUT_MS,
        check_params_cb=lambda *_: len(finished) == 2,
    ):
        _drop(win, [first, second])
    assert (out / "english.txt").read_text(encoding="utf-8") == "corrected by hand"
    assert sorted(p.name for p in out.iterdir()) == [
        "english (2).srt",
        "english (2).txt",
        "english (3).srt",
        "english (3).txt",
        "english.txt",
    ]
    for name in ("english (2).txt", "english (3).txt"):
        text = (out / name).read_text(encoding="utf-8")
        assert word_error_rate(ENGLISH_NOTE, text) <= 0.15, text
    assert "The transcript of english.wav was saved as “english (2)”: “english” was taken." in said

"""The transcript view on a real transcript: timestamps, editing, search, copy, export, playback."""

from __future__ import annotations

import json
import re
import stat
import sys
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from carevoice.audio.decode import decode_audio, format_position, iter_audio_windows
from carevoice.audio.playback import (
    NO_DEVICE_MESSAGE,
    NO_PORTAUDIO_MESSAGE,
    PlaybackError,
    RecordingAudio,
)
from carevoice.engine.transcript import Segment, Timings, Transcript
from carevoice.export import FORMATS, parse_srt, parse_vtt, to_txt
from carevoice.ui.transcript.model import TEXT, TIME
from carevoice.ui.transcript.search import CURRENT_MATCH_COLOR, MATCH_COLOR
from carevoice.ui.transcript.segment_player import SegmentPlayer

# Qt's offscreen platform warns when a top-level window is shown; nothing is wrong.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english(speech, shared_pool, tmp_path_factory) -> Transcript:
    """tiny.en's transcript of the espeak-ng English note, made once for this module.

    batch_size=0 (faster-whisper's sequential path) gives one segment per sentence for
    this 8-second clip; the app's batched default gives one segment for the whole clip.
    """
    from carevoice.engine.transcriber import TranscribeOptions, TranscriptionJob

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREVOICE_HOME", str(tmp_path_factory.mktemp("home")))
        options = TranscribeOptions(model="tiny.en", batch_size=0)
        transcript = TranscriptionJob(speech["en"], options, shared_pool).run()
    assert len(transcript.segments) >= 2, transcript.segments
    return transcript


def chinese_transcript() -> Transcript:
    segments = [
        Segment(0, 0.0, 1.5, "兩個字"),
        Segment(1, 1.5, 3.3, " 三個字。"),
        Segment(2, 3.3, 5.0, "她今天吃了早餐，<還好> & 平安。"),
    ]
    return Transcript(segments, "zh", 0.91, 5.0, "base", "cuda", "float16", "病房.wav")


class RecordingPlayer:
    """Stands in for the sound card: records each clip, plays until told to stop if asked."""

    def __init__(self, hold: bool = False):
        self.clips = []
        self.hold = hold
        self.was_stopped = threading.Event()

    def __call__(self, clip, stop: threading.Event) -> None:
        self.clips.append(clip)
        if self.hold and stop.wait(30):
            self.was_stopped.set()


def make_view(qtbot, transcript, audio_path=None, player=None, show=True):
    from carevoice.ui.transcript.view import TranscriptView

    view = TranscriptView(transcript, audio_path, player=player)
    qtbot.addWidget(view)
    if show:
        view.resize(800, 500)
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        view.table.setFocus()
    return view


def cell(view, row: int, column: int) -> str:
    return view.model.index(row, column).data()


def click_cell(qtbot, view, row: int, column: int) -> None:
    rect = view.table.visualRect(view.model.index(row, column))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def color_pixels(widget, color) -> int:
    image = widget.grab().toImage()
    rgb = color.rgb()
    return sum(
        image.pixel(x, y) == rgb for x in range(0, image.width()) for y in range(image.height())
    )


# --- showing -----------------------------------------------------------------------------


def test_segments_are_shown_with_their_times(qtbot, english):
    view = make_view(qtbot, english, show=False)
    assert view.model.rowCount() == len(english.segments)
    for row, segment in enumerate(english.segments):
        start, end = format_position(segment.start_s), format_position(segment.end_s)
        assert cell(view, row, TIME) == f"{start} – {end}"
        assert cell(view, row, TEXT) == segment.text.strip()
    assert cell(view, 0, TIME).startswith("0:00.")  # "0:01.2 – 0:04.8" style
    assert re.fullmatch(r"\d:\d\d\.\d – \d:\d\d\.\d", cell(view, 1, TIME))


def test_the_info_line_says_how_the_transcript_was_made(qtbot, english):
    view = make_view(qtbot, english, show=False)
    info = view.info.text()
    for part in ("Model tiny.en", "CPU · int8", "Language: English (en)", "% sure"):
        assert part in info
    assert f"Length {format_position(english.duration_s)}" in info
    timings = english.timings
    assert f"Load {timings.model_load_s:.1f} s" in info
    assert f"Transcribe {timings.transcribe_s:.1f} s" in info
    assert f"Total {timings.total_s:.1f} s" in info
    assert view.warnings.isHidden()


def test_warnings_and_a_cancelled_job_are_shown_plainly(qtbot):
    transcript = chinese_transcript()
    transcript.warnings = ["Repeated text was removed at 0:03.2 (the same line 6 times)."]
    transcript.cancelled = True
    view = make_view(qtbot, transcript)
    assert view.warnings.isVisible()
    assert "Repeated text was removed at 0:03.2" in view.warnings.text()
    assert "cancelled" in view.warnings.text()
    assert "Language: Mandarin Chinese (zh), 91% sure" in view.info.text()
    assert "CUDA · float16" in view.info.text()


def test_long_text_wraps_onto_taller_rows(qtbot):
    long_text = " ".join(["The resident walked to the garden with her daughter."] * 6)
    transcript = chinese_transcript()
    transcript.segments[1] = Segment(1, 1.5, 3.3, long_text)
    view = make_view(qtbot, transcript)
    view.resize(500, 500)
    qtbot.waitUntil(lambda: view.table.rowHeight(1) > 2 * view.table.rowHeight(0))


# --- editing ----------------------------------------------------------------------------


def test_editing_a_segment_changes_the_transcript(qtbot, english):
    view = make_view(qtbot, english)
    view.table.setCurrentIndex(view.model.index(1, TEXT))
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.findChild(QLineEdit)
    assert editor is not None and editor.text() == english.segments[1].text.strip()
    editor.selectAll()
    qtbot.keyClicks(editor, "She walked in the garden with her daughter Anna after lunch.")
    with qtbot.waitSignal(view.edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)

    edited = view.transcript()
    assert edited.segments[1].text == "She walked in the garden with her daughter Anna after lunch."
    assert edited.segments[0] == english.segments[0]
    assert (edited.segments[1].start_s, edited.segments[1].end_s) == (
        english.segments[1].start_s,
        english.segments[1].end_s,
    )
    assert "her daughter Anna after lunch" in edited.text
    assert english.segments[1].text != edited.segments[1].text  # the original is kept
    assert cell(view, 1, TEXT) == edited.segments[1].text


def test_an_edit_left_with_esc_or_unchanged_is_not_an_edit(qtbot, english):
    view = make_view(qtbot, english)
    view.table.setCurrentIndex(view.model.index(0, TEXT))
    with qtbot.assertNotEmitted(view.edited):
        qtbot.keyClick(view.table, Qt.Key.Key_F2)
        editor = view.table.findChild(QLineEdit)
        qtbot.keyClicks(editor, " typed by mistake")
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
        qtbot.keyClick(view.table, Qt.Key.Key_F2)
        qtbot.keyClick(view.table.findChild(QLineEdit), Qt.Key.Key_Return)
    assert view.transcript().segments == english.segments


# --- search -----------------------------------------------------------------------------


def test_find_highlights_matches_and_moves_between_them(qtbot, english):
    view = make_view(qtbot, english)
    total = sum(len(re.findall("the", s.text, re.IGNORECASE)) for s in english.segments)
    assert total >= 3
    assert view.search_bar.isHidden()

    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search_bar.isVisible()
    field = view.search_bar.field
    assert QApplication.focusWidget() is field
    qtbot.keyClicks(field, "the")
    count = view.search_bar.count
    assert count.text() == f"1 of {total}"
    assert len(view.matches()) == total
    row, start, length = view.current_match()
    shown = cell(view, row, TEXT)
    assert shown[start : start + length].lower() == "the"
    assert view.table.currentIndex().row() == row
    assert color_pixels(view.table.viewport(), CURRENT_MATCH_COLOR) > 0
    assert color_pixels(view.table.viewport(), MATCH_COLOR) > 0

    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert count.text() == f"2 of {total}"
    qtbot.keyClick(field, Qt.Key.Key_F3)
    assert count.text() == f"3 of {total}"
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert count.text() == f"2 of {total}"
    qtbot.keyClick(field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert count.text() == f"{total} of {total}"  # wraps around
    assert view.current_match()[0] == max(r for r, _, _ in view.matches())

    qtbot.keyClicks(field, "zzz")
    assert count.text() == "No matches"
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert view.search_bar.isHidden()
    assert view.matches() == []
    assert color_pixels(view.table.viewport(), MATCH_COLOR) == 0


def test_search_follows_edits(qtbot, english):
    view = make_view(qtbot, english, show=False)
    view.open_search()
    view.search_bar.field.setText("garden")
    assert view.search_bar.count.text() == "1 of 1"
    with qtbot.waitSignal(view.edited):
        view.model.setData(view.model.index(0, TEXT), "The garden and the other garden.")
    assert view.search_bar.count.text() == "1 of 3"


# --- copy and export --------------------------------------------------------------------


def test_copy_all_puts_the_text_on_the_clipboard(qtbot, english):
    view = make_view(qtbot, english)
    clipboard = QApplication.clipboard()
    clipboard.clear()
    view.output.copy_button.click()
    assert clipboard.text() == to_txt(english)
    assert clipboard.text().splitlines() == [s.text.strip() for s in english.segments]

    with_times = next(
        a for a in view.output.copy_button.menu().actions() if "timestamps" in a.text()
    )
    with_times.trigger()
    lines = clipboard.text().splitlines()
    assert len(lines) == len(english.segments)
    first = english.segments[0]
    start, end = format_position(first.start_s), format_position(first.end_s)
    assert lines[0] == f"{start} – {end}  {first.text.strip()}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_each_format_with_the_edits(qtbot, english, tmp_path, fmt):
    view = make_view(qtbot, english, show=False)
    view.model.setData(view.model.index(0, TEXT), "The resident took her morning medication.")
    expected = view.transcript()
    with qtbot.waitSignal(view.output.exported) as written:
        path = view.output.export_to(tmp_path / "ward round", fmt)
    assert path == tmp_path / f"ward round.{fmt}" and written.args == [str(path)]
    assert not [p for p in tmp_path.iterdir() if p != path]  # no temporary file left behind
    if sys.platform != "win32":  # a transcript is health data: the user's eyes only
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    shown = [s.text.strip() for s in expected.segments]
    times = [(round(s.start_s, 3), round(s.end_s, 3)) for s in expected.segments]
    if fmt == "txt":
        assert text.splitlines() == shown
    elif fmt in ("srt", "vtt"):
        cues = parse_srt(text) if fmt == "srt" else parse_vtt(text)
        # Cue lines are broken at 42 characters (export.py): the words are the same.
        assert [c[2].replace("\n", " ") for c in cues] == shown
        assert [(c[0], c[1]) for c in cues] == times
    else:
        data = json.loads(text)
        assert Transcript.from_dict(data).segments == expected.segments
        assert data["model"] == "tiny.en" and data["text"] == expected.text


def test_the_export_menu_asks_for_a_path_and_keeps_its_extension(qtbot, english, tmp_path):
    view = make_view(qtbot, english, show=False)
    asked = []
    view.output.ask_export_path = lambda fmt: asked.append(fmt) or tmp_path / "note.SRT"
    action = next(a for a in view.output.export_menu.actions() if a.data() == "srt")
    with qtbot.waitSignal(view.output.exported):
        action.trigger()
    assert asked == ["srt"] and (tmp_path / "note.SRT").is_file()
    assert len(parse_srt((tmp_path / "note.SRT").read_text())) == len(english.segments)
    assert "note.SRT" in view.message.text()

    view.output.ask_export_path = lambda fmt: None  # the user cancelled the dialog
    with qtbot.assertNotEmitted(view.output.exported):
        assert view.output.export("vtt") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.SRT"]


def test_an_export_that_cannot_be_written_says_why(qtbot, english, tmp_path):
    view = make_view(qtbot, english)
    blocker = tmp_path / "not a folder"
    blocker.write_text("")
    with qtbot.assertNotEmitted(view.output.exported):
        assert view.output.export_to(blocker / "note.txt", "txt") is None
    assert view.message.isVisible()
    assert view.message.text().startswith("Could not save note.txt: ")
    assert "Traceback" not in view.message.text()


# --- listening --------------------------------------------------------------------------


def test_clicking_a_time_plays_exactly_that_segment(qtbot, english, speech):
    fake = RecordingPlayer()
    player = SegmentPlayer(speech["en"], play=fake)
    decodes = []

    def counting_windows(path, **kwargs):
        decodes.append(path)
        return iter_audio_windows(path, **kwargs)

    player.audio = RecordingAudio(speech["en"], windows=counting_windows)
    view = make_view(qtbot, english, speech["en"], player=player)
    audio = decode_audio(speech["en"]).samples
    activated = []
    view.segment_activated.connect(activated.append)

    for row in (1, 0):
        segment = english.segments[row]
        signals = [view.segment_activated, player.started, player.finished]
        with qtbot.waitSignals(signals, order="strict"):
            click_cell(qtbot, view, row, TIME)
        assert activated[-1] == row
        clip = fake.clips[-1]
        assert (clip.start_sample, clip.end_sample) == (
            round(segment.start_s * 16000),
            round(segment.end_s * 16000),
        )
        assert clip.sample_rate == 16000
        np.testing.assert_array_equal(clip.samples, audio[clip.start_sample : clip.end_sample])
    assert decodes == [speech["en"]]  # decoded once, on the first click
    assert not view.stop_button.isEnabled()

    # Clicking text selects it for editing; it does not play.
    with qtbot.assertNotEmitted(view.segment_activated):
        click_cell(qtbot, view, 1, TEXT)
    # Enter on a time cell plays it, as a click does.
    view.table.setCurrentIndex(view.model.index(1, TIME))
    with qtbot.waitSignal(player.finished):
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert len(fake.clips) == 3 and fake.clips[-1].start_sample == fake.clips[0].start_sample


def test_the_stop_button_stops_playback(qtbot, english, speech):
    fake = RecordingPlayer(hold=True)
    view = make_view(qtbot, english, speech["en"], player=SegmentPlayer(speech["en"], fake))
    assert not view.stop_button.isEnabled()
    with qtbot.waitSignal(view.player.started):
        click_cell(qtbot, view, 0, TIME)
    assert view.stop_button.isEnabled()
    assert view.playback_status.text().startswith("Playing 0:00.0 – ")
    with qtbot.waitSignal(view.player.finished):
        view.stop_button.click()
    assert fake.was_stopped.is_set()
    assert not view.stop_button.isEnabled() and view.playback_status.text() == ""


def test_a_new_click_stops_the_segment_playing(qtbot, english, speech):
    fake = RecordingPlayer(hold=True)
    view = make_view(qtbot, english, speech["en"], player=SegmentPlayer(speech["en"], fake))
    with qtbot.waitSignal(view.player.started):
        click_cell(qtbot, view, 0, TIME)
    with qtbot.waitSignals([view.player.finished, view.player.started], order="strict"):
        click_cell(qtbot, view, 1, TIME)
    assert fake.was_stopped.is_set() and view.player.playing_row() == 1
    with qtbot.waitSignal(view.player.finished):
        view.stop_playback()


def test_with_no_sound_device_the_view_says_so_plainly(qtbot, english, speech):
    import sounddevice as sd

    if sd.query_devices():
        pytest.skip("this machine has a sound device; the no-device path needs none")
    view = make_view(qtbot, english, speech["en"])  # the real sounddevice player
    with qtbot.waitSignal(view.playback_failed) as failed:
        click_cell(qtbot, view, 0, TIME)
    assert failed.args == [NO_DEVICE_MESSAGE]
    assert failed.args[0].startswith("No sound output device was found; ")
    assert view.message.isVisible() and view.message.text() == NO_DEVICE_MESSAGE
    qtbot.waitUntil(lambda: not view.stop_button.isEnabled())


def test_playback_errors_read_the_same_as_the_core_says_them(qtbot):
    player = SegmentPlayer(None)
    assert player.explain(PlaybackError("no-device", NO_DEVICE_MESSAGE)) == NO_DEVICE_MESSAGE
    assert player.explain(PlaybackError("no-portaudio", NO_PORTAUDIO_MESSAGE)) == (
        NO_PORTAUDIO_MESSAGE
    )
    failed = PlaybackError("device-failed", "ignored", "Unanticipated host error")
    assert player.explain(failed) == (
        "Sound playback stopped because the output device failed (Unanticipated host error)."
    )
    assert player.explain(PlaybackError("new-kind", "As the core said.")) == "As the core said."


def test_an_unexpected_playback_error_is_a_message_not_a_traceback(qtbot, english, speech):
    def broken(clip, stop):
        raise ZeroDivisionError("a bug")

    view = make_view(qtbot, english, speech["en"], player=SegmentPlayer(speech["en"], broken))
    with qtbot.waitSignals([view.playback_failed, view.player.finished]):
        click_cell(qtbot, view, 0, TIME)
    assert view.message.text().startswith("The sound could not be played because of an")
    assert "ZeroDivisionError" not in view.message.text()
    assert not view.stop_button.isEnabled()


def test_without_a_recording_nothing_plays_and_the_view_says_why(qtbot, english):
    view = make_view(qtbot, english)
    assert view.stop_button.isHidden()
    assert view.model.index(0, TIME).data(Qt.ItemDataRole.ToolTipRole) is None
    with qtbot.waitSignal(view.playback_failed):
        click_cell(qtbot, view, 0, TIME)
    assert "no recording" in view.message.text()


# --- Chinese ----------------------------------------------------------------------------


def test_a_chinese_transcript_is_shown_searched_and_exported(qtbot, tmp_path):
    assert QFontDatabase.families(QFontDatabase.WritingSystem.TraditionalChinese), (
        "no Chinese font: it would show as boxes (install fonts-wqy-microhei)"
    )
    transcript = chinese_transcript()
    view = make_view(qtbot, transcript)
    assert [cell(view, r, TEXT) for r in range(3)] == [
        "兩個字",
        "三個字。",
        "她今天吃了早餐，<還好> & 平安。",
    ]
    assert cell(view, 1, TIME) == "0:01.5 – 0:03.3"

    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    # Chinese arrives from an input method as committed text, not as key presses.
    QApplication.sendEvent(view.search_bar.field, QInputMethodEvent("", []))
    commit = QInputMethodEvent()
    commit.setCommitString("個字")
    QApplication.sendEvent(view.search_bar.field, commit)
    assert view.search_bar.count.text() == "1 of 2"
    assert view.current_match() == (0, 1, 2)
    qtbot.keyClick(view.search_bar.field, Qt.Key.Key_Return)
    assert view.current_match() == (1, 1, 2)

    view.output.copy_all(timestamps=True)
    assert QApplication.clipboard().text().splitlines()[0] == "0:00.0 – 0:01.5  兩個字"

    texts = [s.text.strip() for s in transcript.segments]
    paths = {fmt: view.output.export_to(tmp_path / "病房", fmt) for fmt in FORMATS}
    assert paths["txt"].read_text(encoding="utf-8").splitlines() == texts
    # Chinese cue lines hold 16 characters (export.py); broken lines join without a space.
    srt_cues = parse_srt(paths["srt"].read_text(encoding="utf-8"))
    assert [c[2].replace("\n", "") for c in srt_cues] == texts
    vtt = paths["vtt"].read_text(encoding="utf-8")
    assert "&lt;還好&gt; &amp; 平安" in vtt
    assert [c[2].replace("\n", "") for c in parse_vtt(vtt)] == texts
    raw = paths["json"].read_text(encoding="utf-8")
    assert "兩個字" in raw  # not \\u escapes
    assert Transcript.from_dict(json.loads(raw)).segments == transcript.segments


def test_a_transcript_without_speech_says_so(qtbot):
    empty = Transcript([], "en", 0.5, 3.0, "tiny.en", "cpu", "int8", timings=Timings())
    view = make_view(qtbot, empty)
    assert view.model.rowCount() == 0
    assert view.message.text() == "No speech was found in this recording."
    view.open_search()
    view.search_bar.field.setText("the")
    assert view.search_bar.count.text() == "No matches"
    view.find_next()  # nothing to move to; no error
    assert view.current_match() is None


def test_closing_the_view_stops_the_playback_thread(qtbot, english, speech):
    fake = RecordingPlayer(hold=True)
    view = make_view(qtbot, english, speech["en"], player=SegmentPlayer(speech["en"], fake))
    with qtbot.waitSignal(view.player.started):
        click_cell(qtbot, view, 1, TIME)
    view.close()
    assert fake.was_stopped.is_set()
    assert not [t for t in threading.enumerate() if t.name.startswith("segment-playback")]

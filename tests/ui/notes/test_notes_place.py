"""The Notes place on a real database: residents, dictated notes, autosave, search, export, play.

Notes come from a real tiny.en transcript of espeak-ng speech (made once for the module)
or from transcripts shaped as the engine returns them; every test reads what it saved
back through a second NoteStore, as the next start of the app would.
"""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import threading
import zipfile
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from carevoice.export import parse_srt, parse_vtt
from carevoice.notes.exports import read_json
from carevoice.notes.store import NotesError, NoteStore, default_title
from carevoice.ui.notes import output as notes_output
from carevoice.ui.notes.editor import AUTOSAVE_MS, PENDING, SAVED
from carevoice.ui.notes.output import NOTE, RANGE
from carevoice.ui.notes.search import SEARCH_DELAY_MS
from carevoice.ui.transcript.model import TEXT, TIME
from carevoice.ui.transcript.segment_player import SegmentPlayer
from tests.notes.transcripts import make_transcript

CHINESE = ["今天她寫了兩個字給女兒。", "她的血壓正常。"]


@pytest.fixture(scope="module")
def dictation(speech, shared_pool, tmp_path_factory):
    """tiny.en's transcript of the espeak-ng English note: a sentence per segment.

    batch_size=0 (faster-whisper's sequential path) splits this 8-second clip by sentence.
    """
    from carevoice.engine.transcriber import TranscribeOptions, TranscriptionJob

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREVOICE_HOME", str(tmp_path_factory.mktemp("home")))
        options = TranscribeOptions(model="tiny.en", batch_size=0)
        transcript = TranscriptionJob(speech["en"], options, shared_pool).run()
    assert len(transcript.segments) >= 2, transcript.segments
    assert "medication" in transcript.text
    return transcript


@pytest.fixture
def place(window):
    notes = window.places["notes"]
    window.show_place("notes")
    return notes


class RecordingPlayer:
    """Stands in for the sound card: keeps each clip it is asked to play."""

    def __init__(self):
        self.clips = []

    def __call__(self, clip, stop: threading.Event) -> None:
        self.clips.append(clip)


def add_resident(place, name: str) -> int:
    place.residents.ask_name = lambda title, current: name
    place.residents.add_button.click()
    resident_id = place.residents.selected_id()
    assert resident_id is not None
    return resident_id


def saved_note(note_id: int):
    """The note as a fresh store (the app's next start) reads it."""
    with NoteStore() as store:
        return store.get_note(note_id)


def type_at_end(qtbot, editor, text: str) -> None:
    editor.text_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.text_edit, text)


def commit_text(widget, text: str) -> None:
    """Chinese arrives from an input method as committed text, not as key presses."""
    QApplication.sendEvent(widget, QInputMethodEvent("", []))
    commit = QInputMethodEvent()
    commit.setCommitString(text)
    QApplication.sendEvent(widget, commit)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def click_note(qtbot, place, note_id: int) -> None:
    row = place.notes_list.note_ids().index(note_id)
    rect = place.notes_list.visualItemRect(place.notes_list.item(row))
    qtbot.mouseClick(place.notes_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# --- the store and residents -----------------------------------------------------------


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_store_opens_when_the_place_is_shown_and_closes_with_the_window(window, qtbot):
    place = window.places["notes"]
    window.show_place("files")
    assert not place.is_open()
    window.show()
    assert not place.is_open()  # the Files place is showing
    window.show_place("notes")
    assert place.is_open()
    assert place.residents.list.item(0).text() == "All residents"
    window.close()
    assert not place.is_open()
    with pytest.raises(NotesError):
        place.store()


def test_residents_are_added_renamed_and_filtered(place, qtbot):
    margaret = add_resident(place, "Margaret O'Brien")
    add_resident(place, "Bob Smith")
    assert place.residents.visible_labels() == ["Bob Smith", "Margaret O'Brien"]

    place.residents.select(margaret)
    place.residents.ask_name = lambda title, current: current.replace("O'Brien", "Green")
    place.residents.rename_button.click()
    assert place.residents.visible_labels() == ["Bob Smith", "Margaret Green"]
    assert place.residents.selected_id() == margaret

    qtbot.keyClicks(place.residents.filter_edit, "GRE")
    assert place.residents.visible_labels() == ["Margaret Green"]
    place.residents.filter_edit.clear()

    place.residents.ask_name = lambda title, current: "   "
    place.residents.add_button.click()
    assert place.status_line.text() == "A resident needs a name."
    with NoteStore() as store:
        assert [r.name for r in store.residents()] == ["Bob Smith", "Margaret Green"]


def test_dictation_options_carry_the_selected_residents_vocabulary(window, place):
    window.settings.vocabulary = "Paracetamol"
    margaret = add_resident(place, "Margaret Green")
    place.store().add_term("Donepezil", "medication", margaret)
    options = place.transcribe_options()
    assert set(options.vocabulary) == {"Margaret Green", "Donepezil", "Paracetamol"}
    place.residents.select(None)
    assert place.transcribe_options().vocabulary == ("Paracetamol",)


# --- notes from dictation, and typing ----------------------------------------------------


def test_a_dictation_becomes_a_note_with_its_sentences(place, qtbot, dictation, speech):
    add_resident(place, "Margaret Green")
    with qtbot.waitSignals([place.note_created, place.note_opened], order="strict"):
        note = place.new_note_from_transcript(dictation, speech["en"])

    assert place.notes_list.note_ids() == [note.id]
    assert place.notes_list.current_note_id() == note.id
    assert place.notes_list.titles() == [default_title(dictation.text)]
    editor = place.editor
    assert editor.note_id() == note.id
    assert editor.text() == dictation.text
    assert editor.title_edit.text() == ""  # the opening words stand for the title
    assert editor.title_edit.placeholderText() == default_title(dictation.text)
    assert editor.details.text().startswith("Margaret Green · ")
    assert editor.details.text().endswith(" · Dictation")
    assert editor.segments_box.isVisibleTo(place)
    assert editor.model.rowCount() == len(dictation.segments)
    for row, segment in enumerate(dictation.segments):
        assert editor.model.index(row, TEXT).data() == segment.text.strip()

    stored = saved_note(note.id)
    assert (stored.source, stored.audio_path) == ("dictation", str(speech["en"]))
    assert stored.resident_name == "Margaret Green"
    assert stored.segments == tuple(dictation.segments)
    assert stored.model == "tiny.en"


def test_typing_is_saved_a_second_later_in_one_write(place, qtbot):
    add_resident(place, "Margaret Green")
    note = place.new_note_from_transcript(make_transcript(["Slept well."]), None)
    editor = place.editor
    assert editor.save_state() == SAVED
    saves = []
    place.note_saved.connect(saves.append)

    with qtbot.waitSignal(place.note_saved, timeout=AUTOSAVE_MS + 2000):
        type_at_end(qtbot, editor, " Blood pressure 120/80.")
        assert editor.save_state() == PENDING
        assert editor.state_label.text() == "Saving…"
        assert saved_note(note.id).text == "Slept well."  # not yet: typing is batched

    assert saves == [note.id]  # one write for the whole sentence
    assert editor.save_state() == SAVED and editor.state_label.text() == "Saved"
    assert saved_note(note.id).text == "Slept well. Blood pressure 120/80."


def test_saving_keeps_up_with_typing_that_does_not_stop(place, qtbot):
    # The guarantee behind "a crash loses at most the last second": a caregiver who
    # types on without a pause still has the note saved every second.
    add_resident(place, "Margaret Green")
    note = place.new_note_from_transcript(make_transcript(["Walked."]), None)
    typer = QTimer(place, interval=100)
    typer.timeout.connect(lambda: type_at_end(qtbot, place.editor, "a"))
    typer.start()
    try:
        with qtbot.waitSignal(place.note_saved, timeout=AUTOSAVE_MS + 2000):
            pass
        assert typer.isActive()  # saved while the typing goes on
        assert re.fullmatch(r"Walked\.a+", saved_note(note.id).text)
    finally:
        typer.stop()


def test_title_and_tags_are_saved_and_listed(place, qtbot):
    add_resident(place, "Margaret Green")
    note = place.new_note_from_transcript(make_transcript(["Slept well."]), None)
    editor = place.editor
    with qtbot.waitSignal(place.note_saved, timeout=AUTOSAVE_MS + 2000):
        editor.title_edit.selectAll()
        qtbot.keyClicks(editor.title_edit, "Night round")
        qtbot.keyClicks(editor.tags_edit, "sleep, BP,")
    stored = saved_note(note.id)
    assert stored.title == "Night round" and stored.tags == ("BP", "sleep")
    assert place.notes_list.titles() == ["Night round"]


def test_a_typed_note_and_a_note_for_no_selected_resident(place, qtbot):
    add_resident(place, "Margaret Green")
    bob = add_resident(place, "Bob Smith")
    with qtbot.waitSignal(place.note_created):
        place.new_button.click()
    typed = saved_note(place.editor.note_id())
    assert (typed.source, typed.resident_id, typed.text) == ("typed", bob, "")
    with qtbot.waitSignal(place.note_saved, timeout=AUTOSAVE_MS + 2000):
        type_at_end(qtbot, place.editor, "Bob asked for his glasses.")
    assert saved_note(typed.id).text == "Bob asked for his glasses."

    # With "All residents" selected the user is asked which resident; cancelling saves nothing.
    place.residents.select(None)
    place.ask_resident = lambda preselected=None: None
    with qtbot.assertNotEmitted(place.note_created):
        assert place.new_note_from_transcript(make_transcript(["Lunch."]), None) is None
    assert "No note was made" in place.status_line.text()
    place.ask_resident = lambda preselected=None: bob
    note = place.new_note_from_transcript(make_transcript(["Lunch."]), None, source="file")
    assert (note.resident_id, note.source) == (bob, "file")
    assert place.residents.selected_id() == bob
    assert place.notes_list.note_ids() == [note.id, typed.id]


def test_a_new_note_is_shown_even_when_the_search_would_hide_it(place, qtbot):
    add_resident(place, "Margaret Green")
    with qtbot.waitSignal(place.search_finished) as searched:
        place.search("zzz")
    assert searched.args == [0]
    note = place.new_note_from_transcript(make_transcript(["Had tea."]), None)
    assert place.filter.query() == ""
    assert place.notes_list.note_ids() == [note.id]
    assert place.notes_list.current_note_id() == note.id


# --- autosave flushes --------------------------------------------------------------------


def test_opening_another_note_saves_the_edit_at_once(place, qtbot):
    add_resident(place, "Margaret Green")
    first = place.new_note_from_transcript(make_transcript(["First note."]), None)
    second = place.new_note_from_transcript(make_transcript(["Second note."]), None)
    click_note(qtbot, place, first.id)
    assert place.editor.note_id() == first.id
    type_at_end(qtbot, place.editor, " Edited.")
    with qtbot.waitSignal(place.note_saved) as saved:
        click_note(qtbot, place, second.id)  # saved during the click, not a second later
    assert saved.args == [first.id]
    assert saved_note(first.id).text == "First note. Edited."
    assert place.editor.note_id() == second.id and place.editor.text() == "Second note."
    assert place.editor.save_state() == SAVED


def test_closing_the_window_saves_the_edit_and_closes_the_store(window, place, qtbot):
    add_resident(place, "Margaret Green")
    note = place.new_note_from_transcript(make_transcript(["Before."]), None)
    place.editor.text_edit.moveCursor(QTextCursor.MoveOperation.End)
    commit_text(place.editor.text_edit, "她很好。")
    assert place.editor.save_state() == PENDING
    with qtbot.waitSignal(place.note_saved):
        window.close()
    assert not place.is_open()
    assert saved_note(note.id).text.endswith("她很好。")


# --- search ------------------------------------------------------------------------------


def test_search_as_you_type_finds_english_and_chinese(place, qtbot, dictation):
    add_resident(place, "Margaret Green")
    english = place.new_note_from_transcript(dictation, None)
    add_resident(place, "王小明")
    chinese = place.new_note_from_transcript(make_transcript(CHINESE, "zh"), None)
    assert chinese.text == "".join(CHINESE)
    place.residents.select(None)
    field = place.filter.search_edit
    counts = []
    place.search_finished.connect(counts.append)

    with qtbot.waitSignal(place.search_finished, timeout=SEARCH_DELAY_MS + 2000):
        qtbot.keyClicks(field, "medication")
        assert place.filter.pending()
    assert counts == [1]  # one search for the whole word, once the typing settled
    assert place.notes_list.note_ids() == [english.id]
    assert "Margaret Green" in place.notes_list.item(0).text()

    for query in ("兩個字", "血壓"):  # the trigram index, and the 2-character fallback
        field.clear()
        with qtbot.waitSignal(place.search_finished, timeout=SEARCH_DELAY_MS + 2000) as found:
            commit_text(field, query)
        assert found.args == [1], query
        assert place.notes_list.note_ids() == [chinese.id]
        assert query in place.notes_list.item(0).text()
        assert "王小明" in place.notes_list.item(0).text()

    # The same search for one resident: the resident changes, the list follows at once.
    margaret = place.residents.resident_ids()[0]
    with qtbot.waitSignal(place.search_finished) as found:
        place.residents.select(margaret)
    assert found.args == [0] and place.notes_list.note_ids() == []
    # Opening a found note: a click on it.
    place.residents.select(None)
    click_note(qtbot, place, chinese.id)
    assert place.editor.text() == "".join(CHINESE)


def test_notes_are_filtered_by_resident_and_dates(place, qtbot):
    margaret = add_resident(place, "Margaret Green")
    bob = add_resident(place, "Bob Smith")
    store = place.store()

    def note(resident, day, text):
        created = datetime(2025, 3, day, 9, 30).timestamp()
        return store.create_note(text=text, resident=resident, created_s=created).id

    m1, m10, m20 = (note(margaret, d, f"Margaret on March {d}.") for d in (1, 10, 20))
    b10 = note(bob, 10, "Bob on March 10.")
    place.residents.select(None)
    assert place.notes_list.note_ids() == [m20, b10, m10, m1]  # newest first
    place.residents.select(margaret)
    assert place.notes_list.note_ids() == [m20, m10, m1]

    # The dates as a user sets them: tick "From", pick a day.
    with qtbot.waitSignal(place.search_finished):
        place.filter.from_edit.setDate(date(2025, 3, 5))
        place.filter.from_check.setChecked(True)
    assert place.notes_list.note_ids() == [m20, m10]
    with qtbot.waitSignal(place.search_finished):
        place.filter.set_range(date(2025, 3, 5), date(2025, 3, 10))  # "to" takes the whole day
    assert place.notes_list.note_ids() == [m10]
    place.residents.select(None)
    assert place.notes_list.note_ids() == [b10, m10]
    with qtbot.waitSignal(place.search_finished, timeout=SEARCH_DELAY_MS + 2000):
        place.search("Bob")
    assert place.notes_list.note_ids() == [b10]
    place.filter.set_range(None, None)
    place.search("")
    qtbot.waitUntil(lambda: place.notes_list.note_ids() == [m20, b10, m10, m1])


# --- export, print, copy -----------------------------------------------------------------


def test_one_note_is_exported_in_every_format(place, qtbot, dictation, speech, tmp_path):
    add_resident(place, "Margaret Green")
    place.new_note_from_transcript(dictation, speech["en"])
    type_at_end(qtbot, place.editor, " Edited just now.")  # exported without waiting
    text = dictation.text + " Edited just now."

    paths = {
        fmt: place.output.export_to(tmp_path / "note", fmt) for fmt in notes_output.NOTE_FORMATS
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"note.{fmt}" for fmt in notes_output.NOTE_FORMATS
    )
    if sys.platform != "win32":  # care notes are health data: the user's eyes only
        for path in paths.values():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert text in paths["txt"].read_text(encoding="utf-8")
    assert "Resident: Margaret Green" in paths["txt"].read_text(encoding="utf-8")
    with zipfile.ZipFile(paths["docx"]) as package:
        assert text in package.read("word/document.xml").decode("utf-8")
    pdf = subprocess.run(
        ["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert flat(text) in flat(pdf) and "MargaretGreen" in flat(pdf)
    # The timed exports carry the edit too, in the last sentence (tests/ui/notes/
    # test_corrections.py has the whole rule).
    shown = [s.text.strip() for s in dictation.segments]
    shown[-1] += " Edited just now."
    [exported] = read_json(paths["json"].read_text(encoding="utf-8"))
    assert exported.text == text and [s.text.strip() for s in exported.segments] == shown
    # (Cues hold at most two lines: compared with their line breaks as spaces.)
    srt = parse_srt(paths["srt"].read_text(encoding="utf-8"))
    vtt = parse_vtt(paths["vtt"].read_text(encoding="utf-8"))
    assert [" ".join(c[2].split()) for c in srt] == shown
    assert [" ".join(c[2].split()) for c in vtt] == shown

    # Through the menu: the path comes from the (replaced) save dialog.
    place.output.ask_export_path = lambda fmt, notes: tmp_path / "from menu"
    action = next(a for a in place.output.note_export_menu.actions() if a.data() == "json")
    with qtbot.waitSignal(place.output.exported) as written:
        action.trigger()
    assert written.args == [str(tmp_path / "from menu.json")]
    assert place.status_line.text() == f"Saved {tmp_path / 'from menu.json'}"


def test_a_residents_notes_in_a_date_range_are_exported_together(place, qtbot, tmp_path):
    margaret = add_resident(place, "Margaret Green")
    bob = add_resident(place, "Bob Smith")
    store = place.store()
    today = date.today()
    yesterday = datetime.combine(today - timedelta(days=1), datetime.min.time()).timestamp()
    last_month = yesterday - 40 * 86400
    chinese = store.note_from_transcript(
        make_transcript(CHINESE, "zh"), margaret, created_s=yesterday + 3600
    )
    english = store.create_note(text="Walked in the garden.", resident=margaret)
    store.create_note(text="Too old for the range.", resident=margaret, created_s=last_month)
    store.create_note(text="Bob's note.", resident=bob)
    place.residents.select(margaret)
    place.filter.set_range(today - timedelta(days=1), today)
    assert place.notes_list.note_ids() == [english.id, chinese.id]

    for fmt in ("txt", "docx", "pdf", "json"):
        path = place.output.export_to(tmp_path / "range", fmt, RANGE)
        if fmt == "txt":
            content = path.read_text(encoding="utf-8")
        elif fmt == "docx":
            with zipfile.ZipFile(path) as package:
                content = package.read("word/document.xml").decode("utf-8")
        elif fmt == "pdf":
            content = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
        else:
            notes = read_json(path.read_text(encoding="utf-8"))
            assert [n.id for n in notes] == [chinese.id, english.id]  # oldest first
            continue
        body = flat(content)
        assert flat("".join(CHINESE)) in body and flat("Walked in the garden.") in body, fmt
        assert body.index("血壓") < body.index("Walked"), fmt
        assert "Tooold" not in body and "Bob" not in body, fmt

    # SRT holds one recording: for several notes it is refused, in words.
    with qtbot.assertNotEmitted(place.output.exported):
        assert place.output.export_to(tmp_path / "range", "srt", RANGE) is None
    assert place.status_line.text().startswith("Could not save range.srt: SRT holds one")


def test_print_and_copy(place, qtbot, monkeypatch):
    add_resident(place, "Margaret Green")
    note = place.new_note_from_transcript(make_transcript(["Slept well.", "Ate well."]), None)
    printed = []
    # A machine with a printer (tests/ui/notes/test_corrections.py prints without one).
    monkeypatch.setattr(notes_output.pdf_export, "printers_available", lambda: True)
    monkeypatch.setattr(
        notes_output.pdf_export,
        "print_with_dialog",
        lambda notes, parent, say: printed.append([n.id for n in notes]) or True,
    )
    place.output.print_button.click()
    assert place.output.print_notes(RANGE)
    assert printed == [[note.id], [note.id]]

    QApplication.clipboard().clear()
    place.output.copy_button.click()
    assert QApplication.clipboard().text() == "Slept well. Ate well."
    assert place.output.print_notes(NOTE) and printed[-1] == [note.id]


# --- listening ---------------------------------------------------------------------------


def test_clicking_a_sentence_plays_that_stretch_of_the_recording(place, qtbot, dictation, speech):
    add_resident(place, "Margaret Green")
    place.new_note_from_transcript(dictation, speech["en"])
    fake = RecordingPlayer()
    player = SegmentPlayer(speech["en"], play=fake)
    asked_for = []
    place.editor.player_factory = lambda path: asked_for.append(path) or player
    place.editor.resize(800, 600)
    table = place.editor.table

    for row, column in ((1, TEXT), (0, TIME)):  # a click anywhere on the sentence
        rect = table.visualRect(place.editor.model.index(row, column))
        signals = [place.editor.segment_activated, player.started, player.finished]
        with qtbot.waitSignals(signals, order="strict"):
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        segment = dictation.segments[row]
        clip = fake.clips[-1]
        assert (clip.start_sample, clip.end_sample) == (
            round(segment.start_s * 16000),
            round(segment.end_s * 16000),
        )
    assert asked_for == [speech["en"]]  # one player for the note, made on the first click

    # A note whose recording was not kept says so instead of playing.
    place.new_note_from_transcript(dictation, None)
    with qtbot.waitSignal(place.editor.playback_failed):
        place.editor.play_segment(0)
    assert place.editor.message.text() == "This note has no recording to play."
    assert len(fake.clips) == 2

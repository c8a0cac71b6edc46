"""Issue #13.1: a correction made in a note reaches everything made from it.

A dictated note is corrected in its body by typing, as a nurse would fix a misheard
medication name; then every export (chosen in the Export menu and saved through the file
dialog), the print, the title, the sentence list and search must carry the corrected
word and none the misheard one, and the subtitles keep the recording's timings.
"""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
import zipfile

import pytest
from PySide6.QtCore import Qt

from carevoice.export import parse_srt, parse_vtt
from carevoice.notes.exports import NOTE_FORMATS, read_json
from carevoice.notes.store import NoteStore, default_title
from carevoice.ui.transcript.model import TEXT
from tests.notes.transcripts import make_transcript
from tests.ui.dialogs import OPENS_A_DIALOG, answer_file_dialog

pytestmark = [pytest.mark.qt_log_ignore(*OPENS_A_DIALOG)]

SAID = ["Gave Metformin 500 mg at breakfast.", "Blood pressure normal.", "Slept well after."]


@pytest.fixture
def place(window):
    notes = window.places["notes"]
    window.show_place("notes")
    return notes


def add_resident(place, name: str) -> int:
    place.residents.ask_name = lambda title, current: name
    place.residents.add_button.click()
    return place.residents.selected_id()


def replace_word(qtbot, editor, old: str, new: str) -> None:
    """Select `old` in the note's text, as Find would, and type `new` over it."""
    assert editor.text_edit.find(old)
    qtbot.keyClicks(editor.text_edit, new)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def exported_text(path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as package:
            return package.read("word/document.xml").decode("utf-8")
    if path.suffix == ".pdf":
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return path.read_text(encoding="utf-8")


def test_a_corrected_medication_reaches_every_export_the_print_title_list_and_search(
    place, qtbot, tmp_path
):
    add_resident(place, "Margaret Green")
    dictated = make_transcript(SAID)
    note = place.new_note_from_transcript(dictated, tmp_path / "visit.wav")
    editor = place.editor
    with qtbot.waitSignal(editor.saved, timeout=5000):
        replace_word(qtbot, editor, "Metformin", "Metoprolol")
        qtbot.keyClick(editor.text_edit, Qt.Key.Key_End)
        qtbot.keyClicks(editor.text_edit, " Pulse 72.")

    # The title and the sentence list follow the text.
    assert place.notes_list.titles() == [default_title(editor.text())]
    assert place.notes_list.titles()[0].startswith("Gave Metoprolol 500 mg at breakfast.")
    assert editor.title_edit.placeholderText().startswith("Gave Metoprolol 500 mg")
    shown = [editor.model.index(row, TEXT).data() for row in range(editor.model.rowCount())]
    assert shown == [
        "Gave Metoprolol 500 mg at breakfast.",
        "Blood pressure normal.",
        "Slept well after. Pulse 72.",  # added words join the sentence before them
    ]

    # Every export, through the Export menu and the save dialog.
    actions = {a.data(): a for a in place.output.note_export_menu.actions()}
    paths = {}
    for fmt in NOTE_FORMATS:
        answered = answer_file_dialog(qtbot, "exportNotesFile", tmp_path / f"care.{fmt}")
        with qtbot.waitSignal(place.output.exported) as written:
            actions[fmt].trigger()
        assert answered, fmt
        paths[fmt] = tmp_path / f"care.{fmt}"
        assert written.args == [str(paths[fmt])]
    for fmt, path in paths.items():
        content = exported_text(path)
        assert "Metoprolol" in content, fmt
        assert "Metformin" not in content, fmt
        if sys.platform != "win32":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, fmt
    assert "Gave Metoprolol 500 mg" in exported_text(paths["docx"])  # the heading too
    assert flat("Gave Metoprolol 500 mg at breakfast.") in flat(exported_text(paths["pdf"]))

    # The subtitles: corrected words, the recording's own timings.
    for cues in (
        parse_srt(paths["srt"].read_text(encoding="utf-8")),
        parse_vtt(paths["vtt"].read_text(encoding="utf-8")),
    ):
        assert [text for _start, _end, text in cues] == shown
        assert [(start, end) for start, end, _text in cues] == [
            (s.start_s, s.end_s) for s in dictated.segments
        ]
    [from_json] = read_json(paths["json"].read_text(encoding="utf-8"))
    assert from_json.text == editor.text()
    assert [s.text.strip() for s in from_json.segments] == shown
    assert "Metformin" not in json.dumps(json.loads(paths["json"].read_text(encoding="utf-8")))

    # The print: no printer here, so it asks where to write the PDF, and writes it private.
    answered = answer_file_dialog(qtbot, "printToFile", tmp_path / "printed")
    qtbot.mouseClick(place.output.print_button, Qt.MouseButton.LeftButton)
    assert answered
    printed = tmp_path / "printed.pdf"
    assert "Metoprolol" in exported_text(printed) and "Metformin" not in exported_text(printed)
    if sys.platform != "win32":
        assert stat.S_IMODE(printed.stat().st_mode) == 0o600

    # Search finds the note by the corrected word, no longer by the misheard one.
    with qtbot.waitSignal(place.search_finished, timeout=5000) as found:
        place.search("Metoprolol")
    assert found.args == [1] and place.notes_list.note_ids() == [note.id]
    with qtbot.waitSignal(place.search_finished, timeout=5000) as found:
        place.search("Metformin")
    assert found.args == [0]

    # The next start of the app reads the same truth.
    with NoteStore() as store:
        again = store.get_note(note.id)
    assert again.display_title.startswith("Gave Metoprolol")
    assert again.segments == tuple(dictated.segments)  # the recording as it was heard


def test_a_title_saved_by_an_earlier_version_follows_the_corrected_text(place, qtbot):
    add_resident(place, "Margaret Green")
    store = place.store()
    # Earlier versions saved the opening words as the title; a typed title is the user's.
    old = store.note_from_transcript(make_transcript(SAID))
    store.update_note(old.id, title=default_title(old.text))
    typed = store.note_from_transcript(make_transcript(SAID), title="Morning medicines")
    place.refresh()
    corrected = default_title(old.text.replace("Metformin", "Metoprolol"))
    for note, title in ((old, corrected), (typed, "Morning medicines")):
        place.open_note(note.id)
        with qtbot.waitSignal(place.editor.saved, timeout=5000):
            replace_word(qtbot, place.editor, "Metformin", "Metoprolol")
        assert place.editor.note().display_title == title
        assert place.editor.title_edit.text() == ("" if note is old else title)
